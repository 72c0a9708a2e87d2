//! The trust boundary (issue 17, Done means 1 and 3): an enrolled site pushes attacks, mixed into one
//! batch with honest changes. Each attack is refused with its reason, the honest changes
//! apply, and the server and the clinic's two other sites are unchanged field by field but for
//! the honest changes.

use chrono::Utc;
use clinic_core::chart::{AllergyInput, AllergySeverity, AllergyStatus, EncounterInput, VitalsInput};
use clinic_core::settings::clinic;
use clinic_core::sync::{Replica, RowChange};
use clinic_core::{Actor, Hlc, Role, UserStatus};
use clinic_sync::protocol::{Outcome, PushRequest, PushedChange};

use super::fixtures::{account, register};
use super::harness::*;

fn actor(id: clinic_core::ids::UserId, username: &str, role: Role) -> Actor {
    Actor { user_id: id, username: username.into(), role }
}

/// A change the attacking site makes up: `fields` written to `entity`'s row `id`, claiming `by`.
fn forged(site_id: &str, entity: &str, id: &str, fields: &[(&str, Option<&str>)], by: Option<&str>) -> RowChange {
    RowChange {
        change_id: clinic_core::new_id().to_string(),
        entity: entity.into(),
        entity_id: id.into(),
        fields: fields.iter().map(|(f, v)| ((*f).to_string(), v.map(str::to_string))).collect(),
        hlc: Hlc { wall_ms: Utc::now().timestamp_millis().unsigned_abs(), counter: 0 },
        site_id: site_id.into(),
        actor: by.map(str::to_string),
    }
}

fn id_of(site: &TestSite, sql: &str) -> String {
    site.with(|s| s.connection().query_row(sql, [], |r| r.get(0)).expect(sql))
}

