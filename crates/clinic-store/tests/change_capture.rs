//! The single write path: every write to every synced table records its field-level changes in
//! the same transaction (docs/decisions.md §3). The schema walk makes a new synced table fail this test
//! until it is registered and exercised here.

mod common;

use std::collections::{BTreeSet, HashMap};

use clinic_core::sync::{synced_table_names, FieldRule, Replica};
use clinic_core::{AuditAction, AuditRecord, Hlc, PatientInput, Role, UserStatus};
use clinic_store::write::BOOKKEEPING_COLUMNS;
use clinic_store::Store;
use common::*;
use rusqlite::types::Value;

/// The columns of `table`.
fn columns(store: &Store, table: &str) -> Vec<String> {
    let mut stmt = store.connection().prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).expect("table info");
    stmt.query_map([], |r| r.get(0)).expect("columns").collect::<Result<_, _>>().expect("names")
}

/// Tables that carry sync bookkeeping, found by looking at the schema, not at the registry.
fn tables_with_sync_columns(store: &Store) -> BTreeSet<String> {
    let mut stmt = store.connection().prepare("SELECT name FROM sqlite_master WHERE type = 'table'").expect("tables");
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("names");
    tables
        .into_iter()
        .filter(|t| {
            let cols = columns(store, t);
            ["site_id", "hlc", "deleted_at"].iter().all(|c| cols.iter().any(|x| x == c))
        })
        .collect()
}

/// Creates, edits and tombstones rows of `table` through the public API.
fn exercise(store: &mut Store, table: &str) {
    match table {
        "patient" => {
            let a = store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
            let b = store.create_patient(&actor(), &patient("Bea", "Mensah"), today()).expect("create");
            let edit = PatientInput { email: "ada@example.org".into(), city: "Accra".into(), ..patient("Ada", "Okafor") };
            store.update_patient(&actor(), &a.id, &edit, today()).expect("update");
            store.archive_patient(&actor(), &b.id).expect("archive");
        }
        "app_user" => {
            let admin = set_up(store);
            let nurse = store.create_user(&admin, &new_user("nina", Role::Nurse)).expect("create");
            let id = nurse.id;
            store.update_user(&admin, &id, "Nina N.", Role::Doctor).expect("update");
            store.reset_password(&admin, &id, "another fine passphrase").expect("reset");
            store.set_user_status(&admin, &id, UserStatus::Disabled).expect("disable");
        }
        "audit_event" => {
            store.audit(&AuditRecord::new(Some(&actor()), AuditAction::PatientsListed).detail("page 1")).expect("audit");
        }
        "security_alert" => {
            let admin = actor();
            let p = store.create_patient(&admin, &patient("Cy", "Tan"), today()).expect("create");
            let alert = store.break_the_glass(&admin, &p.id, "unconscious, needs allergy list").expect("glass");
            store.acknowledge_security_alert(&admin, &alert.id).expect("ack");
        }
        "provider" | "schedule_exception" | "appointment_type" | "appointment" => exercise_scheduling(store, table),
        "allergy"
        | "clinical_profile"
        | "condition"
        | "encounter"
        | "encounter_amendment"
        | "vitals"
        | "lab_result"
        | "prescription"
        | "clinical_alert" => exercise_chart(store, table),
        "billing_service" | "invoice" | "invoice_line" | "payment" | "insurance_policy" | "claim" => {
            exercise_billing(store, table)
        }
        "clinic_setting" => {
            let admin = actor();
            let mut settings = clinic_core::SiteSettings { time_zone: "Europe/Berlin".into(), ..Default::default() };
            store.save_settings(&admin, &settings).expect("settings");
            settings.time_zone = "Europe/Paris".into();
            store.save_settings(&admin, &settings).expect("settings again");
            let billing = clinic_core::billing::BillingSettings { tax_id: Some("DE 123".into()), ..Default::default() };
            store.save_billing_settings(&admin, &billing).expect("billing settings");
        }
        "booking_overlap_accepted" => exercise_double_booking(store),
        other => panic!("synced table {other} has no exercise here: add one so its change capture is tested"),
    }
}

