//! The problem list (conditions, medical history) and the free-text family and social history.

use crate::ids::ConditionId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::encounter::icd10_shape;
use super::text;
use crate::scheduling::wire::opt_ymd;
use crate::validation::{Collector, ValidationErrors};

const MAX_PROBLEM: usize = 250;
const MAX_CODE: usize = 10;
const MAX_HISTORY: usize = 10_000;

/// Whether a problem still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConditionStatus {
    /// The patient has it now.
    Active,
    /// Over, kept as medical history.
    Resolved,
}

/// A problem as the doctor enters or updates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConditionInput {
    /// The problem in words, e.g. "Type 2 diabetes".
    pub problem: String,
    /// The ICD-10 code where known, e.g. `E11.9`.
    pub code: Option<String>,
    /// When it started, if known.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub onset: Option<NaiveDate>,
    /// Whether it still applies.
    pub status: ConditionStatus,
    /// When it resolved, for a resolved problem.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub resolved_on: Option<NaiveDate>,
}

/// A problem on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Condition {
    /// The condition's id (UUIDv7).
    pub id: ConditionId,
    /// The problem as recorded.
    #[serde(flatten)]
    pub details: ConditionInput,
}

impl ConditionInput {
    /// Checks every field against the clinic's `today`; returns the input trimmed, the code in
    /// capitals, and no resolution date on an active problem.
    pub fn validate(&self, today: NaiveDate) -> Result<ConditionInput, ValidationErrors> {
        let mut c = Collector::default();
        let problem = c.text("problem", &self.problem, true, MAX_PROBLEM).unwrap_or_default();
        let code = text::optional(&mut c, "code", self.code.as_deref(), MAX_CODE).map(|code| code.to_uppercase());
        if code.as_deref().is_some_and(|code| !icd10_shape(code)) {
            c.add("code", "Write an ICD-10 code like A00.0 or Z99, or leave it empty");
        }
        if self.onset.is_some_and(|d| d > today) {
            c.add("onset", "The onset cannot be in the future");
        }
        let resolved_on = match self.status {
            ConditionStatus::Active => None,
            ConditionStatus::Resolved => self.resolved_on,
        };
        if resolved_on.is_some_and(|d| d > today) {
            c.add("resolvedOn", "The resolution date cannot be in the future");
        }
        if let (Some(onset), Some(resolved)) = (self.onset, resolved_on) {
            if resolved < onset {
                c.add("resolvedOn", "A problem cannot resolve before it started");
            }
        }
        c.finish(ConditionInput { problem, code, resolved_on, ..self.clone() })
    }
}

/// The family and social history, as free text the doctor keeps up to date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientHistoryInput {
    /// Illnesses in the family.
    pub family_history: Option<String>,
    /// Smoking, alcohol, work, living situation...
    pub social_history: Option<String>,
}

impl PatientHistoryInput {
    /// Checks both notes; returns them trimmed, blank as `None`.
    pub fn validate(&self) -> Result<PatientHistoryInput, ValidationErrors> {
        let mut c = Collector::default();
        let family_history =
            self.family_history.as_deref().and_then(|t| text::note(&mut c, "familyHistory", t, false, MAX_HISTORY));
        let social_history =
            self.social_history.as_deref().and_then(|t| text::note(&mut c, "socialHistory", t, false, MAX_HISTORY));
        c.finish(PatientHistoryInput { family_history, social_history })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn input() -> ConditionInput {
        ConditionInput {
            problem: " Type 2 diabetes ".into(),
            code: Some("e11.9".into()),
            onset: Some(day("2020-03-01")),
            status: ConditionStatus::Active,
            resolved_on: Some(day("2024-01-01")),
        }
    }

    #[test]
    fn a_condition_is_trimmed_and_its_code_capitalised() {
        let ok = input().validate(day("2026-11-25")).expect("valid");
        assert_eq!(ok.problem, "Type 2 diabetes");
        assert_eq!(ok.code.as_deref(), Some("E11.9"));
        assert_eq!(ok.resolved_on, None, "an active problem has no resolution date");
    }

    #[test]
    fn codes_must_look_like_icd10() {
        for good in ["J06.9", "E11", "S72.001A", "Z00.00"] {
            let i = ConditionInput { code: Some(good.into()), ..input() };
            assert!(i.validate(day("2026-11-25")).is_ok(), "{good}");
        }
        for bad in ["J6.9", "123", "J06.", "J06.12345", "penicillin"] {
            let i = ConditionInput { code: Some(bad.into()), ..input() };
            let errors = i.validate(day("2026-11-25")).expect_err(bad);
            assert!(errors.for_field("code").is_some(), "{bad}");
        }
    }

    #[test]
    fn dates_are_checked() {
        let future = ConditionInput { onset: Some(day("2027-01-01")), ..input() };
        assert!(future.validate(day("2026-11-25")).expect_err("future").for_field("onset").is_some());
        let backwards = ConditionInput { status: ConditionStatus::Resolved, resolved_on: Some(day("2019-01-01")), ..input() };
        assert!(backwards.validate(day("2026-11-25")).expect_err("before onset").for_field("resolvedOn").is_some());
        let resolved = ConditionInput { status: ConditionStatus::Resolved, ..input() };
        assert_eq!(resolved.validate(day("2026-11-25")).expect("valid").resolved_on, Some(day("2024-01-01")));
    }

    #[test]
    fn history_notes_are_trimmed_and_blank_is_none() {
        let h = PatientHistoryInput { family_history: Some("  Father: MI at 55\n".into()), social_history: Some("   ".into()) };
        let ok = h.validate().expect("valid");
        assert_eq!(ok.family_history.as_deref(), Some("Father: MI at 55"));
        assert_eq!(ok.social_history, None);
    }
}
