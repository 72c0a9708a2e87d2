// tauri-build makes an `allow-…` permission of every command, and the main window's capability
// grants exactly those (and the event listener). Both come from the one table of commands,
// read here with a macro that keeps only the names.
use std::path::Path;

macro_rules! declare_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($args:tt)* ) -> $answer:ty { $($how:tt)* } )*) => {
        const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}
include!("src/command_table.rs");

/// What the window may use of Tauri's own: hearing the background sync's "sync-changed" event.
const CORE_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/command_table.rs");
    write_capability(Path::new("capabilities/default.json"));
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    tauri_build::try_build(attributes).expect("tauri-build failed: check tauri.conf.json, capabilities/ and icons/");
}

/// Writes the capability when it differs, so it cannot drift from the table (it is committed,
/// and `make check-bindings` fails when a build changed it).
fn write_capability(path: &Path) {
    let mut permissions: Vec<String> = COMMAND_NAMES.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    permissions.extend(CORE_PERMISSIONS.iter().map(|p| p.to_string()));
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main-window",
        "description": "The main window may call Clinic Desk's own commands and hear the app's events (sync progress), and nothing else. Written by build.rs from src-tauri/src/command_table.rs.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let text = serde_json::to_string_pretty(&capability).expect("a JSON value always prints") + "\n";
    if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(path, text).expect("write capabilities/default.json");
    }
}
