//! The store's typed errors. Messages name files and fields, never patient data.

use std::path::PathBuf;

use clinic_core::ValidationErrors;

/// Everything that can go wrong in the local database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input failed validation; nothing was written.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),

    /// A booking or move broke a scheduling rule (overlap, working hours, leave, the past);
    /// each problem is keyed by the form field it concerns. Nothing was written.
    #[error("the appointment cannot be booked: {0}")]
    BookingConflict(ValidationErrors),

    /// No record with that id.
    #[error("no {entity} with id {id}")]
    NotFound { entity: &'static str, id: String },

    /// The change is not allowed in the record's current state.
    #[error("{0}")]
    Conflict(String),

    /// A programmer's error (an unregistered table, a broken invariant): nothing the user did
    /// or can mend. The message names code, never data.
    #[error("internal error: {0}")]
    Internal(String),

    /// SQLCipher could not decrypt the file with the key it was given.
    #[error(
        "the database {path} could not be opened: the key is wrong or the file is not a Clinic Desk database. \
         The file was left untouched"
    )]
    WrongKeyOrNotDatabase { path: PathBuf },

    /// The file is a plain SQLite database: Clinic Desk never opens or writes unencrypted data.
    #[error("the database {path} is not encrypted; Clinic Desk opens only encrypted databases. The file was left untouched")]
    NotEncrypted { path: PathBuf },

    /// A database file exists but the keychain holds no key for it.
    #[error(
        "the database {path} exists but its key is missing from the system keychain. The file was left untouched; \
         restore the keychain (or, once backups are set up, use the recovery key) to open it"
    )]
    KeyMissing { path: PathBuf },

    /// No usable OS keychain (for example headless Linux without a Secret Service).
    #[error("no unlocked system keychain: {detail}. Clinic Desk keeps the database key only in the OS keychain; unlock it (or start a Secret Service such as gnome-keyring) and try again")]
    KeychainUnavailable { detail: String },

    /// The keychain answered with some other failure.
    #[error("the system keychain failed: {0}")]
    Keychain(String),

    /// The key in the keychain is not a 256-bit key.
    #[error("the key stored in the system keychain is not a 256-bit database key")]
    BadKey,

    /// Opening an existing database, but there is no file.
    #[error("there is no database at {path}")]
    Missing { path: PathBuf },

    /// Creating a database where a file already exists.
    #[error("a file already exists at {path}; it was left untouched")]
    AlreadyExists { path: PathBuf },

    /// The folder for the database could not be made or read.
    #[error("cannot use the data folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    /// A migration failed; the database is left at the last good version.
    #[error("the database schema could not be upgraded: {0}")]
    Migration(String),

    /// The database holds a value this version cannot read (a newer or damaged record).
    #[error("unreadable value in {table}.{column}")]
    Corrupt { table: &'static str, column: &'static str },

    /// A failed login or unlock: the same words whether the user exists or not.
    #[error("that username and password do not match; check both and try again")]
    InvalidCredentials,

    /// Too many failed attempts for this username.
    #[error("too many failed attempts: try again in {minutes} minute(s), or ask a clinic manager to reset the password")]
    LockedOut { minutes: i64 },

    /// The password was right but the account is disabled.
    #[error("this account is disabled; ask a clinic manager to re-enable it")]
    AccountDisabled,

    /// The hashing library failed (never a wrong password).
    #[error(transparent)]
    PasswordHash(#[from] clinic_core::password::HashError),

    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn not_found(entity: &'static str, id: impl ToString) -> Self {
        StoreError::NotFound { entity, id: id.to_string() }
    }

    /// A validation error on one field of the input.
    pub(crate) fn field(field: &str, message: impl Into<String>) -> Self {
        StoreError::Validation(ValidationErrors(vec![clinic_core::FieldError { field: field.into(), message: message.into() }]))
    }
}
