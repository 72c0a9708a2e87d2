//! Lab results entered by staff, and the abnormal flag computed from the reference range.
//!
//! The flag: a value equal to a limit is inside it. Above the high limit is `high`, below the
//! low limit is `low`. A result is critical when it is beyond the critical limits entered with
//! it, or, when none is entered for that side, beyond the reference range by
//! [`CRITICAL_FACTOR`]: above twice a positive high limit, or below half a positive low limit.
//! Equal to a critical limit is not critical. Text results ("positive") are `not_applicable`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::decimal::Decimal;
use super::text;
use crate::scheduling::wire::opt_ymd;
use crate::validation::{Collector, ValidationErrors};

/// How far beyond a positive reference limit a result becomes critical, when no critical limit
/// is given: above `high × 2` or below `low ÷ 2`.
pub const CRITICAL_FACTOR: i128 = 2;

const MAX_TEST: usize = 120;
const MAX_VALUE: usize = 200;
const MAX_UNIT: usize = 30;

/// How a result compares with its reference range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LabFlag {
    /// Within the range, limits included.
    Normal,
    /// Below the low limit.
    Low,
    /// Above the high limit.
    High,
    /// Dangerously low: an urgent alert.
    CriticalLow,
    /// Dangerously high: an urgent alert.
    CriticalHigh,
    /// A text result, or no range to compare with.
    NotApplicable,
}

impl LabFlag {
    /// Whether the result is outside the range (and so raises an alert for the doctor).
    pub fn is_abnormal(self) -> bool {
        !matches!(self, LabFlag::Normal | LabFlag::NotApplicable)
    }
}

/// A result as staff enter it; numbers are written as text (`5.4`) and kept exact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabResultInput {
    /// The test's name, e.g. "Potassium".
    pub test: String,
    /// The result: a number such as `5.4`, or words such as "positive".
    pub value: String,
    /// The unit, e.g. "mmol/L".
    pub unit: Option<String>,
    /// The lowest normal value.
    pub reference_low: Option<String>,
    /// The highest normal value.
    pub reference_high: Option<String>,
    /// Below this the result is critical.
    pub critical_low: Option<String>,
    /// Above this the result is critical.
    pub critical_high: Option<String>,
    /// When the sample was taken.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub collected_on: Option<NaiveDate>,
}

/// A result's value: an exact number or a text result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum LabValue {
    /// A number, compared with the range.
    Numeric {
        /// The number as entered, exact.
        #[ts(type = "string")]
        number: Decimal,
    },
    /// Words, not compared.
    Text {
        /// The text as entered.
        text: String,
    },
}

/// The limits a numeric result is compared with; any of them may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReferenceRange {
    /// The lowest normal value.
    #[ts(type = "string | null")]
    pub low: Option<Decimal>,
    /// The highest normal value.
    #[ts(type = "string | null")]
    pub high: Option<Decimal>,
    /// Below this the result is critical.
    #[ts(type = "string | null")]
    pub critical_low: Option<Decimal>,
    /// Above this the result is critical.
    #[ts(type = "string | null")]
    pub critical_high: Option<Decimal>,
}

/// A checked result with its flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabResult {
    /// The test's name.
    pub test: String,
    /// The result.
    pub value: LabValue,
    /// The unit, if any.
    pub unit: Option<String>,
    /// The limits it was compared with.
    pub range: ReferenceRange,
    /// How it compares.
    pub flag: LabFlag,
    /// When the sample was taken.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub collected_on: Option<NaiveDate>,
}

fn limit(c: &mut Collector, field: &str, value: Option<&str>) -> Option<Decimal> {
    let text = value.map(str::trim).filter(|t| !t.is_empty())?;
    text.parse().map_err(|e: super::decimal::DecimalError| c.add(field, e.to_string())).ok()
}

/// Whether the text is made only of number characters, so a failed parse is a typing mistake.
fn looks_numeric(text: &str) -> bool {
    text.chars().any(|ch| ch.is_ascii_digit()) && text.chars().all(|ch| ch.is_ascii_digit() || ".,- ".contains(ch))
}

impl LabResultInput {
    /// Checks every field against the clinic's `today`; returns the result with its flag.
    pub fn validate(&self, today: NaiveDate) -> Result<LabResult, ValidationErrors> {
        let mut c = Collector::default();
        let test = c.text("test", &self.test, true, MAX_TEST).unwrap_or_default();
        let raw = c.text("value", &self.value, true, MAX_VALUE).unwrap_or_default();
        let value = match raw.parse::<Decimal>() {
            Ok(number) => LabValue::Numeric { number },
            Err(e) => {
                if looks_numeric(&raw) {
                    c.add("value", e.to_string());
                }
                LabValue::Text { text: raw }
            }
        };
        let unit = text::optional(&mut c, "unit", self.unit.as_deref(), MAX_UNIT);
        let range = ReferenceRange {
            low: limit(&mut c, "referenceLow", self.reference_low.as_deref()),
            high: limit(&mut c, "referenceHigh", self.reference_high.as_deref()),
            critical_low: limit(&mut c, "criticalLow", self.critical_low.as_deref()),
            critical_high: limit(&mut c, "criticalHigh", self.critical_high.as_deref()),
        };
        let below = |a: Option<Decimal>, b: Option<Decimal>| matches!((a, b), (Some(a), Some(b)) if a > b);
        if below(range.low, range.high) {
            c.add("referenceHigh", "The high limit cannot be below the low limit");
        }
        if below(range.critical_low, range.low) {
            c.add("criticalLow", "The critical low limit cannot be above the low limit");
        }
        if below(range.high, range.critical_high) || below(range.critical_low, range.critical_high) {
            c.add("criticalHigh", "The critical high limit cannot be below the high limit");
        }
        if self.collected_on.is_some_and(|d| d > today) {
            c.add("collectedOn", "The collection date cannot be in the future");
        }
        let flag = abnormal_flag(&value, &range);
        c.finish(LabResult { test, value, unit, range, flag, collected_on: self.collected_on })
    }
}

/// How `value` compares with `range` (see the module's rule).
pub fn abnormal_flag(value: &LabValue, range: &ReferenceRange) -> LabFlag {
    let LabValue::Numeric { number: v } = *value else {
        return LabFlag::NotApplicable;
    };
    if range.low.is_none() && range.high.is_none() && range.critical_low.is_none() && range.critical_high.is_none() {
        return LabFlag::NotApplicable;
    }
    let critical_high = match (range.critical_high, range.high) {
        (Some(limit), _) => v > limit,
        (None, Some(high)) if high.is_positive() => {
            let (v, high) = v.aligned(high);
            v > high * CRITICAL_FACTOR
        }
        _ => false,
    };
    let critical_low = match (range.critical_low, range.low) {
        (Some(limit), _) => v < limit,
        (None, Some(low)) if low.is_positive() => {
            let (v, low) = v.aligned(low);
            v * CRITICAL_FACTOR < low
        }
        _ => false,
    };
    if critical_high {
        LabFlag::CriticalHigh
    } else if critical_low {
        LabFlag::CriticalLow
    } else if range.high.is_some_and(|high| v > high) {
        LabFlag::High
    } else if range.low.is_some_and(|low| v < low) {
        LabFlag::Low
    } else {
        LabFlag::Normal
    }
}

#[cfg(test)]
#[path = "labs_tests.rs"]
mod tests;
