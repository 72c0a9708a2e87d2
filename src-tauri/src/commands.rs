//! The Tauri commands: thin wrappers that hand Tauri's state to the command bodies.
//! Each is listed in src-tauri/build.rs and granted in capabilities/.

use clinic_core::{ListPatientsRequest, Patient, PatientInput, PatientPage, PatientSummary};
use tauri::State;

use crate::error::CommandError;
use crate::patients;
use crate::state::{AppState, AppStatus};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, CommandError> {
    state.status()
}

#[tauri::command]
pub async fn search_patients(state: State<'_, AppState>, query: String, limit: u32) -> Result<Vec<PatientSummary>, CommandError> {
    patients::search(&state, &query, limit)
}

#[tauri::command]
pub async fn list_patients(state: State<'_, AppState>, request: ListPatientsRequest) -> Result<PatientPage, CommandError> {
    patients::list(&state, &request)
}

#[tauri::command]
pub async fn get_patient(state: State<'_, AppState>, id: String) -> Result<Patient, CommandError> {
    patients::get(&state, &id)
}

#[tauri::command]
pub async fn create_patient(state: State<'_, AppState>, input: PatientInput) -> Result<Patient, CommandError> {
    patients::create(&state, &input)
}

#[tauri::command]
pub async fn update_patient(state: State<'_, AppState>, id: String, input: PatientInput) -> Result<Patient, CommandError> {
    patients::update(&state, &id, &input)
}

#[tauri::command]
pub async fn archive_patient(state: State<'_, AppState>, id: String) -> Result<Patient, CommandError> {
    patients::archive(&state, &id)
}
