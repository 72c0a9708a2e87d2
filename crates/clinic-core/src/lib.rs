//! Clinic Desk's domain: entities, validation, permissions and the sync clock. Pure: no I/O.

pub mod alert;
pub mod audit;
pub mod billing;
pub mod chart;
pub mod hlc;
pub mod ids;
pub mod listing;
pub mod password;
pub mod patient;
pub mod permission;
pub mod role;
pub mod scheduling;
pub mod search;
pub mod settings;
pub mod setup;
pub mod sync;
pub mod user;
pub mod validation;

pub use alert::SecurityAlert;
pub use audit::{
    Actor, AuditAction, AuditEntry, AuditFilter, AuditPage, AuditQuery, AuditRecord, AuditVerification, BrokenLink,
    ChainedFields, GENESIS_HASH,
};
pub use hlc::{Hlc, HlcClock, HlcParseError, Observed, Version};
pub use ids::{new_id, InvalidId, RecordId};
pub use listing::{ListPatientsRequest, PatientPage, PatientSort};
pub use patient::{BloodGroup, Patient, PatientDetails, PatientInput, PatientSummary, Sex};
pub use permission::{permissions_of, role_may, Action};
pub use role::Role;
pub use scheduling::{
    Appointment, AppointmentStatus, AppointmentType, AppointmentTypeInput, BookingInput, CalendarView, ExceptionKind,
    OccurrenceCheck, Provider, ProviderInput, Recurrence, ReminderItem, RescheduleInput, ScheduleException,
    ScheduleExceptionInput, SeriesPreview, Slot, SlotRequest, StatusMove, WeeklyHours, WorkingInterval,
};
pub use settings::{SiteSettings, DEFAULT_IDLE_LOCK_MINUTES, DEFAULT_TIME_ZONE};
pub use setup::{ClinicSetup, ClinicSetupInput};
pub use user::{lockout_after, validate_new_password, NewUser, NewUserInput, User, UserStatus, UserUpdateInput};
pub use validation::{FieldError, ValidationErrors};
