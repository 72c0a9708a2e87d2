//! Errors as the UI receives them: a code to branch on, a message to show, field errors to
//! put next to their fields.

use clinic_core::{FieldError, ValidationErrors};
use clinic_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure a command had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Database,
    Keychain,
    Internal,
    /// The user's role may not do this (the attempt was audited).
    Forbidden,
    /// Nobody is logged in.
    NotSignedIn,
    /// The screen is locked: unlock first.
    SessionLocked,
    /// The session ended (account disabled, password reset): log in again.
    SessionEnded,
    /// A reset password must be changed before anything else.
    PasswordChangeRequired,
    /// Wrong username or password (the same for an unknown user).
    InvalidCredentials,
    /// Too many failed attempts: wait.
    LockedOut,
    /// The password was right but the account is disabled.
    AccountDisabled,
    /// The clinic has no accounts yet: run first-time setup.
    SetupRequired,
}

/// A failed command, serialised to the UI as `{ code, message, fieldErrors }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    pub field_errors: Vec<FieldError>,
}

impl CommandError {
    /// A refusal by the permission table.
    pub fn forbidden(message: impl Into<String>) -> Self {
        CommandError::new(ErrorCode::Forbidden, message)
    }

    /// One field's problem, as the UI shows it next to the field.
    pub fn field(field: &str, message: &str) -> Self {
        CommandError {
            code: ErrorCode::Validation,
            message: "Some fields need attention; nothing was saved".into(),
            field_errors: vec![FieldError { field: field.into(), message: message.into() }],
        }
    }

    /// A programmer's error (a broken invariant, an unregistered table): nothing the user can
    /// mend. The detail goes to the log under a reference the user can quote; the user sees
    /// only that something went wrong, and the reference. Details never hold patient data.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let reference = uuid::Uuid::now_v7().simple().to_string();
        let reference = &reference[reference.len() - 8..];
        tracing::error!(reference, "internal error: {detail}");
        CommandError::new(ErrorCode::Internal, format!("Something went wrong (reference {reference}); nothing was saved"))
    }

    /// An error with no field errors.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError { code, message: message.into(), field_errors: Vec::new() }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::Validation(errors) => {
                return CommandError {
                    code: ErrorCode::Validation,
                    message: "Some fields need attention; nothing was saved".into(),
                    field_errors: errors.0.clone(),
                };
            }
            StoreError::BookingConflict(problems) => {
                return CommandError {
                    code: ErrorCode::Conflict,
                    message: format!("This time cannot be booked: {}", messages(problems)),
                    field_errors: problems.0.clone(),
                };
            }
            StoreError::Internal(detail) => return CommandError::internal(detail),
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::InvalidCredentials => ErrorCode::InvalidCredentials,
            StoreError::LockedOut { .. } => ErrorCode::LockedOut,
            StoreError::AccountDisabled => ErrorCode::AccountDisabled,
            StoreError::PasswordHash(_) => ErrorCode::Internal,
            StoreError::KeychainUnavailable { .. }
            | StoreError::Keychain(_)
            | StoreError::KeyMissing { .. }
            | StoreError::BadKey => ErrorCode::Keychain,
            StoreError::WrongKeyOrNotDatabase { .. }
            | StoreError::NotEncrypted { .. }
            | StoreError::Missing { .. }
            | StoreError::AlreadyExists { .. }
            | StoreError::Io { .. }
            | StoreError::Migration(_)
            | StoreError::Corrupt { .. }
            | StoreError::Database(_) => ErrorCode::Database,
        };
        // Store messages name files and fields, never patient data, so they are safe to log.
        if matches!(code, ErrorCode::Database | ErrorCode::Keychain | ErrorCode::Internal) {
            tracing::error!("{e}");
        }
        CommandError::new(code, sentence(&e.to_string()))
    }
}

/// Every problem's message in one line, for a toast when the field is not on screen.
fn messages(problems: &ValidationErrors) -> String {
    problems.0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// Library messages start in lower case (Rust's convention); the UI shows sentences.
pub(crate) fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::ValidationErrors;

    #[test]
    fn validation_errors_keep_their_fields() {
        let err = StoreError::Validation(ValidationErrors(vec![FieldError { field: "email".into(), message: "bad".into() }]));
        let cmd = CommandError::from(err);
        assert_eq!(cmd.code, ErrorCode::Validation);
        let json = serde_json::to_value(&cmd).expect("json");
        assert_eq!(json["fieldErrors"][0]["field"], "email");
        assert_eq!(json["code"], "validation");
    }

    #[test]
    fn programmer_errors_are_internal_with_a_reference_not_a_conflict() {
        let cmd = CommandError::from(StoreError::Internal("visit_x is not a synced table".into()));
        assert_eq!(cmd.code, ErrorCode::Internal);
        assert!(cmd.message.starts_with("Something went wrong (reference "), "{}", cmd.message);
        assert!(!cmd.message.contains("visit_x"), "the detail stays in the log: {}", cmd.message);
    }

    #[test]
    fn keychain_problems_have_their_own_code() {
        let err = StoreError::KeychainUnavailable { detail: "no bus".into() };
        let cmd = CommandError::from(err);
        assert_eq!(cmd.code, ErrorCode::Keychain);
        assert!(cmd.message.starts_with("No unlocked system keychain"), "{}", cmd.message);
    }
}
