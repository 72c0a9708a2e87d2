//! How clinic times travel to and from the UI: `HH:MM`, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM`.
//!
//! chrono's own serde formats carry seconds and accept more than the contract allows, so these
//! helpers write exactly the contract's shape and refuse anything else with a message that
//! names the expected format. Use them with `#[serde(with = "...")]`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::de::{Deserializer, Error};
use serde::{Deserialize, Serializer};

const TIME_SHAPE: &str = "dd:dd";
const DATE_SHAPE: &str = "dddd-dd-dd";
const LOCAL_SHAPE: &str = "dddd-dd-ddTdd:dd";

/// Whether `text` has exactly the layout of `shape`, where `d` stands for one ASCII digit.
fn has_shape(text: &str, shape: &str) -> bool {
    text.len() == shape.len() && text.bytes().zip(shape.bytes()).all(|(t, s)| if s == b'd' { t.is_ascii_digit() } else { t == s })
}

/// Reads a wall-clock time written `HH:MM`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    // The shape check comes first because chrono also accepts one-digit hours and seconds.
    if !has_shape(text, TIME_SHAPE) {
        return None;
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// Reads a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if !has_shape(text, DATE_SHAPE) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Reads a clinic wall-clock minute written `YYYY-MM-DDTHH:MM`.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    if !has_shape(text, LOCAL_SHAPE) {
        return None;
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()
}

/// Writes a wall-clock time as `HH:MM` (seconds are dropped: the clinic books whole minutes).
pub fn format_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Writes a clinic wall-clock minute as `YYYY-MM-DDTHH:MM`.
pub fn format_local(local: NaiveDateTime) -> String {
    format!("{}T{}", format_date(local.date()), format_time(local.time()))
}

fn read<'de, D, T>(deserializer: D, parse: fn(&str) -> Option<T>, what: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| D::Error::custom(format!("expected {what}, got \"{text}\"")))
}

fn read_opt<'de, D, T>(deserializer: D, parse: fn(&str) -> Option<T>, what: &str) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).ok_or_else(|| D::Error::custom(format!("expected {what} or null, got \"{text}\""))),
    }
}

const TIME_WHAT: &str = "a time as HH:MM (e.g. 09:30)";
const DATE_WHAT: &str = "a date as YYYY-MM-DD (e.g. 2026-03-30)";
const LOCAL_WHAT: &str = "a date and time as YYYY-MM-DDTHH:MM (e.g. 2026-03-30T09:30)";

/// `NaiveTime` as `HH:MM`.
pub mod hhmm {
    use super::*;

    /// Writes `HH:MM`.
    pub fn serialize<S: Serializer>(time: &NaiveTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_time(*time))
    }

    /// Reads exactly `HH:MM`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveTime, D::Error> {
        read(deserializer, parse_time, TIME_WHAT)
    }
}

/// `Option<NaiveTime>` as `HH:MM` or `null`.
pub mod opt_hhmm {
    use super::*;

    /// Writes `HH:MM` or `null`.
    pub fn serialize<S: Serializer>(time: &Option<NaiveTime>, serializer: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => serializer.serialize_some(&format_time(*time)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads exactly `HH:MM` or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveTime>, D::Error> {
        read_opt(deserializer, parse_time, TIME_WHAT)
    }
}

/// `NaiveDate` as `YYYY-MM-DD`.
pub mod ymd {
    use super::*;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_date(*date))
    }

    /// Reads exactly `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        read(deserializer, parse_date, DATE_WHAT)
    }
}

/// `Option<NaiveDate>` as `YYYY-MM-DD` or `null`.
pub mod opt_ymd {
    use super::*;

    /// Writes `YYYY-MM-DD` or `null`.
    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.serialize_some(&format_date(*date)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads exactly `YYYY-MM-DD` or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        read_opt(deserializer, parse_date, DATE_WHAT)
    }
}

/// `NaiveDateTime` (the clinic's wall clock) as `YYYY-MM-DDTHH:MM`.
pub mod local_minute {
    use super::*;

