//! The site's side of sync on a real SQLCipher file: pulled pages merge field by field, a row
//! that clashes with a local one stays out and is listed (sync goes on), a row whose update
//! arrives before its creation is made once the creation arrives, a clock far ahead is not
//! followed, acknowledged changes leave the outbox, and a new server epoch sends everything this
//! site made again, rebuilt from its rows.

mod common;

use clinic_core::sync::{AppliedPage, PullPosition, RefusedChange, Replica, RowChange};
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

/// A row's write at another site: one change.
fn remote_row(entity: &str, id: &str, site: &str, ms: u64, fields: &[(&str, &str)]) -> Vec<RowChange> {
    vec![RowChange {
        change_id: clinic_core::new_id().to_string(),
        entity: entity.into(),
        entity_id: id.into(),
        fields: fields.iter().map(|(f, v)| ((*f).to_string(), Some((*v).to_string()))).collect(),
        hlc: Hlc { wall_ms: ms, counter: 0 },
        site_id: site.into(),
        actor: None,
    }]
}

fn apply(store: &mut Store, changes: &[RowChange], cursor: i64) -> AppliedPage {
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
    assert_eq!(applied.not_stored, 1, "the clashing account is kept out");
    assert!(store.get_patient(&patient.parse().expect("an id")).is_ok(), "the rest of the page was applied");
    assert_eq!(store.search_patients("remote", 5).expect("search").len(), 1, "and indexed for search");
    let problems = store.sync_problems(10).expect("problems");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].reason.contains("app_user.username"), "{}", problems[0].reason);
    assert_eq!(store.pull_position().expect("position").map(|p| p.cursor), Some(20));
}

#[test]
fn a_row_whose_update_arrives_before_its_creation_is_made_when_the_creation_arrives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    enrolled(&mut store);
    let id = clinic_core::new_id().to_string();
    let other = clinic_core::new_id().to_string();
    let created = remote_row(
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
            ("city", "Tamale"),
        ],
    );
    let moved = remote_row("patient", &id, &other, 20, &[("city", "Kumasi")]);
    let first = apply(&mut store, &moved, 3);
    assert_eq!((first.recorded, first.not_stored), (1, 0), "held, not listed as a problem");
    assert!(store.get_patient(&id.parse().expect("an id")).is_err(), "half a row is not a row yet");
    apply(&mut store, &created, 6);
    let patient = store.get_patient(&id.parse().expect("an id")).expect("made once its creation arrived");
    assert_eq!((patient.details.given_name.as_str(), patient.mrn.as_str()), ("Kwame", "FAR-000002"));
    assert_eq!(patient.details.city.as_deref(), Some("Kumasi"), "the later write of the city wins");
    assert_eq!(patient.site_id, other, "the row belongs to the site that made it");
    // The same changes again change nothing and are counted as already here.
    let again = apply(&mut store, &[created[0].clone(), moved[0].clone()], 6);
    assert_eq!((again.recorded, again.already_had), (0, 2));
    let held: i64 = store.connection().query_row("SELECT count(*) FROM sync_held_row", [], |r| r.get(0)).expect("held");
    assert_eq!(held, 0, "nothing is held once the row is made");
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
    let newest_local: String = store.connection().query_row("SELECT max(hlc) FROM sync_outbox", [], |r| r.get(0)).expect("hlc");
    let local: Hlc = newest_local.parse().expect("hlc");
    assert!(local.wall_ms < far, "this site's clock stayed near real time");
    let stored: String =
        store.connection().query_row("SELECT hlc FROM clinic_setting WHERE id = ?1", [&id], |r| r.get(0)).expect("row");
    assert_eq!(stored.parse::<Hlc>().expect("hlc").wall_ms, far, "the change keeps its own version");
}

