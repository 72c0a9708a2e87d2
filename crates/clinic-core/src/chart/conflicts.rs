//! The allergy check when prescribing: a medication conflicts with an active allergy when it
//! names the same substance, belongs to the same drug class, or belongs to a class known to
//! cross-react (the bundled `data/drug-classes.txt`). Names are compared as whole words after
//! folding case and accents. The doctor may go ahead only by giving a reason, which is recorded.

use crate::ids::AllergyId;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::allergy::{Allergy, AllergySeverity, AllergyStatus};
use crate::search::words;
use crate::validation::{Collector, ValidationErrors};

/// The shortest override reason, in characters (after trimming).
pub const MIN_OVERRIDE_REASON_CHARS: usize = 10;
/// The longest override reason, in characters.
pub const MAX_OVERRIDE_REASON_CHARS: usize = 500;

/// How a medication matches an allergy, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictKind {
    /// The medication is the substance the patient is allergic to.
    SameSubstance,
    /// The medication is in the same drug class as the allergy.
    SameClass,
    /// The medication's class is known to cross-react with the allergy's class.
    CrossReactivity,
}

/// One warning shown before prescribing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AllergyConflict {
    /// The allergy that matched.
    pub allergy_id: AllergyId,
    /// The allergy's substance as recorded.
    pub substance: String,
    /// The allergy's severity.
    pub severity: AllergySeverity,
    /// How the medication matches.
    pub kind: ConflictKind,
    /// The drug class that links them, for class matches and cross-reactivity.
    pub class: Option<String>,
    /// The warning in words.
    pub message: String,
}

/// A drug class from the bundled list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DrugClass {
    name: String,
    cross_reacts: Vec<String>,
    /// Each member's folded words.
    members: Vec<Vec<String>>,
}

/// Reads the class list format described at the top of `data/drug-classes.txt`.
fn parse_classes(text: &str) -> Result<Vec<DrugClass>, String> {
    let mut classes: Vec<DrugClass> = Vec::new();
    for (number, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix("class ") {
            classes.push(DrugClass { name: name.trim().to_string(), cross_reacts: Vec::new(), members: Vec::new() });
            continue;
        }
        let Some(class) = classes.last_mut() else {
            return Err(format!("line {}: a member before any `class` line", number + 1));
        };
        if let Some(other) = line.strip_prefix("cross-reacts ") {
            class.cross_reacts.push(other.trim().to_string());
        } else {
            class.members.push(words(line));
        }
    }
    Ok(classes)
}

static CLASSES: LazyLock<Vec<DrugClass>> =
    LazyLock::new(|| parse_classes(include_str!("../../data/drug-classes.txt")).unwrap_or_default());

/// Whether `needle` occurs in `haystack` as consecutive whole words.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The names of the classes `text` belongs to.
fn classes_of(classes: &[DrugClass], text: &[String]) -> Vec<String> {
    classes.iter().filter(|c| c.members.iter().any(|m| contains_words(text, m))).map(|c| c.name.clone()).collect()
}

fn cross_react(classes: &[DrugClass], a: &str, b: &str) -> bool {
    classes
        .iter()
        .any(|c| (c.name == a && c.cross_reacts.iter().any(|x| x == b)) || (c.name == b && c.cross_reacts.iter().any(|x| x == a)))
}

fn severity_words(severity: AllergySeverity) -> &'static str {
    match severity {
        AllergySeverity::Mild => "mild",
        AllergySeverity::Moderate => "moderate",
        AllergySeverity::Severe => "severe",
        AllergySeverity::LifeThreatening => "life-threatening",
    }
}

/// Whether the medication names the substance: the substance's words occur in the medication,
/// or the medication's name (its words before the first one with a digit, such as "500") occurs
/// in the substance.
fn same_substance(medication: &[String], substance: &[String]) -> bool {
    let name: Vec<String> = medication.iter().take_while(|w| !w.chars().any(|c| c.is_ascii_digit())).cloned().collect();
    contains_words(medication, substance) || contains_words(substance, &name)
}

