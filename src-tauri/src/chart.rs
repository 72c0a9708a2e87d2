//! The chart commands' bodies (docs/chart.md): parse, check permission, call the store, map the
//! error. Reads need clinical access (or break-the-glass for that patient); writes need the
//! role's clinical permission, never break-the-glass.

use clinic_core::chart::{
    search_icd10 as search_codes, Allergy, AllergyConflict, AllergyInput, AllergyRecord, AmendmentInput, Condition,
    ConditionInput, EncounterHistory, EncounterInput, EncounterSummary, Icd10Code, LabEntry, LabResultInput, PatientHistory,
    PatientHistoryInput, PrescriptionChange, PrescriptionEntry, PrescriptionInput, UrgentResult, VitalsInput, VitalsReading,
    MAX_MEDICATION,
};
use clinic_core::ids::{AllergyId, AppointmentId, ConditionId, EncounterId, PatientId, PrescriptionId, ResultAlertId};
use clinic_core::{AuditAction, AuditRecord};
use clinic_store::scheduling::clinic_today;
use clinic_store::PrescriptionDraft;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};
use crate::exports::write_export;
use crate::prescription_pdf::prescription_sheet;
use crate::state::Authorized;

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

/// All versions of one visit note.
pub fn encounter_history(
    mut auth: Authorized<'_>,
    patient: PatientId,
    encounter_id: EncounterId,
) -> Result<EncounterHistory, CommandError> {
    let encounter = encounter_id;
    let history = auth.store.encounter_history(&patient, &encounter)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead)
        .patient(&patient)
        .entity("encounter", encounter)
        .detail("note history");
    auth.store.audit(&record)?;
    Ok(history)
}

/// The allergy warnings prescribing `medication` would raise.
pub fn check_prescription(
    mut auth: Authorized<'_>,
    patient: PatientId,
    medication: String,
) -> Result<Vec<AllergyConflict>, CommandError> {
    if medication.chars().count() > MAX_MEDICATION {
        return Err(CommandError::field("medication", &format!("Use at most {MAX_MEDICATION} characters")));
    }
    let conflicts = auth.store.prescription_conflicts(&patient, &medication)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead).patient(&patient).detail("allergy check");
    auth.store.audit(&record)?;
    Ok(conflicts)
}

/// ICD-10-CM codes for what a doctor typed (a code list, no patient data: not audited).
pub fn search_icd10(_auth: Authorized<'_>, query: String) -> Result<Vec<Icd10Code>, CommandError> {
    Ok(search_codes(&query, ICD10_RESULTS))
}

/// Records an allergy.
pub fn record_allergy(mut auth: Authorized<'_>, patient: PatientId, input: AllergyInput) -> Result<Allergy, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.record_allergy(&auth.actor, &patient, &input, today)?)
}

/// Corrects an allergy or changes its status.
pub fn change_allergy(
    mut auth: Authorized<'_>,
    patient: PatientId,
    allergy_id: AllergyId,
    input: AllergyInput,
) -> Result<Allergy, CommandError> {
    let allergy = allergy_id;
    let today = auth.today()?;
    Ok(auth.store.change_allergy(&auth.actor, &patient, &allergy, &input, today)?)
}

/// Records "no known allergies".
pub fn record_no_known_allergies(mut auth: Authorized<'_>, patient: PatientId) -> Result<AllergyRecord, CommandError> {
    Ok(auth.store.record_no_known_allergies(&auth.actor, &patient)?)
}

/// Records vital signs.
pub fn record_vitals(mut auth: Authorized<'_>, patient: PatientId, input: VitalsInput) -> Result<VitalsReading, CommandError> {
    Ok(auth.store.record_vitals(&auth.actor, &patient, &input)?)
}

/// Records a lab result (an abnormal one raises an urgent alert).
pub fn record_lab_result(mut auth: Authorized<'_>, patient: PatientId, input: LabResultInput) -> Result<LabEntry, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.record_lab_result(&auth.actor, &patient, &input, today)?)
}

/// Adds a problem to the list.
pub fn record_condition(mut auth: Authorized<'_>, patient: PatientId, input: ConditionInput) -> Result<Condition, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.save_condition(&auth.actor, &patient, None, &input, today)?)
}

/// Changes a problem (resolves it, corrects it).
pub fn change_condition(
    mut auth: Authorized<'_>,
    patient: PatientId,
    condition_id: ConditionId,
    input: ConditionInput,
) -> Result<Condition, CommandError> {
    let condition = condition_id;
    let today = auth.today()?;
    Ok(auth.store.save_condition(&auth.actor, &patient, Some(&condition), &input, today)?)
}

