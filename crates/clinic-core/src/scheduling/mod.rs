//! Scheduling: providers and their hours, appointments, the booking rules, the status machine,
//! recurring series and the search for free slots (docs/scheduling.md). Pure: callers bring the
//! clock, the time zone and the diaries.

pub mod appointment;
pub mod booking;
pub mod hours;
pub mod provider;
pub mod recurrence;
pub mod requests;
pub mod slots;
pub mod status;
pub mod time;
pub mod wire;

#[cfg(test)]
mod dst_tests;
#[cfg(test)]
mod test_support;

pub use appointment::{
    Appointment, BookingInput, CalendarView, OccurrenceCheck, Recurrence, ReminderItem, RescheduleInput, SeriesPreview, Slot,
    SlotRequest, WorkingInterval,
};
pub use booking::{
    appointment_times, booking_problems_to_errors, check_booking, overlaps, AppointmentTimes, BookingCheck, BookingFlaw,
    BookingProblem, Busy, WALK_IN_GRACE_MINUTES,
};
pub use chrono_tz::Tz;
pub use hours::{leave_on, weekday_name, working_intervals, MAX_MINUTES, MIN_MINUTES};
pub use provider::{
    AppointmentType, AppointmentTypeInput, ExceptionKind, Provider, ProviderInput, ScheduleException, ScheduleExceptionInput,
    WeeklyHours,
};
pub use recurrence::{occurrence_starts, MAX_EVERY_WEEKS, MAX_OCCURRENCES};
pub use slots::{next_free_slot, ProviderDiary, SLOT_GRID_MINUTES, SLOT_HORIZON_DAYS};
pub use status::{apply_move, can_reschedule, AppointmentStatus, MoveContext, StatusMove, StatusMoveError};
pub use time::{parse_time_zone, to_local, to_utc, LocalTimeError, UnknownTimeZone};