/// Creates, edits and tombstones scheduling rows through the public API.
fn exercise_scheduling(store: &mut Store, table: &str) {
    use clinic_core::scheduling::{AppointmentTypeInput, ExceptionKind, RescheduleInput, ScheduleExceptionInput, StatusMove};
    use common::schedule::*;
    let admin = actor();
    let mut lee = provider(&format!("Dr Lee {table}"), "General practice");
    let p = store.save_provider(&admin, None, &lee).expect("provider");
    match table {
        "provider" => {
            lee.room = Some("7".into());
            lee.active = false;
            store.save_provider(&admin, Some(&p.id), &lee).expect("edit provider");
        }
        "schedule_exception" => {
            let leave = ScheduleExceptionInput {
                provider_id: Some(p.id),
                kind: ExceptionKind::Leave,
                start_date: today(),
                end_date: today(),
                start_time: None,
                end_time: None,
                reason: Some("Course".into()),
            };
            let added = store.add_schedule_exception(&admin, &leave).expect("leave");
            store.add_schedule_exception(&admin, &leave).expect("leave again");
            store.remove_schedule_exception(&admin, &added.id).expect("remove");
        }
        "appointment_type" => {
            let mut checkup =
                AppointmentTypeInput { name: "Check-up".into(), default_minutes: 20, colour: "#22aa66".into(), active: true };
            let t = store.save_appointment_type(&admin, None, &checkup).expect("type");
            checkup.default_minutes = 30;
            store.save_appointment_type(&admin, Some(&t.id), &checkup).expect("edit type");
        }
        "appointment" => {
            let pt = store.create_patient(&admin, &patient("Di", "Appointed"), today()).expect("patient").id;
            let a = store.book_appointment(&admin, &booking(&pt, &p.id, "2026-12-01T10:00", 30), now()).expect("book");
            let to = RescheduleInput { provider_id: Some(p.id), start: local("2026-12-01T11:00"), minutes: 20 };
            store.reschedule_appointment(&admin, &a.id, &to, now()).expect("move");
            store.move_appointment_status(&admin, &a.id, StatusMove::CheckIn, None, now()).expect("check in");
            store.mark_reminded(&admin, &a.id, now()).expect("reminded");
            let b = store.book_appointment(&admin, &booking(&pt, &p.id, "2026-12-02T10:00", 30), now()).expect("book");
            store.move_appointment_status(&admin, &b.id, StatusMove::Cancel, Some("Ill"), now()).expect("cancel");
        }
        _ => unreachable!("only scheduling tables come here"),
    }
}

