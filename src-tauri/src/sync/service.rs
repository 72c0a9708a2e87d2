//! The app's side of sync that outlives one command: this installation's id, the site token in
//! the OS keychain, what the background sync is doing, and one sync run. Sync runs in Rust on
//! the async runtime, never in the web UI, and holds the database only between network calls.

use std::sync::Mutex;

use clinic_store::Store;
use clinic_sync::engine::Progress;
use clinic_sync::schedule::SyncNow;
use clinic_sync::{Credentials, Fingerprint, ServerAddress, SyncClient, SyncError, SyncReport, Trust};
use keyring_core::{Entry, Error as KeyringError};

use crate::error::{CommandError, ErrorCode};
use crate::startup::KEYCHAIN_SERVICE;
use crate::state::AppState;

/// Where this installation's secrets live in the OS keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteKeys {
    /// Names the database these secrets belong to (its path).
    pub database: String,
}

impl SiteKeys {
    fn entry(&self, account: &str) -> Result<Entry, CommandError> {
        Entry::new(KEYCHAIN_SERVICE, account).map_err(keychain)
    }

    fn install_account(&self) -> String {
        format!("install-id:{}", self.database)
    }

    fn token_account(site_id: &str) -> String {
        format!("sync-token:{site_id}")
    }

    fn load(&self, account: &str) -> Result<Option<String>, CommandError> {
        match self.entry(account)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(keychain(e)),
        }
    }

    fn save(&self, account: &str, value: &str) -> Result<(), CommandError> {
        self.entry(account)?.set_password(value).map_err(keychain)
    }

    /// The site token, if this site enrolled.
    pub fn token(&self, site_id: &str) -> Result<Option<String>, CommandError> {
        self.load(&Self::token_account(site_id))
    }

    /// Keeps the site token.
    pub fn save_token(&self, site_id: &str, token: &str) -> Result<(), CommandError> {
        self.save(&Self::token_account(site_id), token)
    }

    /// Forgets the site token (an unlinked site); a token already gone is no error.
    pub fn forget_token(&self, site_id: &str) -> Result<(), CommandError> {
        match self.entry(&Self::token_account(site_id))?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(keychain(e)),
        }
    }

    /// This installation's id: made at first run and kept both in the keychain and in the
    /// database. A database whose id is not the keychain's was copied from elsewhere (or its
    /// keychain was lost): it keeps working here, but does not sync as the original site.
    pub fn installation(&self, store: &mut Store) -> Result<Installation, CommandError> {
        let in_keychain = self.load(&self.install_account())?;
        let in_database = store.install_id()?;
        Ok(match (in_keychain, in_database) {
            (Some(k), Some(d)) if k == d => Installation::Known(k),
            (Some(_), Some(_)) | (None, Some(_)) => Installation::Copied,
            (Some(k), None) => {
                store.adopt_install_id(&k)?;
                Installation::Known(k)
            }
            (None, None) => {
                let id = clinic_core::new_id().to_string();
                self.save(&self.install_account(), &id)?;
                store.adopt_install_id(&id)?;
                Installation::Known(id)
            }
        })
    }
}

fn keychain(e: KeyringError) -> CommandError {
    CommandError::new(ErrorCode::Keychain, format!("the system keychain failed: {e}"))
}

/// Whether this database belongs to this installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installation {
    Known(String),
    /// The database came from another computer (or a restored copy without its keychain).
    Copied,
}

/// What the background sync is doing, for the status indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    pub running: bool,
    pub progress: Option<Progress>,
    pub last_report: Option<SyncReport>,
    /// The last run's failure, if it failed.
    pub last_failure: Option<SyncError>,
}

/// Sync as the app holds it.
#[derive(Debug, Default)]
pub struct SyncService {
    /// Wakes the background loop ("Sync now").
    pub now: SyncNow,
    activity: Mutex<Activity>,
    keys: Mutex<Option<SiteKeys>>,
    installation: Mutex<Option<Installation>>,
}

impl SyncService {
    /// Binds the service to the database's keychain entries and checks the installation id.
    pub fn attach(&self, keys: SiteKeys, store: &mut Store) -> Result<(), CommandError> {
        let installation = keys.installation(store)?;
        if installation == Installation::Copied {
            tracing::warn!("this database's installation id is not this computer's: it will not sync as its original site");
        }
        *lock(&self.installation) = Some(installation);
        *lock(&self.keys) = Some(keys);
        Ok(())
    }

