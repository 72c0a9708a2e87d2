//! The audit trail (docs/decisions.md §4): what happened, by whom, to which patient. Never the data
//! itself. Each site's events form a hash chain, so a changed or removed event shows.

use crate::ids::{PatientId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::Role;

/// What an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    ClinicSetUp,
    LoginSucceeded,
    LoginFailed,
    AccountLockedOut,
    LoggedOut,
    SessionLocked,
    SessionUnlocked,
    UnlockFailed,
    PermissionDenied,
    UserCreated,
    UserUpdated,
    UserDisabled,
    UserEnabled,
    PasswordReset,
    PasswordChanged,
    BreakTheGlass,
    ChartOpened,
    PatientViewed,
    PatientsSearched,
    PatientsListed,
    PatientCreated,
    PatientUpdated,
    PatientArchived,
    AuditTrailViewed,
    AuditTrailExported,
    AuditTrailVerified,
    SecurityAlertAcknowledged,
    SettingsChanged,
    ScheduleChanged,
    AppointmentBooked,
    AppointmentRescheduled,
    AppointmentStatusChanged,
    AppointmentReminded,
    AppointmentsViewed,
    AllergyRecorded,
    AllergyChanged,
    ConditionRecorded,
    ConditionChanged,
    HistoryChanged,
    EncounterSaved,
    EncounterSigned,
    EncounterAmended,
    VitalsRecorded,
    LabResultRecorded,
    PrescriptionWritten,
    PrescriptionChanged,
    PrescriptionPrinted,
    ClinicalAlertAcknowledged,
    ClinicalRecordRead,
    FeeScheduleChanged,
    InvoiceCreated,
    InvoiceChanged,
    InvoiceIssued,
    InvoiceVoided,
    CreditNoteIssued,
    PaymentTaken,
    PaymentRefunded,
    InsurancePolicyChanged,
    ClaimChanged,
    BillingViewed,
    SiteEnrolled,
    SiteUnlinked,
    DoubleBookingAccepted,
}

impl AuditAction {
    /// Every action, in the order the viewer lists them.
    pub const ALL: [AuditAction; 63] = [
        AuditAction::ClinicSetUp,
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::AccountLockedOut,
        AuditAction::LoggedOut,
        AuditAction::SessionLocked,
        AuditAction::SessionUnlocked,
        AuditAction::UnlockFailed,
        AuditAction::PermissionDenied,
        AuditAction::UserCreated,
        AuditAction::UserUpdated,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::PasswordReset,
        AuditAction::PasswordChanged,
        AuditAction::BreakTheGlass,
        AuditAction::ChartOpened,
        AuditAction::PatientViewed,
        AuditAction::PatientsSearched,
        AuditAction::PatientsListed,
        AuditAction::PatientCreated,
        AuditAction::PatientUpdated,
        AuditAction::PatientArchived,
        AuditAction::AuditTrailViewed,
        AuditAction::AuditTrailExported,
        AuditAction::AuditTrailVerified,
        AuditAction::SecurityAlertAcknowledged,
        AuditAction::SettingsChanged,
        AuditAction::ScheduleChanged,
        AuditAction::AppointmentBooked,
        AuditAction::AppointmentRescheduled,
        AuditAction::AppointmentStatusChanged,
        AuditAction::AppointmentReminded,
        AuditAction::AppointmentsViewed,
        AuditAction::AllergyRecorded,
        AuditAction::AllergyChanged,
        AuditAction::ConditionRecorded,
        AuditAction::ConditionChanged,
        AuditAction::HistoryChanged,
        AuditAction::EncounterSaved,
        AuditAction::EncounterSigned,
        AuditAction::EncounterAmended,
        AuditAction::VitalsRecorded,
        AuditAction::LabResultRecorded,
        AuditAction::PrescriptionWritten,
        AuditAction::PrescriptionChanged,
        AuditAction::PrescriptionPrinted,
        AuditAction::ClinicalAlertAcknowledged,
        AuditAction::ClinicalRecordRead,
        AuditAction::FeeScheduleChanged,
        AuditAction::InvoiceCreated,
        AuditAction::InvoiceChanged,
        AuditAction::InvoiceIssued,
        AuditAction::InvoiceVoided,
        AuditAction::CreditNoteIssued,
        AuditAction::PaymentTaken,
        AuditAction::PaymentRefunded,
        AuditAction::InsurancePolicyChanged,
        AuditAction::ClaimChanged,
        AuditAction::BillingViewed,
        AuditAction::SiteEnrolled,
        AuditAction::SiteUnlinked,
        AuditAction::DoubleBookingAccepted,
    ];

