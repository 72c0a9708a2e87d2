//! Done means 1: for every role and every Tauri command, the command is allowed or refused as
//! the permission table says; a refusal is a typed "forbidden" error and an audit event.

mod common;

use clinic_core::billing::{BillingSettings, ClaimMove};
use clinic_core::chart::{AmendmentInput, PatientHistoryInput, PrescriptionChange, VitalsInput};
use clinic_core::scheduling::StatusMove;
use clinic_core::{
    role_may, Action, AuditAction, AuditFilter, AuditQuery, ListPatientsRequest, NewUserInput, PatientSort, Role, SiteSettings,
    UserUpdateInput,
};
use clinic_desk_lib::access::{access_of, Access};
use clinic_desk_lib::billing::{self, BillingReport};
use clinic_desk_lib::{admin, auth, chart, patients, schedule, sync, users, CommandError, ErrorCode, COMMAND_NAMES};
use common::*;

/// Calls `command` as the logged-in user with sensible arguments. A command missing here
/// fails the walk: every new command must be added.
fn call(clinic: &Clinic, command: &str, round: usize) -> Result<(), CommandError> {
    let state = &clinic.state;
    let p = clinic.patient.as_str();
    match command {
        "app_status" => auth::app_status(state).map(drop),
        "set_up_clinic" => auth::set_up_clinic(
            state,
            &clinic_core::ClinicSetupInput {
                clinic_name: "Another".into(),
                site_name: "X".into(),
                site_code: "ANO".into(),
                username: "intruder".into(),
                display_name: "I".into(),
                password: PASSWORD.into(),
            },
        )
        .map(drop),
        "log_in" => auth::log_in(state, "nobody.at.all", "wrong password").map(drop),
        "current_session" => auth::current_session(state).map(drop),
        "lock_session" => auth::lock_session(state).map(drop),
        "unlock_session" => auth::unlock_session(state, PASSWORD).map(drop),
        "log_out" => auth::log_out(state),
        "record_activity" => auth::record_activity(state),
        "change_own_password" => auth::change_own_password(state, "not my password", "another long passphrase").map(drop),
        "search_patients" => patients::search(state, "okafor", 10).map(drop),
        "list_patients" => patients::list(
            state,
            &ListPatientsRequest { page: 1, page_size: 25, sort: PatientSort::FamilyName, include_archived: true },
        )
        .map(drop),
        "get_patient" => patients::get(state, p).map(drop),
        "create_patient" => patients::create(state, &patient_input("Cy", &format!("Tan{round}"))).map(drop),
        "update_patient" => patients::update(state, p, &patient_input("Ada", &format!("Okafor{round}"))).map(drop),
        "archive_patient" => patients::archive(state, &clinic.other_patient).map(drop),
        "open_patient_chart" => patients::open_chart(state, p).map(drop),
        "break_the_glass" => patients::break_the_glass(state, p, "patient collapsed in the waiting room").map(drop),
        "list_users" => users::list(state).map(drop),
        "create_user" => users::create(
            state,
            &NewUserInput {
                username: format!("new.user{round}"),
                display_name: "New".into(),
                role: Some(Role::Billing),
                password: PASSWORD.into(),
            },
        )
        .map(drop),
        "update_user" => {
            users::update(state, &clinic.victim, &UserUpdateInput { display_name: format!("V{round}"), role: Some(Role::Nurse) })
                .map(drop)
        }
        "disable_user" => users::disable(state, &clinic.victim).map(drop),
        "enable_user" => users::enable(state, &clinic.victim).map(drop),
        "reset_user_password" => users::reset_password(state, &clinic.victim, "a temporary passphrase").map(drop),
        "list_audit_events" => admin::list_audit_events(state, &AuditFilter::default(), 1, 10).map(drop),
        "export_audit_csv" => admin::export_audit_csv(state, &AuditFilter::default()).map(drop),
        "verify_audit_trail" => admin::verify_audit_trail(state).map(drop),
        "list_security_alerts" => admin::list_security_alerts(state).map(drop),
        "acknowledge_security_alert" => {
            admin::acknowledge_security_alert(state, "0190b7c4-0000-7000-8000-000000000000").map(drop)
        }
        "save_settings" => {
            admin::save_settings(state, &SiteSettings { idle_lock_minutes: 10, ..SiteSettings::default() }).map(drop)
        }
        "get_settings" => admin::get_settings(state).map(drop),
        "list_providers" => schedule::list_providers(state).map(drop),
        "save_provider" => schedule::save_provider(state, None, &provider_input(&format!("Dr Walk {round}"))).map(drop),
        "list_schedule_exceptions" => schedule::list_schedule_exceptions(state, &clinic.provider).map(drop),
        "add_schedule_exception" => schedule::add_schedule_exception(state, &leave_input(&clinic.provider)).map(drop),
        "remove_schedule_exception" => {
            schedule::remove_schedule_exception(state, "0190b7c4-0000-7000-8000-000000000000").map(drop)
        }
        "list_appointment_types" => schedule::list_appointment_types(state).map(drop),
        "save_appointment_type" => schedule::save_appointment_type(state, None, &type_input()).map(drop),
        "calendar" => schedule::calendar(state, "2026-12-01", 1, None).map(drop),
        "book_appointment" => {
            schedule::book_appointment(state, &booking_input(p, &clinic.provider, &format!("2026-12-01T{:02}:00", 9 + round % 3)))
                .map(drop)
        }
        "preview_series" => {
            schedule::preview_series(state, &booking_input(p, &clinic.provider, "2026-12-02T09:00"), &weekly()).map(drop)
        }
        "book_series" => schedule::book_series(
            state,
            &booking_input(&clinic.other_patient, &clinic.provider, &format!("2026-12-03T{:02}:00", 9 + round % 3)),
            &weekly(),
        )
        .map(drop),
        "reschedule_appointment" => {
            schedule::reschedule_appointment(state, &clinic.appointment, &reschedule_to(&clinic.provider, round)).map(drop)
        }
        "move_appointment_status" => {
            schedule::move_appointment_status(state, &clinic.appointment, StatusMove::Cancel, Some("walk")).map(drop)
        }
        "next_available_slot" => schedule::next_available_slot(state, &slot_request(&clinic.provider)).map(drop),
        "todays_queue" => schedule::todays_queue(state).map(drop),
        "reminders_due" => schedule::reminders_due(state).map(drop),
        "mark_reminded" => schedule::mark_reminded(state, &clinic.appointment).map(drop),
        "patient_appointments" => schedule::patient_appointments(state, p).map(drop),
        "encounter_history" => chart::encounter_history(state, p, NO_SUCH).map(drop),
        "check_prescription" => chart::check_prescription(state, p, "Amoxicillin").map(drop),
        "search_icd10" => chart::search_icd10(state, "J06").map(drop),
        "record_allergy" => chart::record_allergy(state, p, &allergy_input()).map(drop),
        "change_allergy" => chart::change_allergy(state, p, NO_SUCH, &allergy_input()).map(drop),
        "record_no_known_allergies" => chart::record_no_known_allergies(state, p).map(drop),
        "record_vitals" => {
            chart::record_vitals(state, p, &VitalsInput { pulse_per_min: Some(72), ..Default::default() }).map(drop)
        }
        "record_lab_result" => chart::record_lab_result(state, p, &lab_input()).map(drop),
        "record_condition" => chart::record_condition(state, p, &condition_input()).map(drop),
        "change_condition" => chart::change_condition(state, p, NO_SUCH, &condition_input()).map(drop),
        "save_patient_history" => chart::save_patient_history(state, p, &PatientHistoryInput::default()).map(drop),
        "save_encounter" => chart::save_encounter(state, p, None, None, &note_input(), round % 2 == 0).map(drop),
        "amend_encounter" => {
            chart::amend_encounter(state, p, NO_SUCH, &AmendmentInput { note: note_input(), reason: "typo".into() }).map(drop)
        }
        "list_clinical_alerts" => chart::list_clinical_alerts(state).map(drop),
        "acknowledge_clinical_alert" => chart::acknowledge_clinical_alert(state, NO_SUCH).map(drop),
        "prescribe" => chart::prescribe(state, p, &prescription_input("Paracetamol"), None, None).map(drop),
        "change_prescription" => {
            chart::change_prescription(state, p, NO_SUCH, &PrescriptionChange::Stop { reason: Some("done".into()) }).map(drop)
        }
        "save_prescription_pdf" => chart::save_prescription_pdf(state, p, &[NO_SUCH.to_string()]).map(drop),
        "list_services" => billing::list_services(state).map(drop),
        "save_service" => billing::save_service(state, None, &service_input(round)).map(drop),
        "get_billing_settings" => billing::get_billing_settings(state).map(drop),
        "save_billing_settings" => billing::save_billing_settings(state, &BillingSettings::default()).map(drop),
        "patient_account" => billing::patient_account(state, p).map(drop),
        "get_invoice" => billing::get_invoice(state, NO_SUCH).map(drop),
        "appointment_invoice_lines" => billing::appointment_invoice_lines(state, &clinic.appointment).map(drop),
        "save_invoice_pdf" => billing::save_invoice_pdf(state, NO_SUCH, false).map(drop),
        "create_invoice" => billing::create_invoice(state, p, None, &invoice_draft(4_500)).map(drop),
        "update_invoice_draft" => billing::update_invoice_draft(state, NO_SUCH, &invoice_draft(4_500)).map(drop),
        "issue_invoice" => billing::issue_invoice(state, NO_SUCH).map(drop),
        "take_payment" => billing::take_payment(state, NO_SUCH, &cash(1_000)).map(drop),
        "add_insurance_policy" => billing::add_insurance_policy(state, p, &policy_input()).map(drop),
        "void_invoice" => billing::void_invoice(state, NO_SUCH, "Entered twice").map(drop),
        "issue_credit_note" => billing::issue_credit_note(state, NO_SUCH, &invoice_draft(100)).map(drop),
        "refund_payment" => billing::refund_payment(state, NO_SUCH, &refund(100)).map(drop),
        "create_claim" => billing::create_claim(state, NO_SUCH, NO_SUCH, 100).map(drop),
        "move_claim" => billing::move_claim(state, NO_SUCH, &ClaimMove::Submit).map(drop),
        "list_claims" => billing::list_claims(state, None).map(drop),
        "cash_up" => billing::cash_up(state, "2026-11-24").map(drop),
        "outstanding_balances" => billing::outstanding_balances(state).map(drop),
        "claims_report" => billing::claims_report(state).map(drop),
        "export_billing_csv" => billing::export_billing_csv(state, BillingReport::Claims, None).map(drop),
        "sync_status" => sync::sync_status(state).map(drop),
        "sync_now" => sync::sync_now(state),
        "enrol_site" => block_on(sync::enrol_site(
            state,
            // Nothing listens on port 9: the admin's attempt fails at the address, after the check.
            &sync::EnrolInput { server_url: "https://127.0.0.1:9".into(), fingerprint: String::new(), code: "ABCD".into() },
        ))
        .map(drop),
        "join_clinic" => block_on(sync::join_clinic(
            state,
            &sync::JoinClinicInput {
                server_url: "https://127.0.0.1:9".into(),
                fingerprint: String::new(),
                code: "ABCD".into(),
                site_name: "Second desk".into(),
                site_code: "TWO".into(),
            },
        ))
        .map(drop),
        "sync_problems" => sync::sync_problems(state).map(drop),
        "list_booking_conflicts" => sync::list_booking_conflicts(state).map(drop),
        "resolve_booking_conflict" => sync::resolve_booking_conflict(
            state,
            "no-such-pair",
            &clinic_core::sync::ConflictResolution::KeepBoth { note: "walk".into() },
        )
        .map(drop),
        other => panic!("the permission walk has no call for the command {other}: add one"),
    }
}

