//! The site's side of sync on a real SQLCipher file: pulled pages merge field by field, a row
//! that clashes with a local one stays out and is listed (sync goes on), a row split across
//! pages is made once all of it has arrived, a clock far ahead is not followed, pushes never
//! split a row's write, and a new server epoch starts everything over.

mod common;

use clinic_core::sync::{AppliedPage, FieldChange, PullPosition, RefusedChange, Replica};
use clinic_core::{Hlc, Role};
use clinic_store::sync::Enrolment;
use clinic_store::Store;
use common::*;

fn enrolled(store: &mut Store) {
    let enrolment = Enrolment {
        server_url: "https://clinic.example".into(),
        cert_fingerprint: None,
        org_id: "o".into(),
        org_name: "Org".into(),
    };
    store.save_enrolment(&enrolment, false).expect("enrol");
}

/// A row written at another site: one change per field, sharing that write's clock.
fn remote_row(entity: &str, id: &str, site: &str, ms: u64, fields: &[(&str, &str)]) -> Vec<FieldChange> {
    fields
        .iter()
        .map(|(field, value)| FieldChange {
            change_id: clinic_core::new_id().to_string(),
            entity: entity.into(),
            entity_id: id.into(),
            field: (*field).into(),
            value: Some((*value).into()),
            hlc: Hlc { wall_ms: ms, counter: 0 },
            site_id: site.into(),
        })
        .collect()
}

fn apply(store: &mut Store, changes: &[FieldChange], cursor: i64) -> AppliedPage {
    store.apply_pulled(changes, &PullPosition { epoch: "e1".into(), cursor }, cursor).expect("apply")
}

fn user_fields<'a>(username: &'a str, at: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("created_at", at),
        ("username", username),
        ("display_name", "Remote user"),
        ("role", "nurse"),
        ("status", "active"),
        ("password_hash", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
        ("must_change_password", "0"),
        ("password_changed_at", at),
    ]
}

#[test]
fn a_row_that_clashes_with_a_local_one_is_listed_and_sync_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    store.create_user(&admin, &new_user("kim", Role::Nurse)).expect("local kim");
    enrolled(&mut store);
    let other = clinic_core::new_id().to_string();
    let mut page =
        remote_row("app_user", &clinic_core::new_id().to_string(), &other, 10, &user_fields("kim", "2026-01-01T00:00:00Z"));
    let patient = clinic_core::new_id().to_string();
    page.extend(remote_row(
        "patient",
        &patient,
        &other,
        11,
        &[
            ("created_at", "2026-01-01T00:00:00Z"),
            ("mrn", "FAR-000001"),
            ("given_name", "Yaa"),
            ("family_name", "Remote"),
            ("date_of_birth", "1990-01-01"),
            ("sex", "female"),
        ],
    ));
    let applied = apply(&mut store, &page, 20);
    assert_eq!(applied.not_stored, 8, "the clashing account's changes are kept out");
    assert!(store.get_patient(&patient.parse().expect("an id")).is_ok(), "the rest of the page was applied");
    assert_eq!(store.search_patients("remote", 5).expect("search").len(), 1, "and indexed for search");
    let problems = store.sync_problems(10).expect("problems");
    assert_eq!(problems.len(), 8);
    assert!(problems[0].reason.contains("app_user.username"), "{}", problems[0].reason);
    assert_eq!(store.pull_position().expect("position").map(|p| p.cursor), Some(20));
}

#[test]
fn a_row_split_across_pages_is_made_when_all_of_it_has_arrived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    enrolled(&mut store);
    let id = clinic_core::new_id().to_string();
    let other = clinic_core::new_id().to_string();
    let row = remote_row(
        "patient",
        &id,
        &other,
        10,
        &[
            ("created_at", "2026-01-01T00:00:00Z"),
            ("mrn", "FAR-000002"),
            ("given_name", "Kwame"),
            ("family_name", "Split"),
            ("date_of_birth", "1990-01-01"),
            ("sex", "male"),
        ],
    );
    let first = apply(&mut store, &row[..3], 3);
    assert_eq!((first.recorded, first.not_stored), (3, 0));
    assert!(store.get_patient(&id.parse().expect("an id")).is_err(), "half a row is not a row yet");
    apply(&mut store, &row[3..], 6);
    let patient = store.get_patient(&id.parse().expect("an id")).expect("made from both pages");
    assert_eq!((patient.details.given_name.as_str(), patient.mrn.as_str()), ("Kwame", "FAR-000002"));
    assert_eq!(patient.site_id, other, "the row belongs to the site that made it");
    // The same page again changes nothing and is counted as already here.
    let again = apply(&mut store, &row, 6);
    assert_eq!((again.recorded, again.already_had), (0, row.len() as u64));
}

#[test]
fn a_clock_far_ahead_is_not_followed_but_its_change_keeps_its_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    // Set up, then enrolled, as a site is: a computer joining a clinic cannot be set up locally.
    let admin = set_up(&mut store);
    enrolled(&mut store);
    let far = 4_000_000_000_000; // the year 2096
    let id = clinic_core::new_id().to_string();
    let page = remote_row(
        "clinic_setting",
        &id,
        &clinic_core::new_id().to_string(),
        far,
        &[("created_at", "2026-01-01T00:00:00Z"), ("key", "note"), ("value", "from the future")],
    );
    apply(&mut store, &page, 3);
    store.create_patient(&admin, &patient("Local", "Write"), today()).expect("write");
    let newest_local: String =
        store.connection().query_row("SELECT max(hlc) FROM change_log WHERE origin = 'local'", [], |r| r.get(0)).expect("hlc");
    let local: Hlc = newest_local.parse().expect("hlc");
    assert!(local.wall_ms < far, "this site's clock stayed near real time");
    let stored: String =
        store.connection().query_row("SELECT hlc FROM clinic_setting WHERE id = ?1", [&id], |r| r.get(0)).expect("row");
    assert_eq!(stored.parse::<Hlc>().expect("hlc").wall_ms, far, "the change keeps its own version");
}

#[test]
fn pushes_never_split_a_rows_write_and_refusals_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    enrolled(&mut store);
    store.create_patient(&admin, &patient("Ada", "Okafor"), today()).expect("patient");
    let total = store.count_pending().expect("pending");
    let batch = store.pending_changes(3).expect("batch");
    assert!(batch.len() >= 3);
    let last = batch.last().expect("last").change.clone();
    let next = store.pending_changes(total as usize).expect("all");
    let following = &next[batch.len()];
    assert!(!following.change.same_row_write(&last), "the batch ended at the end of a row's write");
    let refused = RefusedChange { change_id: batch[0].change.change_id.clone(), reason: "test refusal".into() };
    store.acknowledge_push(batch.last().expect("last").local_seq, &[refused]).expect("ack");
    assert_eq!(store.count_pending().expect("pending"), total - batch.len() as u64);
    assert_eq!(store.sync_problems(5).expect("problems")[0].reason, "test refusal");
    // A new server epoch: everything is sent again and fetched from the start.
    apply(&mut store, &[], 40);
    store.start_over("e2").expect("start over");
    assert_eq!(store.count_pending().expect("pending"), total);
    assert_eq!(store.pull_position().expect("position"), Some(PullPosition { epoch: "e2".into(), cursor: 0 }));
}
