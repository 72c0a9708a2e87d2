//! Checking what is entered about providers, their hours and appointment types, and working out
//! when a provider works on a given day.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::provider::{
    AppointmentTypeInput, ExceptionKind, ProviderInput, ScheduleException, ScheduleExceptionInput, WeeklyHours,
};
use super::wire::format_time;
use crate::validation::{Collector, ValidationErrors};

/// The shortest appointment and appointment type, in minutes.
pub const MIN_MINUTES: u32 = 5;
/// The longest appointment and appointment type, in minutes (12 hours).
pub const MAX_MINUTES: u32 = 720;

const MAX_NAME: usize = 80;
const MAX_ROOM: usize = 40;
const MAX_REASON: usize = 200;

/// The English name of an ISO weekday (1 = Monday), for messages.
pub fn weekday_name(weekday: u32) -> &'static str {
    match weekday {
        1 => "Monday",
        2 => "Tuesday",
        3 => "Wednesday",
        4 => "Thursday",
        5 => "Friday",
        6 => "Saturday",
        7 => "Sunday",
        _ => "an unknown day",
    }
}

/// `09:00–12:30`, as the messages show an interval.
pub(crate) fn span_text(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", format_time(start), format_time(end))
}

/// Trims an optional text field; blank becomes `None`.
fn optional_text(c: &mut Collector, field: &str, value: Option<&str>, max_chars: usize) -> Option<String> {
    c.text(field, value.unwrap_or(""), false, max_chars)
}

/// Checks a calendar colour written `#rrggbb`; returns it in lower case.
fn colour(c: &mut Collector, value: &str) -> String {
    let trimmed = value.trim();
    let ok = trimmed.len() == 7 && trimmed.starts_with('#') && trimmed[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if trimmed.is_empty() {
        c.add("colour", "Choose a colour");
    } else if !ok {
        c.add("colour", "Use a colour written #rrggbb, such as #1a73e8");
    }
    trimmed.to_ascii_lowercase()
}

/// Checks each weekly interval and that intervals on one weekday do not overlap; returns them
/// sorted by weekday and start so the schedule reads in order. Problems go on `field`.
pub(crate) fn weekly_hours_on(c: &mut Collector, field: &str, hours: &[WeeklyHours]) -> Vec<WeeklyHours> {
    for h in hours {
        if !(1..=7).contains(&h.weekday) {
            c.add(field, format!("Use a weekday from 1 (Monday) to 7 (Sunday), not {}", h.weekday));
        } else if h.start >= h.end {
            let day = weekday_name(h.weekday);
            c.add(field, format!("{day} {}: the end must be after the start", span_text(h.start, h.end)));
        }
    }
    let mut sorted = hours.to_vec();
    sorted.sort_by_key(|h| (h.weekday, h.start, h.end));
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Touching intervals (12:00–13:00 after 09:00–12:00) are fine: they only share an end.
        if a.weekday == b.weekday && b.start < a.end {
            let day = weekday_name(a.weekday);
            c.add(field, format!("{day} {} overlaps {}", span_text(a.start, a.end), span_text(b.start, b.end)));
        }
    }
    sorted
}

impl ProviderInput {
    /// Checks every field; returns the input trimmed, the colour in lower case and the weekly
    /// hours sorted.
    pub fn validate(&self) -> Result<ProviderInput, ValidationErrors> {
        let mut c = Collector::default();
        let display_name = c.text("displayName", &self.display_name, true, MAX_NAME).unwrap_or_default();
        let specialty = optional_text(&mut c, "specialty", self.specialty.as_deref(), MAX_NAME);
        let colour = colour(&mut c, &self.colour);
        let room = optional_text(&mut c, "room", self.room.as_deref(), MAX_ROOM);
        let weekly_hours = weekly_hours_on(&mut c, "weeklyHours", &self.weekly_hours);
        c.finish(ProviderInput {
            user_id: self.user_id,
            display_name,
            specialty,
            colour,
            room,
            active: self.active,
            weekly_hours,
        })
    }
}

