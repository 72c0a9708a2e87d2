use chrono_tz::Europe::Berlin;

use super::*;
use crate::ids::test_id;
use crate::scheduling::provider::WeeklyHours;
use crate::scheduling::test_support::{busy, date, extra, leave, local, office_hours, time, utc, weekly};

/// A clinic on UTC, Friday 2026-03-27 08:00; the provider works Monday to Friday 09:00–17:00.
struct Desk {
    opening_hours: Vec<WeeklyHours>,
    weekly: Vec<WeeklyHours>,
    exceptions: Vec<ScheduleException>,
    provider_busy: Vec<Busy>,
    patient_busy: Vec<Busy>,
    tz: Tz,
    now: DateTime<Utc>,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            opening_hours: Vec::new(),
            weekly: office_hours(),
            exceptions: Vec::new(),
            provider_busy: Vec::new(),
            patient_busy: Vec::new(),
            tz: Tz::UTC,
            now: utc("2026-03-27T08:00:00Z"),
        }
    }

    fn check(&self, start: &str, minutes: u32) -> Vec<BookingProblem> {
        self.check_as(start, minutes, false)
    }

    fn check_as(&self, start: &str, minutes: u32, walk_in: bool) -> Vec<BookingProblem> {
        check_booking(&BookingCheck {
            start: local(start),
            minutes,
            tz: self.tz,
            now: self.now,
            walk_in,
            opening_hours: &self.opening_hours,
            weekly: &self.weekly,
            exceptions: &self.exceptions,
            provider_busy: &self.provider_busy,
            patient_busy: &self.patient_busy,
        })
    }
}

fn only(problems: Vec<BookingProblem>) -> BookingProblem {
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.into_iter().next().expect("one problem")
}

#[test]
fn a_free_time_in_working_hours_can_be_booked() {
    let desk = Desk::new();
    assert_eq!(desk.check("2026-03-30T10:00", 30), []);
    assert_eq!(desk.check("2026-03-30T09:00", 30), [], "the first minute of the day");
    assert_eq!(desk.check("2026-03-30T16:30", 30), [], "ending exactly at closing");
}

#[test]
fn an_overlapping_provider_appointment_is_refused_but_touching_ends_are_not() {
    let mut desk = Desk::new();
    desk.provider_busy = vec![busy("a1", "2026-03-30T10:15:00Z", "2026-03-30T10:45:00Z")];
    let problem = only(desk.check("2026-03-30T10:00", 30));
    assert_eq!(
        problem,
        BookingProblem::ProviderBusy {
            appointment_id: test_id("a1"),
            start: local("2026-03-30T10:15"),
            end: local("2026-03-30T10:45")
        }
    );
    assert_eq!(problem.field(), "providerId");
    assert_eq!(problem.message(), "The provider already has an appointment from 10:15 to 10:45");
    assert_eq!(desk.check("2026-03-30T10:20", 10).len(), 1, "inside the other appointment");
    assert_eq!(desk.check("2026-03-30T10:00", 60).len(), 1, "around the other appointment");
    assert_eq!(desk.check("2026-03-30T10:44", 5).len(), 1, "one minute of overlap");
    assert_eq!(desk.check("2026-03-30T09:45", 30), [], "ends as the other starts");
    assert_eq!(desk.check("2026-03-30T10:45", 30), [], "starts as the other ends");
}

