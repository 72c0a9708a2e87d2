//! Encounters (visit notes) and their amendments. A signed encounter is never edited: a
//! correction is an amendment that points at it and carries the whole corrected note. The chart
//! shows the newest amendment as the current version, with every version before it.

use crate::ids::{AddendumId, AppointmentId, EncounterId, PatientId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text;
use crate::validation::{Collector, ValidationErrors};

const MAX_REASON: usize = 200;
const MAX_SECTION: usize = 20_000;
const MAX_DESCRIPTION: usize = 250;
const MAX_DIAGNOSES: usize = 20;
const MAX_AMENDMENT_REASON: usize = 500;

/// One diagnosis on a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Diagnosis {
    /// The ICD-10 code where known, e.g. `J06.9`.
    pub code: Option<String>,
    /// The diagnosis in words.
    pub description: String,
}

/// A visit note as the doctor writes it: the reason and a SOAP note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EncounterInput {
    /// Why the patient came.
    pub reason: String,
    /// What the patient reports.
    pub subjective: Option<String>,
    /// What was examined and measured.
    pub objective: Option<String>,
    /// The doctor's assessment.
    pub assessment: Option<String>,
    /// What happens next.
    pub plan: Option<String>,
    /// The diagnoses made.
    pub diagnoses: Vec<Diagnosis>,
}

/// An encounter on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Encounter {
    /// The encounter's id (UUIDv7).
    pub id: EncounterId,
    /// The patient seen.
    pub patient_id: PatientId,
    /// The provider who saw them.
    pub provider_id: UserId,
    /// The appointment, when the visit was booked.
    pub appointment_id: Option<AppointmentId>,
    /// The note as first written (and signed).
    pub note: EncounterInput,
    /// When the note was started.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// When the note was signed; `null` for a draft.
    #[ts(type = "string | null")]
    pub signed_at: Option<DateTime<Utc>>,
}

/// A correction of a signed encounter, as the doctor enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AmendmentInput {
    /// The whole corrected note.
    pub note: EncounterInput,
    /// Why it is corrected.
    pub reason: String,
}

/// A stored correction; it points at the original encounter and never changes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EncounterAmendment {
    /// The amendment's id (UUIDv7).
    pub id: AddendumId,
    /// The original encounter it corrects.
    pub encounter_id: EncounterId,
    /// The whole corrected note.
    pub note: EncounterInput,
    /// Why it was corrected.
    pub reason: String,
    /// Who corrected it (a user id).
    pub amended_by: UserId,
    /// When.
    #[ts(type = "string")]
    pub amended_at: DateTime<Utc>,
}

/// One version of a note, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EncounterVersion {
    /// The encounter's id for the original, the amendment's id otherwise.
    pub id: String,
    /// The note in this version.
    pub note: EncounterInput,
    /// Who wrote this version: the provider, or the amending user.
    pub author: UserId,
    /// When it was signed or amended (started, for a draft).
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Why it was amended; `null` for the original.
    pub amendment_reason: Option<String>,
}

/// What the chart shows for one encounter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EncounterHistory {
    /// The version to show: the newest amendment, or the original.
    pub current: EncounterVersion,
    /// Every version, the original first, oldest to newest (the current one last).
    pub versions: Vec<EncounterVersion>,
}

/// Why a note cannot be changed the way asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EncounterEditError {
    /// A signed note is never edited.
    #[error("This note is signed: correct it with an amendment")]
    Signed,
    /// A draft is edited, not amended.
    #[error("This note is not signed yet: edit the draft instead")]
    NotSigned,
}

/// Why a history cannot be put together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// An amendment belongs to another encounter.
    #[error("Amendment {amendment_id} does not belong to this encounter")]
    ForeignAmendment {
        /// The amendment that does not belong.
        amendment_id: AddendumId,
    },
}