impl ScheduleExceptionInput {
    /// Checks the dates and times for the kind: leave is whole days from a start date to an end
    /// date; an extra session is one date with a start and an end time.
    pub fn validate(&self) -> Result<ScheduleExceptionInput, ValidationErrors> {
        let mut c = Collector::default();
        let provider_id = super::requests::required_id(&mut c, "providerId", self.provider_id, "a provider");
        match self.kind {
            ExceptionKind::Leave => {
                if self.end_date < self.start_date {
                    c.add("endDate", "The last day of leave cannot be before the first");
                }
                if self.start_time.is_some() {
                    c.add("startTime", "Leave is for whole days: leave the times empty");
                }
                if self.end_time.is_some() {
                    c.add("endTime", "Leave is for whole days: leave the times empty");
                }
            }
            ExceptionKind::Extra => {
                if self.end_date != self.start_date {
                    c.add("endDate", "An extra session is on one date: use the same end date as start date");
                }
                match (self.start_time, self.end_time) {
                    (None, _) => c.add("startTime", "Give the time the session starts"),
                    (_, None) => c.add("endTime", "Give the time the session ends"),
                    (Some(start), Some(end)) if start >= end => c.add("endTime", "The session must end after it starts"),
                    _ => {}
                }
            }
        }
        let reason = optional_text(&mut c, "reason", self.reason.as_deref(), MAX_REASON);
        c.finish(ScheduleExceptionInput { provider_id, reason, ..self.clone() })
    }
}

impl AppointmentTypeInput {
    /// Checks the name, the default length (5 to 720 minutes in steps of 5) and the colour.
    pub fn validate(&self) -> Result<AppointmentTypeInput, ValidationErrors> {
        let mut c = Collector::default();
        let name = c.text("name", &self.name, true, MAX_NAME).unwrap_or_default();
        let minutes = self.default_minutes;
        if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) || minutes % 5 != 0 {
            c.add("defaultMinutes", format!("Use {MIN_MINUTES} to {MAX_MINUTES} minutes, in steps of 5"));
        }
        let colour = colour(&mut c, &self.colour);
        c.finish(AppointmentTypeInput { name, default_minutes: minutes, colour, active: self.active })
    }
}

/// The leave that covers `date`, if any.
pub fn leave_on(date: NaiveDate, exceptions: &[ScheduleException]) -> Option<&ScheduleException> {
    exceptions.iter().find(|e| e.kind == ExceptionKind::Leave && e.start_date <= date && date <= e.end_date)
}

/// When the provider works on `date`: that weekday's intervals plus extra sessions on the date,
/// merged where they overlap or touch and sorted; nothing when leave covers the date.
pub fn working_intervals(
    date: NaiveDate,
    weekly: &[WeeklyHours],
    exceptions: &[ScheduleException],
) -> Vec<(NaiveTime, NaiveTime)> {
    if leave_on(date, exceptions).is_some() {
        return Vec::new();
    }
    let weekday = date.weekday().number_from_monday();
    let regular = weekly.iter().filter(|h| h.weekday == weekday).map(|h| (h.start, h.end));
    let extra = exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::Extra && e.start_date <= date && date <= e.end_date)
        .filter_map(|e| Some((e.start_time?, e.end_time?)));
    // Stored rows were validated, but a bad one must not open a negative interval.
    let mut intervals: Vec<_> = regular.chain(extra).filter(|(start, end)| start < end).collect();
    intervals.sort();
    let mut merged: Vec<(NaiveTime, NaiveTime)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests;

/// A provider's weekly hours cut to the clinic's opening hours (unchanged when the clinic sets
/// none), so free-slot searches and the calendar offer only times a booking would accept.
pub fn within_opening_hours(weekly: &[WeeklyHours], opening: &[WeeklyHours]) -> Vec<WeeklyHours> {
    if opening.is_empty() {
        return weekly.to_vec();
    }
    let mut clipped = Vec::new();
    for w in weekly {
        for o in opening.iter().filter(|o| o.weekday == w.weekday) {
            let (start, end) = (w.start.max(o.start), w.end.min(o.end));
            if start < end {
                clipped.push(WeeklyHours { weekday: w.weekday, start, end });
            }
        }
    }
    clipped
}

#[cfg(test)]
mod opening_tests {
    use super::*;
    use crate::scheduling::test_support::weekly;

    #[test]
    fn provider_hours_are_cut_to_the_clinic_s_opening_hours() {
        let provider = vec![weekly(1, "07:00", "12:00"), weekly(1, "13:00", "20:00"), weekly(6, "09:00", "12:00")];
        assert_eq!(within_opening_hours(&provider, &[]), provider, "no opening hours: unchanged");
        let clinic = vec![weekly(1, "08:00", "18:00")];
        assert_eq!(within_opening_hours(&provider, &clinic), vec![weekly(1, "08:00", "12:00"), weekly(1, "13:00", "18:00")]);
    }
}
