//! Exact decimal numbers for lab results: an integer count of units at a decimal scale, so
//! "5.40" is 540 at scale 2. No floats; comparisons are exact.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most digits after the decimal point a value may have.
pub const MAX_DECIMAL_PLACES: u32 = 6;
/// The most digits a value may have in all.
const MAX_DIGITS: usize = 15;

/// A decimal number written as text: `12`, `-0.5`, `5.40`. Keeps the places it was written
/// with (for display) but compares by value, so `5.4` equals `5.40`.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    units: i64,
    scale: u32,
}

/// Why a text is not a decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Not digits with at most one decimal point and an optional leading minus.
    #[error("Enter a number such as 5.4, with a point for decimals")]
    Shape,
    /// More than [`MAX_DECIMAL_PLACES`] decimal places.
    #[error("Use at most 6 decimal places")]
    TooManyPlaces,
    /// More than 15 digits.
    #[error("Use at most 15 digits")]
    TooLong,
}

impl Decimal {
    /// The value scaled to `scale` places (`scale` must be at least the value's own).
    fn at_scale(self, scale: u32) -> i128 {
        i128::from(self.units) * 10_i128.pow(scale.saturating_sub(self.scale))
    }

    /// The two values as integers at a common scale, for exact comparisons.
    pub(crate) fn aligned(self, other: Decimal) -> (i128, i128) {
        let scale = self.scale.max(other.scale);
        (self.at_scale(scale), other.at_scale(scale))
    }

    /// Whether the value is above zero.
    pub fn is_positive(self) -> bool {
        self.units > 0
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) || body.ends_with('.') {
            return Err(DecimalError::Shape);
        }
        if fraction.len() > MAX_DECIMAL_PLACES as usize {
            return Err(DecimalError::TooManyPlaces);
        }
        if whole.len() + fraction.len() > MAX_DIGITS {
            return Err(DecimalError::TooLong);
        }
        let digits = format!("{whole}{fraction}");
        let magnitude: i64 = digits.parse().map_err(|_| DecimalError::TooLong)?;
        let scale = u32::try_from(fraction.len()).map_err(|_| DecimalError::TooManyPlaces)?;
        Ok(Decimal { units: if negative { -magnitude } else { magnitude }, scale })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let magnitude = self.units.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{magnitude}");
        }
        let divisor = 10_u64.pow(self.scale);
        let places = self.scale as usize;
        write!(f, "{sign}{}.{:0places$}", magnitude / divisor, magnitude % divisor)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = self.aligned(*other);
        a.cmp(&b)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn reads_and_writes_as_entered() {
        for text in ["0", "12", "-0.5", "5.40", "0.000001", "999999999999999", "-3.25"] {
            assert_eq!(d(text).to_string(), text);
        }
        assert_eq!(d(" .5 ").to_string(), "0.5");
        assert_eq!(d("007").to_string(), "7");
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        for bad in ["", "-", ".", "5.", "1,5", "1.2.3", "+4", "1e3", "abc", "--1", "<0.1"] {
            assert_eq!(bad.parse::<Decimal>().err(), Some(DecimalError::Shape), "{bad}");
        }
        assert_eq!("0.0000001".parse::<Decimal>().err(), Some(DecimalError::TooManyPlaces));
        assert_eq!("1234567890123456".parse::<Decimal>().err(), Some(DecimalError::TooLong));
    }

    #[test]
    fn compares_by_value() {
        assert_eq!(d("5.4"), d("5.40"));
        assert!(d("5.41") > d("5.4"));
        assert!(d("-1") < d("0.000001"));
        assert!(d("10") > d("9.999999"));
        assert_eq!(serde_json::to_string(&d("5.40")).expect("json"), r#""5.40""#);
    }
}
