//! The Tauri commands: thin wrappers that hand Tauri's state to the command bodies, which
//! check the session's permission first. Each is listed in `command_names` and `access`.

use clinic_core::{
    AuditFilter, AuditPage, AuditVerification, ClinicSetupInput, ListPatientsRequest, NewUserInput, Patient, PatientInput,
    PatientPage, PatientSummary, SecurityAlert, SiteSettings, User, UserUpdateInput,
};
use tauri::State;

use crate::admin::{self, ExportedFile};
use crate::error::CommandError;
use crate::patients::{self, EmergencyAccess, PatientChart};
use crate::session::SessionInfo;
use crate::state::{AppState, AppStatus};
use crate::{auth, users};

type Result<T> = std::result::Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus> {
    auth::app_status(&state)
}

#[tauri::command]
pub async fn set_up_clinic(state: State<'_, AppState>, input: ClinicSetupInput) -> Result<SessionInfo> {
    auth::set_up_clinic(&state, &input)
}

#[tauri::command]
pub async fn log_in(state: State<'_, AppState>, username: String, password: String) -> Result<SessionInfo> {
    auth::log_in(&state, &username, &password)
}

#[tauri::command]
pub async fn current_session(state: State<'_, AppState>) -> Result<Option<SessionInfo>> {
    auth::current_session(&state)
}

#[tauri::command]
pub async fn lock_session(state: State<'_, AppState>) -> Result<SessionInfo> {
    auth::lock_session(&state)
}

#[tauri::command]
pub async fn unlock_session(state: State<'_, AppState>, password: String) -> Result<SessionInfo> {
    auth::unlock_session(&state, &password)
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> Result<()> {
    auth::log_out(&state)
}

#[tauri::command]
pub async fn record_activity(state: State<'_, AppState>) -> Result<()> {
    auth::record_activity(&state)
}

#[tauri::command]
pub async fn change_own_password(state: State<'_, AppState>, current: String, new: String) -> Result<SessionInfo> {
    auth::change_own_password(&state, &current, &new)
}

#[tauri::command]
pub async fn search_patients(state: State<'_, AppState>, query: String, limit: u32) -> Result<Vec<PatientSummary>> {
    patients::search(&state, &query, limit)
}

#[tauri::command]
pub async fn list_patients(state: State<'_, AppState>, request: ListPatientsRequest) -> Result<PatientPage> {
    patients::list(&state, &request)
}

#[tauri::command]
pub async fn get_patient(state: State<'_, AppState>, id: String) -> Result<Patient> {
    patients::get(&state, &id)
}

#[tauri::command]
pub async fn create_patient(state: State<'_, AppState>, input: PatientInput) -> Result<Patient> {
    patients::create(&state, &input)
}

#[tauri::command]
pub async fn update_patient(state: State<'_, AppState>, id: String, input: PatientInput) -> Result<Patient> {
    patients::update(&state, &id, &input)
}

#[tauri::command]
pub async fn archive_patient(state: State<'_, AppState>, id: String) -> Result<Patient> {
    patients::archive(&state, &id)
}

#[tauri::command]
pub async fn open_patient_chart(state: State<'_, AppState>, id: String) -> Result<PatientChart> {
    patients::open_chart(&state, &id)
}

#[tauri::command]
pub async fn break_the_glass(state: State<'_, AppState>, id: String, reason: String) -> Result<EmergencyAccess> {
    patients::break_the_glass(&state, &id, &reason)
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<User>> {
    users::list(&state)
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, input: NewUserInput) -> Result<User> {
    users::create(&state, &input)
}

#[tauri::command]
pub async fn update_user(state: State<'_, AppState>, id: String, input: UserUpdateInput) -> Result<User> {
    users::update(&state, &id, &input)
}

#[tauri::command]
pub async fn disable_user(state: State<'_, AppState>, id: String) -> Result<User> {
    users::disable(&state, &id)
}

#[tauri::command]
pub async fn enable_user(state: State<'_, AppState>, id: String) -> Result<User> {
    users::enable(&state, &id)
}

#[tauri::command]
pub async fn reset_user_password(state: State<'_, AppState>, id: String, password: String) -> Result<User> {
    users::reset_password(&state, &id, &password)
}

#[tauri::command]
pub async fn list_audit_events(state: State<'_, AppState>, filter: AuditFilter, page: u32, page_size: u32) -> Result<AuditPage> {
    admin::list_audit_events(&state, &filter, page, page_size)
}

#[tauri::command]
pub async fn export_audit_csv(state: State<'_, AppState>, filter: AuditFilter) -> Result<ExportedFile> {
    admin::export_audit_csv(&state, &filter)
}

#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> Result<AuditVerification> {
    admin::verify_audit_trail(&state)
}

#[tauri::command]
pub async fn list_security_alerts(state: State<'_, AppState>) -> Result<Vec<SecurityAlert>> {
    admin::list_security_alerts(&state)
}

#[tauri::command]
pub async fn acknowledge_security_alert(state: State<'_, AppState>, id: String) -> Result<SecurityAlert> {
    admin::acknowledge_security_alert(&state, &id)
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: SiteSettings) -> Result<SiteSettings> {
    admin::save_settings(&state, &settings)
}
