//! Done means 1: for every role and every Tauri command, the command is allowed or refused as
//! the permission table says; a refusal is a typed "forbidden" error and an audit event.

mod common;

use clinic_core::billing::{BillingSettings, ClaimMove};
use clinic_core::chart::{AmendmentInput, PatientHistoryInput, PrescriptionChange, VitalsInput};
use clinic_core::scheduling::StatusMove;
use clinic_core::{
    role_may, Action, AuditAction, AuditFilter, AuditQuery, ListPatientsRequest, PatientSort, Role, SiteSettings, UserUpdateInput,
};
use clinic_desk_lib::access::Access;
use clinic_desk_lib::billing::BillingReport;
use clinic_desk_lib::command::CommandSpec;
use clinic_desk_lib::{commands, sync, CommandError, ErrorCode, COMMANDS};
use common::*;
use serde_json::{json, Value};

/// Sensible arguments for `command`, as the window sends them (JSON, camelCase names). A command
/// that takes arguments and has none here fails the walk: every new command must be added.
fn sample_args(clinic: &Clinic, command: &CommandSpec, round: usize) -> Value {
    let p = clinic.patient;
    if command.args.is_empty() {
        return json!({});
    }
    match command.name {
        // Inputs that carry a password have no Serialize in Rust: written out as the window sends them.
        "set_up_clinic" => json!({ "input": {
            "clinicName": "Another", "siteName": "X", "siteCode": "ANO",
            "username": "intruder", "displayName": "I", "password": PASSWORD,
        } }),
        "log_in" => json!({ "username": "nobody.at.all", "password": "wrong password" }),
        "unlock_session" => json!({ "password": PASSWORD }),
        "change_own_password" => json!({ "current": "not my password", "new": "another long passphrase" }),
        "search_patients" => json!({ "query": "okafor", "limit": 10 }),
        "list_patients" => {
            json!({ "request": ListPatientsRequest { page: 1, page_size: 25, sort: PatientSort::FamilyName, include_archived: true } })
        }
        "get_patient" => json!({ "id": p }),
        "create_patient" => json!({ "input": patient_input("Cy", &format!("Tan{round}")) }),
        "update_patient" => json!({ "id": p, "input": patient_input("Ada", &format!("Okafor{round}")) }),
        "archive_patient" => json!({ "id": clinic.other_patient }),
        "open_patient_chart" => json!({ "id": p }),
        "break_the_glass" => json!({ "id": p, "reason": "patient collapsed in the waiting room" }),
        "create_user" => json!({ "input": {
            "username": format!("new.user{round}"), "displayName": "New", "role": Role::Billing, "password": PASSWORD,
        } }),
        "disable_user" => json!({ "id": clinic.victim }),
        "enable_user" => json!({ "id": clinic.victim }),
        "reset_user_password" => json!({ "id": clinic.victim, "password": "a temporary passphrase" }),
        "list_audit_events" => json!({ "filter": AuditFilter::default(), "page": 1, "pageSize": 10 }),
        "export_audit_csv" => json!({ "filter": AuditFilter::default() }),
        "save_provider" => json!({ "id": null, "input": provider_input(&format!("Dr Walk {round}")) }),
        "list_schedule_exceptions" => json!({ "providerId": clinic.provider }),
        "add_schedule_exception" => json!({ "input": leave_input(&clinic.provider) }),
        "save_appointment_type" => json!({ "id": null, "input": type_input() }),
        "calendar" => json!({ "from": "2026-12-01", "days": 1, "providerIds": null }),
        "book_series" => {
            json!({ "input": booking_input(&clinic.other_patient, &clinic.provider, &format!("2026-12-03T{:02}:00", 9 + round % 3)), "recurrence": weekly() })
        }
        "next_available_slot" => json!({ "request": slot_request(&clinic.provider) }),
        "mark_reminded" => json!({ "id": clinic.appointment }),
        "patient_appointments" => json!({ "patientId": p }),
        "encounter_history" => json!({ "patientId": p, "encounterId": NO_SUCH }),
        "check_prescription" => json!({ "patientId": p, "medication": "Amoxicillin" }),
        "search_icd10" => json!({ "query": "J06" }),
        "record_allergy" => json!({ "patientId": p, "input": allergy_input() }),
        "change_allergy" => json!({ "patientId": p, "allergyId": NO_SUCH, "input": allergy_input() }),
        "record_no_known_allergies" => json!({ "patientId": p }),
        "record_lab_result" => json!({ "patientId": p, "input": lab_input() }),
        "record_condition" => json!({ "patientId": p, "input": condition_input() }),
        "change_condition" => json!({ "patientId": p, "conditionId": NO_SUCH, "input": condition_input() }),
        "save_patient_history" => json!({ "patientId": p, "input": PatientHistoryInput::default() }),
        "save_encounter" => {
            json!({ "patientId": p, "encounterId": null, "appointmentId": null, "note": note_input(), "sign": round % 2 == 0 })
        }
        "acknowledge_clinical_alert" => json!({ "alertId": NO_SUCH }),
        "prescribe" => {
            json!({ "patientId": p, "input": prescription_input("Paracetamol"), "overrideReason": null, "encounterId": null })
        }
        "save_prescription_pdf" => json!({ "patientId": p, "prescriptionIds": vec![NO_SUCH.to_string()] }),
        "save_service" => json!({ "serviceId": null, "input": service_input(round) }),
        "save_billing_settings" => json!({ "settings": BillingSettings::default() }),
        "patient_account" => json!({ "patientId": p }),
        "get_invoice" => json!({ "invoiceId": NO_SUCH }),
        "appointment_invoice_lines" => json!({ "appointmentId": clinic.appointment }),
        "save_invoice_pdf" => json!({ "invoiceId": NO_SUCH, "receipt": false }),
        "create_invoice" => json!({ "patientId": p, "appointmentId": null, "draft": invoice_draft(4_500) }),
        "update_invoice_draft" => json!({ "invoiceId": NO_SUCH, "draft": invoice_draft(4_500) }),
        "issue_invoice" => json!({ "invoiceId": NO_SUCH }),
        "take_payment" => json!({ "invoiceId": NO_SUCH, "input": cash(1_000) }),
        "add_insurance_policy" => json!({ "patientId": p, "input": policy_input() }),
        "void_invoice" => json!({ "invoiceId": NO_SUCH, "reason": "Entered twice" }),
        "issue_credit_note" => json!({ "invoiceId": NO_SUCH, "draft": invoice_draft(100) }),
        "refund_payment" => json!({ "invoiceId": NO_SUCH, "input": refund(100) }),
        "create_claim" => json!({ "invoiceId": NO_SUCH, "policyId": NO_SUCH, "claimedMinor": 100 }),
        "move_claim" => json!({ "claimId": NO_SUCH, "claimMove": ClaimMove::Submit }),
        "list_claims" => json!({ "status": null }),
        "cash_up" => json!({ "date": "2026-11-24" }),
        "export_billing_csv" => json!({ "report": BillingReport::Claims, "date": null }),
        "enrol_site" => {
            json!({ "input": sync::EnrolInput { server_url: "https://127.0.0.1:9".into(), fingerprint: String::new(), code: "ABCD".into() } })
        }
        "unlink_site" => json!({ "input": sync::UnlinkInput { reason: "The laptop was stolen".into() } }),
        "join_clinic" => json!({ "input": sync::JoinClinicInput {
                server_url: "https://127.0.0.1:9".into(),
                fingerprint: String::new(),
                code: "ABCD".into(),
                site_name: "Second desk".into(),
                site_code: "TWO".into(),
            } }),
        "resolve_booking_conflict" => {
            json!({ "conflictId": "no-such-pair", "resolution": clinic_core::sync::ConflictResolution::KeepBoth { note: "walk".into() } })
        }
        "update_user" => {
            json!({ "id": clinic.victim, "input": UserUpdateInput { display_name: format!("V{round}"), role: Some(Role::Nurse) } })
        }
        "acknowledge_security_alert" => json!({ "id": "0190b7c4-0000-7000-8000-000000000000" }),
        "save_settings" => json!({ "settings": SiteSettings { idle_lock_minutes: 10, ..SiteSettings::default() } }),
        "remove_schedule_exception" => json!({ "id": "0190b7c4-0000-7000-8000-000000000000" }),
        "book_appointment" => {
            json!({ "input": booking_input(&p, &clinic.provider, &format!("2026-12-01T{:02}:00", 9 + round % 3)) })
        }
        "preview_series" => json!({ "input": booking_input(&p, &clinic.provider, "2026-12-02T09:00"), "recurrence": weekly() }),
        "reschedule_appointment" => json!({ "id": clinic.appointment, "input": reschedule_to(&clinic.provider, round) }),
        "move_appointment_status" => {
            json!({ "id": clinic.appointment, "statusMove": StatusMove::Cancel, "reason": "walk" })
        }
        "record_vitals" => json!({ "patientId": p, "input": VitalsInput { pulse_per_min: Some(72), ..Default::default() } }),
        "amend_encounter" => {
            json!({ "patientId": p, "encounterId": NO_SUCH, "input": AmendmentInput { note: note_input(), reason: "typo".into() } })
        }
        "change_prescription" => {
            json!({ "patientId": p, "prescriptionId": NO_SUCH, "change": PrescriptionChange::Stop { reason: Some("done".into()) } })
        }
        other => panic!("the permission walk has no arguments for the command {other}: add them"),
    }
}

