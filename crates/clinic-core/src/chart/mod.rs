//! The patient chart's pure rules: allergies, vitals, lab results, prescriptions, the allergy
//! check when prescribing, and encounters with their amendments. No storage and no clock:
//! callers bring the rows and the date.

pub mod allergy;
pub mod conflicts;
pub mod decimal;
pub mod encounter;
pub mod labs;
pub mod prescription;
mod text;
pub mod vitals;

pub use allergy::{
    allergy_record, check_no_known_allergies, no_known_allergies_after, Allergy, AllergyInput, AllergyRecord, AllergySeverity,
    AllergyStatus,
};
pub use conflicts::{
    allergy_conflicts, check_override, AllergyConflict, ConflictKind, MAX_OVERRIDE_REASON_CHARS, MIN_OVERRIDE_REASON_CHARS,
};
pub use decimal::{Decimal, DecimalError, MAX_DECIMAL_PLACES};
pub use encounter::{
    check_amendable, check_editable, current_version, AmendmentInput, Diagnosis, Encounter, EncounterAmendment,
    EncounterEditError, EncounterHistory, EncounterInput, EncounterVersion, HistoryError,
};
pub use labs::{abnormal_flag, LabFlag, LabResult, LabResultInput, LabValue, ReferenceRange, CRITICAL_FACTOR};
pub use prescription::{
    change_status, Prescription, PrescriptionChange, PrescriptionChangeError, PrescriptionInput, PrescriptionStatus, Route,
    StatusChange,
};
pub use vitals::{bmi_tenths, Vitals, VitalsInput};