/// Whether `code` has the shape of an ICD-10 code: a letter, then two digits or letters of which
/// at least one is a digit (`J06`, `C4A`, FY2026's `QA0`), then optionally a point and one to
/// four digits or letters (`J06.9`, `S72.001A`, `QA0.0101`).
pub(crate) fn icd10_shape(code: &str) -> bool {
    let (category, extension) = code.split_once('.').map_or((code, None), |(c, e)| (c, Some(e)));
    let c = category.as_bytes();
    let category_ok = c.len() == 3
        && c[0].is_ascii_uppercase()
        && (c[1].is_ascii_digit() || c[1].is_ascii_uppercase())
        && (c[2].is_ascii_digit() || c[2].is_ascii_uppercase())
        && (c[1].is_ascii_digit() || c[2].is_ascii_digit());
    let extension_ok =
        extension.is_none_or(|e| (1..=4).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
    category_ok && extension_ok
}

impl EncounterInput {
    /// Checks every field; returns the note trimmed, with codes in upper case.
    pub fn validate(&self) -> Result<EncounterInput, ValidationErrors> {
        let mut c = Collector::default();
        let reason = c.text("reason", &self.reason, true, MAX_REASON).unwrap_or_default();
        let mut section =
            |field: &str, value: &Option<String>| value.as_deref().and_then(|v| text::note(&mut c, field, v, false, MAX_SECTION));
        let (subjective, objective) = (section("subjective", &self.subjective), section("objective", &self.objective));
        let (assessment, plan) = (section("assessment", &self.assessment), section("plan", &self.plan));
        if self.diagnoses.len() > MAX_DIAGNOSES {
            c.add("diagnoses", format!("List at most {MAX_DIAGNOSES} diagnoses"));
        }
        let mut diagnoses: Vec<Diagnosis> = Vec::new();
        for (i, d) in self.diagnoses.iter().enumerate() {
            let description =
                c.text(&format!("diagnoses[{i}].description"), &d.description, true, MAX_DESCRIPTION).unwrap_or_default();
            let code = d.code.as_deref().map(|s| s.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
            let code_field = format!("diagnoses[{i}].code");
            if let Some(code) = &code {
                if !icd10_shape(code) {
                    c.add(&code_field, "Write an ICD-10 code like A00.0 or Z99, or leave it empty");
                } else if diagnoses.iter().any(|earlier| earlier.code.as_ref() == Some(code)) {
                    c.add(&code_field, "This code is already listed");
                }
            }
            diagnoses.push(Diagnosis { code, description });
        }
        c.finish(EncounterInput { reason, subjective, objective, assessment, plan, diagnoses })
    }
}

impl AmendmentInput {
    /// Checks the corrected note and that a reason is given; returns them trimmed.
    pub fn validate(&self) -> Result<AmendmentInput, ValidationErrors> {
        let mut errors = Vec::new();
        let note = self.note.validate().map_err(|e| errors.extend(e.0)).unwrap_or_default();
        let mut c = Collector::default();
        let reason = c.text("amendmentReason", &self.reason, true, MAX_AMENDMENT_REASON).unwrap_or_default();
        if let Err(e) = c.finish(()) {
            errors.extend(e.0);
        }
        if errors.is_empty() {
            Ok(AmendmentInput { note, reason })
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

/// Refuses to edit a signed encounter in place.
pub fn check_editable(encounter: &Encounter) -> Result<(), EncounterEditError> {
    if encounter.signed_at.is_some() {
        Err(EncounterEditError::Signed)
    } else {
        Ok(())
    }
}

/// Refuses to amend a draft: only signed notes are amended.
pub fn check_amendable(encounter: &Encounter) -> Result<(), EncounterEditError> {
    if encounter.signed_at.is_none() {
        Err(EncounterEditError::NotSigned)
    } else {
        Ok(())
    }
}

/// The current version of `original` and its history, from its amendments in any order (they
/// are ordered by time, then id). Nothing is changed: the original stays the first version.
pub fn current_version(original: &Encounter, amendments: &[EncounterAmendment]) -> Result<EncounterHistory, HistoryError> {
    if let Some(foreign) = amendments.iter().find(|a| a.encounter_id != original.id) {
        return Err(HistoryError::ForeignAmendment { amendment_id: foreign.id });
    }
    let mut ordered: Vec<&EncounterAmendment> = amendments.iter().collect();
    ordered.sort_by(|a, b| a.amended_at.cmp(&b.amended_at).then_with(|| a.id.cmp(&b.id)));
    let first = EncounterVersion {
        id: original.id.to_string(),
        note: original.note.clone(),
        author: original.provider_id,
        at: original.signed_at.unwrap_or(original.created_at),
        amendment_reason: None,
    };
    let amended: Vec<EncounterVersion> = ordered
        .into_iter()
        .map(|a| EncounterVersion {
            id: a.id.to_string(),
            note: a.note.clone(),
            author: a.amended_by,
            at: a.amended_at,
            amendment_reason: Some(a.reason.clone()),
        })
        .collect();
    let current = amended.last().cloned().unwrap_or_else(|| first.clone());
    let mut versions = vec![first];
    versions.extend(amended);
    Ok(EncounterHistory { current, versions })
}

#[cfg(test)]
#[path = "encounter_tests.rs"]
mod tests;
