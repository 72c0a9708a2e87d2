//! Allergies and the chart's allergy state. "No known allergies" is a statement someone made,
//! never something inferred from an empty list.

use crate::ids::AllergyId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text;
use crate::scheduling::wire::opt_ymd;
use crate::validation::{Collector, ValidationErrors};

const MAX_SUBSTANCE: usize = 120;
const MAX_REACTION: usize = 500;

/// How bad a reaction to the substance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AllergySeverity {
    /// Uncomfortable, no treatment needed.
    Mild,
    /// Needs treatment.
    Moderate,
    /// Needs urgent treatment.
    Severe,
    /// Anaphylaxis or similar.
    LifeThreatening,
}

/// Whether an allergy still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AllergyStatus {
    /// The patient has this allergy: it shows on the banner and is checked when prescribing.
    Active,
    /// No longer applies (outgrown, disproved); kept for history.
    Inactive,
    /// Was recorded by mistake; kept for history, never shown as an allergy.
    EnteredInError,
}

/// An allergy as staff enter or correct it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AllergyInput {
    /// What the patient reacts to: a drug, a drug class, a food, latex...
    pub substance: String,
    /// What happens (rash, anaphylaxis...); `null` when not known.
    pub reaction: Option<String>,
    /// How bad the reaction is.
    pub severity: AllergySeverity,
    /// Whether the allergy still applies.
    pub status: AllergyStatus,
    /// When the allergy was first noted, if known.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub noted_on: Option<NaiveDate>,
}

/// A recorded allergy, as the chart holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Allergy {
    /// The allergy's id (UUIDv7).
    pub id: AllergyId,
    /// What the patient reacts to.
    pub substance: String,
    /// What happens, if known.
    pub reaction: Option<String>,
    /// How bad the reaction is.
    pub severity: AllergySeverity,
    /// Whether the allergy still applies.
    pub status: AllergyStatus,
    /// When the allergy was first noted, if known.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub noted_on: Option<NaiveDate>,
}

impl AllergyInput {
    /// Checks every field against the clinic's `today`; returns the input trimmed.
    pub fn validate(&self, today: NaiveDate) -> Result<AllergyInput, ValidationErrors> {
        let mut c = Collector::default();
        let substance = c.text("substance", &self.substance, true, MAX_SUBSTANCE).unwrap_or_default();
        let reaction = text::optional(&mut c, "reaction", self.reaction.as_deref(), MAX_REACTION);
        if self.noted_on.is_some_and(|d| d > today) {
            c.add("notedOn", "The date noted cannot be in the future");
        }
        c.finish(AllergyInput { substance, reaction, ..self.clone() })
    }

    /// The allergy these details describe, under `id`.
    pub fn into_allergy(self, id: AllergyId) -> Allergy {
        Allergy {
            id,
            substance: self.substance,
            reaction: self.reaction,
            severity: self.severity,
            status: self.status,
            noted_on: self.noted_on,
        }
    }
}

/// What the chart knows about a patient's allergies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", content = "allergies", rename_all = "snake_case")]
#[ts(export)]
pub enum AllergyRecord {
    /// Nobody has asked yet, or nobody recorded the answer: the banner says so.
    NotRecorded,
    /// Someone asked and recorded that the patient has no known allergies.
    NoKnownAllergies,
    /// The active allergies, most severe first.
    Known(Vec<Allergy>),
}

/// The allergy state from the stored rows and the explicit "no known allergies" flag. Active
/// allergies win over the flag (a sync can bring both); inactive and entered-in-error rows never
/// count as allergies, and never count as "no known allergies" either.
pub fn allergy_record(rows: &[Allergy], no_known_allergies: bool) -> AllergyRecord {
    let mut active: Vec<Allergy> = rows.iter().filter(|a| a.status == AllergyStatus::Active).cloned().collect();
    if !active.is_empty() {
        active.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.substance.cmp(&b.substance)));
        AllergyRecord::Known(active)
    } else if no_known_allergies {
        AllergyRecord::NoKnownAllergies
    } else {
        AllergyRecord::NotRecorded
    }
}

/// The "no known allergies" flag after `recorded` is saved: an active allergy ends it.
pub fn no_known_allergies_after(flag: bool, recorded: &AllergyInput) -> bool {
    flag && recorded.status != AllergyStatus::Active
}

