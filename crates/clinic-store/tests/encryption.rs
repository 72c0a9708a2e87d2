//! The file on disk is encrypted, opens only with its key, and is never replaced.

mod common;

use std::fs;

use clinic_store::{DatabaseKey, Keychain, Store, StoreError};
use common::*;

fn all_bytes_in(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        bytes.extend(fs::read(entry.expect("entry").path()).expect("read file"));
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn file_on_disk_holds_no_plaintext_and_opens_only_with_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, key) = new_store(dir.path());
    let created = store.create_patient(&actor(), &patient("Philomena", "Quartermaine"), today()).expect("create");
    drop(store);

    let file = fs::read(db_path(dir.path())).expect("read db");
    assert!(file.len() > 4096, "the database was written");
    assert!(!file.starts_with(b"SQLite format 3"), "an encrypted file has no SQLite header");
    let everything = all_bytes_in(dir.path());
    assert!(!contains(&everything, b"Quartermaine"), "the patient's name must not be readable on disk");
    assert!(!contains(&everything, b"Philomena"));
    assert!(!contains(&everything, b"SQLite format 3"));

    let store = Store::open(&db_path(dir.path()), &key, &setup()).expect("reopen with the key");
    assert_eq!(store.get_patient(&created.id).expect("patient").details.family_name, "Quartermaine");
    drop(store);

    let wrong = Store::open(&db_path(dir.path()), &DatabaseKey::generate(), &setup());
    assert!(matches!(wrong, Err(StoreError::WrongKeyOrNotDatabase { .. })), "wrong key: {:?}", wrong.err());
    assert_eq!(fs::read(db_path(dir.path())).expect("read"), file, "a failed open leaves the file as it was");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(dir.path());
    fs::write(&path, vec![0x42u8; 8192]).expect("write junk");
    let err = Store::open(&path, &DatabaseKey::generate(), &setup()).err().expect("must fail");
    assert!(matches!(err, StoreError::WrongKeyOrNotDatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("left untouched"));
    assert_eq!(fs::read(&path).expect("read"), vec![0x42u8; 8192]);
}

#[test]
fn a_plaintext_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(dir.path());
    let plain = rusqlite::Connection::open(&path).expect("plain db");
    plain.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").expect("plain table");
    drop(plain);
    let err = Store::open(&path, &DatabaseKey::generate(), &setup()).err().expect("must fail");
    assert!(matches!(err, StoreError::NotEncrypted { .. }), "{err:?}");
}

#[test]
fn creating_never_overwrites_and_opening_never_creates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(dir.path());
    let missing = Store::open(&path, &DatabaseKey::generate(), &setup());
    assert!(matches!(missing, Err(StoreError::Missing { .. })));
    assert!(!path.exists(), "opening must not create a file");
    fs::write(&path, b"something precious").expect("write");
    let again = Store::create(&path, &DatabaseKey::generate(), &setup());
    assert!(matches!(again, Err(StoreError::AlreadyExists { .. })));
    assert_eq!(fs::read(&path).expect("read"), b"something precious");
}

#[test]
fn first_run_keeps_a_new_key_in_the_keychain_and_reuses_it() {
    use_mock_keychain();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = db_path(dir.path()).with_file_name("first-run.db");
    let keychain = Keychain::new("clinic-desk-test", "first-run");
    assert!(keychain.load().expect("load").is_none());

    let mut store = Store::open_with_keychain(&path, &keychain, &setup()).expect("first run");
    store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    drop(store);
    assert!(keychain.load().expect("load").is_some(), "the key is kept in the keychain");

    let store = Store::open_with_keychain(&path, &keychain, &setup()).expect("second run");
    assert_eq!(store.count_active_patients().expect("count"), 1);
}

#[test]
fn a_database_whose_key_is_missing_is_never_replaced() {
    use_mock_keychain();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("orphan.db");
    let keychain = Keychain::new("clinic-desk-test", "orphan");
    let mut store = Store::open_with_keychain(&path, &keychain, &setup()).expect("first run");
    store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    drop(store);
    let before = fs::read(&path).expect("read");

    keychain.delete().expect("lose the key");
    let err = Store::open_with_keychain(&path, &keychain, &setup()).err().expect("must fail");
    assert!(matches!(err, StoreError::KeyMissing { .. }), "{err:?}");
    assert!(err.to_string().contains("key is missing from the system keychain"));
    assert_eq!(fs::read(&path).expect("read"), before, "the file is untouched");
    assert!(keychain.load().expect("load").is_none(), "no new key was made for the old file");
}