async fn attacks_are_refused_and_honest_changes_apply(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "NORTH").await;
    let (admin, desk) = (a.admin.clone(), a.desk());
    let (nurse, doctor, gone) = a.with(|s| {
        let nurse = actor(account(s, &admin, "nora", Role::Nurse), "nora", Role::Nurse);
        let doctor = actor(account(s, &admin, "dan", Role::Doctor), "dan", Role::Doctor);
        let gone = account(s, &admin, "gil", Role::Nurse);
        s.set_user_status(&admin, &gone, UserStatus::Disabled).expect("disable");
        let patient = register(s, &desk, "Ama", "Mensah");
        let allergy = AllergyInput {
            substance: "Penicillin".into(),
            reaction: None,
            severity: AllergySeverity::Severe,
            status: AllergyStatus::Active,
            noted_on: None,
        };
        s.record_allergy(&nurse, &patient, &allergy, today()).expect("allergy");
        s.record_vitals(&nurse, &patient, &VitalsInput { pulse_per_min: Some(72), ..Default::default() }).expect("vitals");
        let note = EncounterInput { reason: "Cough".into(), plan: Some("Rest".into()), ..Default::default() };
        s.save_encounter(&doctor, &patient, None, None, &note, true).expect("signed note");
        (nurse, doctor, gone)
    });
    a.sync().await;
    let b = TestSite::joining(&server, &org, "SOUTH", &admin).await;
    let c = TestSite::joining(&server, &org, "EAST", &admin).await;
    b.sync().await;
    c.sync().await;
    let before = server.rows(&org).await;
    assert_eq!(a.rows(), before);

    // The honest changes: made at B through its write path, as any site makes them.
    let honest = b.with(|s| {
        let patient = register(s, &desk, "Kofi", "Boateng");
        s.record_vitals(&nurse, &patient, &VitalsInput { pulse_per_min: Some(64), ..Default::default() }).expect("vitals");
        s.pending_changes(100).expect("pending")
    });
    let b_site = b.with(|s| s.site().site_id.clone());
    let patient = id_of(&a, "SELECT id FROM patient LIMIT 1");
    let (allergy, vitals) = (id_of(&a, "SELECT id FROM allergy"), id_of(&a, "SELECT id FROM vitals"));
    let encounter = id_of(&a, "SELECT id FROM encounter");
    let a_event = id_of(&a, "SELECT id FROM audit_event ORDER BY seq LIMIT 1");
    let (admin_id, desk_id, nurse_id) = (admin.user_id.to_string(), desk.user_id.to_string(), nurse.user_id.to_string());
    let (doctor_id, gone_id, nobody) = (doctor.user_id.to_string(), gone.to_string(), clinic_core::new_id().to_string());
    let new_row = || clinic_core::new_id().to_string();
    let at = "2026-12-07T09:00:00.000Z";
    let new_patient =
        |mrn| vec![("created_at", Some(at)), ("mrn", Some(mrn)), ("given_name", Some("Mallory")), ("family_name", Some("X"))];
    // (what it tries, the change, words its refusal must hold)
    let attacks: Vec<(&str, RowChange, &str)> = vec![
        (
            "a front desk makes itself admin",
            forged(&b_site, "app_user", &desk_id, &[("role", Some("admin"))], Some(&desk_id)),
            "front desk role may not write app user",
        ),
        (
            "a front desk sets the admin's password",
            forged(&b_site, "app_user", &admin_id, &[("password_hash", Some("$argon2id$forged"))], Some(&desk_id)),
            "may not write app user",
        ),
        (
            "a signed note rewritten",
            forged(&b_site, "encounter", &encounter, &[("plan", Some("Nothing"))], Some(&doctor_id)),
            "signed at",
        ),
        (
            "an allergy tombstoned by the front desk",
            forged(&b_site, "allergy", &allergy, &[("deleted_at", Some(at))], Some(&desk_id)),
            "may not write allergy",
        ),
        (
            "a never-set field of a reading set",
            forged(&b_site, "vitals", &vitals, &[("deleted_at", Some(at))], Some(&nurse_id)),
            "never changes once made",
        ),
        (
            "another site's audit event moved",
            forged(&b_site, "audit_event", &a_event, &[("created_at", Some("2020-01-01T00:00:00.000Z"))], Some(&desk_id)),
            "never changes once made",
        ),
        (
            "an actor with no account",
            forged(&b_site, "patient", &new_row(), &new_patient("M-000001"), Some(&nobody)),
            "no account",
        ),
        ("a disabled actor", forged(&b_site, "patient", &new_row(), &new_patient("M-000002"), Some(&gone_id)), "disabled"),
        ("no actor at all", forged(&b_site, "patient", &new_row(), &new_patient("M-000003"), None), "must name the user"),
        (
            "a nurse prescribes",
            forged(
                &b_site,
                "prescription",
                &new_row(),
                &[("patient_id", Some(&patient)), ("medication", Some("Morphine")), ("created_at", Some(at))],
                Some(&nurse_id),
            ),
            "nurse role may not write prescription",
        ),
        (
            "the front desk records vitals",
            forged(
                &b_site,
                "vitals",
                &new_row(),
                &[("patient_id", Some(&patient)), ("pulse_per_min", Some("200")), ("created_at", Some(at))],
                Some(&desk_id),
            ),
            "front desk role may not write vitals",
        ),
        (
            "a clock a year ahead",
            RowChange {
                hlc: Hlc { wall_ms: Utc::now().timestamp_millis().unsigned_abs() + 365 * 86_400_000, counter: 0 },
                ..forged(&b_site, "patient", &patient, &[("city", Some("Nowhere"))], Some(&desk_id))
            },
            "clock ahead",
        ),
        (
            "opening hours no site can read",
            forged(
                &b_site,
                "clinic_setting",
                &clinic::row_id(clinic::OPENING_HOURS),
                &[("value", Some("{garbled"))],
                Some(&admin_id),
            ),
            "opening hours setting is unusable",
        ),
        (
            "an audit event naming the admin",
            forged(
                &b_site,
                "audit_event",
                &new_row(),
                &[("user_id", Some(&admin_id)), ("action", Some("login_succeeded")), ("created_at", Some(at))],
                Some(&desk_id),
            ),
            "must name the user",
        ),
    ];
    // One batch: the honest changes at their places, each attack beside them.
    let first_attack_seq = honest.last().expect("honest changes").local_seq + 1;
    let mut batch: Vec<PushedChange> = Vec::new();
    let mut expected: Vec<Option<(&str, &str)>> = Vec::new();
    let mut honest_changes = honest.iter();
    for (i, (what, change, reason)) in attacks.iter().enumerate() {
        if i % 4 == 0 {
            if let Some(h) = honest_changes.next() {
                batch.push(PushedChange { local_seq: h.local_seq, change: h.change.clone() });
                expected.push(None);
            }
        }
        batch.push(PushedChange { local_seq: first_attack_seq + i as i64, change: change.clone() });
        expected.push(Some((what, reason)));
    }
    for h in honest_changes {
        batch.push(PushedChange { local_seq: h.local_seq, change: h.change.clone() });
        expected.push(None);
    }
    let answer = b.client.push(&PushRequest { changes: batch }).await.expect("the push is answered");
    for (result, expected) in answer.results.iter().zip(&expected) {
        match expected {
            None => assert!(result.outcome == Outcome::Applied && result.refused_fields.is_empty(), "honest: {result:?}"),
            Some((what, reason)) => {
                assert_eq!(result.outcome, Outcome::Rejected, "{what}: {result:?}");
                let given = result.reason.as_deref().unwrap_or_default();
                assert!(given.contains(reason), "{what}: refused as {given:?}, not for {reason:?}");
            }
        }
    }

    // The server holds the honest rows besides what it held, and nothing else changed.
    let after = server.rows(&org).await;
    let new_rows: std::collections::BTreeSet<_> = after.keys().filter(|k| !before.contains_key(*k)).cloned().collect();
    let honest_rows = honest.iter().map(|h| (h.change.entity.clone(), h.change.entity_id.clone())).collect();
    assert_eq!(new_rows, honest_rows, "the server took B's patient and vitals, with their audit events, and nothing else");
    for (key, fields) in &before {
        assert_eq!(after.get(key), Some(fields), "{key:?} unchanged");
    }
    for other in [&a, &c] {
        other.sync().await;
        assert_eq!(other.rows(), after, "site {} holds what the server holds", other.code);
    }
}

on_both!(attacks_are_refused_and_honest_changes_apply, attacks_sqlite, attacks_postgres);
