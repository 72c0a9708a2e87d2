//! The billing settings (currency, letterhead details), one JSON value among the clinic-wide
//! settings.

use clinic_core::billing::BillingSettings;
use clinic_core::{Actor, AuditAction, AuditRecord};

use crate::settings::{corrupt, put_clinic_setting, BILLING};
use crate::{Store, StoreError};

impl Store {
    /// The billing settings; EUR and no letterhead details until set.
    pub fn billing_settings(&self) -> Result<BillingSettings, StoreError> {
        match self.clinic_setting(BILLING)? {
            Some(json) => serde_json::from_str(&json).map_err(|_| corrupt("clinic_setting")),
            None => Ok(BillingSettings::default()),
        }
    }

    /// Saves checked billing settings. Audited.
    pub fn save_billing_settings(&mut self, actor: &Actor, settings: &BillingSettings) -> Result<BillingSettings, StoreError> {
        let settings = settings.validate()?;
        let json = serde_json::to_string(&settings).map_err(|_| corrupt("clinic_setting"))?;
        let mut tx = self.write()?;
        put_clinic_setting(&mut tx, BILLING, &json)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::SettingsChanged)
                .detail(format!("billing currency {}", settings.currency)),
        )?;
        tx.commit()?;
        Ok(settings)
    }
}
