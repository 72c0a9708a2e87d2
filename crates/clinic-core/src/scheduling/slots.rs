//! Finding the next free time for a booking.

use crate::ids::ProviderId;
use std::cell::Cell;

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;

use super::booking::{appointment_times, Busy};
use super::hours::{working_intervals, MAX_MINUTES, MIN_MINUTES};
use super::provider::{ScheduleException, WeeklyHours};

/// Slots start on multiples of this many minutes past midnight.
pub const SLOT_GRID_MINUTES: u32 = 5;
/// How many days ahead the search for a free slot goes (docs/scheduling.md).
pub const SLOT_HORIZON_DAYS: u32 = 90;

/// One provider's schedule and the appointments that hold their time.
#[derive(Debug, Clone)]
pub struct ProviderDiary<'a> {
    /// Whose diary this is; returned with the slot found.
    pub provider_id: ProviderId,
    /// The provider's weekly hours.
    pub weekly: &'a [WeeklyHours],
    /// The provider's leave and extra sessions.
    pub exceptions: &'a [ScheduleException],
    /// In any order; only appointments that hold time (not cancelled or no-show).
    pub busy: &'a [Busy],
}

/// The earliest start on the 5-minute grid at or after `from` (the clinic's wall clock) where
/// one of `providers` works, is not on leave and is free for `minutes`, searching `from`'s date
/// and the `horizon_days` after it. Ties go to the provider listed first. `None` when nothing is
/// free or `minutes` is not a bookable length.
pub fn next_free_slot(
    from: NaiveDateTime,
    minutes: u32,
    tz: Tz,
    providers: &[ProviderDiary<'_>],
    horizon_days: u32,
) -> Option<(ProviderId, NaiveDateTime)> {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return None;
    }
    let first = round_up_to_grid(from)?;
    let last_date = from.date().checked_add_days(Days::new(horizon_days.into())).unwrap_or(NaiveDate::MAX);
    let mut best: Option<(ProviderId, NaiveDateTime)> = None;
    for diary in providers {
        let search = Search { first, last_date, minutes, tz, before: best.map(|(_, at)| at), probes: Cell::new(0) };
        if let Some(at) = search.first_free(diary) {
            best = Some((diary.provider_id, at));
        }
    }
    best
}

/// One provider's search, bounded by the best start found so far among earlier providers.
struct Search {
    first: NaiveDateTime,
    last_date: NaiveDate,
    minutes: u32,
    tz: Tz,
    /// Only a start strictly before this can win: ties go to the earlier provider.
    before: Option<NaiveDateTime>,
    /// Candidate starts looked at, so a test can tell the walk jumps over busy time.
    probes: Cell<u32>,
}

impl Search {
    fn first_free(&self, diary: &ProviderDiary<'_>) -> Option<NaiveDateTime> {
        let busy = merged_busy(diary.busy);
        // Candidate starts only move forward in time, so the busy list is walked once.
        let mut next_busy = 0;
        let step = Duration::minutes(SLOT_GRID_MINUTES.into());
        let mut date = self.first.date();
        while date <= self.last_date && self.before.is_none_or(|b| date <= b.date()) {
            for (open, close) in working_intervals(date, diary.weekly, diary.exceptions) {
                let close = date.and_time(close);
                let Some(mut at) = round_up_to_grid(date.and_time(open).max(self.first)) else { continue };
                while at < close {
                    if self.before.is_some_and(|b| at >= b) {
                        return None;
                    }
                    self.probes.set(self.probes.get() + 1);
                    let Ok(times) = appointment_times(at, self.minutes, self.tz) else {
                        // The skipped spring hour: no appointment starts inside it.
                        at += step;
                        continue;
                    };
                    if times.end > close {
                        // Later starts end later still: this interval is too short from here on.
                        break;
                    }
                    if times.end <= times.start {
                        // The clock goes back an hour during it (see booking rule 6).
                        at += step;
                        continue;
                    }
                    while busy.get(next_busy).is_some_and(|&(_, end)| end <= times.start_utc) {
                        next_busy += 1;
                    }
                    match busy.get(next_busy) {
                        Some(&(start, end)) if start < times.end_utc => {
                            let after = round_up_to_grid(end.with_timezone(&self.tz).naive_local());
                            // max() keeps the walk moving forward even where the clock goes back.
                            at = after.map_or(at + step, |after| after.max(at + step));
                        }
                        _ => return Some(at),
                    }
                }
            }
            date = date.succ_opt()?;
        }
        None
    }
}

/// The busy spans sorted and merged where they overlap or touch, so that they are ordered by
/// their ends too.
fn merged_busy(busy: &[Busy]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut spans: Vec<_> = busy.iter().filter(|b| b.start < b.end).map(|b| (b.start, b.end)).collect();
    spans.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The first grid point at or after `at`; `None` only past the last representable date.
fn round_up_to_grid(at: NaiveDateTime) -> Option<NaiveDateTime> {
    let grid = i64::from(SLOT_GRID_MINUTES) * 60;
    let seconds = i64::from(at.time().num_seconds_from_midnight()) + i64::from(at.time().nanosecond() > 0);
    let rounded = (seconds + grid - 1) / grid * grid;
    at.date().and_time(NaiveTime::MIN).checked_add_signed(Duration::seconds(rounded))
}

#[cfg(test)]
mod tests;
