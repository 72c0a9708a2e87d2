//! The command contract cannot drift: every declared command is granted to the window by the
//! capability and has its function in the generated TypeScript client, and no hand-written UI
//! code calls a command by name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clinic_desk_lib::COMMAND_NAMES;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn root_file(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).expect(path)
}

#[test]
fn the_capability_grants_exactly_the_commands() {
    let capability: serde_json::Value = serde_json::from_str(&root_file("capabilities/default.json")).expect("json");
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("string").to_string())
        .collect();
    let mut expected: BTreeSet<String> = COMMAND_NAMES.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    // The UI listens for the background sync's "sync-changed" event, and nothing else of Tauri's.
    expected.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
    assert_eq!(granted, expected, "capabilities/default.json must grant each command, the event listener, and nothing else");
}

/// The command names the generated client passes to `call`.
fn called_by(source: &str) -> BTreeSet<&str> {
    source
        .match_indices("call<")
        .filter_map(|(i, _)| {
            let rest = &source[i..];
            let open = rest.find("(\"").filter(|&at| at < 200)?;
            let name = &rest[open + 2..];
            name.find('"').map(|end| &name[..end])
        })
        .collect()
}

#[test]
fn the_generated_client_calls_exactly_the_commands() {
    let client = root_file("ui/src/bindings/commands.ts");
    let expected: BTreeSet<&str> = COMMAND_NAMES.iter().copied().collect();
    assert_eq!(called_by(&client), expected, "ui/src/bindings/commands.ts must have one function per command");
}

fn ui_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("ui/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            ui_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "ts" || e == "tsx") {
            out.push(path);
        }
    }
}

#[test]
fn no_hand_written_ui_code_names_a_command() {
    let src = root().join("ui/src");
    let mut files = Vec::new();
    ui_sources(&src, &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("inside ui/src").to_string_lossy().replace('\\', "/");
        // The client is generated; ipc.ts is where `call` lives; tests mock `invoke` by name.
        if relative == "bindings/commands.ts"
            || relative == "ipc.ts"
            || relative.contains("__tests__")
            || relative.starts_with("test/")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source");
        if text.contains("invoke(")
            || text.contains("invoke<")
            || !called_by(&text).is_empty()
            || (text.contains("/ipc\"") && relative != "api.ts")
        {
            offenders.push(relative);
        }
    }
    assert!(offenders.is_empty(), "these files call commands by name instead of through the generated client: {offenders:?}");
}
