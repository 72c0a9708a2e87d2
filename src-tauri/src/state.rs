//! The app's state: the open store, or why it could not be opened.

use std::sync::{Mutex, MutexGuard};

use clinic_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;

/// Whether this site syncs (sync arrives with the sync server; until then it is local only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncState {
    NotConfigured,
    Offline,
    Online,
}

/// What the app shell shows in its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub clinic_name: String,
    pub site_code: String,
    pub site_name: String,
    #[ts(type = "number")]
    pub patient_count: u64,
    pub sync: SyncState,
}

/// Shared by every command.
pub struct AppState {
    store: Result<Mutex<Store>, CommandError>,
}

impl AppState {
    /// State over an open store.
    pub fn ready(store: Store) -> Self {
        AppState { store: Ok(Mutex::new(store)) }
    }

    /// State for an app whose database could not be opened: every command answers with why.
    pub fn failed(error: CommandError) -> Self {
        AppState { store: Err(error) }
    }

    /// The store, locked for one command.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A poisoned lock means a command panicked mid-way; SQLite rolled its transaction back,
        // so the connection itself is still sound.
        Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The header's facts about this site.
    pub fn status(&self) -> Result<AppStatus, CommandError> {
        let store = self.store()?;
        let site = store.site();
        Ok(AppStatus {
            clinic_name: site.clinic_name.clone(),
            site_code: site.site_code.clone(),
            site_name: site.site_name.clone(),
            patient_count: store.count_active_patients()?,
            sync: SyncState::NotConfigured,
        })
    }
}
