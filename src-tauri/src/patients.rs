//! The patient commands' bodies: parse, call the store, map the error. The `#[tauri::command]`
//! wrappers in `commands` only unpack Tauri's state, so these are tested without a window.

use clinic_core::chart::ChartRecord;
use clinic_core::ids::PatientId;
use clinic_core::{
    role_may, Action, AuditAction, AuditRecord, ListPatientsRequest, Patient, PatientInput, PatientPage, PatientSummary,
};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::Authorized;

/// How the user came to see a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChartAccess {
    /// Their role may see clinical records.
    Role,
    /// Emergency access with a recorded reason, for a limited time.
    BreakTheGlass,
}

/// A patient's chart as opened: the demographics, how the user may see it, and the whole
/// clinical record (one call, so the chart opens at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientChart {
    pub patient: Patient,
    pub access: ChartAccess,
    /// When emergency access ends (RFC 3339), for break-the-glass access.
    pub access_until: Option<String>,
    /// Allergies, problems, history, visits, vitals, labs, medications and urgent results.
    pub record: ChartRecord,
}

/// Emergency access granted to one chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmergencyAccess {
    pub patient_id: PatientId,
    pub expires_at: String,
}

/// Ranked patient search for the Ctrl+K box.
pub fn search(mut auth: Authorized<'_>, query: String, limit: u32) -> Result<Vec<PatientSummary>, CommandError> {
    let found = auth.store.search_patients(&query, limit)?;
    // The query itself may be a patient's name: only the count is recorded.
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::PatientsSearched).detail(format!("{} found", found.len()));
    auth.store.audit(&record)?;
    Ok(found)
}

/// One page of the patient list.
pub fn list(mut auth: Authorized<'_>, request: ListPatientsRequest) -> Result<PatientPage, CommandError> {
    let page = auth.store.list_patients(&request)?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::PatientsListed).detail(format!("page {}", page.page));
    auth.store.audit(&record)?;
    Ok(page)
}

/// One patient's demographics.
pub fn get(mut auth: Authorized<'_>, id: PatientId) -> Result<Patient, CommandError> {
    Ok(auth.store.read_patient(&auth.actor, &id)?)
}

/// Registers a patient.
pub fn create(mut auth: Authorized<'_>, input: PatientInput) -> Result<Patient, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.create_patient(&auth.actor, &input, today)?)
}

/// Saves an edit of a patient's details.
pub fn update(mut auth: Authorized<'_>, id: PatientId, input: PatientInput) -> Result<Patient, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.update_patient(&auth.actor, &id, &input, today)?)
}

/// Archives a patient.
pub fn archive(mut auth: Authorized<'_>, id: PatientId) -> Result<Patient, CommandError> {
    Ok(auth.store.archive_patient(&auth.actor, &id)?)
}

/// Opens a patient's chart: for clinical roles, or with an unexpired break-the-glass grant.
pub fn open_chart(mut auth: Authorized<'_>, id: PatientId) -> Result<PatientChart, CommandError> {
    let now = auth.now();
    let grant = if role_may(auth.actor.role, Action::ViewChart) { None } else { auth.session().grant_for(&id, now).cloned() };
    let patient = auth.store.get_patient(&id)?;
    let clinical = auth.store.read_chart(&id)?;
    let mut record = AuditRecord::new(Some(&auth.actor), AuditAction::ChartOpened).patient(&id);
    if grant.is_some() {
        record = record.detail("emergency access");
    }
    auth.store.audit(&record)?;
    Ok(PatientChart {
        patient,
        access: if grant.is_some() { ChartAccess::BreakTheGlass } else { ChartAccess::Role },
        access_until: grant.map(|g| stamp(g.expires_at)),
        record: clinical,
    })
}

/// Emergency access to a chart for a role without clinical access: recorded with the reason,
/// raised to admins, and limited in time.
pub fn break_the_glass(mut auth: Authorized<'_>, patient_id: PatientId, reason: String) -> Result<EmergencyAccess, CommandError> {
    let id = patient_id;
    auth.store.break_the_glass(&auth.actor, &id, &reason)?;
    let now = auth.now();
    let grant = auth.session().grant(&id, now);
    Ok(EmergencyAccess { patient_id: id, expires_at: stamp(grant.expires_at) })
}

fn stamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
