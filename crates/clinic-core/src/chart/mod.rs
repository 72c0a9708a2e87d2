//! The patient chart's pure rules: allergies, vitals, lab results, prescriptions, the allergy
//! check when prescribing, and encounters with their amendments. No storage and no clock:
//! callers bring the rows and the date.

pub mod allergy;
pub mod condition;
pub mod conflicts;
pub mod decimal;
pub mod encounter;
pub mod icd10;
pub mod labs;
pub mod prescription;
pub mod record;
pub(crate) mod text;
pub mod vitals;

pub use allergy::{
    allergy_record, check_no_known_allergies, no_known_allergies_after, Allergy, AllergyInput, AllergyRecord, AllergySeverity,
    AllergyStatus,
};
pub use condition::{Condition, ConditionInput, ConditionStatus, PatientHistoryInput};
pub use conflicts::{
    allergy_conflicts, check_override, AllergyConflict, ConflictKind, MAX_OVERRIDE_REASON_CHARS, MIN_OVERRIDE_REASON_CHARS,
};
pub use decimal::{Decimal, DecimalError, MAX_DECIMAL_PLACES};
pub use encounter::{
    check_amendable, check_editable, current_version, AmendmentInput, Diagnosis, Encounter, EncounterAmendment,
    EncounterEditError, EncounterHistory, EncounterInput, EncounterVersion, HistoryError,
};
pub use icd10::{icd10_description, search_icd10, Icd10Code};
pub use labs::{abnormal_flag, LabFlag, LabResult, LabResultInput, LabValue, ReferenceRange, CRITICAL_FACTOR};
pub use prescription::{
    change_status, Prescription, PrescriptionChange, PrescriptionChangeError, PrescriptionInput, PrescriptionStatus, Route,
    StatusChange, MAX_MEDICATION,
};
pub use record::{
    ChartRecord, ClinicalAlert, EncounterSummary, LabEntry, PatientHistory, PrescriptionEntry, UrgentResult, VitalsReading,
};
pub use vitals::{bmi_tenths, Vitals, VitalsInput};
