//! The clinic's wall clock and UTC: the only place where local times become instants and back.

use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// A clinic wall-clock time that names no instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// The time falls in the hour the clock skips when daylight saving time starts.
    #[error(
        "{} does not exist in {zone}: the clock skips that hour when daylight saving time starts; choose another time",
        local.format("%Y-%m-%d %H:%M")
    )]
    Skipped {
        /// The wall-clock time asked for.
        local: NaiveDateTime,
        /// The clinic's time zone.
        zone: Tz,
    },
}

/// A time zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a known time zone; use a name such as Europe/Berlin or America/New_York")]
pub struct UnknownTimeZone(pub String);

/// The time zone an IANA name (such as `Europe/Berlin`) stands for.
pub fn parse_time_zone(name: &str) -> Result<Tz, UnknownTimeZone> {
    Tz::from_str(name).map_err(|_| UnknownTimeZone(name.to_string()))
}

/// The instant a clinic wall-clock time stands for. In the hour repeated in autumn the first of
/// the two is meant (design decision in docs/scheduling.md); the skipped spring hour is an error.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, LocalTimeError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Skipped { local, zone: tz }),
    }
}

/// The clinic wall-clock minute of an instant (seconds dropped: bookings are whole minutes).
pub fn to_local(at: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    let local = at.with_timezone(&tz).naive_local();
    // Zero seconds and nanoseconds are always valid, so the fallback never happens.
    local.with_second(0).and_then(|l| l.with_nanosecond(0)).unwrap_or(local)
}

/// The first instant of a clinic day. Some zones skip midnight at a DST change (Chile, for one):
/// the day then starts at the first wall-clock minute that exists.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    // No zone skips more than two hours, so three hours of minutes always find one.
    for _ in 0..180 {
        if let Ok(at) = to_utc(local, tz) {
            return at;
        }
        local += Duration::minutes(1);
    }
    date.and_time(NaiveTime::MIN).and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduling::test_support::{local, utc};

    #[test]
    fn an_ordinary_time_converts_with_the_zone_offset() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(to_utc(local("2026-01-15T09:00"), berlin), Ok(utc("2026-01-15T08:00:00Z")));
        assert_eq!(to_utc(local("2026-07-15T09:00"), berlin), Ok(utc("2026-07-15T07:00:00Z")));
        assert_eq!(to_utc(local("2026-07-15T09:00"), Tz::UTC), Ok(utc("2026-07-15T09:00:00Z")));
    }

    #[test]
    fn the_skipped_spring_hour_is_an_error_that_says_so() {
        let berlin = chrono_tz::Europe::Berlin;
        let err = to_utc(local("2026-03-29T02:30"), berlin).expect_err("02:30 is skipped");
        assert_eq!(err, LocalTimeError::Skipped { local: local("2026-03-29T02:30"), zone: berlin });
        let message = err.to_string();
        assert!(message.contains("2026-03-29 02:30") && message.contains("skips that hour"), "{message}");
        assert_eq!(to_utc(local("2026-03-29T03:00"), berlin), Ok(utc("2026-03-29T01:00:00Z")));
        assert!(to_utc(local("2026-03-08T02:15"), chrono_tz::America::New_York).is_err());
    }

    #[test]
    fn the_repeated_autumn_hour_means_the_first_of_the_two() {
        // 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC (winter time).
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(to_utc(local("2026-10-25T02:30"), berlin), Ok(utc("2026-10-25T00:30:00Z")));
        let new_york = chrono_tz::America::New_York;
        assert_eq!(to_utc(local("2026-11-01T01:30"), new_york), Ok(utc("2026-11-01T05:30:00Z")));
    }

    #[test]
    fn to_local_uses_the_offset_of_that_day_and_drops_seconds() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(to_local(utc("2026-03-28T08:00:59Z"), berlin), local("2026-03-28T09:00"));
        assert_eq!(to_local(utc("2026-03-30T07:00:00.5Z"), berlin), local("2026-03-30T09:00"));
        assert_eq!(to_local(utc("2026-10-25T01:30:00Z"), berlin), local("2026-10-25T02:30"));
    }

    #[test]
    fn zone_names_are_checked_against_the_database() {
        assert_eq!(parse_time_zone("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(parse_time_zone("UTC"), Ok(Tz::UTC));
        assert!(parse_time_zone("Europe/Atlantis").expect_err("unknown").to_string().contains("Europe/Atlantis"));
        assert!(parse_time_zone("").is_err());
    }

    #[test]
    fn a_day_starts_at_midnight_or_at_the_first_minute_after_a_skipped_one() {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date");
        assert_eq!(start_of_day(date("2026-12-01"), chrono_tz::Europe::Berlin), utc("2026-11-30T23:00:00Z"));
        // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026: that day starts at 01:00.
        assert_eq!(start_of_day(date("2026-09-06"), chrono_tz::America::Santiago), utc("2026-09-06T04:00:00Z"));
    }
}
