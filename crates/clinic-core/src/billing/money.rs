//! Money: an `i64` count of minor units (cents) plus an ISO 4217 currency. Never floats.
//!
//! Rounding rule: a percentage of an amount ([`percent_of`]) is computed exactly in `i128` and
//! rounded to the nearest minor unit, halves away from zero (0.5 cent becomes 1 cent, -0.5 cent
//! becomes -1 cent), so a refund or credit of the same amount rounds to the same magnitude.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// One basis point is 0.01 %: 10 000 bp is the whole amount.
pub const BP_PER_WHOLE: u32 = 10_000;
/// The largest amount of money the UI can hold exactly (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_MINOR: i64 = 9_007_199_254_740_991;

/// An ISO 4217 currency code: three upper-case letters, e.g. `EUR`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, TS)]
#[ts(export, type = "string")]
pub struct Currency(String);

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Write the currency as three letters, e.g. EUR (got \"{0}\")")]
pub struct CurrencyError(pub String);

impl Currency {
    /// Reads a currency code, trimmed and upper-cased; refuses anything but three letters.
    pub fn parse(code: &str) -> Result<Currency, CurrencyError> {
        let upper = code.trim().to_ascii_uppercase();
        if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(upper))
        } else {
            Err(CurrencyError(code.to_string()))
        }
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// How many digits follow the decimal point when amounts are shown (0, 2 or 3).
    pub fn minor_digits(&self) -> u32 {
        match self.0.as_str() {
            "JPY" | "KRW" | "ISK" | "CLP" | "VND" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::parse(&code).map_err(D::Error::custom)
    }
}

/// `minor` as people read it, for PDFs and CSV: `EUR 1,234.50`, `-EUR 12.00`, `JPY 1,235`.
pub fn format_money(minor: i64, currency: &Currency) -> String {
    let digits = currency.minor_digits();
    let magnitude = minor.unsigned_abs();
    let scale = 10u64.pow(digits);
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    let mut grouped = String::new();
    let whole = whole.to_string();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if minor < 0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{currency} {grouped}")
    } else {
        format!("{sign}{currency} {grouped}.{fraction:0width$}", width = digits as usize)
    }
}

/// `rate_bp` basis points of `amount_minor`, rounded half away from zero. Computed in `i128`,
/// so it never overflows; a result beyond `i64` (only possible with rates above 100 %) saturates.
pub fn percent_of(amount_minor: i64, rate_bp: u32) -> i64 {
    let product = i128::from(amount_minor) * i128::from(rate_bp);
    let whole = i128::from(BP_PER_WHOLE);
    let (quotient, remainder) = (product / whole, product % whole);
    let rounded = if remainder.abs() * 2 >= whole { quotient + product.signum() } else { quotient };
    clamp_i64(rounded)
}

/// `value` limited to the `i64` range.
pub(crate) fn clamp_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").expect("eur")
    }

    #[test]
    fn currencies_are_three_letters_upper_cased() {
        assert_eq!(Currency::parse(" eur ").expect("eur").code(), "EUR");
        for bad in ["", "EU", "EURO", "E1R", "€UR", "E R"] {
            assert!(Currency::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&eur()).expect("json"), r#""EUR""#);
        assert_eq!(serde_json::from_str::<Currency>(r#""chf""#).expect("chf").code(), "CHF");
        assert!(serde_json::from_str::<Currency>(r#""CHFX""#).is_err());
    }

    #[test]
    fn minor_digits_follow_the_table() {
        for (code, digits) in [("JPY", 0), ("KRW", 0), ("ISK", 0), ("CLP", 0), ("VND", 0), ("BHD", 3), ("KWD", 3)] {
            assert_eq!(Currency::parse(code).expect("code").minor_digits(), digits, "{code}");
        }
        for (code, digits) in [("OMR", 3), ("JOD", 3), ("TND", 3), ("EUR", 2), ("USD", 2), ("GBP", 2), ("XYZ", 2)] {
            assert_eq!(Currency::parse(code).expect("code").minor_digits(), digits, "{code}");
        }
    }

    #[test]
    fn money_is_formatted_with_groups_and_sign() {
        assert_eq!(format_money(123_450, &eur()), "EUR 1,234.50");
        assert_eq!(format_money(-1_200, &eur()), "-EUR 12.00");
        assert_eq!(format_money(0, &eur()), "EUR 0.00");
        assert_eq!(format_money(5, &eur()), "EUR 0.05");
        assert_eq!(format_money(-5, &eur()), "-EUR 0.05");
        assert_eq!(format_money(99_999, &eur()), "EUR 999.99");
        assert_eq!(format_money(100_000_000, &eur()), "EUR 1,000,000.00");
        let jpy = Currency::parse("JPY").expect("jpy");
        assert_eq!(format_money(1_235, &jpy), "JPY 1,235");
        assert_eq!(format_money(-999, &jpy), "-JPY 999");
        let bhd = Currency::parse("BHD").expect("bhd");
        assert_eq!(format_money(1_234_500, &bhd), "BHD 1,234.500");
        assert_eq!(format_money(7, &bhd), "BHD 0.007");
    }

    #[test]
    fn extreme_amounts_format_without_overflow() {
        assert_eq!(format_money(i64::MAX, &eur()), "EUR 92,233,720,368,547,758.07");
        assert_eq!(format_money(i64::MIN, &eur()), "-EUR 92,233,720,368,547,758.08");
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        // 10 % of 5 cents is 0.5 cent: rounds to 1, and -0.5 to -1.
        assert_eq!(percent_of(5, 1_000), 1);
        assert_eq!(percent_of(-5, 1_000), -1);
        // Just below and above the half.
        assert_eq!(percent_of(4_999, 1), 0);
        assert_eq!(percent_of(5_000, 1), 1);
        assert_eq!(percent_of(-4_999, 1), 0);
        assert_eq!(percent_of(-5_000, 1), -1);
        assert_eq!(percent_of(5_001, 1), 1);
        assert_eq!(percent_of(14_999, 1), 1);
        assert_eq!(percent_of(15_000, 1), 2);
        assert_eq!(percent_of(-15_000, 1), -2);
        // 19 % VAT of 9.99: 189.81 cents is 190.
        assert_eq!(percent_of(999, 1_900), 190);
        // 7.5 % of 1.00 is exactly 7.5 cents: 8.
        assert_eq!(percent_of(100, 750), 8);
        assert_eq!(percent_of(-100, 750), -8);
    }

    #[test]
    fn whole_and_zero_rates_are_exact() {
        assert_eq!(percent_of(12_345, 0), 0);
        assert_eq!(percent_of(12_345, BP_PER_WHOLE), 12_345);
        assert_eq!(percent_of(-12_345, BP_PER_WHOLE), -12_345);
        assert_eq!(percent_of(0, 2_000), 0);
    }

    #[test]
    fn big_amounts_never_overflow() {
        assert_eq!(percent_of(i64::MAX, BP_PER_WHOLE), i64::MAX);
        assert_eq!(percent_of(i64::MIN, BP_PER_WHOLE), i64::MIN);
        assert_eq!(percent_of(i64::MAX, 5_000), i64::MAX / 2 + 1);
        assert_eq!(percent_of(i64::MIN, 5_000), i64::MIN / 2);
        assert_eq!(percent_of(MAX_SAFE_MINOR, 2_000), 1_801_439_850_948_198);
        assert_eq!(percent_of(i64::MAX, u32::MAX), i64::MAX);
        assert_eq!(percent_of(i64::MIN, u32::MAX), i64::MIN);
    }
}