    /// The keychain entries, once attached.
    pub fn keys(&self) -> Result<SiteKeys, CommandError> {
        lock(&self.keys).clone().ok_or_else(|| CommandError::new(ErrorCode::Internal, "sync is not ready yet"))
    }

    /// This installation's id, or why this database must not sync as its site.
    pub fn install_id(&self) -> Result<String, CommandError> {
        match lock(&self.installation).clone() {
            Some(Installation::Known(id)) => Ok(id),
            Some(Installation::Copied) => Err(CommandError::new(
                ErrorCode::Conflict,
                "This database was copied from another computer (or restored without its keychain), so it does not sync as \
                 that site. Install Clinic Desk fresh here and join the clinic as a new site",
            )),
            None => Err(CommandError::new(ErrorCode::Internal, "sync is not ready yet")),
        }
    }

    /// A snapshot of what the background sync is doing.
    pub fn activity(&self) -> Activity {
        lock(&self.activity).clone()
    }

    fn begin(&self) {
        let mut a = lock(&self.activity);
        a.running = true;
        a.progress = None;
    }

    fn progress(&self, progress: Progress) {
        lock(&self.activity).progress = Some(progress);
    }

    fn finish(&self, result: &Result<SyncReport, SyncError>) {
        let mut a = lock(&self.activity);
        a.running = false;
        a.progress = None;
        match result {
            Ok(report) => {
                a.last_report = Some(report.clone());
                a.last_failure = None;
            }
            Err(e) => a.last_failure = Some(e.clone()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// How to reach and trust a server: the pinned fingerprint when there is one.
pub fn server_address(url: &str, fingerprint: Option<&str>) -> Result<ServerAddress, CommandError> {
    let trust = match fingerprint.map(str::trim).filter(|f| !f.is_empty()) {
        Some(text) => Trust::Pinned(Fingerprint::parse(text).map_err(|e| CommandError::field("fingerprint", &e.to_string()))?),
        None => Trust::PublicAuthorities,
    };
    Ok(ServerAddress { url: url.trim().to_string(), trust })
}

/// The client for this site's server with its token, or `None` when the site is not enrolled.
pub fn site_client(state: &AppState) -> Result<Option<SyncClient>, CommandError> {
    let (link, site_id) = {
        let store = state.store()?;
        (store.sync_link()?, store.site().site_id.clone())
    };
    let Some(link) = link else { return Ok(None) };
    let install_id = state.sync.install_id()?;
    let token = state.sync.keys()?.token(&site_id)?.ok_or_else(|| {
        CommandError::new(ErrorCode::Keychain, "this site's sync token is missing from the system keychain; enrol the site again")
    })?;
    let address = server_address(&link.server_url, link.cert_fingerprint.as_deref())?;
    let client = SyncClient::new(&address, Some(Credentials { token, install_id }))
        .map_err(|e| CommandError::new(ErrorCode::Conflict, format!("Sync is set up wrongly: {e}")))?;
    Ok(Some(client))
}

/// One sync of this site, if it is enrolled: `None` when there is nothing to sync with.
/// `notify` is called at the start, at each step and at the end (the app tells the UI, which
/// reads the progress kept in `state.sync`).
pub async fn run_once(state: &AppState, notify: &(dyn Fn() + Send + Sync)) -> Option<Result<SyncReport, SyncError>> {
    // No database (the app started to say why it could not open one): nothing to sync.
    let store = state.store_handle().ok()?;
    let client = match site_client(state) {
        Ok(Some(client)) => client,
        Ok(None) => return None,
        Err(e) => {
            let failure = SyncError::Local(e.message);
            state.sync.finish(&Err(failure.clone()));
            return Some(Err(failure));
        }
    };
    state.sync.begin();
    notify();
    let result = clinic_sync::sync_once(store, &client, &|p| {
        state.sync.progress(p);
        notify();
    })
    .await;
    state.sync.finish(&result);
    // A failure is logged once, by the schedule, with the pause before the next try.
    if let Ok(report) = &result {
        tracing::info!(
            pushed = report.pushed_applied,
            refused = report.pushed_rejected,
            pulled = report.pulled,
            double_bookings = report.new_booking_conflicts,
            "synced"
        );
    }
    notify();
    Some(result)
}