/// Runs an async command body to its end.
fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
}

fn denials(clinic: &Clinic, role: Role, command: &str) -> usize {
    let user = clinic.actor(role).user_id.to_string();
    let query = AuditQuery { user_id: Some(user), action: Some(AuditAction::PermissionDenied), ..Default::default() };
    clinic.store().all_audit_events(&query).expect("audit").iter().filter(|e| e.detail.as_deref() == Some(command)).count()
}

/// Whether the table lets `role` run `command` (with no break-the-glass grant).
fn allowed(role: Role, command: &str) -> bool {
    match access_of(command).unwrap_or_else(|| panic!("{command} has no access rule")) {
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
        for command in COMMAND_NAMES {
            // A fresh session for each command: lock, log out and grants do not carry over.
            clinic.resume(role);
            let before = denials(&clinic, role, command);
            let result = call(&clinic, command, round);
            let forbidden = matches!(&result, Err(e) if e.code == ErrorCode::Forbidden);
            checked += 1;
            if allowed(role, command) {
                assert!(!forbidden, "{role:?} may run {command} by the table, but got {result:?}");
                assert_eq!(denials(&clinic, role, command), before, "{role:?} {command}: no denial recorded");
            } else {
                refused += 1;
                assert!(forbidden, "{role:?} may not run {command} by the table, but got {result:?}");
                assert_eq!(denials(&clinic, role, command), before + 1, "{role:?} {command}: the refusal is audited");
            }
        }
    }
    assert_eq!(checked, Role::ALL.len() * COMMAND_NAMES.len());
    assert!(refused > 40, "the table refuses many pairs ({refused})");
}

