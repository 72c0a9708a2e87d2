//! The demo clinic's charts: a few made-up clinical records (allergies, problems, visits, vitals,
//! labs, medications) written through the same calls as a doctor's, so every rule applies.

use chrono::NaiveDate;
use clinic_core::chart::{
    AllergyInput, AllergySeverity, AllergyStatus, ConditionInput, ConditionStatus, Diagnosis, EncounterInput, LabResultInput,
    PrescriptionInput, Route, VitalsInput,
};
use clinic_core::Actor;

use crate::{PrescriptionDraft, Store, StoreError};

const PROBLEMS: &[(&str, &str)] = &[
    ("Essential hypertension", "I10"),
    ("Type 2 diabetes mellitus without complications", "E11.9"),
    ("Asthma, unspecified", "J45.909"),
    ("Hypothyroidism, unspecified", "E03.9"),
];

const MEDICATIONS: &[(&str, &str, &str)] = &[
    ("Amlodipine", "5 mg", "once a day"),
    ("Metformin", "500 mg", "twice a day with meals"),
    ("Salbutamol inhaler", "100 mcg", "2 puffs when needed"),
    ("Levothyroxine", "50 mcg", "once a day before breakfast"),
];

/// Writes a chart for each of the first `count` patients; every third has "no known
/// allergies", every fifth a penicillin allergy, the rest none recorded.
pub fn seed_demo_charts(
    store: &mut Store,
    author: &Actor,
    patient_ids: &[clinic_core::ids::PatientId],
    count: usize,
    today: NaiveDate,
) -> Result<(), StoreError> {
    for (i, patient) in patient_ids.iter().take(count).enumerate() {
        if i % 5 == 0 {
            let allergy = AllergyInput {
                substance: "Penicillin".into(),
                reaction: Some("Hives".into()),
                severity: AllergySeverity::Moderate,
                status: AllergyStatus::Active,
                noted_on: None,
            };
            store.record_allergy(author, patient, &allergy, today)?;
        } else if i % 3 == 0 {
            store.record_no_known_allergies(author, patient)?;
        }
        let (problem, code) = PROBLEMS[i % PROBLEMS.len()];
        let condition = ConditionInput {
            problem: problem.into(),
            code: Some(code.into()),
            onset: None,
            status: ConditionStatus::Active,
            resolved_on: None,
        };
        store.save_condition(author, patient, None, &condition, today)?;
        let note = EncounterInput {
            reason: "Review".into(),
            subjective: Some("Feels well, taking medication as prescribed.".into()),
            objective: Some("Examination unremarkable.".into()),
            assessment: Some(problem.into()),
            plan: Some("Continue treatment; review in three months.".into()),
            diagnoses: vec![Diagnosis { code: Some(code.into()), description: problem.into() }],
        };
        store.save_encounter(author, patient, None, None, &note, true)?;
        for k in 0..4u32 {
            let vitals = VitalsInput {
                systolic_mmhg: Some(118 + (i as u32 % 20) + k * 2),
                diastolic_mmhg: Some(76 + k),
                pulse_per_min: Some(64 + (i as u32 % 15)),
                temperature_tenths_c: Some(366 + k),
                respiratory_rate_per_min: Some(14),
                spo2_percent: Some(98),
                height_mm: Some(1600 + (i as u32 % 30) * 10),
                weight_g: Some(60_000 + (i as u32 % 40) * 1000 + k * 300),
            };
            store.record_vitals(author, patient, &vitals)?;
        }
        let lab = LabResultInput {
            test: "HbA1c".into(),
            value: format!("{}", 38 + i % 20),
            unit: Some("mmol/mol".into()),
            reference_low: Some("20".into()),
            reference_high: Some("42".into()),
            ..Default::default()
        };
        store.record_lab_result(author, patient, &lab, today)?;
        let (medication, strength, frequency) = MEDICATIONS[i % MEDICATIONS.len()];
        let input = PrescriptionInput {
            medication: medication.into(),
            strength: Some(strength.into()),
            dose: "1".into(),
            route: if medication.contains("inhaler") { Route::Inhaled } else { Route::Oral },
            frequency: frequency.into(),
            duration_days: Some(90),
            quantity: None,
            refills: 3,
            instructions: None,
        };
        store.prescribe(author, patient, &PrescriptionDraft { input, override_reason: None, encounter_id: None })?;
    }
    Ok(())
}
