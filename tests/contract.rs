//! The command contract cannot drift: every command the app exposes is granted to the window
//! by the capability and called by the UI's API module, and nothing else is.

use std::collections::BTreeSet;

use clinic_desk_lib::COMMAND_NAMES;

fn root_file(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
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

#[test]
fn the_ui_calls_exactly_the_commands() {
    let api = root_file("ui/src/api.ts");
    // Every command goes through `call<Result>("command_name", args)`.
    let called: BTreeSet<&str> = api
        .match_indices("call<")
        .filter_map(|(i, _)| {
            let rest = &api[i..];
            let open = rest.find("(\"").filter(|&at| at < 40)?;
            let name = &rest[open + 2..];
            name.find('"').map(|end| &name[..end])
        })
        .collect();
    let expected: BTreeSet<&str> = COMMAND_NAMES.iter().copied().collect();
    assert_eq!(called, expected, "ui/src/api.ts must call each command by its exact name");
}