#[test]
fn without_a_session_only_the_open_commands_answer() {
    let clinic = Clinic::new();
    for command in COMMAND_NAMES {
        let result = call(&clinic, command, 99);
        match access_of(command).expect("rule") {
            Access::Anyone => assert!(
                !matches!(&result, Err(e) if e.code == ErrorCode::NotSignedIn || e.code == ErrorCode::Forbidden),
                "{command}: {result:?}"
            ),
            _ => assert_eq!(result.expect_err(command).code, ErrorCode::NotSignedIn, "{command}"),
        }
    }
}

#[test]
fn reads_of_patient_data_are_audited_for_the_roles_that_may_read() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Billing);
    patients::get(&clinic.state, &clinic.patient).expect("billing sees demographics");
    patients::search(&clinic.state, "okafor", 5).expect("search");
    let billing = clinic.actor(Role::Billing).user_id.to_string();
    let events = clinic.store().all_audit_events(&AuditQuery { user_id: Some(billing), ..Default::default() }).expect("audit");
    let actions: Vec<AuditAction> = events.iter().map(|e| e.action).collect();
    assert!(
        actions.ends_with(&[AuditAction::LoginSucceeded, AuditAction::PatientViewed, AuditAction::PatientsSearched]),
        "{actions:?}"
    );
    assert_eq!(events.iter().rev().nth(1).and_then(|e| e.patient_id.clone()), Some(clinic.patient.clone()));
}