    /// Writes `YYYY-MM-DDTHH:MM`.
    pub fn serialize<S: Serializer>(local: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_local(*local))
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDateTime, D::Error> {
        read(deserializer, parse_local, LOCAL_WHAT)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "hhmm")]
        time: NaiveTime,
        #[serde(with = "opt_hhmm", default)]
        maybe_time: Option<NaiveTime>,
        #[serde(with = "ymd")]
        date: NaiveDate,
        #[serde(with = "opt_ymd", default)]
        maybe_date: Option<NaiveDate>,
        #[serde(with = "local_minute")]
        local: NaiveDateTime,
    }

    fn json(time: &str, date: &str, local: &str) -> String {
        format!(r#"{{"time":"{time}","maybe_time":null,"date":"{date}","maybe_date":null,"local":"{local}"}}"#)
    }

    #[test]
    fn writes_exactly_the_contract_shapes() {
        let sample = Sample {
            time: NaiveTime::from_hms_opt(9, 5, 42).expect("time"),
            maybe_time: NaiveTime::from_hms_opt(17, 0, 0),
            date: NaiveDate::from_ymd_opt(2026, 3, 9).expect("date"),
            maybe_date: None,
            local: NaiveDate::from_ymd_opt(2026, 3, 29).and_then(|d| d.and_hms_opt(2, 30, 0)).expect("local"),
        };
        let text = serde_json::to_string(&sample).expect("serialize");
        assert_eq!(
            text,
            r#"{"time":"09:05","maybe_time":"17:00","date":"2026-03-09","maybe_date":null,"local":"2026-03-29T02:30"}"#
        );
        let back: Sample = serde_json::from_str(&text).expect("round trip");
        assert_eq!(back.local, sample.local);
        assert_eq!(back.time, NaiveTime::from_hms_opt(9, 5, 0).expect("time"));
    }

    #[test]
    fn missing_optional_fields_read_as_none() {
        let sample: Sample =
            serde_json::from_str(r#"{"time":"09:00","date":"2026-03-09","local":"2026-03-09T09:00"}"#).expect("defaults");
        assert_eq!((sample.maybe_time, sample.maybe_date), (None, None));
        let some: Sample = serde_json::from_str(
            r#"{"time":"09:00","maybe_time":"13:45","date":"2026-03-09","maybe_date":"2026-12-31","local":"2026-03-09T09:00"}"#,
        )
        .expect("present");
        assert_eq!(some.maybe_time, NaiveTime::from_hms_opt(13, 45, 0));
        assert_eq!(some.maybe_date, NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn other_shapes_are_refused_with_the_expected_format() {
        let good = ("09:30", "2026-03-09", "2026-03-09T09:30");
        assert!(serde_json::from_str::<Sample>(&json(good.0, good.1, good.2)).is_ok());
        for time in ["9:30", "09:30:00", "24:00", "09:60", " 09:30", "0930", "09-30", ""] {
            let err = serde_json::from_str::<Sample>(&json(time, good.1, good.2)).expect_err(time).to_string();
            assert!(err.contains("HH:MM"), "{time}: {err}");
        }
        for date in ["2026-3-09", "26-03-09", "2026-02-30", "2026/03/09", "+2026-03-09", "2026-03-09T00:00"] {
            let err = serde_json::from_str::<Sample>(&json(good.0, date, good.2)).expect_err(date).to_string();
            assert!(err.contains("YYYY-MM-DD"), "{date}: {err}");
        }
        for local in ["2026-03-09 09:30", "2026-03-09T09:30:00", "2026-03-09T09:30Z", "2026-03-09T9:30", "2026-03-09"] {
            let err = serde_json::from_str::<Sample>(&json(good.0, good.1, local)).expect_err(local).to_string();
            assert!(err.contains("YYYY-MM-DDTHH:MM"), "{local}: {err}");
        }
        let err = serde_json::from_str::<Sample>(
            r#"{"time":"09:00","maybe_time":"9am","date":"2026-03-09","local":"2026-03-09T09:00"}"#,
        )
        .expect_err("bad optional");
        assert!(err.to_string().contains("HH:MM"), "{err}");
    }
}
