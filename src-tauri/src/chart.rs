//! The chart commands' bodies (docs/chart.md): parse, check permission, call the store, map the
//! error. Reads need clinical access (or break-the-glass for that patient); writes need the
//! role's clinical permission, never break-the-glass.

use std::io::Write;

use chrono::Local;
use clinic_core::chart::{
    search_icd10 as search_codes, Allergy, AllergyConflict, AllergyInput, AllergyRecord, AmendmentInput, Condition,
    ConditionInput, EncounterHistory, EncounterInput, EncounterSummary, Icd10Code, LabEntry, LabResultInput, PatientHistory,
    PatientHistoryInput, PrescriptionChange, PrescriptionEntry, PrescriptionInput, UrgentResult, VitalsInput, VitalsReading,
    MAX_MEDICATION,
};
use clinic_core::{AuditAction, AuditRecord};
use clinic_store::scheduling::clinic_today;
use clinic_store::PrescriptionDraft;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};
use crate::patients::parse_id;
use crate::prescription_pdf::prescription_sheet;
use crate::state::{AppState, Authorized};

/// Most codes a search returns.
const ICD10_RESULTS: usize = 20;

/// A document written to the exports folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedDocument {
    /// Where it was saved.
    pub path: String,
}

/// Checks `command` for one patient's chart; returns the check and the patient's parsed id.
fn on_chart<'a>(state: &'a AppState, command: &'static str, patient_id: &str) -> Result<(Authorized<'a>, String), CommandError> {
    let id = parse_id(patient_id, "patient")?;
    Ok((state.authorize_chart(command, &id)?, id))
}

/// All versions of one visit note.
pub fn encounter_history(state: &AppState, patient_id: &str, encounter_id: &str) -> Result<EncounterHistory, CommandError> {
    let (mut auth, patient) = on_chart(state, "encounter_history", patient_id)?;
    let encounter = parse_id(encounter_id, "visit note")?;
    let history = auth.store.encounter_history(&patient, &encounter)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead)
        .patient(patient)
        .entity("encounter", encounter)
        .detail("note history");
    auth.store.audit(&record)?;
    Ok(history)
}

/// The allergy warnings prescribing `medication` would raise.
pub fn check_prescription(state: &AppState, patient_id: &str, medication: &str) -> Result<Vec<AllergyConflict>, CommandError> {
    let (mut auth, patient) = on_chart(state, "check_prescription", patient_id)?;
    if medication.chars().count() > MAX_MEDICATION {
        return Err(CommandError::field("medication", &format!("Use at most {MAX_MEDICATION} characters")));
    }
    let conflicts = auth.store.prescription_conflicts(&patient, medication)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead).patient(patient).detail("allergy check");
    auth.store.audit(&record)?;
    Ok(conflicts)
}

/// ICD-10-CM codes for what a doctor typed (a code list, no patient data: not audited).
pub fn search_icd10(state: &AppState, query: &str) -> Result<Vec<Icd10Code>, CommandError> {
    state.authorize("search_icd10")?;
    Ok(search_codes(query, ICD10_RESULTS))
}

/// Records an allergy.
pub fn record_allergy(state: &AppState, patient_id: &str, input: &AllergyInput) -> Result<Allergy, CommandError> {
    let (mut auth, patient) = on_chart(state, "record_allergy", patient_id)?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.record_allergy(&actor, &patient, input, today)?)
}

/// Corrects an allergy or changes its status.
pub fn change_allergy(
    state: &AppState,
    patient_id: &str,
    allergy_id: &str,
    input: &AllergyInput,
) -> Result<Allergy, CommandError> {
    let (mut auth, patient) = on_chart(state, "change_allergy", patient_id)?;
    let allergy = parse_id(allergy_id, "allergy")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.change_allergy(&actor, &patient, &allergy, input, today)?)
}