/// Saves the family and social history.
pub fn save_patient_history(
    mut auth: Authorized<'_>,
    patient: PatientId,
    input: PatientHistoryInput,
) -> Result<PatientHistory, CommandError> {
    Ok(auth.store.save_patient_history(&auth.actor, &patient, &input)?)
}

/// Starts or edits a draft visit note, signing it when asked.
pub fn save_encounter(
    mut auth: Authorized<'_>,
    patient: PatientId,
    encounter_id: Option<EncounterId>,
    appointment_id: Option<AppointmentId>,
    note: EncounterInput,
    sign: bool,
) -> Result<EncounterSummary, CommandError> {
    let encounter = encounter_id;
    let appointment = appointment_id;
    Ok(auth.store.save_encounter(&auth.actor, &patient, encounter.as_ref(), appointment.as_ref(), &note, sign)?)
}

/// Amends a signed visit note.
pub fn amend_encounter(
    mut auth: Authorized<'_>,
    patient: PatientId,
    encounter_id: EncounterId,
    input: AmendmentInput,
) -> Result<EncounterSummary, CommandError> {
    let encounter = encounter_id;
    Ok(auth.store.amend_encounter(&auth.actor, &patient, &encounter, &input)?)
}

/// The open urgent results for the doctor asking.
pub fn list_clinical_alerts(mut auth: Authorized<'_>) -> Result<Vec<UrgentResult>, CommandError> {
    let alerts = auth.store.list_clinical_alerts(&auth.actor.user_id)?;
    // The list shows each patient's name and results: one read per patient, as for a chart.
    let patients: std::collections::BTreeSet<PatientId> = alerts.iter().map(|a| a.alert.patient_id).collect();
    for patient in patients {
        let record =
            AuditRecord::new(Some(&auth.actor), AuditAction::ClinicalRecordRead).patient(&patient).detail("urgent results");
        auth.store.audit(&record)?;
    }
    Ok(alerts)
}

/// Closes an urgent result.
pub fn acknowledge_clinical_alert(mut auth: Authorized<'_>, alert_id: ResultAlertId) -> Result<(), CommandError> {
    let alert = alert_id;
    Ok(auth.store.acknowledge_clinical_alert(&auth.actor, &alert)?)
}

/// Writes a prescription, with the reason to go ahead when it matches an allergy.
pub fn prescribe(
    mut auth: Authorized<'_>,
    patient: PatientId,
    input: PrescriptionInput,
    override_reason: Option<String>,
    encounter_id: Option<EncounterId>,
) -> Result<PrescriptionEntry, CommandError> {
    let draft = PrescriptionDraft { input, override_reason, encounter_id };
    Ok(auth.store.prescribe(&auth.actor, &patient, &draft)?)
}

/// Completes or stops a prescription.
pub fn change_prescription(
    mut auth: Authorized<'_>,
    patient: PatientId,
    prescription_id: PrescriptionId,
    change: PrescriptionChange,
) -> Result<PrescriptionEntry, CommandError> {
    let prescription = prescription_id;
    Ok(auth.store.change_prescription(&auth.actor, &patient, &prescription, &change)?)
}

/// Prints the chosen prescriptions to a PDF in the exports folder, as their prescriber wrote
/// them: one prescriber per sheet, dated the day they were written.
pub fn save_prescription_pdf(
    mut auth: Authorized<'_>,
    patient_id: PatientId,
    prescription_ids: Vec<PrescriptionId>,
) -> Result<SavedDocument, CommandError> {
    let ids = prescription_ids;
    let entries = auth.store.prescriptions_to_print(&patient_id, &ids)?;
    let prescriber_id = entries[0].prescriber_id;
    if entries.iter().any(|e| e.prescriber_id != prescriber_id) {
        return Err(CommandError::new(ErrorCode::Conflict, "Print the prescriptions of one prescriber at a time"));
    }
    let prescriber = auth.store.get_user(&prescriber_id)?.display_name;
    let tz = auth.store.clinic_time_zone()?;
    let written = entries.iter().map(|e| clinic_today(e.prescribed_at, tz)).max().unwrap_or_else(|| clinic_today(auth.now(), tz));
    let patient = auth.store.get_patient(&patient_id)?;
    let allergies = auth.store.allergy_state(&patient_id)?;
    let sheet = prescription_sheet(auth.store.site(), &prescriber, &patient, &allergies, &entries, written);
    let bytes = clinic_print::prescription_pdf(&sheet)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not lay out the prescription: {e}")))?;
    // The file name carries the record number, not the patient's name.
    let path = write_export(&auth, &format!("prescription-{}", patient.mrn), "pdf", &bytes)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::PrescriptionPrinted)
        .patient(&patient_id)
        .detail(format!("{} prescription(s)", entries.len()));
    auth.store.audit(&record)?;
    Ok(SavedDocument { path: path.display().to_string() })
}
