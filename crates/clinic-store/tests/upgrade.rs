//! Upgrading from sync protocol 1 (docs/sync.md, "Upgrading from protocol 1"): a database written
//! by the protocol 1 store (`fixtures/v1-site.db`, made as `fixtures/README.md` says) opens, and
//! migration V8 turns its change log into each field's version, an outbox of exactly the changes
//! the server had not had, every user's status writes, and drops the log.

mod common;

use clinic_core::sync::{Replica, TABLES};
use clinic_core::UserStatus;
use clinic_store::{DatabaseKey, Store};
use common::*;

/// What the fixture's maker recorded about it.
struct Fixture {
    pushed_through: i64,
    last_seq: i64,
    unsent_row_writes: u64,
    remote_patient: String,
    nurse: String,
    desk: String,
}

/// The id of the clinic's admin, `ada`.
fn admin_id(store: &Store) -> String {
    store.connection().query_row("SELECT id FROM app_user WHERE username = 'ada'", [], |r| r.get(0)).expect("the admin")
}

/// A copy of the fixture in `dir`, opened (and so migrated) with its key.
fn open_fixture(dir: &std::path::Path) -> (Store, Fixture) {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("v1-site.db"), db_path(dir)).expect("copy the fixture");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("v1-site.json")).expect("summary")).expect("json");
    let number = |name: &str| summary[name].as_i64().expect("a number");
    let text = |name: &str| summary[name].as_str().expect("text").to_string();
    let fixture = Fixture {
        pushed_through: number("pushed_through"),
        last_seq: number("last_seq"),
        unsent_row_writes: number("unsent_row_writes").unsigned_abs(),
        remote_patient: text("remote_patient"),
        nurse: text("nurse"),
        desk: text("desk"),
    };
    let store = Store::open(&db_path(dir), &DatabaseKey::from_bytes([7u8; 32]), &setup()).expect("the v1 database opens");
    (store, fixture)
}

#[test]
fn a_v1_database_keeps_exactly_its_unsent_changes_and_every_fields_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, fixture) = open_fixture(dir.path());
    assert_eq!(store.migrations_applied(), 4, "only V8 to V11 were new to it");
    let log: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'change_log'", [], |r| r.get(0))
        .expect("schema");
    assert_eq!(log, 0, "the change log is gone");

    // The changes made after the last push wait, one per row write, at their old places.
    let pending = store.pending_changes(10_000).expect("pending");
    assert_eq!(pending.len() as u64, fixture.unsent_row_writes);
    assert!(pending.iter().all(|p| p.local_seq > fixture.pushed_through && p.local_seq <= fixture.last_seq));
    let edit = pending
        .iter()
        .find(|p| p.change.entity == "patient" && !p.change.fields.contains_key("mrn"))
        .expect("the edit of a patient sent before");
    assert_eq!(edit.change.value("phone"), Some(Some("+1 555 0199")), "the edit carries the new phone");
    let new_patients = pending.iter().filter(|p| p.change.entity == "patient" && p.change.fields.contains_key("mrn")).count();
    assert_eq!(new_patients, 3, "the three patients registered after the last push");
    // Version 1 did not record who made a change: each gets the user of the audit event written
    // at its clock (the front desk registered and edited; the admin disabled the nurse).
    for p in &pending {
        let expected = match p.change.entity.as_str() {
            "app_user" => admin_id(&store),
            "audit_event" => p.change.value("user_id").flatten().expect("the event's user").to_string(),
            _ => fixture.desk.clone(),
        };
        assert_eq!(p.change.actor.as_deref(), Some(expected.as_str()), "{} {:?}", p.change.entity, p.change.fields.keys());
    }

    // Every row has its fields' versions; the pulled patient's name another site.
    for rule in TABLES {
        let missing: i64 = store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {} WHERE sync_versions IS NULL", rule.name), [], |r| r.get(0))
            .expect("count");
        assert_eq!(missing, 0, "{} rows without versions", rule.name);
    }
    let versions: String = store
        .connection()
        .query_row("SELECT sync_versions FROM patient WHERE id = ?1", [&fixture.remote_patient], |r| r.get(0))
        .expect("the pulled patient");
    assert!(!versions.contains(&store.site().site_id), "its versions are the other site's: {versions}");

    // The nurse's four status writes (made, disabled, re-enabled, disabled again) are kept.
    let writes: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM sync_status_write WHERE user_id = ?1", [&fixture.nurse], |r| r.get(0))
        .expect("count");
    assert_eq!(writes, 4);
    let nurse = store.get_user(&fixture.nurse.parse().expect("an id")).expect("the nurse");
    assert_eq!(nurse.status, UserStatus::Disabled);

    // A change made now numbers on from the last place version 1 used.
    let user = store.log_in("ada", PASSWORD, chrono::Utc::now()).expect("log in");
    let admin = clinic_core::Actor { user_id: user.id, username: user.username, role: user.role };
    store.create_patient(&admin, &patient("Made", "Later"), today()).expect("patient");
    let newest = store.pending_changes(10_000).expect("pending").last().expect("last").local_seq;
    assert!(newest > fixture.last_seq, "{newest} after {}", fixture.last_seq);
}
