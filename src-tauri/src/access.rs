//! What each command needs: the one place where commands meet the permission table of
//! `clinic-core`. `AppState::authorize` reads it, so a command cannot check the wrong thing.

use clinic_core::Action;

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed: status, first-run setup, logging in, asking who is logged in.
    Anyone,
    /// Any session, even a locked one or one that must change its password.
    AnySession,
    /// An unlocked session, even one that must change its password.
    UnlockedSession,
    /// An unlocked session whose role may do this action.
    Permission(Action),
    /// An unlocked session whose role may view charts, or with break-the-glass for the patient.
    Chart,
}

/// Every command and what it needs; `tests` checks this lists exactly `COMMAND_NAMES`.
pub const COMMAND_ACCESS: &[(&str, Access)] = &[
    ("app_status", Access::Anyone),
    ("set_up_clinic", Access::Anyone),
    ("log_in", Access::Anyone),
    ("current_session", Access::Anyone),
    ("lock_session", Access::AnySession),
    ("unlock_session", Access::AnySession),
    ("log_out", Access::AnySession),
    ("record_activity", Access::UnlockedSession),
    ("change_own_password", Access::UnlockedSession),
    ("search_patients", Access::Permission(Action::ViewPatients)),
    ("list_patients", Access::Permission(Action::ViewPatients)),
    ("get_patient", Access::Permission(Action::ViewPatients)),
    ("create_patient", Access::Permission(Action::EditPatients)),
    ("update_patient", Access::Permission(Action::EditPatients)),
    ("archive_patient", Access::Permission(Action::EditPatients)),
    ("open_patient_chart", Access::Chart),
    ("break_the_glass", Access::Permission(Action::BreakTheGlass)),
    ("list_users", Access::Permission(Action::ManageUsers)),
    ("create_user", Access::Permission(Action::ManageUsers)),
    ("update_user", Access::Permission(Action::ManageUsers)),
    ("disable_user", Access::Permission(Action::ManageUsers)),
    ("enable_user", Access::Permission(Action::ManageUsers)),
    ("reset_user_password", Access::Permission(Action::ManageUsers)),
    ("list_audit_events", Access::Permission(Action::ViewAuditTrail)),
    ("export_audit_csv", Access::Permission(Action::ViewAuditTrail)),
    ("verify_audit_trail", Access::Permission(Action::ViewAuditTrail)),
    ("list_security_alerts", Access::Permission(Action::ViewAuditTrail)),
    ("acknowledge_security_alert", Access::Permission(Action::ViewAuditTrail)),
    ("save_settings", Access::Permission(Action::ManageSettings)),
    ("get_settings", Access::Permission(Action::ManageSettings)),
    ("list_providers", Access::Permission(Action::ViewSchedule)),
    ("save_provider", Access::Permission(Action::ManageSchedules)),
    ("list_schedule_exceptions", Access::Permission(Action::ViewSchedule)),
    ("add_schedule_exception", Access::Permission(Action::ManageSchedules)),
    ("remove_schedule_exception", Access::Permission(Action::ManageSchedules)),
    ("list_appointment_types", Access::Permission(Action::ViewSchedule)),
    ("save_appointment_type", Access::Permission(Action::ManageSchedules)),
    ("calendar", Access::Permission(Action::ViewSchedule)),
    ("book_appointment", Access::Permission(Action::BookAppointments)),
    ("preview_series", Access::Permission(Action::BookAppointments)),
    ("book_series", Access::Permission(Action::BookAppointments)),
    ("reschedule_appointment", Access::Permission(Action::BookAppointments)),
    ("move_appointment_status", Access::Permission(Action::BookAppointments)),
    ("next_available_slot", Access::Permission(Action::ViewSchedule)),
    ("todays_queue", Access::Permission(Action::ViewSchedule)),
    ("reminders_due", Access::Permission(Action::ViewSchedule)),
    ("mark_reminded", Access::Permission(Action::BookAppointments)),
    ("patient_appointments", Access::Permission(Action::ViewSchedule)),
    ("encounter_history", Access::Chart),
    ("check_prescription", Access::Chart),
    ("search_icd10", Access::Permission(Action::ViewChart)),
    ("record_allergy", Access::Permission(Action::RecordObservations)),
    ("change_allergy", Access::Permission(Action::RecordObservations)),
    ("record_no_known_allergies", Access::Permission(Action::RecordObservations)),
    ("record_vitals", Access::Permission(Action::RecordObservations)),
    ("record_lab_result", Access::Permission(Action::RecordObservations)),
    ("record_condition", Access::Permission(Action::WriteClinicalNotes)),
    ("change_condition", Access::Permission(Action::WriteClinicalNotes)),
    ("save_patient_history", Access::Permission(Action::WriteClinicalNotes)),
    ("save_encounter", Access::Permission(Action::WriteClinicalNotes)),
    ("amend_encounter", Access::Permission(Action::WriteClinicalNotes)),
    ("list_clinical_alerts", Access::Permission(Action::WriteClinicalNotes)),
    ("acknowledge_clinical_alert", Access::Permission(Action::WriteClinicalNotes)),
    ("prescribe", Access::Permission(Action::Prescribe)),
    ("change_prescription", Access::Permission(Action::Prescribe)),
    ("save_prescription_pdf", Access::Permission(Action::Prescribe)),
    ("list_services", Access::Permission(Action::ViewBilling)),
    ("save_service", Access::Permission(Action::ManageBilling)),
    ("get_billing_settings", Access::Permission(Action::ViewBilling)),
    ("save_billing_settings", Access::Permission(Action::ManageBilling)),
    ("patient_account", Access::Permission(Action::ViewBilling)),
    ("get_invoice", Access::Permission(Action::ViewBilling)),
    ("appointment_invoice_lines", Access::Permission(Action::ViewBilling)),
    ("save_invoice_pdf", Access::Permission(Action::ViewBilling)),
    ("create_invoice", Access::Permission(Action::TakePayments)),
    ("update_invoice_draft", Access::Permission(Action::TakePayments)),
    ("issue_invoice", Access::Permission(Action::TakePayments)),
    ("take_payment", Access::Permission(Action::TakePayments)),
    ("add_insurance_policy", Access::Permission(Action::TakePayments)),
    ("void_invoice", Access::Permission(Action::ManageBilling)),
    ("issue_credit_note", Access::Permission(Action::ManageBilling)),
    ("refund_payment", Access::Permission(Action::ManageBilling)),
    ("create_claim", Access::Permission(Action::ManageBilling)),
    ("move_claim", Access::Permission(Action::ManageBilling)),
    ("list_claims", Access::Permission(Action::ManageBilling)),
    ("cash_up", Access::Permission(Action::ViewBillingReports)),
    ("outstanding_balances", Access::Permission(Action::ViewBillingReports)),
    ("claims_report", Access::Permission(Action::ViewBillingReports)),
    ("export_billing_csv", Access::Permission(Action::ViewBillingReports)),
    // Sync: the indicator is shown before login too (a joining site's progress); joining is
    // refused once the installation holds a clinic.
    ("sync_status", Access::Anyone),
    ("sync_now", Access::UnlockedSession),
    ("enrol_site", Access::Permission(Action::ManageSettings)),
    ("join_clinic", Access::Anyone),
    ("sync_problems", Access::Permission(Action::ManageSettings)),
    ("list_booking_conflicts", Access::Permission(Action::ViewSchedule)),
    ("resolve_booking_conflict", Access::Permission(Action::BookAppointments)),
];

/// What `command` needs, or `None` for a name not in the table.
pub fn access_of(command: &str) -> Option<Access> {
    COMMAND_ACCESS.iter().find(|(name, _)| *name == command).map(|(_, access)| *access)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::COMMAND_NAMES;

    #[test]
    fn every_command_has_exactly_one_access_rule() {
        let listed: Vec<&str> = COMMAND_ACCESS.iter().map(|(n, _)| *n).collect();
        let unique: BTreeSet<&str> = listed.iter().copied().collect();
        assert_eq!(unique.len(), listed.len(), "a command is listed twice");
        assert_eq!(unique, COMMAND_NAMES.iter().copied().collect::<BTreeSet<_>>());
    }
}
