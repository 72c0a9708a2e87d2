//! The commands, made from the one table in `command_table.rs` by `command::commands!`: the
//! typed functions (`commands::log_in(&state, …)`), the Tauri handlers (`commands::ipc`), the
//! list of every command with its access (`COMMANDS`), and the JSON dispatcher (`invoke`).

use clinic_core::billing::{
    BillingSettings, CashUp, Claim, ClaimListing, ClaimMove, ClaimStatus, ClaimStatusRow, InsurancePolicy, InsurancePolicyInput,
    InvoiceDraftInput, InvoiceLineInput, InvoiceView, OutstandingRow, PatientAccount, PaymentInput, RefundInput, Service,
    ServiceInput,
};
use clinic_core::chart::{
    Allergy, AllergyConflict, AllergyInput, AllergyRecord, AmendmentInput, Condition, ConditionInput, EncounterHistory,
    EncounterInput, EncounterSummary, Icd10Code, LabEntry, LabResultInput, PatientHistory, PatientHistoryInput,
    PrescriptionChange, PrescriptionEntry, PrescriptionInput, UrgentResult, VitalsInput, VitalsReading,
};
use clinic_core::ids::{
    AllergyId, AppointmentId, AppointmentTypeId, ClaimId, ConditionId, EncounterId, InvoiceId, PatientId, PolicyId,
    PrescriptionId, ProviderId, ResultAlertId, ScheduleExceptionId, SecurityAlertId, ServiceId, UserId,
};
use clinic_core::scheduling::{
    Appointment, AppointmentType, AppointmentTypeInput, BookingInput, CalendarView, Provider, ProviderInput, Recurrence,
    ReminderItem, RescheduleInput, ScheduleException, ScheduleExceptionInput, SeriesPreview, Slot, SlotRequest, StatusMove,
};
use clinic_core::sync::{BookingConflict, ConflictResolution};
use clinic_core::{
    AuditFilter, AuditPage, AuditVerification, ClinicSetupInput, ListPatientsRequest, NewUserInput, Patient, PatientInput,
    PatientPage, PatientSummary, SecurityAlert, SiteSettings, User, UserUpdateInput,
};

use crate::admin::{self, ExportedFile};
use crate::billing::{self, BillingReport};
use crate::chart::{self, SavedDocument};

use crate::patients::{self, EmergencyAccess, PatientChart};
use crate::session::SessionInfo;
use crate::state::AppStatus;
use crate::sync::{self, EnrolInput, JoinClinicInput, SyncProblemView, SyncStatus, UnlinkInput};
use crate::{auth, schedule, users};

use crate::command::declare_commands;

include!("command_table.rs");
