// Every command the app exposes is listed in src/command_names.rs; tauri-build turns each into an
// `allow-…` permission, and capabilities/ grants the main window exactly those.
include!("src/command_names.rs");

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    tauri_build::try_build(attributes).expect("tauri-build failed: check tauri.conf.json, capabilities/ and icons/");
}