#[test]
fn every_overlapping_appointment_is_named() {
    let mut desk = Desk::new();
    desk.provider_busy = vec![
        busy("a1", "2026-03-30T10:00:00Z", "2026-03-30T10:30:00Z"),
        busy("a2", "2026-03-30T11:00:00Z", "2026-03-30T11:30:00Z"),
        busy("a3", "2026-03-30T12:00:00Z", "2026-03-30T12:30:00Z"),
    ];
    let ids: Vec<_> = desk
        .check("2026-03-30T10:15", 60)
        .into_iter()
        .map(|p| match p {
            BookingProblem::ProviderBusy { appointment_id, .. } => appointment_id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, [test_id::<AppointmentId>("a1"), test_id("a2")]);
}

#[test]
fn the_patient_may_not_be_in_two_places_at_once() {
    let mut desk = Desk::new();
    desk.patient_busy = vec![busy("other-provider", "2026-03-30T09:30:00Z", "2026-03-30T10:10:00Z")];
    let problem = only(desk.check("2026-03-30T10:00", 30));
    assert_eq!(problem.field(), "patientId");
    assert_eq!(problem.message(), "The patient already has an appointment from 09:30 to 10:10");
    assert!(
        matches!(problem, BookingProblem::PatientBusy { ref appointment_id, .. } if *appointment_id == test_id::<AppointmentId>("other-provider"))
    );
    assert_eq!(desk.check("2026-03-30T10:10", 30), [], "touching ends");
}

#[test]
fn busy_times_are_told_on_the_clinic_clock() {
    let mut desk = Desk { tz: Berlin, weekly: vec![weekly(1, "06:00", "17:00")], ..Desk::new() };
    // 08:15Z is 10:15 in Berlin summer time.
    desk.provider_busy = vec![busy("a1", "2026-06-01T08:15:00Z", "2026-06-01T08:45:00Z")];
    let problem = only(desk.check("2026-06-01T10:00", 30));
    assert_eq!(problem.message(), "The provider already has an appointment from 10:15 to 10:45");
    assert_eq!(desk.check("2026-06-01T08:15", 30), [], "same digits, but in UTC that is 06:15");
}

#[test]
fn a_booking_must_fit_inside_the_working_hours() {
    let mut desk = Desk::new();
    desk.weekly = vec![weekly(1, "09:00", "12:00"), weekly(1, "14:00", "17:00")];
    for (start, minutes) in [
        ("2026-03-30T08:45", 30),  // starts before opening
        ("2026-03-30T16:45", 30),  // runs past closing
        ("2026-03-30T12:00", 15),  // in the lunch break
        ("2026-03-30T11:45", 150), // spans the break
        ("2026-03-30T17:00", 15),  // after closing
    ] {
        let problem = only(desk.check(start, minutes));
        assert_eq!(problem.field(), "start");
        assert_eq!(
            problem.message(),
            "This is outside the provider's working hours on Monday 2026-03-30 (09:00–12:00, 14:00–17:00)",
            "{start}"
        );
    }
    assert_eq!(desk.check("2026-03-30T11:30", 30), []);
    assert_eq!(desk.check("2026-03-30T14:00", 30), []);
}

#[test]
fn a_day_without_hours_says_the_provider_does_not_work() {
    let desk = Desk::new();
    let problem = only(desk.check("2026-03-28T10:00", 30));
    assert_eq!(problem, BookingProblem::OutsideWorkingHours { date: date("2026-03-28"), hours: vec![] });
    assert_eq!(problem.message(), "The provider does not work on Saturday 2026-03-28");
}

#[test]
fn an_extra_session_opens_time_outside_the_weekly_hours() {
    let mut desk = Desk::new();
    desk.exceptions = vec![extra("2026-03-28", "10:00", "12:00"), extra("2026-03-30", "17:00", "19:00")];
    assert_eq!(desk.check("2026-03-28T10:00", 30), [], "a Saturday session");
    assert_eq!(desk.check("2026-03-30T16:45", 30), [], "merged with the weekday's hours");
    assert_eq!(desk.check("2026-03-28T11:45", 30).len(), 1, "past the session's end");
}

#[test]
fn leave_refuses_the_day_once() {
    let mut desk = Desk::new();
    desk.exceptions = vec![leave("2026-03-30", "2026-04-03")];
    let problem = only(desk.check("2026-03-31T10:00", 30));
    assert_eq!(problem, BookingProblem::OnLeave);
    assert_eq!(problem.field(), "providerId");
    assert_eq!(problem.message(), "The provider is on leave that day");
    assert_eq!(desk.check("2026-04-06T10:00", 30), [], "back from leave");
}

#[test]
fn a_start_in_the_past_is_refused() {
    let desk = Desk { now: utc("2026-03-30T10:00:00Z"), ..Desk::new() };
    assert_eq!(only(desk.check("2026-03-30T09:59", 30)), BookingProblem::InPast);
    assert_eq!(BookingProblem::InPast.field(), "start");
    assert!(BookingProblem::InPast.message().contains("already passed"));
    assert_eq!(desk.check("2026-03-30T10:00", 30), [], "now is not the past");
    assert_eq!(only(desk.check("2026-03-27T10:00", 30)), BookingProblem::InPast);
}

#[test]
fn a_walk_in_may_start_up_to_15_minutes_ago() {
    let desk = Desk { now: utc("2026-03-30T10:07:30Z"), ..Desk::new() };
    assert_eq!(desk.check_as("2026-03-30T10:00", 20, true), [], "7 minutes ago");
    assert_eq!(desk.check_as("2026-03-30T09:53", 20, true), [], "14.5 minutes ago");
    assert_eq!(only(desk.check_as("2026-03-30T09:52", 20, true)), BookingProblem::InPast, "15.5 minutes ago");
    assert_eq!(only(desk.check_as("2026-03-30T10:00", 20, false)), BookingProblem::InPast, "not a walk-in");
    let exact = Desk { now: utc("2026-03-30T10:15:00Z"), ..Desk::new() };
    assert_eq!(exact.check_as("2026-03-30T10:00", 20, true), [], "exactly 15 minutes ago");
}

#[test]
fn lengths_run_from_5_minutes_to_12_hours() {
    let mut desk = Desk::new();
    desk.weekly = vec![weekly(1, "07:00", "20:00")];
    for minutes in [0, 4] {
        let problem = only(desk.check("2026-03-30T10:00", minutes));
        assert_eq!(problem, BookingProblem::Malformed { flaw: BookingFlaw::TooShort });
        assert_eq!((problem.field(), problem.message().contains("at least 5 minutes")), ("minutes", true));
    }
    for minutes in [721, 100_000] {
        let problem = only(desk.check("2026-03-30T07:00", minutes));
        assert_eq!(problem, BookingProblem::Malformed { flaw: BookingFlaw::TooLong });
        assert_eq!((problem.field(), problem.message().contains("12 hours")), ("minutes", true));
    }
    assert_eq!(desk.check("2026-03-30T10:00", 5), []);
    assert_eq!(desk.check("2026-03-30T10:00", 7), [], "any whole number of minutes");
    assert_eq!(desk.check("2026-03-30T07:00", 720), []);
}

#[test]
fn an_appointment_may_not_run_past_midnight() {
    let mut desk = Desk::new();
    desk.weekly = vec![weekly(1, "00:00", "23:59")];
    for (start, minutes) in [("2026-03-30T23:45", 30), ("2026-03-30T23:30", 30), ("2026-03-30T13:00", 720)] {
        let problem = only(desk.check(start, minutes));
        assert_eq!(problem, BookingProblem::Malformed { flaw: BookingFlaw::AcrossMidnight }, "{start}");
        assert_eq!(problem.field(), "start");
        assert!(problem.message().contains("midnight"));
    }
    assert_eq!(desk.check("2026-03-30T23:00", 59), []);
}

#[test]
fn the_repeated_autumn_hour_can_make_the_clock_end_before_it_starts() {
    let desk = Desk { tz: Berlin, weekly: vec![weekly(7, "00:00", "23:59")], ..Desk::new() };
    // 02:30 means the first one (00:30Z); 30 minutes later the clock shows 02:00 again.
    let problem = only(desk.check("2026-10-25T02:30", 30));
    assert_eq!(problem, BookingProblem::Malformed { flaw: BookingFlaw::EndNotAfterStart });
    assert_eq!(problem.field(), "start");
    assert_eq!(desk.check("2026-10-25T03:00", 30), []);
}

#[test]
fn every_broken_rule_is_reported_together() {
    let mut desk = Desk { now: utc("2026-03-30T12:00:00Z"), ..Desk::new() };
    desk.provider_busy = vec![busy("a1", "2026-03-30T08:30:00Z", "2026-03-30T09:00:00Z")];
    desk.patient_busy = vec![busy("a2", "2026-03-30T08:00:00Z", "2026-03-30T08:45:00Z")];
    let problems = desk.check("2026-03-30T08:30", 30);
    let fields: Vec<_> = problems.iter().map(BookingProblem::field).collect();
    assert_eq!(fields, ["start", "start", "providerId", "patientId"], "{problems:?}");
    assert_eq!(problems[0], BookingProblem::InPast);
    assert!(matches!(problems[1], BookingProblem::OutsideWorkingHours { .. }));
}

#[test]
fn problems_become_one_field_error_per_field_with_every_message() {
    let problems = vec![
        BookingProblem::InPast,
        BookingProblem::OutsideWorkingHours { date: date("2026-03-28"), hours: vec![] },
        BookingProblem::ProviderBusy {
            appointment_id: test_id("a1"),
            start: local("2026-03-28T10:00"),
            end: local("2026-03-28T10:30"),
        },
        BookingProblem::OnLeave,
        BookingProblem::InPast,
    ];
    let errors = booking_problems_to_errors(&problems);
    assert_eq!(errors.0.len(), 2, "{errors:?}");
    assert_eq!(
        errors.for_field("start").expect("start").message,
        format!("{}; The provider does not work on Saturday 2026-03-28", BookingProblem::InPast.message())
    );
    assert_eq!(
        errors.for_field("providerId").expect("provider").message,
        "The provider already has an appointment from 10:00 to 10:30; The provider is on leave that day"
    );
    assert!(booking_problems_to_errors(&[]).0.is_empty());
}

#[test]
fn times_of_an_appointment_count_real_minutes() {
    let t = appointment_times(local("2026-03-29T01:30"), 60, Berlin).expect("01:30 exists");
    assert_eq!((t.start_utc, t.end_utc), (utc("2026-03-29T00:30:00Z"), utc("2026-03-29T01:30:00Z")));
    assert_eq!(t.end, local("2026-03-29T03:30"), "the clock jumps from 02:00 to 03:00 on the way");
    assert!(appointment_times(local("2026-03-29T02:30"), 30, Berlin).is_err());
    let plain = appointment_times(local("2026-03-30T10:00"), 45, Tz::UTC).expect("utc");
    assert_eq!(plain.end, local("2026-03-30T10:45"));
    assert_eq!(time("10:45"), plain.end.time());
}

#[test]
fn the_clinic_s_opening_hours_bound_every_provider() {
    let mut desk = Desk::new();
    assert!(desk.check("2026-03-30T16:30", 30).is_empty(), "no opening hours set: the provider's hours rule");
    // The clinic opens Monday to Friday 09:00-16:00 (weekly() is that day's interval on weekdays).
    desk.opening_hours = (1..=5).map(|d| weekly(d, "09:00", "16:00")).collect();
    let problem = only(desk.check("2026-03-30T16:30", 30));
    assert_eq!(problem.field(), "start");
    assert!(matches!(problem, BookingProblem::ClinicClosed { .. }), "{problem:?}");
    assert!(problem.message().contains("09:00–16:00"), "{}", problem.message());
    assert!(desk.check("2026-03-30T15:30", 30).is_empty());
    // A Saturday extra session cannot open a closed clinic.
    desk.exceptions.push(extra("2026-04-04", "10:00", "12:00"));
    let closed = desk.check("2026-04-04T10:00", 30);
    assert_eq!(closed.len(), 1);
    assert!(closed[0].message().contains("closed on Saturday"), "{}", closed[0].message());
}