/// The warnings for prescribing `medication` to a patient with `allergies`. Only active
/// allergies count; each allergy gives at most one warning, its strongest match.
pub fn allergy_conflicts(medication: &str, allergies: &[Allergy]) -> Vec<AllergyConflict> {
    conflicts_with(&CLASSES, medication, allergies)
}

fn conflicts_with(classes: &[DrugClass], medication: &str, allergies: &[Allergy]) -> Vec<AllergyConflict> {
    let drug = words(medication);
    let drug_classes = classes_of(classes, &drug);
    let shown = medication.trim();
    let mut found = Vec::new();
    for allergy in allergies.iter().filter(|a| a.status == AllergyStatus::Active) {
        let substance = words(&allergy.substance);
        let what = format!("{} ({})", allergy.substance, severity_words(allergy.severity));
        let allergy_classes = classes_of(classes, &substance);
        let same_class = drug_classes.iter().find(|c| allergy_classes.contains(c));
        let cross = drug_classes.iter().find_map(|d| allergy_classes.iter().find(|a| cross_react(classes, d, a)).map(|a| (d, a)));
        let (kind, class, message) = if same_substance(&drug, &substance) {
            (ConflictKind::SameSubstance, None, format!("{shown}: the patient is allergic to {what}"))
        } else if let Some(class) = same_class {
            let message = format!("{shown} is in the same class ({class}) as the patient's allergy to {what}");
            (ConflictKind::SameClass, Some(class.clone()), message)
        } else if let Some((drug_class, allergy_class)) = cross {
            let message = format!(
                "{shown} ({drug_class}) can cross-react with the patient's allergy to {what}, one of the {allergy_class}"
            );
            (ConflictKind::CrossReactivity, Some(drug_class.clone()), message)
        } else {
            continue;
        };
        found.push(AllergyConflict {
            allergy_id: allergy.id,
            substance: allergy.substance.clone(),
            severity: allergy.severity,
            kind,
            class,
            message,
        });
    }
    found.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| b.severity.cmp(&a.severity)));
    found
}