/// Calls `command` as the logged-in user, through the same dispatch and argument reading as the
/// window's call.
fn call(clinic: &Clinic, command: &CommandSpec, round: usize) -> Result<(), CommandError> {
    block_on(commands::invoke(&clinic.state, command.name, sample_args(clinic, command, round))).map(drop)
}

/// Runs an async command body to its end.
fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
}

fn denials(clinic: &Clinic, role: Role, command: &str) -> usize {
    let user = clinic.actor(role).user_id;
    let query = AuditQuery { user_id: Some(user), action: Some(AuditAction::PermissionDenied), ..Default::default() };
    clinic.store().all_audit_events(&query).expect("audit").iter().filter(|e| e.detail.as_deref() == Some(command)).count()
}

/// Whether the table lets `role` run `command` (with no break-the-glass grant).
fn allowed(role: Role, command: &CommandSpec) -> bool {
    match command.access {
        Access::Anyone | Access::AnySession | Access::UnlockedSession => true,
        Access::Permission(action) => role_may(role, action),
        Access::Chart => role_may(role, Action::ViewChart),
    }
}

#[test]
fn every_role_and_every_command_follow_the_permission_table() {
    let clinic = Clinic::new();
    let mut refused = 0;
    let mut checked = 0;
    for (round, role) in Role::ALL.into_iter().enumerate() {
        for command in COMMANDS {
            // A fresh session for each command: lock, log out and grants do not carry over.
            clinic.resume(role);
            let before = denials(&clinic, role, command.name);
            let result = call(&clinic, command, round);
            let forbidden = matches!(&result, Err(e) if e.code == ErrorCode::Forbidden);
            checked += 1;
            let name = command.name;
            if allowed(role, command) {
                assert!(!forbidden, "{role:?} may run {name} by the table, but got {result:?}");
                assert_eq!(denials(&clinic, role, name), before, "{role:?} {name}: no denial recorded");
            } else {
                refused += 1;
                assert!(forbidden, "{role:?} may not run {name} by the table, but got {result:?}");
                assert_eq!(denials(&clinic, role, name), before + 1, "{role:?} {name}: the refusal is audited");
            }
        }
    }
    assert_eq!(checked, Role::ALL.len() * COMMANDS.len());
    assert!(refused > 40, "the table refuses many pairs ({refused})");
}

