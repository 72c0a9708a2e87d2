//! Settings. The automatic lock time is this computer's own (`local_setting`): a shared
//! front-desk PC and a doctor's laptop may want different ones. The time zone, the opening
//! hours and the billing settings hold for the whole clinic (`clinic_setting`, synced: the
//! later change wins, docs/decisions.md §5).

use clinic_core::{Actor, AuditAction, AuditRecord, SiteSettings};
use rusqlite::OptionalExtension;

use crate::write::WriteTx;
use crate::{Store, StoreError};

const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";
use clinic_core::settings::clinic::{row_id as clinic_setting_id, KEYS as CLINIC_WIDE};
pub(crate) use clinic_core::settings::clinic::{BILLING, OPENING_HOURS, TIME_ZONE};

pub(crate) fn corrupt(table: &'static str) -> StoreError {
    StoreError::Corrupt { table, column: "value" }
}

impl Store {
    /// The settings, with defaults for any never set.
    pub fn settings(&self) -> Result<SiteSettings, StoreError> {
        let mut settings = SiteSettings::default();
        if let Some(idle) = self.setting(IDLE_LOCK_MINUTES)? {
            settings.idle_lock_minutes = idle.parse().map_err(|_| corrupt("local_setting"))?;
        }
        // Every command and every login reads these: one that cannot be used (a damaged table;
        // sync checks what it brings) falls back to the default rather than lock everyone out.
        if let Some(zone) = self.clinic_setting(TIME_ZONE)? {
            match clinic_core::settings::clinic::check_key(TIME_ZONE, &zone) {
                Ok(()) => settings.time_zone = zone,
                Err(reason) => tracing::warn!("{reason}; using the default"),
            }
        }
        if let Some(hours) = self.clinic_setting(OPENING_HOURS)? {
            match serde_json::from_str(&hours) {
                Ok(hours) => settings.opening_hours = hours,
                Err(_) => tracing::warn!("the clinic's opening hours setting is unreadable; using the default"),
            }
        }
        Ok(settings)
    }

    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM local_setting WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// A clinic-wide setting's value.
    pub(crate) fn clinic_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM clinic_setting WHERE key = ?1 AND deleted_at IS NULL")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Saves checked settings, audited.
    pub fn save_settings(&mut self, actor: &Actor, settings: &SiteSettings) -> Result<SiteSettings, StoreError> {
        let settings = settings.validate()?;
        let hours = serde_json::to_string(&settings.opening_hours).map_err(|_| corrupt("clinic_setting"))?;
        let mut tx = self.write()?;
        put_setting(&tx, IDLE_LOCK_MINUTES, &settings.idle_lock_minutes.to_string())?;
        put_clinic_setting(&mut tx, TIME_ZONE, &settings.time_zone)?;
        put_clinic_setting(&mut tx, OPENING_HOURS, &hours)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::SettingsChanged)
                .detail(format!("automatic lock after {} min, time zone {}", settings.idle_lock_minutes, settings.time_zone)),
        )?;
        tx.commit()?;
        Ok(settings)
    }

    /// Moves settings kept by this site before they became clinic-wide into the synced table,
    /// through the write path so they reach the other sites. Runs at every open; does nothing
    /// once they have moved.
    pub(crate) fn move_clinic_wide_settings(&mut self) -> Result<(), StoreError> {
        let mut legacy = Vec::new();
        for key in CLINIC_WIDE {
            if let Some(value) = self.setting(key)? {
                legacy.push((key, value));
            }
        }
        if legacy.is_empty() {
            return Ok(());
        }
        let mut tx = self.write()?;
        for (key, value) in &legacy {
            put_clinic_setting(&mut tx, key, value)?;
            tx.sql().prepare_cached("DELETE FROM local_setting WHERE key = ?1")?.execute([key])?;
        }
        tx.commit()
    }
}

/// Writes one of this computer's own settings inside `tx`.
fn put_setting(tx: &WriteTx<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO local_setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute([key, value])?;
    Ok(())
}

/// Writes one clinic-wide setting inside `tx`, recording the change for sync when it differs.
pub(crate) fn put_clinic_setting(tx: &mut WriteTx<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    let id = clinic_setting_id(key);
    let current: Option<String> =
        tx.sql().prepare_cached("SELECT value FROM clinic_setting WHERE id = ?1")?.query_row([&id], |r| r.get(0)).optional()?;
    match current {
        Some(current) if current == value => Ok(()),
        Some(_) => tx.update("clinic_setting", &id, &[("value", Some(value.to_string()))]),
        None => tx.insert("clinic_setting", &id, &[("key", Some(key.to_string())), ("value", Some(value.to_string()))]),
    }
}
