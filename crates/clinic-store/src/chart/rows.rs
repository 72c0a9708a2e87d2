//! Reading chart rows into the domain's types, and the enum codes stored in text columns.

use chrono::NaiveDate;
use clinic_core::chart::{
    Allergy, ClinicalAlert, Condition, ConditionInput, Diagnosis, EncounterInput, LabEntry, LabResult, LabValue, Prescription,
    PrescriptionEntry, PrescriptionInput, ReferenceRange, Vitals, VitalsInput, VitalsReading,
};
use clinic_core::ids::{ConditionId, EncounterId, LabResultId, PatientId, PrescriptionId, ResultAlertId, UserId, VitalsId};
use rusqlite::Row;

pub(crate) use crate::codes::{code, from_code};
use crate::rows::{parse_instant, parse_opt_date, parse_opt_instant, RowResult};
use crate::StoreError;

pub(crate) fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

fn number<T: std::str::FromStr>(
    text: Option<String>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<T>, StoreError> {
    text.map(|t| t.parse().map_err(|_| StoreError::Corrupt { table, column })).transpose()
}

/// Runs a fallible conversion of one row, keeping SQLite's errors apart from ours.
fn parsed<T>(f: impl FnOnce() -> Result<T, StoreError>) -> RowResult<T> {
    Ok(f())
}

pub(crate) const ALLERGY_COLUMNS: &str = "id, substance, reaction, severity, status, noted_on";

pub(crate) fn allergy_from_row(r: &Row<'_>) -> RowResult<Allergy> {
    const T: &str = "allergy";
    let (severity, status, noted_on): (String, String, Option<String>) = (r.get(3)?, r.get(4)?, r.get(5)?);
    let (id, substance, reaction) = (r.get(0)?, r.get(1)?, r.get(2)?);
    parsed(|| {
        Ok(Allergy {
            id,
            substance,
            reaction,
            severity: from_code(&severity, T, "severity")?,
            status: from_code(&status, T, "status")?,
            noted_on: parse_opt_date(noted_on, T, "noted_on")?,
        })
    })
}

pub(crate) const CONDITION_COLUMNS: &str = "id, problem, code, onset, status, resolved_on";

pub(crate) fn condition_from_row(r: &Row<'_>) -> RowResult<Condition> {
    const T: &str = "condition";
    let (id, problem, code): (ConditionId, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
    let (onset, status, resolved_on): (Option<String>, String, Option<String>) = (r.get(3)?, r.get(4)?, r.get(5)?);
    parsed(|| {
        Ok(Condition {
            id,
            details: ConditionInput {
                problem,
                code,
                onset: parse_opt_date(onset, T, "onset")?,
                status: from_code(&status, T, "status")?,
                resolved_on: parse_opt_date(resolved_on, T, "resolved_on")?,
            },
        })
    })
}

/// The note's columns for a write.
pub(crate) fn note_columns(note: &EncounterInput) -> Result<Vec<(&'static str, Option<String>)>, StoreError> {
    let diagnoses =
        serde_json::to_string(&note.diagnoses).map_err(|_| StoreError::Corrupt { table: "encounter", column: "diagnoses" })?;
    Ok(vec![
        ("reason", Some(note.reason.clone())),
        ("subjective", note.subjective.clone()),
        ("objective", note.objective.clone()),
        ("assessment", note.assessment.clone()),
        ("plan", note.plan.clone()),
        ("diagnoses", Some(diagnoses)),
    ])
}

/// Reads a note from six columns starting at `at`: reason, subjective, objective, assessment,
/// plan, diagnoses.
pub(crate) fn note_from_row(r: &Row<'_>, at: usize, table: &'static str) -> RowResult<EncounterInput> {
    let diagnoses: String = r.get(at + 5)?;
    let (reason, subjective, objective, assessment, plan) =
        (r.get(at)?, r.get(at + 1)?, r.get(at + 2)?, r.get(at + 3)?, r.get(at + 4)?);
    parsed(|| {
        let diagnoses: Vec<Diagnosis> =
            serde_json::from_str(&diagnoses).map_err(|_| StoreError::Corrupt { table, column: "diagnoses" })?;
        Ok(EncounterInput { reason, subjective, objective, assessment, plan, diagnoses })
    })
}

pub(crate) const VITALS_COLUMNS: &str = "id, taken_at, recorded_by, systolic_mmhg, diastolic_mmhg, pulse_per_min, \
     temperature_tenths_c, respiratory_rate_per_min, spo2_percent, height_mm, weight_g, bmi_tenths";

pub(crate) fn vitals_columns(v: &Vitals) -> Vec<(&'static str, Option<String>)> {
    let m = &v.measured;
    let n = |x: Option<u32>| x.map(|x| x.to_string());
    vec![
        ("systolic_mmhg", n(m.systolic_mmhg)),
        ("diastolic_mmhg", n(m.diastolic_mmhg)),
        ("pulse_per_min", n(m.pulse_per_min)),
        ("temperature_tenths_c", n(m.temperature_tenths_c)),
        ("respiratory_rate_per_min", n(m.respiratory_rate_per_min)),
        ("spo2_percent", n(m.spo2_percent)),
        ("height_mm", n(m.height_mm)),
        ("weight_g", n(m.weight_g)),
        ("bmi_tenths", n(v.bmi_tenths)),
    ]
}

pub(crate) fn vitals_from_row(r: &Row<'_>) -> RowResult<VitalsReading> {
    let (id, taken_at, recorded_by): (VitalsId, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
    let m = |i: usize| r.get::<_, Option<u32>>(i);
    let measured = VitalsInput {
        systolic_mmhg: m(3)?,
        diastolic_mmhg: m(4)?,
        pulse_per_min: m(5)?,
        temperature_tenths_c: m(6)?,
        respiratory_rate_per_min: m(7)?,
        spo2_percent: m(8)?,
        height_mm: m(9)?,
        weight_g: m(10)?,
    };
    let bmi_tenths = m(11)?;
    parsed(|| {
        Ok(VitalsReading {
            id,
            vitals: Vitals { measured, bmi_tenths },
            taken_at: parse_instant(&taken_at, "vitals", "taken_at")?,
            recorded_by,
        })
    })
}

pub(crate) const LAB_COLUMNS: &str = "id, test, value_kind, value, unit, reference_low, reference_high, critical_low, \
     critical_high, flag, collected_on, created_at, recorded_by";

pub(crate) fn lab_columns(result: &LabResult) -> Vec<(&'static str, Option<String>)> {
    let (kind, value) = match &result.value {
        LabValue::Numeric { number } => ("numeric", number.to_string()),
        LabValue::Text { text } => ("text", text.clone()),
    };
    let limit = |d: Option<clinic_core::chart::Decimal>| d.map(|d| d.to_string());
    vec![
        ("test", Some(result.test.clone())),
        ("value_kind", Some(kind.to_string())),
        ("value", Some(value)),
        ("unit", result.unit.clone()),
        ("reference_low", limit(result.range.low)),
        ("reference_high", limit(result.range.high)),
        ("critical_low", limit(result.range.critical_low)),
        ("critical_high", limit(result.range.critical_high)),
        ("flag", code(&result.flag)),
        ("collected_on", date_text(result.collected_on)),
    ]
}

pub(crate) fn lab_from_row(r: &Row<'_>) -> RowResult<LabEntry> {
    const T: &str = "lab_result";
    let (id, test, kind, value, unit): (LabResultId, String, String, String, Option<String>) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    let limits: [Option<String>; 4] = [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
    let (flag, collected_on, created_at, recorded_by): (String, Option<String>, String, String) =
        (r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?);
    parsed(|| {
        let value = match kind.as_str() {
            "numeric" => {
                LabValue::Numeric { number: value.parse().map_err(|_| StoreError::Corrupt { table: T, column: "value" })? }
            }
            _ => LabValue::Text { text: value },
        };
        let [low, high, critical_low, critical_high] = limits;
        let d = |t: Option<String>, column| number::<clinic_core::chart::Decimal>(t, T, column);
        Ok(LabEntry {
            id,
            result: LabResult {
                test,
                value,
                unit,
                range: ReferenceRange {
                    low: d(low, "reference_low")?,
                    high: d(high, "reference_high")?,
                    critical_low: d(critical_low, "critical_low")?,
                    critical_high: d(critical_high, "critical_high")?,
                },
                flag: from_code(&flag, T, "flag")?,
                collected_on: parse_opt_date(collected_on, T, "collected_on")?,
            },
            recorded_at: parse_instant(&created_at, T, "created_at")?,
            recorded_by,
        })
    })
}

pub(crate) const PRESCRIPTION_COLUMNS: &str = "id, medication, strength, dose, route, frequency, duration_days, quantity, \
     refills, instructions, status, stop_reason, override_reason, prescriber_id, created_at, encounter_id";

pub(crate) fn prescription_columns(p: &PrescriptionInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("medication", Some(p.medication.clone())),
        ("strength", p.strength.clone()),
        ("dose", Some(p.dose.clone())),
        ("route", code(&p.route)),
        ("frequency", Some(p.frequency.clone())),
        ("duration_days", p.duration_days.map(|d| d.to_string())),
        ("quantity", p.quantity.map(|q| q.to_string())),
        ("refills", Some(p.refills.to_string())),
        ("instructions", p.instructions.clone()),
    ]
}

pub(crate) fn prescription_from_row(r: &Row<'_>) -> RowResult<PrescriptionEntry> {
    const T: &str = "prescription";
    let (id, medication, strength, dose, route): (PrescriptionId, String, Option<String>, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    let (frequency, duration_days, quantity, refills, instructions): (String, Option<u32>, Option<u32>, u32, Option<String>) =
        (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
    let (status, stop_reason, override_reason): (String, Option<String>, Option<String>) = (r.get(10)?, r.get(11)?, r.get(12)?);
    let (prescriber_id, created_at, encounter_id): (UserId, String, Option<EncounterId>) = (r.get(13)?, r.get(14)?, r.get(15)?);
    parsed(|| {
        Ok(PrescriptionEntry {
            prescription: Prescription {
                id,
                details: PrescriptionInput {
                    medication,
                    strength,
                    dose,
                    route: from_code(&route, T, "route")?,
                    frequency,
                    duration_days,
                    quantity,
                    refills,
                    instructions,
                },
                status: from_code(&status, T, "status")?,
                stop_reason,
                override_reason,
            },
            prescriber_id,
            prescribed_at: parse_instant(&created_at, T, "created_at")?,
            encounter_id,
        })
    })
}

pub(crate) const ALERT_COLUMNS: &str = "id, patient_id, lab_result_id, flag, message, for_user_id, created_at, acknowledged_at";

pub(crate) fn alert_from_row(r: &Row<'_>) -> RowResult<ClinicalAlert> {
    const T: &str = "clinical_alert";
    let (id, patient_id, lab_result_id, flag, message): (ResultAlertId, PatientId, LabResultId, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    let (for_user_id, created_at, acknowledged_at): (Option<UserId>, String, Option<String>) = (r.get(5)?, r.get(6)?, r.get(7)?);
    parsed(|| {
        Ok(ClinicalAlert {
            id,
            patient_id,
            lab_result_id,
            flag: from_code(&flag, T, "flag")?,
            message,
            for_user_id,
            raised_at: parse_instant(&created_at, T, "created_at")?,
            acknowledged_at: parse_opt_instant(acknowledged_at, T, "acknowledged_at")?,
        })
    })
}
