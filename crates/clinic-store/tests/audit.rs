//! The audit trail: written with every read and write of patient data, append-only, and
//! hash-chained so that a changed or removed event is found and named.

mod common;

use clinic_core::{AuditAction, AuditQuery, AuditRecord, ChainedFields};
use clinic_store::audit::{chained_fields_from_row, CHAINED_COLUMNS};
use clinic_store::Store;
use common::*;

/// A clinic with some history: setup, patients registered, read, edited, archived.
fn clinic_with_history(store: &mut Store) -> clinic_core::ids::PatientId {
    let admin = set_up(store);
    let desk = actor();
    let a = store.create_patient(&desk, &patient("Ada", "Okafor"), today()).expect("create");
    let b = store.create_patient(&desk, &patient("Bea", "Mensah"), today()).expect("create");
    store.read_patient(&admin, &a.id).expect("read");
    let edit = clinic_core::PatientInput { city: "Accra".into(), ..patient("Ada", "Okafor") };
    store.update_patient(&desk, &a.id, &edit, today()).expect("update");
    store.archive_patient(&desk, &b.id).expect("archive");
    a.id
}

fn event_id(store: &Store, seq: i64) -> String {
    store.connection().query_row("SELECT id FROM audit_event WHERE seq = ?1", [seq], |r| r.get(0)).expect("event")
}

/// Someone with the database key bypasses the app: drops the guard and edits the table.
fn tamper(store: &Store, sql: &str, seq: i64) {
    store
        .connection()
        .execute_batch("DROP TRIGGER audit_event_is_append_only_update; DROP TRIGGER audit_event_is_append_only_delete;")
        .expect("drop triggers");
    store.connection().execute(sql, [seq]).expect("tamper");
}

#[test]
fn every_patient_read_and_write_is_audited_without_the_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let patient_id = clinic_with_history(&mut store);
    let events = store.all_audit_events(&AuditQuery { patient_id: Some(patient_id), ..Default::default() }).expect("events");
    let actions: Vec<AuditAction> = events.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::PatientCreated, AuditAction::PatientViewed, AuditAction::PatientUpdated]);
    let update = &events[2];
    assert_eq!(update.detail.as_deref(), Some("city"), "the field's name, not its value");
    assert_eq!(update.username.as_deref(), Some("desk.test"));
    assert_eq!(update.patient_name.as_deref(), Some("Ada Okafor"), "the viewer shows who it was about");
    // No stored column of any event holds the patient's details.
    let dump: String = store
        .connection()
        .query_row("SELECT group_concat(coalesce(detail, '') || coalesce(entity_id, ''), '|') FROM audit_event", [], |r| r.get(0))
        .expect("dump");
    for secret in ["Okafor", "Accra", "1984-03-27", "example.com", "0100"] {
        assert!(!dump.contains(secret), "{secret} leaked into the audit trail");
    }
}

#[test]
fn an_untouched_trail_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    let result = store.verify_audit_trail().expect("verify");
    assert_eq!(result.broken, None);
    assert_eq!(result.sites_checked, 1);
    let total: i64 = store.connection().query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0)).expect("count");
    assert_eq!(result.events_checked, total as u64);
    assert!(total >= 7);
}

#[test]
fn the_app_cannot_change_or_delete_an_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    let update = store.connection().execute("UPDATE audit_event SET username = 'someone' WHERE seq = 3", []);
    assert!(update.expect_err("append-only").to_string().contains("append-only"));
    let delete = store.connection().execute("DELETE FROM audit_event WHERE seq = 3", []);
    assert!(delete.expect_err("append-only").to_string().contains("append-only"));
    assert_eq!(store.verify_audit_trail().expect("verify").broken, None);
}

#[test]
fn a_changed_event_is_reported_at_its_exact_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    let target = event_id(&store, 4);
    tamper(&store, "UPDATE audit_event SET username = 'someone.else' WHERE seq = ?1", 4);
    let broken = store.verify_audit_trail().expect("verify").broken.expect("tampering found");
    assert_eq!(broken.seq, 4);
    assert_eq!(broken.event_id.as_deref(), Some(target.as_str()));
    assert_eq!(broken.site_id, store.site().site_id);
    assert!(broken.problem.contains("event 4 was changed"), "{}", broken.problem);
}

#[test]
fn a_changed_event_with_a_recomputed_hash_breaks_the_next_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    // A careful tamperer rewrites event 3 and gives it a hash that matches its new contents.
    let (mut fields, prev): (ChainedFields, String) = store
        .connection()
        .query_row(&format!("SELECT {CHAINED_COLUMNS}, prev_hash FROM audit_event WHERE seq = 3"), [], |r| {
            Ok((chained_fields_from_row(r)?, r.get(12)?))
        })
        .expect("event 3");
    fields.username = Some("someone.else".into());
    let forged = fields.chain_hash(&prev);
    tamper(&store, &format!("UPDATE audit_event SET username = 'someone.else', hash = '{forged}' WHERE seq = ?1"), 3);
    let broken = store.verify_audit_trail().expect("verify").broken.expect("tampering found");
    assert_eq!(broken.seq, 4, "{broken:?}");
    assert!(broken.problem.contains("no longer follows event 3"), "{}", broken.problem);
}

#[test]
fn a_removed_event_and_a_removed_tail_are_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    tamper(&store, "DELETE FROM audit_event WHERE seq = ?1", 5);
    let broken = store.verify_audit_trail().expect("verify").broken.expect("gap found");
    assert_eq!(broken.seq, 6, "{broken:?}");
    assert!(broken.problem.contains("event 5 is missing"), "{}", broken.problem);

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    clinic_with_history(&mut store);
    let last: i64 = store.connection().query_row("SELECT max(seq) FROM audit_event", [], |r| r.get(0)).expect("max");
    tamper(&store, "DELETE FROM audit_event WHERE seq = ?1", last);
    let broken = store.verify_audit_trail().expect("verify").broken.expect("tail found");
    assert_eq!(broken.seq, last);
    assert!(broken.problem.contains("missing"), "{}", broken.problem);
}

#[test]
fn the_viewer_filters_by_user_patient_action_and_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let patient_id = clinic_with_history(&mut store);
    let desk = actor();
    let by_user =
        store.list_audit_events(&AuditQuery { user_id: Some(desk.user_id), ..Default::default() }, 1, 50).expect("user");
    assert_eq!(by_user.total, 4, "{:?}", by_user.events);
    let views = AuditQuery { action: Some(AuditAction::PatientViewed), patient_id: Some(patient_id), ..Default::default() };
    assert_eq!(store.list_audit_events(&views, 1, 50).expect("views").total, 1);
    let future = AuditQuery { from: Some(chrono::Utc::now() + chrono::Duration::days(1)), ..Default::default() };
    assert_eq!(store.list_audit_events(&future, 1, 50).expect("future").total, 0);
    let page = store.list_audit_events(&AuditQuery::default(), 2, 3).expect("page");
    assert_eq!(page.events.len(), 3);
    let newest_first = store.list_audit_events(&AuditQuery::default(), 1, 100).expect("all");
    assert!(newest_first
        .events
        .windows(2)
        .all(|w| (w[0].occurred_at.as_str(), w[0].seq) >= (w[1].occurred_at.as_str(), w[1].seq)));
    store.audit(&AuditRecord::new(Some(&desk), AuditAction::PatientsSearched)).expect("audit");
    assert_eq!(
        store.list_audit_events(&AuditQuery::default(), 1, 100).expect("all").events[0].action,
        AuditAction::PatientsSearched
    );
}
