//! The clinic's billing settings: its currency and what its letterhead says.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Currency;
use crate::validation::{Collector, ValidationErrors};

const MAX_TAX_ID: usize = 40;
const MAX_ADDRESS: usize = 300;
const MAX_PHONE: usize = 40;

/// The currency new invoices use, and the clinic's details printed on invoices and receipts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BillingSettings {
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    /// The clinic's tax or VAT number.
    pub tax_id: Option<String>,
    /// The postal address, one or more lines.
    pub address: Option<String>,
    /// The phone number for billing questions.
    pub phone: Option<String>,
}

impl Default for BillingSettings {
    fn default() -> Self {
        BillingSettings { currency: "EUR".into(), tax_id: None, address: None, phone: None }
    }
}

impl BillingSettings {
    /// Checks each field; returns them trimmed, the currency upper-cased.
    pub fn validate(&self) -> Result<BillingSettings, ValidationErrors> {
        let mut c = Collector::default();
        let currency = match Currency::parse(&self.currency) {
            Ok(currency) => currency.code().to_string(),
            Err(e) => {
                c.add("currency", e.to_string());
                String::new()
            }
        };
        let tax_id = c.text("taxId", self.tax_id.as_deref().unwrap_or(""), false, MAX_TAX_ID);
        let address = self.address.as_deref().and_then(|a| crate::chart::text::note(&mut c, "address", a, false, MAX_ADDRESS));
        let phone = c.text("phone", self.phone.as_deref().unwrap_or(""), false, MAX_PHONE);
        c.finish(BillingSettings { currency, tax_id, address, phone })
    }

    /// The currency (checked when the settings were saved).
    pub fn currency(&self) -> Result<Currency, super::CurrencyError> {
        Currency::parse(&self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_trimmed_and_the_currency_checked() {
        let s = BillingSettings {
            currency: " gbp ".into(),
            tax_id: Some(" GB123 ".into()),
            address: Some(" 1 High St\nLeeds ".into()),
            phone: None,
        };
        let ok = s.validate().expect("valid");
        assert_eq!(
            (ok.currency.as_str(), ok.tax_id.as_deref(), ok.address.as_deref()),
            ("GBP", Some("GB123"), Some("1 High St\nLeeds"))
        );
        let bad = BillingSettings { currency: "euro".into(), ..BillingSettings::default() };
        assert!(bad.validate().expect_err("bad currency").for_field("currency").is_some());
        assert_eq!(BillingSettings::default().currency().expect("EUR").code(), "EUR");
    }
}
