//! Reading stored text back into values, for every table: a row read that keeps SQLite's errors
//! apart from ours, and the date, time and instant formats the store writes. A value this
//! version cannot read is `StoreError::Corrupt`, naming the table and column, never the value.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::StoreError;

/// One row read: SQLite's own failure outside, ours (a value we cannot read) inside, so a
/// `query_map` collects into `Result<Result<Vec<_>, StoreError>, rusqlite::Error>`.
pub(crate) type RowResult<T> = rusqlite::Result<Result<T, StoreError>>;

/// A plain date, stored `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str, table: &'static str, column: &'static str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Corrupt { table, column })
}

/// A wall-clock time, stored `HH:MM`.
pub(crate) fn parse_time(text: &str, table: &'static str, column: &'static str) -> Result<NaiveTime, StoreError> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| StoreError::Corrupt { table, column })
}

/// An instant, stored as RFC 3339 in UTC.
pub(crate) fn parse_instant(text: &str, table: &'static str, column: &'static str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| StoreError::Corrupt { table, column })
}

/// A date that may be missing.
pub(crate) fn parse_opt_date(
    text: Option<String>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|t| parse_date(&t, table, column)).transpose()
}

/// An instant that may be missing.
pub(crate) fn parse_opt_instant(
    text: Option<String>,
    table: &'static str,
    column: &'static str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.map(|t| parse_instant(&t, table, column)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_values_name_their_column_and_not_the_value() {
        assert_eq!(parse_date("2026-12-07", "t", "c").ok(), NaiveDate::from_ymd_opt(2026, 12, 7));
        let err = parse_date("7 Dec", "patient", "date_of_birth").expect_err("not a date");
        assert_eq!(err.to_string(), "unreadable value in patient.date_of_birth");
        assert!(parse_instant("2026-12-07T09:30:00Z", "t", "c").is_ok());
        assert!(parse_time("25:00", "t", "c").is_err());
        assert_eq!(parse_opt_instant(None, "t", "c").ok(), Some(None));
    }
}
