//! This site's settings, kept in the local settings table.

use clinic_core::{Actor, AuditAction, AuditRecord, SiteSettings};
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";
const TIME_ZONE: &str = "time_zone";
const OPENING_HOURS: &str = "opening_hours";

impl Store {
    /// The settings, with defaults for any never set.
    pub fn settings(&self) -> Result<SiteSettings, StoreError> {
        let mut settings = SiteSettings::default();
        if let Some(idle) = self.setting(IDLE_LOCK_MINUTES)? {
            settings.idle_lock_minutes =
                idle.parse().map_err(|_| StoreError::Corrupt { table: "local_setting", column: "value" })?;
        }
        if let Some(zone) = self.setting(TIME_ZONE)? {
            settings.time_zone = zone;
        }
        if let Some(hours) = self.setting(OPENING_HOURS)? {
            settings.opening_hours =
                serde_json::from_str(&hours).map_err(|_| StoreError::Corrupt { table: "local_setting", column: "value" })?;
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

    /// Saves checked settings, audited.
    pub fn save_settings(&mut self, actor: &Actor, settings: &SiteSettings) -> Result<SiteSettings, StoreError> {
        let settings = settings.validate()?;
        let hours = serde_json::to_string(&settings.opening_hours)
            .map_err(|_| StoreError::Corrupt { table: "local_setting", column: "value" })?;
        let mut tx = self.write()?;
        let values = [
            (IDLE_LOCK_MINUTES, settings.idle_lock_minutes.to_string()),
            (TIME_ZONE, settings.time_zone.clone()),
            (OPENING_HOURS, hours),
        ];
        for (key, value) in values {
            put_setting(&tx, key, &value)?;
        }
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::SettingsChanged)
                .detail(format!("automatic lock after {} min, time zone {}", settings.idle_lock_minutes, settings.time_zone)),
        )?;
        tx.commit()?;
        Ok(settings)
    }
}

/// Writes one local setting inside `tx`.
pub(crate) fn put_setting(tx: &crate::write::WriteTx<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.sql()
        .prepare_cached(
            "INSERT INTO local_setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute([key, value])?;
    Ok(())
}
