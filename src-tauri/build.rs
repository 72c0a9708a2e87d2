// Every command the app exposes is listed here; tauri-build turns each into an `allow-…`
// permission, and capabilities/ grants the main window exactly those.
const COMMANDS: &[&str] =
    &["app_status", "search_patients", "list_patients", "get_patient", "create_patient", "update_patient", "archive_patient"];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed: check tauri.conf.json, capabilities/ and icons/");
}
