//! Scheduling (docs/scheduling.md): providers and their hours, appointment types, appointments,
//! the calendar, today's queue and reminders. The rules live in `clinic_core::scheduling`; this
//! module reads what they need from the database and writes their outcome through `WriteTx`.

mod appointments;
mod diary;
mod providers;
mod rows;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::{Store, StoreError};

pub use diary::{clinic_today, SLOT_SEARCH_DAYS};

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

impl Store {
    /// The clinic's time zone, from the settings.
    pub fn clinic_time_zone(&self) -> Result<Tz, StoreError> {
        let name = self.settings()?.time_zone;
        name.parse().map_err(|_| StoreError::Corrupt { table: "local_setting", column: "time_zone" })
    }
}

/// The UTC instants of a clinic day's first and last moment: [start of `date`, start of the next).
pub(crate) fn day_bounds(date: NaiveDate, days: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = midnight_utc(date, tz);
    let end = midnight_utc(date + Duration::days(i64::from(days)), tz);
    (start, end)
}

/// The first instant of a clinic day. Some zones skip midnight at a DST change: the day then
/// starts at the first wall-clock minute that exists.
fn midnight_utc(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    for _ in 0..180 {
        if let Ok(t) = clinic_core::scheduling::time::to_utc(local, tz) {
            return t;
        }
        local += Duration::minutes(1);
    }
    // No zone skips more than two hours; UTC midnight is the fallback for a broken zone table.
    date.and_time(NaiveTime::MIN).and_utc()
}
