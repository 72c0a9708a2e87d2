//! Opening a chart at seed scale: a few patients with long records (200 visits, 500 sets of
//! vitals, 50 prescriptions) among thousands with short ones, every row written through the
//! store's write path. The measured call is what `open_patient_chart` does: read the whole
//! record, write its audit event, and serialise it for the window.

use clinic_core::ids::PatientId;
use std::time::Instant;

use chrono::NaiveDate;
use clinic_core::chart::{
    search_icd10, AllergyInput, AllergySeverity, AllergyStatus, AmendmentInput, ConditionInput, ConditionStatus, Diagnosis,
    EncounterInput, LabResultInput, PrescriptionChange, PrescriptionInput, Route, VitalsInput,
};
use clinic_core::{Actor, AuditAction, AuditRecord};
use clinic_store::{PrescriptionDraft, Store};
use rand::rngs::StdRng;
use rand::Rng;

use crate::report::Latency;

/// The target for opening a chart, p99 of the backend call.
pub const CHART_TARGET_P99_MS: f64 = 20.0;

/// How big the long charts are.
#[derive(Debug, Clone, Copy)]
pub struct ChartScale {
    pub encounters: usize,
    pub vitals: usize,
    pub prescriptions: usize,
    pub labs: usize,
}

/// The long chart: 200 encounters, 500 vitals, 50 prescriptions (and 100 lab results).
pub const LONG_CHART: ChartScale = ChartScale { encounters: 200, vitals: 500, prescriptions: 50, labs: 100 };

/// A short chart, as most patients have.
const SHORT_CHART: ChartScale = ChartScale { encounters: 3, vitals: 5, prescriptions: 2, labs: 2 };

fn note(i: usize) -> EncounterInput {
    EncounterInput {
        reason: format!("Follow-up visit {i}"),
        subjective: Some("Feels better; sleeping well. Occasional headache in the evening.".into()),
        objective: Some("BP 128/82, chest clear, no oedema.".into()),
        assessment: Some("Hypertension, controlled.".into()),
        plan: Some("Continue current medication. Review in three months with bloods.".into()),
        diagnoses: vec![Diagnosis { code: Some("I10".into()), description: "Essential hypertension".into() }],
    }
}

fn prescription(i: usize) -> PrescriptionInput {
    PrescriptionInput {
        medication: ["Amlodipine", "Ramipril", "Atorvastatin", "Metformin", "Paracetamol"][i % 5].into(),
        strength: Some("5 mg".into()),
        dose: "1 tablet".into(),
        route: Route::Oral,
        frequency: "once a day".into(),
        duration_days: Some(28),
        quantity: Some(28),
        refills: 2,
        instructions: Some("Take in the morning".into()),
    }
}

/// Writes a chart of `scale` for `patient` through the store, as staff would.
fn fill_chart(
    store: &mut Store,
    actor: &Actor,
    patient: &PatientId,
    scale: ChartScale,
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let allergy = AllergyInput {
        substance: "Penicillin".into(),
        reaction: Some("Rash".into()),
        severity: AllergySeverity::Moderate,
        status: AllergyStatus::Active,
        noted_on: None,
    };
    store.record_allergy(actor, patient, &allergy, today)?;
    let condition = ConditionInput {
        problem: "Hypertension".into(),
        code: Some("I10".into()),
        onset: None,
        status: ConditionStatus::Active,
        resolved_on: None,
    };
    store.save_condition(actor, patient, None, &condition, today)?;
    for i in 0..scale.encounters {
        let e = store.save_encounter(actor, patient, None, None, &note(i), true)?;
        if i % 10 == 0 {
            let amendment = AmendmentInput { note: note(i + 1), reason: "Corrected the plan".into() };
            store.amend_encounter(actor, patient, &e.id, &amendment)?;
        }
    }
    for _ in 0..scale.vitals {
        let vitals = VitalsInput {
            systolic_mmhg: Some(rng.random_range(105..150)),
            diastolic_mmhg: Some(rng.random_range(65..95)),
            pulse_per_min: Some(rng.random_range(55..95)),
            temperature_tenths_c: Some(rng.random_range(362..378)),
            respiratory_rate_per_min: Some(rng.random_range(12..20)),
            spo2_percent: Some(rng.random_range(94..100)),
            height_mm: Some(1720),
            weight_g: Some(rng.random_range(70_000..90_000)),
        };
        store.record_vitals(actor, patient, &vitals)?;
    }
    for i in 0..scale.labs {
        let lab = LabResultInput {
            test: "Potassium".into(),
            value: format!("{}.{}", rng.random_range(3..6), rng.random_range(0..10)),
            unit: Some("mmol/L".into()),
            reference_low: Some("3.5".into()),
            reference_high: Some("5.0".into()),
            collected_on: Some(today - chrono::Duration::days(i as i64)),
            ..Default::default()
        };
        store.record_lab_result(actor, patient, &lab, today)?;
    }
    for i in 0..scale.prescriptions {
        let draft = PrescriptionDraft { input: prescription(i), override_reason: None, encounter_id: None };
        let rx = store.prescribe(actor, patient, &draft)?;
        if i + 5 < scale.prescriptions {
            store.change_prescription(actor, patient, &rx.prescription.id, &PrescriptionChange::Complete)?;
        }
    }
    Ok(())
}

/// What `open_patient_chart` does in the backend; returns the JSON size.
fn open_chart(store: &mut Store, actor: &Actor, patient: &PatientId) -> anyhow::Result<usize> {
    let chart = (store.get_patient(patient)?, store.read_chart(patient)?);
    store.audit(&AuditRecord::new(Some(actor), AuditAction::ChartOpened).patient(patient))?;
    Ok(serde_json::to_vec(&chart)?.len())
}

/// Seeds short charts for `short` patients and long ones for `long`, then times opening them.
pub fn measure(
    store: &mut Store,
    actor: &Actor,
    patients: &[PatientId],
    (long, short, requests): (usize, usize, usize),
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<(Vec<Latency>, usize)> {
    let started = Instant::now();
    let (heavy, light) = patients.split_at(long.min(patients.len()));
    let light = &light[..short.min(light.len())];
    for (i, p) in light.iter().enumerate() {
        fill_chart(store, actor, p, SHORT_CHART, today, rng)?;
        if (i + 1) % 1000 == 0 {
            tracing::info!(charts = i + 1, "short charts written");
        }
    }
    for p in heavy {
        fill_chart(store, actor, p, LONG_CHART, today, rng)?;
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "charts written");
    let mut long_samples = Vec::with_capacity(requests);
    let mut short_samples = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..requests {
        let t = Instant::now();
        bytes = open_chart(store, actor, &heavy[i % heavy.len().max(1)])?;
        long_samples.push(t.elapsed());
        if !light.is_empty() {
            let t = Instant::now();
            open_chart(store, actor, &light[rng.random_range(0..light.len())])?;
            short_samples.push(t.elapsed());
        }
    }
    // The code list loads on first use; that one-off cost is not a search.
    std::hint::black_box(search_icd10("J06", 20));
    let queries = ["J06", "e119", "acute pharyngitis", "fracture femur right", "diabetes type 2 kidney", "hypert"];
    let icd10: Vec<_> = (0..requests)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(search_icd10(queries[i % queries.len()], 20));
            t.elapsed()
        })
        .collect();
    Ok((
        vec![
            Latency::from_samples("open chart: 200 visits, 500 vitals, 50 Rx", long_samples),
            Latency::from_samples("open chart: short record", short_samples),
            Latency::from_samples("ICD-10-CM search (76,423 codes)", icd10),
        ],
        bytes,
    ))
}