#[test]
fn acknowledged_changes_leave_the_outbox_and_a_new_epoch_sends_every_row_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    enrolled(&mut store);
    store.create_patient(&admin, &patient("Ada", "Okafor"), today()).expect("patient");
    let total = store.count_pending().expect("pending");
    let batch = store.pending_changes(3).expect("batch");
    assert_eq!(batch.len(), 3);
    let registration = store.pending_changes(total as usize).expect("all");
    let made = registration.iter().find(|c| c.change.entity == "patient").expect("the patient's change");
    assert!(made.change.fields.contains_key("mrn") && made.change.fields.contains_key("given_name"), "one change per row write");
    assert_eq!(made.change.actor, Some(admin.user_id.to_string()), "the actor is the user the audit event names");
    let refused = RefusedChange { change_id: batch[0].change.change_id.clone(), fields: vec![], reason: "test refusal".into() };
    store.acknowledge_push(batch.last().expect("last").local_seq, &[refused]).expect("ack");
    assert_eq!(store.count_pending().expect("pending"), total - batch.len() as u64);
    assert_eq!(store.sync_problems(5).expect("problems")[0].reason, "test refusal");
    // Everything goes once the server has answered for it.
    let rest = store.pending_changes(total as usize).expect("rest");
    store.acknowledge_push(rest.last().expect("last").local_seq, &[]).expect("ack");
    assert_eq!(store.count_pending().expect("pending"), 0);
    // A new server epoch: every row this site made is sent again, rebuilt from the rows, and
    // fetched from the start.
    apply(&mut store, &[], 40);
    store.start_over("e2").expect("start over");
    let again = store.pending_changes(10_000).expect("again");
    let rows: std::collections::BTreeSet<(String, String)> = store.synced_rows().expect("rows").into_keys().collect();
    let sent: std::collections::BTreeSet<(String, String)> =
        again.iter().map(|c| (c.change.entity.clone(), c.change.entity_id.clone())).collect();
    assert_eq!(sent, rows, "every row goes again");
    assert!(again.iter().all(|c| c.local_seq > rest.last().expect("last").local_seq), "at places never used before");
    assert_eq!(store.pull_position().expect("position"), Some(PullPosition { epoch: "e2".into(), cursor: 0 }));
}

#[test]
fn a_malformed_synced_setting_is_kept_out_and_listed_and_everyone_still_logs_in() {
    use clinic_core::settings::clinic;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    set_up(&mut store);
    enrolled(&mut store);
    let other = clinic_core::new_id().to_string();
    let hours = clinic::row_id(clinic::OPENING_HOURS);
    let fields = [("created_at", "2026-01-01T00:00:00Z"), ("key", clinic::OPENING_HOURS), ("value", "{garbled")];
    let mut page = remote_row("clinic_setting", &hours, &other, 10, &fields);
    let zone = clinic::row_id(clinic::TIME_ZONE);
    page.extend(remote_row(
        "clinic_setting",
        &zone,
        &other,
        11,
        &[("created_at", "2026-01-01T00:00:00Z"), ("key", clinic::TIME_ZONE), ("value", "Europe/Berlin")],
    ));
    let applied = apply(&mut store, &page, 20);
    assert_eq!(applied.not_stored, 1, "the unusable setting is kept out; the rest of the page applies");
    let problems = store.sync_problems(10).expect("problems");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].reason.contains("opening hours setting is unusable"), "{}", problems[0].reason);
    assert!(!problems[0].reason.contains("garbled"), "the reason names no value");
    let settings = store.settings().expect("settings still read");
    assert_eq!((settings.time_zone.as_str(), settings.opening_hours.len()), ("Europe/Berlin", 0));
    store.log_in("ada", PASSWORD, chrono::Utc::now()).expect("the admin still logs in");

    // A table damaged some other way (not by sync) still lets everyone in, on the defaults.
    store
        .connection()
        .execute("UPDATE clinic_setting SET value = 'Mars/Olympus' WHERE id = ?1", [&zone])
        .expect("damage the time zone");
    store.connection().execute(
        "INSERT INTO clinic_setting (id, site_id, hlc, updated_at, key, value, created_at) VALUES (?1, 's', '0', '', ?2, '{', '')",
        [&hours, clinic::OPENING_HOURS],
    ).expect("damage the opening hours");
    assert_eq!(store.settings().expect("settings").time_zone, "UTC");
    store.log_in("ada", PASSWORD, chrono::Utc::now()).expect("the admin still logs in");
}
