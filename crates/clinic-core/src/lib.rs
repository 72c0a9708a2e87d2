//! Clinic Desk's domain: entities, validation and the sync clock. Pure: no I/O.

pub mod hlc;
pub mod ids;
pub mod listing;
pub mod patient;
pub mod search;
pub mod validation;

pub use hlc::{Hlc, HlcClock, HlcParseError, Observed, Version};
pub use ids::new_id;
pub use listing::{ListPatientsRequest, PatientPage, PatientSort};
pub use patient::{BloodGroup, Patient, PatientDetails, PatientInput, PatientSummary, Sex};
pub use validation::{FieldError, ValidationErrors};