/// A double booking that arrives by sync, kept by the front desk.
fn exercise_double_booking(store: &mut Store) {
    use clinic_core::sync::{ConflictResolution, PullPosition, RowChange};
    use clinic_store::sync::Enrolment;
    use common::schedule::*;
    let admin = actor();
    let p = store.save_provider(&admin, None, &provider("Dr Twice", "General practice")).expect("provider");
    let pt = store.create_patient(&admin, &patient("Tia", "Twice"), today()).expect("patient").id;
    let mine = store.book_appointment(&admin, &booking(&pt, &p.id, "2026-12-03T10:00", 30), now()).expect("book");
    let at = |minutes| (mine.start_utc + chrono::Duration::minutes(minutes)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let enrolment = Enrolment {
        server_url: "https://clinic.example:8443".into(),
        cert_fingerprint: None,
        org_id: "org".into(),
        org_name: "Test Clinic".into(),
    };
    store.save_enrolment(&enrolment, false).expect("enrol");
    // The same provider booked at another site a quarter of an hour later, while the two were apart.
    let (other_site, id) = (clinic_core::new_id().to_string(), clinic_core::new_id().to_string());
    let hlc = Hlc { wall_ms: 1_700_000_000_000, counter: 0 };
    let fields = [
        ("created_at", "2026-11-20T08:00:00.000Z".to_string()),
        ("patient_id", pt.to_string()),
        ("provider_id", p.id.to_string()),
        ("starts_at", at(15)),
        ("ends_at", at(45)),
        ("status", "scheduled".to_string()),
        ("created_by", admin.user_id.to_string()),
    ];
    let page = [RowChange {
        change_id: clinic_core::new_id().to_string(),
        entity: "appointment".into(),
        entity_id: id.clone(),
        fields: fields.into_iter().map(|(f, v)| (f.to_string(), Some(v))).collect(),
        hlc,
        site_id: other_site.clone(),
        actor: None,
    }];
    let applied = store.apply_pulled(&page, &PullPosition { epoch: "e".into(), cursor: 7 }, 7).expect("pull");
    assert_eq!(applied.new_booking_conflicts, 1);
    assert_eq!(store.count_booking_conflicts().expect("count"), 1);
    let conflict = store.booking_conflicts().expect("conflicts").remove(0);
    // Both times on the clinic's wall clock, as the calendar shows them.
    assert_eq!((conflict.first.start.as_str(), conflict.first.end.as_str()), ("2026-12-03T10:15", "2026-12-03T10:45"));
    assert_eq!((conflict.second.start.as_str(), conflict.second.end.as_str()), ("2026-12-03T10:00", "2026-12-03T10:30"));
    store
        .resolve_booking_conflict(&admin, &conflict.id, &ConflictResolution::KeepBoth { note: "Short review".into() }, now())
        .expect("keep both");
    assert!(store.booking_conflicts().expect("conflicts").is_empty());
    assert_eq!(store.count_booking_conflicts().expect("count"), 0);
}

/// Creates and changes chart rows through the public API.
fn exercise_chart(store: &mut Store, table: &str) {
    use clinic_core::chart::*;
    use clinic_store::PrescriptionDraft;
    let doctor = actor();
    let pt = store.create_patient(&doctor, &patient("Ed", "Charted"), today()).expect("patient").id;
    let allergy = AllergyInput {
        substance: "Penicillin".into(),
        reaction: None,
        severity: AllergySeverity::Severe,
        status: AllergyStatus::Active,
        noted_on: None,
    };
    let note = EncounterInput { reason: "Cough".into(), ..Default::default() };
    match table {
        "allergy" | "clinical_profile" => {
            store.record_no_known_allergies(&doctor, &pt).expect("nka");
            let a = store.record_allergy(&doctor, &pt, &allergy, today()).expect("allergy");
            let inactive = AllergyInput { status: AllergyStatus::Inactive, reaction: Some("Rash".into()), ..allergy };
            store.change_allergy(&doctor, &pt, &a.id, &inactive, today()).expect("change");
            let history =
                PatientHistoryInput { family_history: Some("Asthma".into()), social_history: Some("Non-smoker".into()) };
            store.save_patient_history(&doctor, &pt, &history).expect("history");
        }
        "condition" => {
            let mut input = ConditionInput {
                problem: "Asthma".into(),
                code: Some("J45.909".into()),
                onset: None,
                status: ConditionStatus::Active,
                resolved_on: None,
            };
            let c = store.save_condition(&doctor, &pt, None, &input, today()).expect("condition");
            input.status = ConditionStatus::Resolved;
            input.resolved_on = Some(today());
            store.save_condition(&doctor, &pt, Some(&c.id), &input, today()).expect("resolve");
        }
        "encounter" | "encounter_amendment" => {
            let e = store.save_encounter(&doctor, &pt, None, None, &note, false).expect("draft");
            let signed = EncounterInput { plan: Some("Rest".into()), ..note.clone() };
            store.save_encounter(&doctor, &pt, Some(&e.id), None, &signed, true).expect("sign");
            let amendment = AmendmentInput { note: signed, reason: "Plan clarified".into() };
            store.amend_encounter(&doctor, &pt, &e.id, &amendment).expect("amend");
        }
        "vitals" => {
            let v = VitalsInput { pulse_per_min: Some(70), height_mm: Some(1700), weight_g: Some(65_000), ..Default::default() };
            store.record_vitals(&doctor, &pt, &v).expect("vitals");
        }
        "lab_result" | "clinical_alert" => {
            let lab = LabResultInput {
                test: "Sodium".into(),
                value: "120".into(),
                unit: Some("mmol/L".into()),
                reference_low: Some("135".into()),
                reference_high: Some("145".into()),
                ..Default::default()
            };
            store.record_lab_result(&doctor, &pt, &lab, today()).expect("lab");
            let alert = store.list_clinical_alerts(&doctor.user_id).expect("alerts").remove(0);
            store.acknowledge_clinical_alert(&doctor, &alert.alert.id).expect("ack");
        }
        "prescription" => {
            let input = PrescriptionInput {
                medication: "Salbutamol".into(),
                strength: Some("100 mcg".into()),
                dose: "2 puffs".into(),
                route: Route::Inhaled,
                frequency: "as needed".into(),
                duration_days: None,
                quantity: Some(1),
                refills: 2,
                instructions: None,
            };
            let draft = PrescriptionDraft { input, override_reason: None, encounter_id: None };
            let rx = store.prescribe(&doctor, &pt, &draft).expect("rx");
            let stop = PrescriptionChange::Stop { reason: Some("Changed inhaler".into()) };
            store.change_prescription(&doctor, &pt, &rx.prescription.id, &stop).expect("stop");
        }
        _ => unreachable!("only chart tables come here"),
    }
}

/// Creates and changes billing rows through the public API.
fn exercise_billing(store: &mut Store, table: &str) {
    use clinic_core::billing::*;
    let clerk = actor();
    let eur = Currency::parse("EUR").expect("currency");
    let pt = store.create_patient(&clerk, &patient("Bo", "Billed"), today()).expect("patient").id;
    let line = |price| InvoiceLineInput {
        service_id: None,
        description: "Visit".into(),
        quantity: 1,
        unit_price_minor: price,
        discount_bp: 0,
        tax_rate_bp: 700,
    };
    let draft = |price| InvoiceDraftInput { lines: vec![line(price)], notes: Some("Thank you".into()), due_days: 14 };
    match table {
        "billing_service" => {
            let mut input = ServiceInput {
                code: "V1".into(),
                name: "Visit".into(),
                price_minor: 3000,
                tax_rate_bp: 0,
                active: true,
                appointment_type_id: None,
            };
            let s = store.save_service(&clerk, None, &input).expect("service");
            input.active = false;
            store.save_service(&clerk, Some(&s.id), &input).expect("retire");
        }
        "invoice" | "invoice_line" | "payment" => {
            let i = store.create_invoice(&clerk, &pt, None, &draft(1000), &eur).expect("draft");
            store.update_invoice_draft(&clerk, &i.id, &draft(2000)).expect("edit");
            store.issue_invoice(&clerk, &i.id, today()).expect("issue");
            let pay = PaymentInput { amount_minor: 500, method: PaymentMethod::Card, reference: None, received_on: today() };
            store.take_payment(&clerk, &i.id, &pay, today()).expect("pay");
            let refund = RefundInput {
                amount_minor: 100,
                method: PaymentMethod::Cash,
                reason: "Overcharged".into(),
                refunded_on: today(),
            };
            store.refund_payment(&clerk, &i.id, &refund, today()).expect("refund");
            store.issue_credit_note(&clerk, &i.id, &draft(100), today()).expect("credit");
            let v = store.create_invoice(&clerk, &pt, None, &draft(900), &eur).expect("draft");
            store.issue_invoice(&clerk, &v.id, today()).expect("issue");
            store.void_invoice(&clerk, &v.id, "Duplicate invoice").expect("void");
        }
        "insurance_policy" | "claim" => {
            let policy = InsurancePolicyInput {
                payer: "Helix".into(),
                member_id: "H-1".into(),
                group_number: Some("G7".into()),
                valid_from: today(),
                valid_to: None,
            };
            let policy = store.add_policy(&clerk, &pt, &policy).expect("policy");
            let i = store.create_invoice(&clerk, &pt, None, &draft(10_000), &eur).expect("draft");
            store.issue_invoice(&clerk, &i.id, today()).expect("issue");
            let claim = store.create_claim(&clerk, &i.id, &policy.id, 5_000).expect("claim");
            store.move_claim(&clerk, &claim.id, &ClaimMove::Submit).expect("submit");
            store.move_claim(&clerk, &claim.id, &ClaimMove::Deny { reason: "Not covered".into() }).expect("deny");
        }
        _ => unreachable!("only billing tables come here"),
    }
}

/// The latest value of every (entity, id, field) in the changes waiting for the server (a site
/// never enrolled keeps every change it made there).
fn latest_changes(store: &Store) -> HashMap<(String, String, String), Option<String>> {
    let mut stmt = store
        .connection()
        .prepare("SELECT o.entity, o.entity_id, j.key, j.value FROM sync_outbox o, json_each(o.fields) j ORDER BY o.seq")
        .expect("outbox");
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
        })
        .expect("query");
    let mut latest = HashMap::new();
    for row in rows {
        let (entity, id, field, value) = row.expect("row");
        latest.insert((entity, id, field), value);
    }
    latest
}

