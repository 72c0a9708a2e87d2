//! The fee schedule: the services a clinic bills, each with a code, a price in the clinic's
//! currency and a tax rate. An invoice line copies the price and rate, so a later price change
//! never alters an invoice.

use crate::ids::{AppointmentTypeId, ServiceId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::BP_PER_WHOLE;
use crate::validation::{Collector, ValidationErrors};

/// The longest service code.
pub const MAX_SERVICE_CODE: usize = 20;
const MAX_SERVICE_NAME: usize = 120;
/// The highest price of one service, in minor units (100 000 000.00).
pub const MAX_PRICE_MINOR: i64 = 10_000_000_000;

/// A service as a manager enters it in the fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServiceInput {
    /// The short code printed on invoices, e.g. `CONS-15`: letters, digits, `-` and `.`.
    pub code: String,
    /// What the service is, e.g. "Consultation, 15 minutes".
    pub name: String,
    /// The price in minor units of the clinic's currency (0 to 100 000 000.00).
    #[ts(type = "number")]
    pub price_minor: i64,
    /// The tax rate in basis points (2000 = 20 %; 0 to 10 000).
    pub tax_rate_bp: u32,
    /// Whether new invoices may use it; inactive services stay for history.
    pub active: bool,
    /// The appointment type this service is billed for, so an invoice made from such an
    /// appointment starts with it; `null` for none.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<AppointmentTypeId>")]
    pub appointment_type_id: Option<AppointmentTypeId>,
}

/// A service in the fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Service {
    /// The service's id (UUIDv7).
    pub id: ServiceId,
    /// What the service is and costs.
    #[serde(flatten)]
    pub details: ServiceInput,
}

/// Whether `code` is 1 to 20 of `A-Z`, `0-9`, `-` and `.`.
fn code_shape(code: &str) -> bool {
    (1..=MAX_SERVICE_CODE).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

impl ServiceInput {
    /// Checks every field; returns the input trimmed, with the code in upper case.
    pub fn validate(&self) -> Result<ServiceInput, ValidationErrors> {
        let mut c = Collector::default();
        let code = self.code.trim().to_ascii_uppercase();
        if code.is_empty() {
            c.add("code", "This field is required");
        } else if !code_shape(&code) {
            c.add("code", format!("Use 1 to {MAX_SERVICE_CODE} letters, digits, '-' or '.'"));
        }
        let name = c.text("name", &self.name, true, MAX_SERVICE_NAME).unwrap_or_default();
        if !(0..=MAX_PRICE_MINOR).contains(&self.price_minor) {
            c.add("priceMinor", "The price must be between 0 and 100,000,000.00");
        }
        if self.tax_rate_bp > BP_PER_WHOLE {
            c.add("taxRateBp", "The tax rate must be between 0 % and 100 %");
        }
        c.finish(ServiceInput { code, name, ..self.clone() })
    }

    /// The service these details describe, under `id`.
    pub fn into_service(self, id: ServiceId) -> Service {
        Service { id, details: self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::test_id;

    fn input() -> ServiceInput {
        ServiceInput {
            code: " cons-15 ".into(),
            name: " Consultation ".into(),
            price_minor: 4_500,
            tax_rate_bp: 0,
            active: true,
            appointment_type_id: None,
        }
    }

    #[test]
    fn a_good_service_is_trimmed_and_upper_cased() {
        let s = input().validate().expect("valid");
        assert_eq!((s.code.as_str(), s.name.as_str()), ("CONS-15", "Consultation"));
        let json = serde_json::to_value(s.into_service(test_id("id-1"))).expect("json");
        assert_eq!(
            (json["id"].as_str(), json["code"].as_str()),
            (Some(test_id::<ServiceId>("id-1").to_string().as_str()), Some("CONS-15"))
        );
        assert_eq!((json["priceMinor"].as_i64(), json["taxRateBp"].as_u64()), (Some(4_500), Some(0)));
    }

    #[test]
    fn codes_take_letters_digits_dash_and_point() {
        for good in ["A", "X-RAY.2", "12345678901234567890", "lab.cbc"] {
            assert!(ServiceInput { code: good.into(), ..input() }.validate().is_ok(), "{good}");
        }
        for bad in ["", "  ", "X RAY", "X_RAY", "É", "123456789012345678901", "A/B"] {
            let errors = ServiceInput { code: bad.into(), ..input() }.validate().expect_err(bad);
            assert!(errors.for_field("code").is_some(), "{bad}");
        }
    }

    #[test]
    fn limits_are_inclusive() {
        let edge = ServiceInput { name: "n".repeat(120), price_minor: MAX_PRICE_MINOR, tax_rate_bp: 10_000, ..input() };
        assert!(edge.validate().is_ok());
        assert!(ServiceInput { price_minor: 0, ..input() }.validate().is_ok());
        let bad = ServiceInput { name: "n".repeat(121), price_minor: MAX_PRICE_MINOR + 1, tax_rate_bp: 10_001, ..input() };
        let errors = bad.validate().expect_err("invalid");
        for field in ["name", "priceMinor", "taxRateBp"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        let negative = ServiceInput { name: " ".into(), price_minor: -1, ..input() };
        let errors = negative.validate().expect_err("invalid");
        assert!(errors.for_field("name").is_some() && errors.for_field("priceMinor").is_some());
    }
}