    /// The stored code (the serde name).
    pub fn code(self) -> &'static str {
        use AuditAction::*;
        match self {
            ClinicSetUp => "clinic_set_up",
            LoginSucceeded => "login_succeeded",
            LoginFailed => "login_failed",
            AccountLockedOut => "account_locked_out",
            LoggedOut => "logged_out",
            SessionLocked => "session_locked",
            SessionUnlocked => "session_unlocked",
            UnlockFailed => "unlock_failed",
            PermissionDenied => "permission_denied",
            UserCreated => "user_created",
            UserUpdated => "user_updated",
            UserDisabled => "user_disabled",
            UserEnabled => "user_enabled",
            PasswordReset => "password_reset",
            PasswordChanged => "password_changed",
            BreakTheGlass => "break_the_glass",
            ChartOpened => "chart_opened",
            PatientViewed => "patient_viewed",
            PatientsSearched => "patients_searched",
            PatientsListed => "patients_listed",
            PatientCreated => "patient_created",
            PatientUpdated => "patient_updated",
            PatientArchived => "patient_archived",
            AuditTrailViewed => "audit_trail_viewed",
            AuditTrailExported => "audit_trail_exported",
            AuditTrailVerified => "audit_trail_verified",
            SecurityAlertAcknowledged => "security_alert_acknowledged",
            SettingsChanged => "settings_changed",
            ScheduleChanged => "schedule_changed",
            AppointmentBooked => "appointment_booked",
            AppointmentRescheduled => "appointment_rescheduled",
            AppointmentStatusChanged => "appointment_status_changed",
            AppointmentReminded => "appointment_reminded",
            AppointmentsViewed => "appointments_viewed",
            AllergyRecorded => "allergy_recorded",
            AllergyChanged => "allergy_changed",
            ConditionRecorded => "condition_recorded",
            ConditionChanged => "condition_changed",
            HistoryChanged => "history_changed",
            EncounterSaved => "encounter_saved",
            EncounterSigned => "encounter_signed",
            EncounterAmended => "encounter_amended",
            VitalsRecorded => "vitals_recorded",
            LabResultRecorded => "lab_result_recorded",
            PrescriptionWritten => "prescription_written",
            PrescriptionChanged => "prescription_changed",
            PrescriptionPrinted => "prescription_printed",
            ClinicalAlertAcknowledged => "clinical_alert_acknowledged",
            ClinicalRecordRead => "clinical_record_read",
            FeeScheduleChanged => "fee_schedule_changed",
            InvoiceCreated => "invoice_created",
            InvoiceChanged => "invoice_changed",
            InvoiceIssued => "invoice_issued",
            InvoiceVoided => "invoice_voided",
            CreditNoteIssued => "credit_note_issued",
            PaymentTaken => "payment_taken",
            PaymentRefunded => "payment_refunded",
            InsurancePolicyChanged => "insurance_policy_changed",
            ClaimChanged => "claim_changed",
            BillingViewed => "billing_viewed",
            SiteEnrolled => "site_enrolled",
            SiteUnlinked => "site_unlinked",
            DoubleBookingAccepted => "double_booking_accepted",
        }
    }

    /// The action for a stored code.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Who did something: the logged-in user, as the session knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub role: Role,
}

/// An event about to be written. `detail` holds no patient data: a command name, a changed
/// field's name, a break-the-glass reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub actor: Option<Actor>,
    pub action: AuditAction,
    pub entity: Option<&'static str>,
    pub entity_id: Option<String>,
    pub patient_id: Option<PatientId>,
    pub detail: Option<String>,
}

impl AuditRecord {
    /// An event by `actor` (or by nobody yet known, for a failed login).
    pub fn new(actor: Option<&Actor>, action: AuditAction) -> Self {
        AuditRecord { actor: actor.cloned(), action, entity: None, entity_id: None, patient_id: None, detail: None }
    }

