//! The booking rules of docs/scheduling.md, in one place for every command that books or moves
//! an appointment (and for previews of recurring series).

use crate::ids::AppointmentId;
use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::hours::{leave_on, span_text, working_intervals, MAX_MINUTES, MIN_MINUTES};
use super::provider::{ScheduleException, WeeklyHours};
use super::time::{to_local, to_utc, LocalTimeError};
use super::wire::format_time;
use crate::validation::{FieldError, ValidationErrors};

/// How long ago a walk-in may be recorded as having started.
pub const WALK_IN_GRACE_MINUTES: i64 = 15;

/// An appointment that holds time for a provider or a patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// The appointment holding the time, named in the problem it causes.
    pub appointment_id: AppointmentId,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends (exclusive: a booking may start right then).
    pub end: DateTime<Utc>,
}

/// Everything a booking or a reschedule is checked against.
#[derive(Debug, Clone, Copy)]
pub struct BookingCheck<'a> {
    /// The start asked for, on the clinic's wall clock.
    pub start: NaiveDateTime,
    /// The length asked for.
    pub minutes: u32,
    /// The clinic's time zone.
    pub tz: Tz,
    /// The current instant.
    pub now: DateTime<Utc>,
    /// A walk-in may start up to [`WALK_IN_GRACE_MINUTES`] ago.
    pub walk_in: bool,
    /// The clinic's opening hours; empty when the clinic sets none (its providers' hours rule).
    pub opening_hours: &'a [WeeklyHours],
    /// The provider's weekly hours.
    pub weekly: &'a [WeeklyHours],
    /// The provider's leave and extra sessions.
    pub exceptions: &'a [ScheduleException],
    /// The provider's appointments that hold time, without the one being moved.
    pub provider_busy: &'a [Busy],
    /// The patient's appointments (with any provider) that hold time, without the one being moved.
    pub patient_busy: &'a [Busy],
}

/// Where an appointment sits on the clock and in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentTimes {
    /// The wall-clock start, as booked.
    pub start: NaiveDateTime,
    /// The wall-clock end: the start plus the minutes actually lived, so a visit that spans a
    /// daylight-saving change lasts as long as booked.
    pub end: NaiveDateTime,
    /// The start instant, stored in the database.
    pub start_utc: DateTime<Utc>,
    /// The start instant plus the booked minutes.
    pub end_utc: DateTime<Utc>,
}

/// The times of an appointment starting at the wall-clock `start` and lasting `minutes`.
pub fn appointment_times(start: NaiveDateTime, minutes: u32, tz: Tz) -> Result<AppointmentTimes, LocalTimeError> {
    let start_utc = to_utc(start, tz)?;
    let end_utc = start_utc + Duration::minutes(i64::from(minutes));
    Ok(AppointmentTimes { start, end: to_local(end_utc, tz), start_utc, end_utc })
}

/// Whether two half-open spans share any time (touching ends do not).
pub fn overlaps(a_start: DateTime<Utc>, a_end: DateTime<Utc>, b_start: DateTime<Utc>, b_end: DateTime<Utc>) -> bool {
    a_start < b_end && b_start < a_end
}

/// A booking whose shape is wrong whatever the diary says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingFlaw {
    /// Under [`MIN_MINUTES`].
    TooShort,
    /// Over [`MAX_MINUTES`].
    TooLong,
    /// The wall-clock end is not after the start (the clock goes back an hour in autumn).
    EndNotAfterStart,
    /// The appointment would end on a later date than it starts.
    AcrossMidnight,
}

