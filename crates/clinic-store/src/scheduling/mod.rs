//! Scheduling (docs/scheduling.md): providers and their hours, appointment types, appointments,
//! the calendar, today's queue and reminders. The rules live in `clinic_core::scheduling`; this
//! module reads what they need from the database and writes their outcome through `WriteTx`.

mod appointments;
mod diary;
mod providers;
pub(crate) mod rows;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use clinic_core::scheduling::time::start_of_day;
use clinic_core::scheduling::WeeklyHours;

use crate::{Store, StoreError};

pub(crate) use appointments::Diary;
pub use diary::clinic_today;

/// How instants are stored: fixed width, so text order is time order.
const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// An instant as stored in `starts_at` / `ends_at`.
pub(crate) fn utc_text(t: DateTime<Utc>) -> String {
    t.format(UTC_FORMAT).to_string()
}

/// The longest appointment the rules allow: a row starting earlier than this before a window
/// cannot reach into it, which bounds every overlap scan on the start index.
pub(crate) fn longest_appointment() -> Duration {
    Duration::hours(12)
}

/// The clinic's wall clock as the booking rules need it: its zone and its opening hours.
pub(crate) struct ClinicClock {
    pub tz: Tz,
    pub opening_hours: Vec<WeeklyHours>,
}

impl Store {
    /// The clinic's time zone, from the settings.
    pub fn clinic_time_zone(&self) -> Result<Tz, StoreError> {
        Ok(self.clinic_clock()?.tz)
    }

    /// The zone and opening hours, read once per command rather than once per rule check.
    pub(crate) fn clinic_clock(&self) -> Result<ClinicClock, StoreError> {
        let settings = self.settings()?;
        let tz = settings.time_zone.parse().map_err(|_| StoreError::Corrupt { table: "clinic_setting", column: "time_zone" })?;
        Ok(ClinicClock { tz, opening_hours: settings.opening_hours })
    }
}

/// The UTC instants of a clinic day's first and last moment: [start of `date`, start of the next).
pub(crate) fn day_bounds(date: NaiveDate, days: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = start_of_day(date, tz);
    let end = start_of_day(date + Duration::days(i64::from(days)), tz);
    (start, end)
}