/// Records "no known allergies".
pub fn record_no_known_allergies(state: &AppState, patient_id: &str) -> Result<AllergyRecord, CommandError> {
    let (mut auth, patient) = on_chart(state, "record_no_known_allergies", patient_id)?;
    let actor = auth.actor.clone();
    Ok(auth.store.record_no_known_allergies(&actor, &patient)?)
}

/// Records vital signs.
pub fn record_vitals(state: &AppState, patient_id: &str, input: &VitalsInput) -> Result<VitalsReading, CommandError> {
    let (mut auth, patient) = on_chart(state, "record_vitals", patient_id)?;
    let actor = auth.actor.clone();
    Ok(auth.store.record_vitals(&actor, &patient, input)?)
}

/// Records a lab result (an abnormal one raises an urgent alert).
pub fn record_lab_result(state: &AppState, patient_id: &str, input: &LabResultInput) -> Result<LabEntry, CommandError> {
    let (mut auth, patient) = on_chart(state, "record_lab_result", patient_id)?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.record_lab_result(&actor, &patient, input, today)?)
}

/// Adds a problem to the list.
pub fn record_condition(state: &AppState, patient_id: &str, input: &ConditionInput) -> Result<Condition, CommandError> {
    let (mut auth, patient) = on_chart(state, "record_condition", patient_id)?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.save_condition(&actor, &patient, None, input, today)?)
}

/// Changes a problem (resolves it, corrects it).
pub fn change_condition(
    state: &AppState,
    patient_id: &str,
    condition_id: &str,
    input: &ConditionInput,
) -> Result<Condition, CommandError> {
    let (mut auth, patient) = on_chart(state, "change_condition", patient_id)?;
    let condition = parse_id(condition_id, "problem")?;
    let (actor, today) = (auth.actor.clone(), state.clinic_today(&auth.store)?);
    Ok(auth.store.save_condition(&actor, &patient, Some(&condition), input, today)?)
}

/// Saves the family and social history.
pub fn save_patient_history(
    state: &AppState,
    patient_id: &str,
    input: &PatientHistoryInput,
) -> Result<PatientHistory, CommandError> {
    let (mut auth, patient) = on_chart(state, "save_patient_history", patient_id)?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_patient_history(&actor, &patient, input)?)
}

/// Starts or edits a draft visit note, signing it when asked.
pub fn save_encounter(
    state: &AppState,
    patient_id: &str,
    encounter_id: Option<&str>,
    appointment_id: Option<&str>,
    note: &EncounterInput,
    sign: bool,
) -> Result<EncounterSummary, CommandError> {
    let (mut auth, patient) = on_chart(state, "save_encounter", patient_id)?;
    let encounter = encounter_id.map(|id| parse_id(id, "visit note")).transpose()?;
    let appointment = appointment_id.map(|id| parse_id(id, "appointment")).transpose()?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_encounter(&actor, &patient, encounter.as_deref(), appointment.as_deref(), note, sign)?)
}

/// Amends a signed visit note.
pub fn amend_encounter(
    state: &AppState,
    patient_id: &str,
    encounter_id: &str,
    input: &AmendmentInput,
) -> Result<EncounterSummary, CommandError> {
    let (mut auth, patient) = on_chart(state, "amend_encounter", patient_id)?;
    let encounter = parse_id(encounter_id, "visit note")?;
    let actor = auth.actor.clone();
    Ok(auth.store.amend_encounter(&actor, &patient, &encounter, input)?)
}

/// The open urgent results for the doctor asking.
pub fn list_clinical_alerts(state: &AppState) -> Result<Vec<UrgentResult>, CommandError> {
    let mut auth = state.authorize("list_clinical_alerts")?;
    let alerts = auth.store.list_clinical_alerts(&auth.actor.user_id.to_string())?;
    // The list shows each patient's name and results: one read per patient, as for a chart.
    let patients: std::collections::BTreeSet<&str> = alerts.iter().map(|a| a.alert.patient_id.as_str()).collect();
    for patient in patients {
        let record =
            AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead).patient(patient).detail("urgent results");
        auth.store.audit(&record)?;
    }
    Ok(alerts)
}