/// One booking rule a booking breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingProblem {
    /// Rule 6: a length or span no appointment can have.
    Malformed { flaw: BookingFlaw },
    /// Rule 6: the start falls in the hour the clock skips in spring.
    NonexistentTime,
    /// Rule 5: the start has passed (by more than the walk-in grace for a walk-in).
    InPast,
    /// Rule 2: not inside the provider's working hours on `date`, which are `hours`.
    OutsideWorkingHours { date: NaiveDate, hours: Vec<(NaiveTime, NaiveTime)> },
    /// The clinic is closed at that time (its opening hours that day are `hours`).
    ClinicClosed { date: NaiveDate, hours: Vec<(NaiveTime, NaiveTime)> },
    /// Rule 3: the provider is on leave that day.
    OnLeave,
    /// Rule 1: the provider's appointment `appointment_id` (wall clock `start`–`end`) overlaps.
    ProviderBusy { appointment_id: AppointmentId, start: NaiveDateTime, end: NaiveDateTime },
    /// Rule 4: the patient's appointment `appointment_id` (wall clock `start`–`end`) overlaps.
    PatientBusy { appointment_id: AppointmentId, start: NaiveDateTime, end: NaiveDateTime },
}

impl BookingProblem {
    /// The booking form field the problem is shown next to.
    pub fn field(&self) -> &'static str {
        match self {
            BookingProblem::Malformed { flaw: BookingFlaw::TooShort | BookingFlaw::TooLong } => "minutes",
            BookingProblem::Malformed { .. }
            | BookingProblem::NonexistentTime
            | BookingProblem::InPast
            | BookingProblem::OutsideWorkingHours { .. }
            | BookingProblem::ClinicClosed { .. } => "start",
            BookingProblem::OnLeave | BookingProblem::ProviderBusy { .. } => "providerId",
            BookingProblem::PatientBusy { .. } => "patientId",
        }
    }

    /// The problem in words a receptionist understands, times on the clinic's clock.
    pub fn message(&self) -> String {
        match self {
            BookingProblem::Malformed { flaw: BookingFlaw::TooShort } => {
                format!("An appointment lasts at least {MIN_MINUTES} minutes")
            }
            BookingProblem::Malformed { flaw: BookingFlaw::TooLong } => {
                format!("An appointment lasts at most 12 hours ({MAX_MINUTES} minutes)")
            }
            BookingProblem::Malformed { flaw: BookingFlaw::EndNotAfterStart } => {
                "The clock goes back an hour during this appointment, so it would end before it starts; choose another time"
                    .to_string()
            }
            BookingProblem::Malformed { flaw: BookingFlaw::AcrossMidnight } => {
                "The appointment would run past midnight; it must end on the day it starts".to_string()
            }
            BookingProblem::NonexistentTime => {
                "This time does not exist: the clock skips that hour when daylight saving time starts; choose another time"
                    .to_string()
            }
            BookingProblem::InPast => {
                format!("This time has already passed (only a walk-in may start up to {WALK_IN_GRACE_MINUTES} minutes ago)")
            }
            BookingProblem::ClinicClosed { date, hours } => match day_and_hours(*date, hours) {
                (day, None) => format!("The clinic is closed on {day}"),
                (day, Some(list)) => format!("The clinic is closed then; on {day} it is open {list}"),
            },
            BookingProblem::OutsideWorkingHours { date, hours } => match day_and_hours(*date, hours) {
                (day, None) => format!("The provider does not work on {day}"),
                (day, Some(list)) => format!("This is outside the provider's working hours on {day} ({list})"),
            },
            BookingProblem::OnLeave => "The provider is on leave that day".to_string(),
            BookingProblem::ProviderBusy { start, end, .. } => {
                format!(
                    "The provider already has an appointment from {} to {}",
                    format_time(start.time()),
                    format_time(end.time())
                )
            }
            BookingProblem::PatientBusy { start, end, .. } => {
                format!(
                    "The patient already has an appointment from {} to {}",
                    format_time(start.time()),
                    format_time(end.time())
                )
            }
        }
    }
}

/// "Tuesday 2026-12-01" and that day's intervals as "09:00–12:00, 13:00–17:00" (none if closed).
fn day_and_hours(date: NaiveDate, hours: &[(NaiveTime, NaiveTime)]) -> (String, Option<String>) {
    let day = format!("{} {}", date.format("%A"), date.format("%Y-%m-%d"));
    let list = (!hours.is_empty()).then(|| hours.iter().map(|(s, e)| span_text(*s, *e)).collect::<Vec<_>>().join(", "));
    (day, list)
}

