//! Prescriptions: what a doctor enters, and the status machine. A prescription starts active
//! and ends once, completed or stopped; stopping needs a reason.

use crate::ids::PrescriptionId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text;
use crate::validation::{Collector, ValidationErrors};

/// The longest medication name accepted.
pub const MAX_MEDICATION: usize = 200;
const MAX_SHORT: usize = 60;
const MAX_INSTRUCTIONS: usize = 1000;
const MAX_STOP_REASON: usize = 500;
/// The longest course, in days.
const MAX_DURATION_DAYS: u32 = 365;
/// The largest quantity dispensed.
const MAX_QUANTITY: u32 = 10_000;
/// The most refills.
const MAX_REFILLS: u32 = 12;

/// How a medication is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Route {
    /// By mouth.
    Oral,
    /// Under the tongue.
    Sublingual,
    /// On the skin.
    Topical,
    /// Through a patch on the skin.
    Transdermal,
    /// Breathed in.
    Inhaled,
    /// Into the nose.
    Nasal,
    /// Into the eye.
    Ophthalmic,
    /// Into the ear.
    Otic,
    /// Into a vein.
    Intravenous,
    /// Into a muscle.
    Intramuscular,
    /// Under the skin.
    Subcutaneous,
    /// Rectally.
    Rectal,
    /// Vaginally.
    Vaginal,
    /// Any other route, described in the instructions.
    Other,
}

/// A prescription as the doctor enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrescriptionInput {
    /// The medication, e.g. "Amoxicillin".
    pub medication: String,
    /// The strength, e.g. "500 mg".
    pub strength: Option<String>,
    /// How much per dose, e.g. "1 capsule".
    pub dose: String,
    /// How it is given.
    pub route: Route,
    /// How often, e.g. "three times a day".
    pub frequency: String,
    /// How many days the course lasts, if fixed (1 to 365).
    pub duration_days: Option<u32>,
    /// How many units to dispense (1 to 10000).
    pub quantity: Option<u32>,
    /// How many repeats the pharmacy may give (0 to 12).
    pub refills: u32,
    /// Instructions for the patient.
    pub instructions: Option<String>,
}

impl PrescriptionInput {
    /// Checks every field; returns the input trimmed.
    pub fn validate(&self) -> Result<PrescriptionInput, ValidationErrors> {
        let mut c = Collector::default();
        let medication = c.text("medication", &self.medication, true, MAX_MEDICATION).unwrap_or_default();
        let strength = text::optional(&mut c, "strength", self.strength.as_deref(), MAX_SHORT);
        let dose = c.text("dose", &self.dose, true, MAX_SHORT).unwrap_or_default();
        let frequency = c.text("frequency", &self.frequency, true, MAX_SHORT).unwrap_or_default();
        if self.duration_days.is_some_and(|d| !(1..=MAX_DURATION_DAYS).contains(&d)) {
            c.add("durationDays", format!("A course lasts 1 to {MAX_DURATION_DAYS} days"));
        }
        if self.quantity.is_some_and(|q| !(1..=MAX_QUANTITY).contains(&q)) {
            c.add("quantity", format!("Dispense 1 to {MAX_QUANTITY} units"));
        }
        if self.refills > MAX_REFILLS {
            c.add("refills", format!("Allow at most {MAX_REFILLS} refills"));
        }
        let instructions =
            self.instructions.as_deref().and_then(|i| text::note(&mut c, "instructions", i, false, MAX_INSTRUCTIONS));
        c.finish(PrescriptionInput { medication, strength, dose, frequency, instructions, ..self.clone() })
    }
}

/// Where a prescription is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrescriptionStatus {
    /// Being taken: on the current medication list.
    Active,
    /// The course was finished.
    Completed,
    /// Stopped early, with a reason.
    Stopped,
}

/// A prescription on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Prescription {
    /// The prescription's id (UUIDv7).
    pub id: PrescriptionId,
    /// What was prescribed.
    #[serde(flatten)]
    pub details: PrescriptionInput,
    /// Where it is in its life.
    pub status: PrescriptionStatus,
    /// Why it was stopped, when it was.
    pub stop_reason: Option<String>,
    /// Why it was prescribed despite an allergy warning, when there was one.
    pub override_reason: Option<String>,
}

