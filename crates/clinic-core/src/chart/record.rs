//! The chart as the store reads it back: each clinical entry with who recorded it and when,
//! the urgent alerts, and the whole record of one patient as the chart screen shows it.

use crate::ids::{AppointmentId, EncounterId, LabResultId, PatientId, ResultAlertId, UserId, VitalsId};
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Allergy, AllergyRecord, Condition, EncounterVersion, LabFlag, LabResult, Prescription, Vitals};

/// One set of vital signs on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VitalsReading {
    /// The reading's id (UUIDv7).
    pub id: VitalsId,
    /// The measurements and the BMI.
    #[serde(flatten)]
    pub vitals: Vitals,
    /// When they were taken.
    #[ts(type = "string")]
    pub taken_at: DateTime<Utc>,
    /// Who recorded them (a user id; names are in [`ChartRecord::staff`]).
    pub recorded_by: String,
}

/// One lab result on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabEntry {
    /// The result's id (UUIDv7).
    pub id: LabResultId,
    /// The result with its flag.
    #[serde(flatten)]
    pub result: LabResult,
    /// When it was entered.
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    /// Who entered it (a user id).
    pub recorded_by: String,
}

/// One prescription on the chart, with who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrescriptionEntry {
    /// The prescription and its status.
    #[serde(flatten)]
    pub prescription: Prescription,
    /// The prescribing doctor (a user id).
    pub prescriber_id: UserId,
    /// When it was written.
    #[ts(type = "string")]
    pub prescribed_at: DateTime<Utc>,
    /// The visit it was written in, if any.
    pub encounter_id: Option<EncounterId>,
}

/// One visit as the chart lists it: the current version of its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EncounterSummary {
    /// The encounter's id.
    pub id: EncounterId,
    /// The doctor who saw the patient (a user id).
    pub provider_id: UserId,
    /// The appointment, when the visit was booked.
    pub appointment_id: Option<AppointmentId>,
    /// When the note was started.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// When it was signed; `null` for a draft.
    #[ts(type = "string | null")]
    pub signed_at: Option<DateTime<Utc>>,
    /// The version to show: the newest amendment, or the original.
    pub current: EncounterVersion,
    /// How many versions there are (1 when never amended).
    pub version_count: u32,
}

/// An urgent result raised for a doctor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClinicalAlert {
    /// The alert's id (UUIDv7).
    pub id: ResultAlertId,
    /// The patient it is about.
    pub patient_id: PatientId,
    /// The lab result that raised it.
    pub lab_result_id: LabResultId,
    /// Abnormal or critical.
    pub flag: LabFlag,
    /// What to look at, e.g. "Potassium 6.8 mmol/L (critical high)".
    pub message: String,
    /// The doctor it is for; `null` for any doctor (no doctor has seen the patient yet).
    pub for_user_id: Option<UserId>,
    /// When it was raised.
    #[ts(type = "string")]
    pub raised_at: DateTime<Utc>,
    /// When a doctor acknowledged it; `null` while open.
    #[ts(type = "string | null")]
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// The family and social history with when they were last changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientHistory {
    /// Illnesses in the family.
    pub family_history: Option<String>,
    /// Smoking, alcohol, work, living situation...
    pub social_history: Option<String>,
    /// When either was last changed; `null` when never written.
    #[ts(type = "string | null")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Everything clinical about one patient, as the chart screen shows it. Lists are newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChartRecord {
    /// The allergy state for the banner: not recorded, none known, or the active allergies.
    pub allergies: AllergyRecord,
    /// Every allergy ever recorded, including inactive and entered-in-error ones.
    pub allergy_history: Vec<Allergy>,
    /// The problem list: active first, then resolved.
    pub conditions: Vec<Condition>,
    /// Family and social history.
    pub history: PatientHistory,
    /// Visits, newest first.
    pub encounters: Vec<EncounterSummary>,
    /// Vital signs, newest first.
    pub vitals: Vec<VitalsReading>,
    /// Lab results, newest first.
    pub labs: Vec<LabEntry>,
    /// Prescriptions, active first, then newest first.
    pub prescriptions: Vec<PrescriptionEntry>,
    /// Open urgent alerts about this patient.
    pub alerts: Vec<ClinicalAlert>,
    /// The names of the staff the entries mention, by user id.
    pub staff: BTreeMap<String, String>,
}

/// An open urgent result in a doctor's list, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UrgentResult {
    /// The alert.
    #[serde(flatten)]
    pub alert: ClinicalAlert,
    /// The patient's name as the clinic uses it.
    pub patient_name: String,
    /// The patient's record number.
    pub mrn: String,
}