/// Refuses to record "no known allergies" while the patient has an active allergy.
pub fn check_no_known_allergies(rows: &[Allergy]) -> Result<(), ValidationErrors> {
    let mut c = Collector::default();
    let active = rows.iter().filter(|a| a.status == AllergyStatus::Active).count();
    if active > 0 {
        c.add("noKnownAllergies", format!("This patient has {active} active allergy record(s): mark them inactive first"));
    }
    c.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn input() -> AllergyInput {
        AllergyInput {
            substance: "  Penicillin ".into(),
            reaction: Some("  ".into()),
            severity: AllergySeverity::Severe,
            status: AllergyStatus::Active,
            noted_on: Some(day("2026-03-01")),
        }
    }

    fn row(id: &str, substance: &str, severity: AllergySeverity, status: AllergyStatus) -> Allergy {
        Allergy { id: crate::ids::test_id(id), substance: substance.into(), reaction: None, severity, status, noted_on: None }
    }

    #[test]
    fn a_good_allergy_is_trimmed() {
        let a = input().validate(day("2026-03-01")).expect("noted today is fine");
        assert_eq!((a.substance.as_str(), a.reaction), ("Penicillin", None));
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = AllergyInput { substance: " ".into(), reaction: Some("x".repeat(501)), ..input() };
        let errors = bad.validate(day("2026-02-28")).expect_err("invalid");
        for field in ["substance", "reaction", "notedOn"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        let edge = AllergyInput { substance: "x".repeat(120), reaction: Some("y".repeat(500)), ..input() };
        assert!(edge.validate(day("2026-03-01")).is_ok());
    }

    #[test]
    fn not_recorded_is_not_no_known_allergies() {
        assert_eq!(allergy_record(&[], false), AllergyRecord::NotRecorded);
        assert_eq!(allergy_record(&[], true), AllergyRecord::NoKnownAllergies);
        let old = [row("1", "Latex", AllergySeverity::Mild, AllergyStatus::Inactive)];
        assert_eq!(allergy_record(&old, false), AllergyRecord::NotRecorded);
        let mistake = [row("2", "Eggs", AllergySeverity::Mild, AllergyStatus::EnteredInError)];
        assert_eq!(allergy_record(&mistake, true), AllergyRecord::NoKnownAllergies);
    }

    #[test]
    fn active_allergies_win_most_severe_first() {
        let rows = [
            row("1", "Latex", AllergySeverity::Mild, AllergyStatus::Active),
            row("2", "Eggs", AllergySeverity::Mild, AllergyStatus::Inactive),
            row("3", "Penicillin", AllergySeverity::LifeThreatening, AllergyStatus::Active),
        ];
        let AllergyRecord::Known(active) = allergy_record(&rows, true) else { panic!("known") };
        let ids: Vec<AllergyId> = active.iter().map(|a| a.id).collect();
        assert_eq!(ids, [crate::ids::test_id::<AllergyId>("3"), crate::ids::test_id("1")]);
    }

    #[test]
    fn recording_an_active_allergy_ends_no_known_allergies() {
        assert!(!no_known_allergies_after(true, &input()));
        let inactive = AllergyInput { status: AllergyStatus::Inactive, ..input() };
        assert!(no_known_allergies_after(true, &inactive));
        assert!(!no_known_allergies_after(false, &inactive));
    }

    #[test]
    fn no_known_allergies_is_refused_while_one_is_active() {
        let rows = [row("1", "Latex", AllergySeverity::Mild, AllergyStatus::Inactive)];
        assert!(check_no_known_allergies(&rows).is_ok());
        let rows = [row("1", "Latex", AllergySeverity::Mild, AllergyStatus::Active)];
        assert!(check_no_known_allergies(&rows).expect_err("active").for_field("noKnownAllergies").is_some());
    }

    #[test]
    fn the_wire_shape_names_the_state() {
        let json = serde_json::to_string(&AllergyRecord::NoKnownAllergies).expect("json");
        assert_eq!(json, r#"{"state":"no_known_allergies"}"#);
        let json = serde_json::to_value(input()).expect("json");
        assert_eq!(json["severity"], "severe");
        assert_eq!(json["notedOn"], "2026-03-01");
    }
}