fn as_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Text(t) => Some(t),
        Value::Integer(i) => Some(i.to_string()),
        other => panic!("unexpected value {other:?}"),
    }
}

#[test]
fn every_synced_table_is_registered_with_exactly_its_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _key) = new_store(dir.path());
    let registered: BTreeSet<String> = synced_table_names().map(|t| t.to_string()).collect();
    assert_eq!(
        tables_with_sync_columns(&store),
        registered,
        "tables with sync columns must be exactly those in clinic_core::sync::TABLES"
    );
    for rule in clinic_core::sync::TABLES {
        let schema: BTreeSet<String> = columns(&store, rule.name)
            .into_iter()
            .filter(|c| !["id", "site_id", "hlc", "updated_at", "sync_versions"].contains(&c.as_str()))
            .collect();
        let fields: BTreeSet<String> = rule.fields.iter().map(|f| f.to_string()).collect();
        assert_eq!(schema, fields, "{}: the registry's fields must be the table's columns", rule.name);
    }
}

#[test]
fn every_write_to_every_synced_table_is_in_the_outbox_and_every_row_has_its_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    for table in synced_table_names() {
        exercise(&mut store, table);
    }
    let latest = latest_changes(&store);
    let site_id = store.site().site_id.clone();
    for table in synced_table_names() {
        let cols = columns(&store, table);
        let mut stmt = store.connection().prepare(&format!("SELECT {} FROM {table}", cols.join(", "))).expect("select");
        let mut rows = stmt.query([]).expect("rows");
        let mut seen = 0;
        while let Some(row) = rows.next().expect("row") {
            seen += 1;
            let id: String = row.get("id").expect("id");
            let versions: Option<String> = row.get("sync_versions").expect("versions");
            assert!(versions.is_some_and(|v| v.contains('@')), "{table} row {id} has its field versions");
            // A row pulled from another site is not this site's to send.
            if row.get::<_, String>("site_id").expect("site") != site_id {
                assert!(!latest.keys().any(|(t, i, _)| t == table && *i == id), "a pulled row is never sent back");
                continue;
            }
            for (i, col) in cols.iter().enumerate() {
                if (BOOKKEEPING_COLUMNS.contains(&col.as_str()) && col != "created_at") || col == "sync_versions" {
                    continue;
                }
                let stored = as_text(row.get::<_, Value>(i).expect("value"));
                let recorded = latest.get(&(table.to_string(), id.clone(), col.clone()));
                match (stored.as_ref(), recorded) {
                    (None, None) => {} // never set, never recorded
                    (_, Some(r)) => assert_eq!(r, &stored, "{table}.{col} of {id}: the outbox disagrees with the row"),
                    (Some(_), None) => panic!("{table}.{col} of {id} was written without a change record"),
                }
            }
        }
        assert!(seen > 0, "{table} was exercised");
    }
    write_once_fields_were_written_once(&store);
}

