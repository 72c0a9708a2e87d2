//! This site's settings, kept in the local settings table.

use clinic_core::{Actor, AuditAction, AuditRecord, SiteSettings};
use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";

impl Store {
    /// The settings, with defaults for any never set.
    pub fn settings(&self) -> Result<SiteSettings, StoreError> {
        let idle: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM local_setting WHERE key = ?1")?
            .query_row([IDLE_LOCK_MINUTES], |r| r.get(0))
            .optional()?;
        let mut settings = SiteSettings::default();
        if let Some(idle) = idle {
            settings.idle_lock_minutes =
                idle.parse().map_err(|_| StoreError::Corrupt { table: "local_setting", column: "value" })?;
        }
        Ok(settings)
    }

    /// Saves checked settings, audited.
    pub fn save_settings(&mut self, actor: &Actor, settings: &SiteSettings) -> Result<SiteSettings, StoreError> {
        let settings = settings.validate()?;
        let mut tx = self.write()?;
        tx.sql()
            .prepare_cached(
                "INSERT INTO local_setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([IDLE_LOCK_MINUTES, &settings.idle_lock_minutes.to_string()])?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::SettingsChanged)
                .detail(format!("automatic lock after {} min", settings.idle_lock_minutes)),
        )?;
        tx.commit()?;
        Ok(settings)
    }
}