#[test]
fn without_a_session_only_the_open_commands_answer() {
    let clinic = Clinic::new();
    for command in COMMANDS {
        let result = call(&clinic, command, 99);
        let name = command.name;
        match command.access {
            Access::Anyone => assert!(
                !matches!(&result, Err(e) if e.code == ErrorCode::NotSignedIn || e.code == ErrorCode::Forbidden),
                "{name}: {result:?}"
            ),
            _ => assert_eq!(result.expect_err(name).code, ErrorCode::NotSignedIn, "{name}"),
        }
    }
}

#[test]
fn reads_of_patient_data_are_audited_for_the_roles_that_may_read() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Billing);
    commands::get_patient(&clinic.state, clinic.patient).expect("billing sees demographics");
    commands::search_patients(&clinic.state, "okafor".into(), 5).expect("search");
    let billing = clinic.actor(Role::Billing).user_id;
    let events = clinic.store().all_audit_events(&AuditQuery { user_id: Some(billing), ..Default::default() }).expect("audit");
    let actions: Vec<AuditAction> = events.iter().map(|e| e.action).collect();
    assert!(
        actions.ends_with(&[AuditAction::LoginSucceeded, AuditAction::PatientViewed, AuditAction::PatientsSearched]),
        "{actions:?}"
    );
    assert_eq!(events.iter().rev().nth(1).and_then(|e| e.patient_id.clone()), Some(clinic.patient.to_string()));
}
