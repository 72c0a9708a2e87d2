//! With no Secret Service to talk to (headless Linux), the app starts, says clearly that there is
//! no unlocked keychain, and writes no database: never a plaintext or keyless fallback.
//! Its own test binary, so the real platform store is initialised here with no bus to reach.

use clinic_desk_lib::startup::open_app_state;
use clinic_desk_lib::ErrorCode;

#[test]
fn without_a_keychain_the_app_says_so_and_writes_nothing() {
    // Edition 2021: setting the environment is safe here, before any thread reads it.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/clinic-desk-test-bus");
    std::env::remove_var("CLINIC_DESK_DEMO");
    let dir = tempfile::tempdir().expect("tempdir");
    let state = open_app_state(dir.path(), dir.path().to_path_buf());
    let err = state.status().expect_err("no keychain, no database");
    assert_eq!(err.code, ErrorCode::Keychain, "{err:?}");
    assert!(err.message.starts_with("No unlocked system keychain"), "{}", err.message);
    assert!(std::fs::read_dir(dir.path()).expect("dir").next().is_none(), "nothing was written");
}