/// Allows prescribing despite `conflicts` only with a reason of at least
/// [`MIN_OVERRIDE_REASON_CHARS`] characters (field `overrideReason`). No conflicts, no reason needed.
pub fn check_override(conflicts: &[AllergyConflict], reason: Option<&str>) -> Result<(), ValidationErrors> {
    let mut c = Collector::default();
    if !conflicts.is_empty() {
        let given = c.text("overrideReason", reason.unwrap_or(""), false, MAX_OVERRIDE_REASON_CHARS);
        let chars = given.as_deref().map_or(0, |r| r.chars().count());
        if chars < MIN_OVERRIDE_REASON_CHARS {
            let min = MIN_OVERRIDE_REASON_CHARS;
            // The strongest match leads (they are sorted), so the doctor sees why at the field.
            let why = conflicts.iter().map(|c| c.message.as_str()).next().unwrap_or("This medication matches an allergy");
            c.add("overrideReason", format!("{why}. To prescribe anyway, give a reason of at least {min} characters"));
        }
    }
    c.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allergy(id: &str, substance: &str, status: AllergyStatus) -> Allergy {
        Allergy {
            id: crate::ids::test_id(id),
            substance: substance.into(),
            reaction: None,
            severity: AllergySeverity::Severe,
            status,
            noted_on: None,
        }
    }

    fn kinds(medication: &str, substance: &str) -> Vec<(ConflictKind, Option<String>)> {
        let allergies = [allergy("a", substance, AllergyStatus::Active)];
        allergy_conflicts(medication, &allergies).into_iter().map(|c| (c.kind, c.class)).collect()
    }

    #[test]
    fn the_bundled_list_reads_cleanly() {
        let classes = parse_classes(include_str!("../../data/drug-classes.txt")).expect("parses");
        let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["penicillins", "cephalosporins", "sulfonamides", "nsaids", "opioids", "macrolides"]);
        assert!(classes.iter().all(|c| c.members.len() >= 4 && c.members.iter().all(|m| !m.is_empty())));
        assert!(parse_classes("amoxicillin\nclass x").is_err());
    }

    #[test]
    fn a_penicillin_allergy_warns_for_amoxicillin() {
        assert_eq!(kinds("Amoxicillin 500 mg", "penicillin"), [(ConflictKind::SameClass, Some("penicillins".into()))]);
        assert_eq!(kinds("Co-amoxiclav 625 mg", "Penicillins"), [(ConflictKind::SameClass, Some("penicillins".into()))]);
        let conflicts = allergy_conflicts("Amoxicillin 500 mg", &[allergy("p", "Penicillin", AllergyStatus::Active)]);
        assert!(conflicts[0].message.contains("Penicillin (severe)"), "{}", conflicts[0].message);
    }

    #[test]
    fn the_same_substance_matches_by_whole_word_ignoring_case_and_accents() {
        assert_eq!(kinds("AMOXICILLIN 250mg/5ml", "amoxicillin")[0].0, ConflictKind::SameSubstance);
        assert_eq!(kinds("Métformine 500 mg", "metformine"), [(ConflictKind::SameSubstance, None)]);
        assert_eq!(kinds("Metformin 500 mg", "Metformin tablets"), [(ConflictKind::SameSubstance, None)]);
        // "tin" is not a word of "Metformin": no partial-word matches.
        assert!(kinds("Metformin 500 mg", "tin").is_empty());
        assert!(kinds("Paracetamol 1 g", "penicillin").is_empty());
    }

    #[test]
    fn classes_and_cross_reactivity() {
        assert_eq!(kinds("Cefalexin 500 mg", "Amoxicillin"), [(ConflictKind::CrossReactivity, Some("cephalosporins".into()))]);
        assert_eq!(kinds("Amoxicillin 500 mg", "cephalosporins"), [(ConflictKind::CrossReactivity, Some("penicillins".into()))]);
        assert_eq!(kinds("Co-trimoxazole 960 mg", "sulfa drugs")[0].1.as_deref(), Some("sulfonamides"));
        assert_eq!(kinds("Ibuprofen 400 mg", "aspirin")[0].1.as_deref(), Some("nsaids"));
        assert_eq!(kinds("Codeine phosphate 30 mg", "morphine")[0].1.as_deref(), Some("opioids"));
        assert_eq!(kinds("Azithromycin 250 mg", "erythromycin")[0].1.as_deref(), Some("macrolides"));
        assert!(kinds("Azithromycin 250 mg", "penicillin").is_empty());
    }

    #[test]
    fn only_active_allergies_count() {
        let allergies = [
            allergy("1", "penicillin", AllergyStatus::Inactive),
            allergy("2", "amoxicillin", AllergyStatus::EnteredInError),
            allergy("3", "ibuprofen", AllergyStatus::Active),
        ];
        assert!(allergy_conflicts("Amoxicillin 500 mg", &allergies).is_empty());
        assert_eq!(allergy_conflicts("Naproxen 250 mg", &allergies)[0].allergy_id, crate::ids::test_id::<AllergyId>("3"));
    }

    #[test]
    fn an_override_needs_a_reason_of_ten_characters() {
        let conflicts = allergy_conflicts("Amoxicillin 500 mg", &[allergy("p", "penicillin", AllergyStatus::Active)]);
        assert_eq!(conflicts.len(), 1);
        assert!(check_override(&[], None).is_ok());
        for short in [None, Some(""), Some("  123456789  ")] {
            let errors = check_override(&conflicts, short).expect_err("too short");
            assert!(errors.for_field("overrideReason").is_some());
        }
        assert!(check_override(&conflicts, Some(" 1234567890 ")).is_ok());
        assert!(check_override(&conflicts, Some(&"x".repeat(501))).is_err());
    }
}