/// Closes an urgent result.
pub fn acknowledge_clinical_alert(state: &AppState, alert_id: &str) -> Result<(), CommandError> {
    let mut auth = state.authorize("acknowledge_clinical_alert")?;
    let alert = parse_id(alert_id, "urgent result")?;
    let actor = auth.actor.clone();
    Ok(auth.store.acknowledge_clinical_alert(&actor, &alert)?)
}

/// Writes a prescription, with the reason to go ahead when it matches an allergy.
pub fn prescribe(
    state: &AppState,
    patient_id: &str,
    input: &PrescriptionInput,
    override_reason: Option<String>,
    encounter_id: Option<&str>,
) -> Result<PrescriptionEntry, CommandError> {
    let (mut auth, patient) = on_chart(state, "prescribe", patient_id)?;
    let encounter_id = encounter_id.map(|id| parse_id(id, "visit note")).transpose()?;
    let actor = auth.actor.clone();
    let draft = PrescriptionDraft { input: input.clone(), override_reason, encounter_id };
    Ok(auth.store.prescribe(&actor, &patient, &draft)?)
}

/// Completes or stops a prescription.
pub fn change_prescription(
    state: &AppState,
    patient_id: &str,
    prescription_id: &str,
    change: &PrescriptionChange,
) -> Result<PrescriptionEntry, CommandError> {
    let (mut auth, patient) = on_chart(state, "change_prescription", patient_id)?;
    let prescription = parse_id(prescription_id, "prescription")?;
    let actor = auth.actor.clone();
    Ok(auth.store.change_prescription(&actor, &patient, &prescription, change)?)
}

/// Prints the chosen prescriptions to a PDF in the exports folder, as their prescriber wrote
/// them: one prescriber per sheet, dated the day they were written.
pub fn save_prescription_pdf(
    state: &AppState,
    patient_id: &str,
    prescription_ids: &[String],
) -> Result<SavedDocument, CommandError> {
    let (mut auth, patient_id) = on_chart(state, "save_prescription_pdf", patient_id)?;
    let ids = prescription_ids.iter().map(|id| parse_id(id, "prescription")).collect::<Result<Vec<_>, _>>()?;
    let entries = auth.store.prescriptions_to_print(&patient_id, &ids)?;
    let prescriber_id = entries[0].prescriber_id.clone();
    if entries.iter().any(|e| e.prescriber_id != prescriber_id) {
        return Err(CommandError::new(ErrorCode::Conflict, "Print the prescriptions of one prescriber at a time"));
    }
    let prescriber = auth.store.get_user(&prescriber_id)?.display_name;
    let tz = auth.store.clinic_time_zone()?;
    let written =
        entries.iter().map(|e| clinic_today(e.prescribed_at, tz)).max().unwrap_or_else(|| clinic_today(state.now(), tz));
    let patient = auth.store.get_patient(&patient_id)?;
    let allergies = auth.store.allergy_state(&patient_id)?;
    let sheet = prescription_sheet(auth.store.site(), &prescriber, &patient, &allergies, &entries, written);
    let bytes = clinic_print::prescription_pdf(&sheet)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not lay out the prescription: {e}")))?;
    // The file name carries the record number, not the patient's name; the milliseconds keep
    // two prints in one second apart, and create_new never overwrites an earlier file.
    let name = format!("prescription-{}-{}.pdf", patient.mrn, Local::now().format("%Y%m%d-%H%M%S-%3f"));
    let path = state.export_path(&name)?;
    write_new_file(&path, &bytes)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::PrescriptionPrinted)
        .patient(patient_id)
        .detail(format!("{} prescription(s)", entries.len()));
    auth.store.audit(&record)?;
    Ok(SavedDocument { path: path.display().to_string() })
}

/// Writes a new file, never overwriting one already there.
pub(crate) fn write_new_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), CommandError> {
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    write().map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not write {}: {e}", path.display())))
}
