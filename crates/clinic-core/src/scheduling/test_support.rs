//! Short ways to write times and schedules in the scheduling tests.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::booking::Busy;
use super::provider::{ExceptionKind, ScheduleException, WeeklyHours};
use super::wire::{parse_date, parse_local, parse_time};
use crate::ids::test_id;

/// `YYYY-MM-DDTHH:MM` on the clinic's wall clock.
pub fn local(text: &str) -> NaiveDateTime {
    parse_local(text).unwrap_or_else(|| panic!("bad local time in test: {text}"))
}

/// An RFC 3339 instant.
pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("bad instant in test: {text}: {e}")).with_timezone(&Utc)
}

/// `HH:MM`.
pub fn time(text: &str) -> NaiveTime {
    parse_time(text).unwrap_or_else(|| panic!("bad time in test: {text}"))
}

/// `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    parse_date(text).unwrap_or_else(|| panic!("bad date in test: {text}"))
}

/// One weekly interval.
pub fn weekly(weekday: u32, start: &str, end: &str) -> WeeklyHours {
    WeeklyHours { weekday, start: time(start), end: time(end) }
}

/// Monday to Friday, 09:00–17:00.
pub fn office_hours() -> Vec<WeeklyHours> {
    (1..=5).map(|d| weekly(d, "09:00", "17:00")).collect()
}

/// Leave from `from` to `to` inclusive.
pub fn leave(from: &str, to: &str) -> ScheduleException {
    ScheduleException {
        id: test_id(&format!("leave-{from}")),
        provider_id: test_id("p1"),
        kind: ExceptionKind::Leave,
        start_date: date(from),
        end_date: date(to),
        start_time: None,
        end_time: None,
        reason: Some("Holiday".into()),
    }
}

/// An extra session on `on`.
pub fn extra(on: &str, start: &str, end: &str) -> ScheduleException {
    ScheduleException {
        id: test_id(&format!("extra-{on}-{start}")),
        provider_id: test_id("p1"),
        kind: ExceptionKind::Extra,
        start_date: date(on),
        end_date: date(on),
        start_time: Some(time(start)),
        end_time: Some(time(end)),
        reason: None,
    }
}

/// An appointment that holds time, between two RFC 3339 instants.
pub fn busy(id: &str, start: &str, end: &str) -> Busy {
    Busy { appointment_id: test_id(id), start: utc(start), end: utc(end) }
}