    /// The event concerns this patient.
    pub fn patient(mut self, id: &PatientId) -> Self {
        self.entity = Some("patient");
        self.entity_id = Some(id.to_string());
        self.patient_id = Some(*id);
        self
    }

    /// The event concerns this record of another kind.
    pub fn entity(mut self, entity: &'static str, id: impl std::fmt::Display) -> Self {
        self.entity = Some(entity);
        self.entity_id = Some(id.to_string());
        self
    }

    /// A short note without patient data.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// The hash before a site's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a stored event that its hash covers, exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChainedFields {
    pub id: String,
    pub site_id: String,
    pub seq: i64,
    pub occurred_at: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub patient_id: Option<String>,
    pub detail: Option<String>,
}

impl ChainedFields {
    /// SHA-256 (hex) of the previous event's hash and this event's fields, each length-prefixed
    /// so that no two different events encode the same bytes.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        let mut h = Sha256::new();
        let mut put = |value: Option<&str>| match value {
            Some(v) => {
                h.update(format!("{}:", v.len()));
                h.update(v.as_bytes());
            }
            None => h.update(b"-"),
        };
        let seq = self.seq.to_string();
        for value in [
            Some(prev_hash),
            Some(self.id.as_str()),
            Some(self.site_id.as_str()),
            Some(seq.as_str()),
            Some(self.occurred_at.as_str()),
            self.user_id.as_deref(),
            self.username.as_deref(),
            self.role.as_deref(),
            Some(self.action.as_str()),
            self.entity.as_deref(),
            self.entity_id.as_deref(),
            self.patient_id.as_deref(),
            self.detail.as_deref(),
        ] {
            put(value);
        }
        hex::encode(h.finalize())
    }
}

/// One event as the audit viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    pub id: String,
    pub site_id: String,
    pub site_code: Option<String>,
    #[ts(type = "number")]
    pub seq: i64,
    pub occurred_at: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub role: Option<Role>,
    pub action: AuditAction,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub patient_id: Option<String>,
    /// The patient's name, for the viewer (not part of the stored event).
    pub patient_name: Option<String>,
    /// The patient's medical record number (not part of the stored event).
    pub patient_mrn: Option<String>,
    pub detail: Option<String>,
}

/// Which events the viewer asks for. Dates are the clinic's calendar days, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditFilter {
    pub user_id: Option<UserId>,
    pub patient_id: Option<PatientId>,
    pub action: Option<AuditAction>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
}

/// The filter in the store's terms: instants instead of days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user_id: Option<UserId>,
    pub patient_id: Option<PatientId>,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// One page of audit events, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditPage {
    pub events: Vec<AuditEntry>,
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// Where a hash chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrokenLink {
    pub site_id: String,
    #[ts(type = "number")]
    pub seq: i64,
    pub event_id: Option<String>,
    pub problem: String,
}

/// What verifying the audit trail found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditVerification {
    #[ts(type = "number")]
    pub events_checked: u64,
    pub sites_checked: u32,
    /// The first broken link found, or none when every chain is intact.
    pub broken: Option<BrokenLink>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
            assert_eq!(serde_json::to_value(action).expect("json"), action.code());
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = ChainedFields {
            id: "e1".into(),
            site_id: "s".into(),
            seq: 1,
            occurred_at: "2026-11-24T10:00:00.000Z".into(),
            action: "patient_viewed".into(),
            patient_id: Some("p".into()),
            ..Default::default()
        };
        let h = base.chain_hash(GENESIS_HASH);
        assert_eq!(h.len(), 64);
        assert_ne!(base.chain_hash("1"), h);
        let moved = ChainedFields { patient_id: None, entity_id: Some("p".into()), ..base.clone() };
        assert_ne!(moved.chain_hash(GENESIS_HASH), h, "a value moved to another field changes the hash");
        let empty_vs_none = ChainedFields { detail: Some(String::new()), ..base.clone() };
        assert_ne!(empty_vs_none.chain_hash(GENESIS_HASH), h);
    }
}
