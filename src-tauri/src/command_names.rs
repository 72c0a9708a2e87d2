/// Every command the app exposes. build.rs makes an `allow-…` permission of each, the
/// capability grants them, and `tests/contract.rs` checks the UI calls exactly these.
pub const COMMAND_NAMES: &[&str] =
    &["app_status", "search_patients", "list_patients", "get_patient", "create_patient", "update_patient", "archive_patient"];
