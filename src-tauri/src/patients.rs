//! The patient commands' bodies: parse, call the store, map the error. The `#[tauri::command]`
//! wrappers in `commands` only unpack Tauri's state, so these are tested without a window.

use chrono::{Local, NaiveDate};
use clinic_core::{ListPatientsRequest, Patient, PatientInput, PatientPage, PatientSummary};
use uuid::Uuid;

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// The clinic's date today. The clinic time zone becomes a setting later; until then the
/// computer's own zone is the clinic's.
fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Ids come from the UI as text; anything that is not a UUID is refused before the store sees it.
fn parse_id(id: &str) -> Result<String, CommandError> {
    Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| CommandError::new(ErrorCode::NotFound, "That patient link is not valid (not a patient id)"))
}

/// Ranked patient search for the Ctrl+K box.
pub fn search(state: &AppState, query: &str, limit: u32) -> Result<Vec<PatientSummary>, CommandError> {
    Ok(state.store()?.search_patients(query, limit)?)
}

/// One page of the patient list.
pub fn list(state: &AppState, request: &ListPatientsRequest) -> Result<PatientPage, CommandError> {
    Ok(state.store()?.list_patients(request)?)
}

/// One patient.
pub fn get(state: &AppState, id: &str) -> Result<Patient, CommandError> {
    Ok(state.store()?.get_patient(&parse_id(id)?)?)
}

/// Registers a patient.
pub fn create(state: &AppState, input: &PatientInput) -> Result<Patient, CommandError> {
    Ok(state.store()?.create_patient(input, today())?)
}

/// Saves an edit of a patient's details.
pub fn update(state: &AppState, id: &str, input: &PatientInput) -> Result<Patient, CommandError> {
    Ok(state.store()?.update_patient(&parse_id(id)?, input, today())?)
}

/// Archives a patient.
pub fn archive(state: &AppState, id: &str) -> Result<Patient, CommandError> {
    Ok(state.store()?.archive_patient(&parse_id(id)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::{PatientSort, Sex};
    use clinic_store::{DatabaseKey, SiteSetup, Store};

    fn state(dir: &std::path::Path) -> AppState {
        let setup = SiteSetup { clinic_name: "Test".into(), site_name: "Desk".into(), site_code: "TST".into() };
        AppState::ready(Store::create(&dir.join("app.db"), &DatabaseKey::generate(), &setup).expect("store"))
    }

    fn input(email: &str) -> PatientInput {
        PatientInput {
            given_name: "Maria".into(),
            family_name: "Lopez".into(),
            date_of_birth: "1984-03-27".into(),
            sex: Some(Sex::Female),
            email: email.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_bad_email_comes_back_as_a_field_error_and_nothing_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = state(dir.path());
        let err = create(&state, &input("maria@")).expect_err("bad email");
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.field_errors.len(), 1);
        assert_eq!(err.field_errors[0].field, "email");
        assert_eq!(state.status().expect("status").patient_count, 0);
    }

    #[test]
    fn register_find_edit_and_archive() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = state(dir.path());
        let created = create(&state, &input("maria@example.com")).expect("create");
        let id = created.id.to_string();
        assert_eq!(search(&state, "lopez", 10).expect("search")[0].id, created.id);
        let edited = PatientInput { phone: "555 0100 123".into(), ..input("maria@example.com") };
        assert_eq!(update(&state, &id, &edited).expect("update").details.phone.as_deref(), Some("555 0100 123"));
        assert!(archive(&state, &id).expect("archive").archived_at.is_some());
        let page =
            list(&state, &ListPatientsRequest { page: 1, page_size: 10, sort: PatientSort::FamilyName, include_archived: false })
                .expect("list");
        assert_eq!(page.total, 0);
        assert_eq!(get(&state, &id).expect("get").id, created.id);
    }

    #[test]
    fn malformed_and_unknown_ids_are_not_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = state(dir.path());
        assert_eq!(get(&state, "../etc/passwd").expect_err("malformed").code, ErrorCode::NotFound);
        assert_eq!(get(&state, "0190b7c4-0000-7000-8000-000000000000").expect_err("unknown").code, ErrorCode::NotFound);
    }

    #[test]
    fn a_store_that_failed_to_open_answers_every_command_with_why() {
        let state = AppState::failed(CommandError::new(ErrorCode::Keychain, "no unlocked system keychain: test"));
        let err = search(&state, "x", 5).expect_err("no store");
        assert_eq!(err.code, ErrorCode::Keychain);
        assert!(state.status().is_err());
    }
}
