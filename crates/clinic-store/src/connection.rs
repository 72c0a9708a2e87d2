//! Opening the encrypted file: key, pragmas, migrations. Never creates a file by accident.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use rusqlite::{Connection, OpenFlags};

use crate::{DatabaseKey, StoreError};

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// How many migrations this build carries (the schema version of a fresh database).
pub const MIGRATION_COUNT: usize = 11;

const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether a new file may be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenMode {
    /// The file must exist already.
    Existing,
    /// The file must not exist yet.
    CreateNew,
}

/// Opens the database at `path` with `key`, checks the key actually decrypts it, sets the
/// pragmas and runs pending migrations. Returns how many migrations were applied.
pub(crate) fn open(path: &Path, key: &DatabaseKey, mode: OpenMode) -> Result<(Connection, usize), StoreError> {
    let exists = path.exists();
    let flags = match (mode, exists) {
        (OpenMode::Existing, false) => return Err(StoreError::Missing { path: path.into() }),
        (OpenMode::CreateNew, true) => return Err(StoreError::AlreadyExists { path: path.into() }),
        (OpenMode::Existing, true) => OpenFlags::SQLITE_OPEN_READ_WRITE,
        (OpenMode::CreateNew, false) => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if exists && has_plaintext_header(path)? {
        return Err(StoreError::NotEncrypted { path: path.into() });
    }
    start_sqlite()?;
    let mut conn = Connection::open_with_flags(path, flags)?;
    // `pragma_update` would quote the value as a string; the raw-key syntax must go in as is.
    conn.execute_batch(&format!("PRAGMA key = {};", key.pragma_value()))?;
    // The first read is where SQLCipher finds out whether the key fits.
    if conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err() {
        return Err(StoreError::WrongKeyOrNotDatabase { path: path.into() });
    }
    // A 32 MiB page cache (SQLite's default is 2 MiB): every page read from an encrypted file
    // is decrypted and checked, and a pulled page touches many index pages of many tables.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -32768;",
    )?;
    conn.pragma_update(None, "wal_autocheckpoint", crate::checkpoint::BACKSTOP_PAGES)?;
    // Applying a pulled page prepares one statement per table and set of fields it writes.
    conn.set_prepared_statement_cache_capacity(256);
    let report = embedded::migrations::runner().run(&mut conn).map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok((conn, report.applied_migrations().len()))
}

/// Finishes SQLite's and SQLCipher's one-time start-up before the first connection is opened.
///
/// `sqlite3_initialize` marks SQLite as started and only then runs SQLCipher's own start-up, so
/// a second thread opening a database in between could key it before SQLCipher is ready and get
/// "An error occurred with PRAGMA key" (seen once in CI). Every opener waits here until the first
/// start-up has finished.
fn start_sqlite() -> Result<(), StoreError> {
    static STARTED: OnceLock<i32> = OnceLock::new();
    // SAFETY: sqlite3_initialize takes no arguments and may be called from any thread, any
    // number of times; the lock only makes the others wait for the first call to return.
    let rc = *STARTED.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        return Ok(());
    }
    Err(StoreError::Database(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rc),
        Some("SQLite and SQLCipher could not start".into()),
    )))
}

fn has_plaintext_header(path: &Path) -> Result<bool, StoreError> {
    let io = |source| StoreError::Io { path: path.into(), source };
    let mut header = [0u8; 16];
    let mut file = File::open(path).map_err(io)?;
    match file.read_exact(&mut header) {
        Ok(()) => Ok(&header == PLAINTEXT_HEADER),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(io(e)),
    }
}