impl fmt::Display for BookingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Every booking rule the booking breaks (length and time first, then hours, leave, the
/// provider's and the patient's appointments); empty when it can be booked.
pub fn check_booking(check: &BookingCheck<'_>) -> Vec<BookingProblem> {
    let mut problems = Vec::new();
    let length_ok = (MIN_MINUTES..=MAX_MINUTES).contains(&check.minutes);
    if check.minutes < MIN_MINUTES {
        problems.push(BookingProblem::Malformed { flaw: BookingFlaw::TooShort });
    } else if check.minutes > MAX_MINUTES {
        problems.push(BookingProblem::Malformed { flaw: BookingFlaw::TooLong });
    }
    let date = check.start.date();
    let on_leave = leave_on(date, check.exceptions).is_some();
    let times = match appointment_times(check.start, check.minutes, check.tz) {
        Ok(times) => Some(times),
        Err(LocalTimeError::Skipped { .. }) => {
            problems.push(BookingProblem::NonexistentTime);
            None
        }
    };
    // Without a real start or a sane length, the span is not the one the booking meant, so the
    // rules that look at the span would only add noise.
    let mut span = times.filter(|_| length_ok);
    if let Some(t) = span {
        let flaw = if t.end <= t.start {
            Some(BookingFlaw::EndNotAfterStart)
        } else if t.end.date() != date {
            Some(BookingFlaw::AcrossMidnight)
        } else {
            None
        };
        if let Some(flaw) = flaw {
            problems.push(BookingProblem::Malformed { flaw });
            span = None;
        }
    }
    if let Some(t) = times {
        let earliest = if check.walk_in { check.now - Duration::minutes(WALK_IN_GRACE_MINUTES) } else { check.now };
        if t.start_utc < earliest {
            problems.push(BookingProblem::InPast);
        }
    }
    if let (Some(t), false) = (span, check.opening_hours.is_empty()) {
        let hours = working_intervals(date, check.opening_hours, &[]);
        if !hours.iter().any(|(s, e)| *s <= t.start.time() && t.end.time() <= *e) {
            problems.push(BookingProblem::ClinicClosed { date, hours });
        }
    }
    if let (Some(t), false) = (span, on_leave) {
        let hours = working_intervals(date, check.weekly, check.exceptions);
        if !hours.iter().any(|(s, e)| *s <= t.start.time() && t.end.time() <= *e) {
            problems.push(BookingProblem::OutsideWorkingHours { date, hours });
        }
    }
    if on_leave {
        problems.push(BookingProblem::OnLeave);
    }
    if let Some(t) = span {
        let overlapping = |list: &'_ [Busy]| -> Vec<(AppointmentId, NaiveDateTime, NaiveDateTime)> {
            list.iter()
                .filter(|b| overlaps(t.start_utc, t.end_utc, b.start, b.end))
                .map(|b| (b.appointment_id, to_local(b.start, check.tz), to_local(b.end, check.tz)))
                .collect()
        };
        for (appointment_id, start, end) in overlapping(check.provider_busy) {
            problems.push(BookingProblem::ProviderBusy { appointment_id, start, end });
        }
        for (appointment_id, start, end) in overlapping(check.patient_busy) {
            problems.push(BookingProblem::PatientBusy { appointment_id, start, end });
        }
    }
    problems
}

/// The problems as field errors for the form: one error per field, several messages for the
/// same field joined with "; " so none is lost. Empty when there are no problems.
pub fn booking_problems_to_errors(problems: &[BookingProblem]) -> ValidationErrors {
    let mut errors: Vec<FieldError> = Vec::new();
    for problem in problems {
        let message = problem.message();
        match errors.iter_mut().find(|e| e.field == problem.field()) {
            Some(existing) if !existing.message.split("; ").any(|m| m == message) => {
                existing.message = format!("{}; {message}", existing.message);
            }
            Some(_) => {}
            None => errors.push(FieldError { field: problem.field().to_string(), message }),
        }
    }
    ValidationErrors(errors)
}

#[cfg(test)]
mod tests;