/// No local write changes a field that the sync rules say never changes once written: the
/// server would refuse such a change and the sites would disagree.
fn write_once_fields_were_written_once(store: &Store) {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT o.entity, o.entity_id, j.key, count(DISTINCT coalesce(j.value, '<null>')) FROM sync_outbox o, json_each(o.fields) j
             GROUP BY 1, 2, 3",
        )
        .expect("log");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?)))
        .expect("query");
    let mut checked = 0;
    for row in rows {
        let (entity, id, field, values) = row.expect("row");
        let rule = clinic_core::sync::table(&entity).expect("registered").rule_of(&field);
        if rule == FieldRule::WriteOnce {
            checked += 1;
            assert_eq!(values, 1, "{entity}.{field} of {id} is write-once in the sync rules but was changed locally");
        }
    }
    assert!(checked > 100, "write-once fields were seen ({checked})");
}

#[test]
fn a_write_that_is_not_committed_leaves_no_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let before = change_count(&store);
    {
        let mut tx = store.write().expect("write");
        tx.insert("patient", "0190b7c4-0000-7000-8000-0000000000aa", &[("mrn", Some("X-1".into()))])
            .expect_err("a row missing required columns fails inside the transaction");
        // dropped without commit
    }
    assert_eq!(change_count(&store), before);
    let mut tx = store.write().expect("write");
    let err = tx.insert("not_synced", "x", &[]).expect_err("unregistered table");
    assert!(err.to_string().contains("clinic_core::sync::TABLES"));
}

#[test]
fn the_clock_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, key) = new_store(dir.path());
    store.create_patient(&actor(), &patient("Ada", "Okafor"), today()).expect("create");
    let max_hlc = |s: &Store| -> Hlc {
        s.connection()
            .query_row("SELECT max(hlc) FROM sync_outbox", [], |r| r.get::<_, String>(0))
            .expect("max")
            .parse()
            .expect("hlc")
    };
    let before = max_hlc(&store);
    drop(store);
    let mut store = Store::open(&db_path(dir.path()), &key, &setup()).expect("reopen");
    store.create_patient(&actor(), &patient("Bea", "Mensah"), today()).expect("create");
    assert!(max_hlc(&store) > before, "a later write gets a later clock value");
}