/// A change a doctor asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "to", rename_all = "snake_case")]
#[ts(export)]
pub enum PrescriptionChange {
    /// The course is finished.
    Complete,
    /// Stop it now, for a reason.
    Stop {
        /// Why it is stopped.
        reason: Option<String>,
    },
}

/// The status after a change, with the stop reason to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The new status.
    pub status: PrescriptionStatus,
    /// The trimmed stop reason, for a stop.
    pub stop_reason: Option<String>,
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrescriptionChangeError {
    /// Only an active prescription changes; completed and stopped ones are history.
    #[error("This prescription is no longer active")]
    NotActive(PrescriptionStatus),
    /// The change's fields are wrong (a stop without a reason).
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

/// The status after `change`, from `current`.
pub fn change_status(current: PrescriptionStatus, change: &PrescriptionChange) -> Result<StatusChange, PrescriptionChangeError> {
    if current != PrescriptionStatus::Active {
        return Err(PrescriptionChangeError::NotActive(current));
    }
    match change {
        PrescriptionChange::Complete => Ok(StatusChange { status: PrescriptionStatus::Completed, stop_reason: None }),
        PrescriptionChange::Stop { reason } => {
            let mut c = Collector::default();
            let reason = c.text("stopReason", reason.as_deref().unwrap_or(""), false, MAX_STOP_REASON);
            if reason.is_none() {
                c.add("stopReason", "Say why the prescription is stopped");
            }
            let stop_reason = c.finish(reason)?;
            Ok(StatusChange { status: PrescriptionStatus::Stopped, stop_reason })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PrescriptionInput {
        PrescriptionInput {
            medication: " Amoxicillin ".into(),
            strength: Some("500 mg".into()),
            dose: "1 capsule".into(),
            route: Route::Oral,
            frequency: "three times a day".into(),
            duration_days: Some(7),
            quantity: Some(21),
            refills: 0,
            instructions: Some("Take with food.\nFinish the course.".into()),
        }
    }

    #[test]
    fn a_good_prescription_is_trimmed() {
        let p = input().validate().expect("valid");
        assert_eq!(p.medication, "Amoxicillin");
        assert_eq!(serde_json::to_value(&p).expect("json")["route"], "oral");
    }

    #[test]
    fn limits_are_inclusive() {
        let edge = PrescriptionInput { duration_days: Some(365), quantity: Some(10_000), refills: 12, ..input() };
        assert!(edge.validate().is_ok());
        let low = PrescriptionInput { duration_days: Some(1), quantity: Some(1), ..input() };
        assert!(low.validate().is_ok());
        let bad = PrescriptionInput {
            medication: " ".into(),
            dose: "".into(),
            frequency: "".into(),
            duration_days: Some(366),
            quantity: Some(0),
            refills: 13,
            ..input()
        };
        let errors = bad.validate().expect_err("invalid");
        for field in ["medication", "dose", "frequency", "durationDays", "quantity", "refills"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        let zero_days = PrescriptionInput { duration_days: Some(0), quantity: Some(10_001), ..input() };
        let errors = zero_days.validate().expect_err("invalid");
        assert!(errors.for_field("durationDays").is_some() && errors.for_field("quantity").is_some());
    }

    #[test]
    fn active_ends_once() {
        let done = change_status(PrescriptionStatus::Active, &PrescriptionChange::Complete).expect("complete");
        assert_eq!(done, StatusChange { status: PrescriptionStatus::Completed, stop_reason: None });
        let stop = PrescriptionChange::Stop { reason: Some(" Rash ".into()) };
        let stopped = change_status(PrescriptionStatus::Active, &stop).expect("stop");
        assert_eq!((stopped.status, stopped.stop_reason.as_deref()), (PrescriptionStatus::Stopped, Some("Rash")));
        for ended in [PrescriptionStatus::Completed, PrescriptionStatus::Stopped] {
            assert_eq!(change_status(ended, &stop), Err(PrescriptionChangeError::NotActive(ended)));
            assert!(change_status(ended, &PrescriptionChange::Complete).is_err());
        }
    }

    #[test]
    fn stopping_needs_a_reason() {
        for reason in [None, Some("   ".to_string())] {
            let Err(PrescriptionChangeError::Invalid(errors)) =
                change_status(PrescriptionStatus::Active, &PrescriptionChange::Stop { reason })
            else {
                panic!("refused")
            };
            assert!(errors.for_field("stopReason").is_some());
        }
    }
}
