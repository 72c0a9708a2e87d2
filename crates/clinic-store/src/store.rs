//! [`Store`]: one open database with its site and clock.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat, Utc};
use clinic_core::HlcClock;
use rusqlite::Connection;

use crate::checkpoint::Checkpointer;
use crate::connection::{self, OpenMode};
use crate::site::{self, SiteInfo, SiteSetup};
use crate::write::WriteTx;
use crate::{DatabaseKey, Keychain, StoreError};

/// An open, decrypted, migrated local database.
pub struct Store {
    /// Dropped first (fields drop in order), so the main connection closes last and tidies the WAL.
    _checkpointer: Checkpointer,
    pub(crate) conn: Connection,
    site: SiteInfo,
    pub(crate) clock: HlcClock,
    path: PathBuf,
    migrations_applied: usize,
}

impl Store {
    /// Opens the database at `path` with the key kept in `keychain`, creating both on first run.
    ///
    /// An existing file whose key is missing is never replaced: that is [`StoreError::KeyMissing`].
    pub fn open_with_keychain(path: &Path, keychain: &Keychain, setup: &SiteSetup) -> Result<Store, StoreError> {
        if path.exists() {
            let key = keychain.load()?.ok_or_else(|| StoreError::KeyMissing { path: path.into() })?;
            return Store::open(path, &key, setup);
        }
        if let Some(parent) = path.parent() {
            create_private_dir(parent)?;
        }
        // A key left from an earlier install whose file is gone is reused rather than orphaned.
        let key = match keychain.load()? {
            Some(key) => key,
            None => {
                let key = DatabaseKey::generate();
                keychain.save(&key)?;
                key
            }
        };
        Store::create(path, &key, setup)
    }

    /// Opens an existing encrypted database with `key`. `setup` names the site only if the file
    /// has no site yet (an interrupted first run).
    pub fn open(path: &Path, key: &DatabaseKey, setup: &SiteSetup) -> Result<Store, StoreError> {
        Store::from_connection(path, key, connection::open(path, key, OpenMode::Existing)?, setup)
    }

    /// Creates a new encrypted database at `path`; fails if any file is there already.
    pub fn create(path: &Path, key: &DatabaseKey, setup: &SiteSetup) -> Result<Store, StoreError> {
        Store::from_connection(path, key, connection::open(path, key, OpenMode::CreateNew)?, setup)
    }

    fn from_connection(
        path: &Path,
        key: &DatabaseKey,
        (conn, migrations_applied): (Connection, usize),
        setup: &SiteSetup,
    ) -> Result<Store, StoreError> {
        let (site, last) = site::load_or_create(&conn, setup)?;
        let checkpointer = Checkpointer::start(path, key)?;
        let mut store =
            Store { _checkpointer: checkpointer, conn, site, clock: HlcClock::new(last), path: path.into(), migrations_applied };
        store.move_clinic_wide_settings()?;
        Ok(store)
    }

    /// This installation's site.
    pub fn site(&self) -> &SiteInfo {
        &self.site
    }

    /// Re-reads the site after setup renamed it.
    pub(crate) fn reload_site(&mut self) -> Result<(), StoreError> {
        let (site, _) = site::load_or_create(&self.conn, &SiteSetup::with_random_code("", ""))?;
        self.site = site;
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many migrations ran when this store was opened (0 for an up-to-date file).
    pub fn migrations_applied(&self) -> usize {
        self.migrations_applied
    }

    /// Starts a write: the only way to change a synced table.
    pub fn write(&mut self) -> Result<WriteTx<'_>, StoreError> {
        let hlc = self.clock.tick(now_ms());
        let tx = self.conn.transaction()?;
        Ok(WriteTx::new(tx, &self.site, hlc))
    }

    /// Read-only access to the connection, for queries in this crate and in tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Makes the data folder, readable by this user only (the file is encrypted as well).
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { path: dir.into(), source };
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    Ok(())
}

pub(crate) fn now_ms() -> u64 {
    // A clock before 1970 is a broken machine; the HLC then simply keeps counting.
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// An instant as the store writes timestamps: RFC 3339, UTC, milliseconds.
pub(crate) fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Now, as [`instant_text`] writes it.
pub(crate) fn now_text() -> String {
    instant_text(Utc::now())
}
