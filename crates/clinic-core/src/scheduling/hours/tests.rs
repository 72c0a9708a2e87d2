use super::*;
use crate::ids::test_id;
use crate::scheduling::provider::ExceptionKind;
use crate::scheduling::test_support::{date, extra, leave, time, weekly};

fn provider() -> ProviderInput {
    ProviderInput {
        user_id: None,
        display_name: " Dr Amara Okafor ".into(),
        specialty: Some("General practice".into()),
        colour: "#1A73E8".into(),
        room: Some("Room 2".into()),
        active: true,
        weekly_hours: vec![weekly(3, "14:00", "17:00"), weekly(1, "09:00", "12:00"), weekly(1, "12:00", "13:00")],
    }
}

fn message(errors: &ValidationErrors, field: &str) -> String {
    errors.for_field(field).unwrap_or_else(|| panic!("no error on {field}: {errors:?}")).message.clone()
}

#[test]
fn a_valid_provider_is_trimmed_and_its_hours_sorted() {
    let checked = provider().validate().expect("valid");
    assert_eq!(checked.display_name, "Dr Amara Okafor");
    let mut typed = serde_json::to_value(provider()).expect("json");
    typed["userId"] = "  ".into();
    let read: ProviderInput = serde_json::from_value(typed).expect("a blank account reads as none");
    assert_eq!(read.user_id, None);
    assert_eq!(checked.colour, "#1a73e8");
    let order: Vec<_> = checked.weekly_hours.iter().map(|h| (h.weekday, format_time(h.start))).collect();
    assert_eq!(order, [(1, "09:00".to_string()), (1, "12:00".to_string()), (3, "14:00".to_string())]);
}

#[test]
fn a_provider_needs_a_name_and_a_colour() {
    let errors =
        ProviderInput { display_name: "   ".into(), colour: String::new(), ..provider() }.validate().expect_err("invalid");
    assert_eq!(message(&errors, "displayName"), "This field is required");
    assert_eq!(message(&errors, "colour"), "Choose a colour");
    assert!(errors.for_field("weeklyHours").is_none());
}

#[test]
fn colours_must_be_hash_and_six_hex_digits() {
    for bad in ["1a73e8", "#1a73e", "#1a73e8f", "#1g73e8", "blue", "#1a 3e8"] {
        let errors = ProviderInput { colour: bad.into(), ..provider() }.validate().expect_err(bad);
        assert!(message(&errors, "colour").contains("#rrggbb"), "{bad}");
    }
    for good in ["#000000", "#FFFFFF", " #abcdef "] {
        assert!(ProviderInput { colour: good.into(), ..provider() }.validate().is_ok(), "{good}");
    }
}

#[test]
fn weekdays_run_from_one_to_seven() {
    for bad in [0, 8] {
        let errors =
            ProviderInput { weekly_hours: vec![weekly(bad, "09:00", "17:00")], ..provider() }.validate().expect_err("weekday");
        assert!(message(&errors, "weeklyHours").contains("1 (Monday) to 7 (Sunday)"), "{bad}");
    }
    let sunday = ProviderInput { weekly_hours: vec![weekly(7, "09:00", "12:00")], ..provider() };
    assert!(sunday.validate().is_ok());
}

#[test]
fn weekly_intervals_must_end_after_they_start() {
    for (start, end) in [("17:00", "09:00"), ("09:00", "09:00")] {
        let errors = ProviderInput { weekly_hours: vec![weekly(2, start, end)], ..provider() }.validate().expect_err("order");
        assert_eq!(message(&errors, "weeklyHours"), format!("Tuesday {start}–{end}: the end must be after the start"));
    }
}

#[test]
fn intervals_on_one_weekday_must_not_overlap_but_may_touch() {
    let overlapping = vec![weekly(1, "13:00", "17:00"), weekly(1, "09:00", "13:30")];
    let errors = ProviderInput { weekly_hours: overlapping, ..provider() }.validate().expect_err("overlap");
    assert_eq!(message(&errors, "weeklyHours"), "Monday 09:00–13:30 overlaps 13:00–17:00");
    let inside = vec![weekly(4, "09:00", "17:00"), weekly(4, "10:00", "11:00")];
    assert!(ProviderInput { weekly_hours: inside, ..provider() }.validate().is_err());
    // The same times on different days, and touching ends on one day, are fine.
    let fine = vec![weekly(1, "09:00", "13:00"), weekly(2, "09:00", "13:00"), weekly(1, "13:00", "17:00")];
    assert!(ProviderInput { weekly_hours: fine, ..provider() }.validate().is_ok());
}

fn leave_input() -> ScheduleExceptionInput {
    ScheduleExceptionInput {
        provider_id: Some(test_id("p1")),
        kind: ExceptionKind::Leave,
        start_date: date("2026-08-03"),
        end_date: date("2026-08-14"),
        start_time: None,
        end_time: None,
        reason: Some(" Summer holiday ".into()),
    }
}

fn extra_input() -> ScheduleExceptionInput {
    ScheduleExceptionInput {
        kind: ExceptionKind::Extra,
        start_date: date("2026-09-05"),
        end_date: date("2026-09-05"),
        start_time: Some(time("09:00")),
        end_time: Some(time("12:00")),
        reason: None,
        ..leave_input()
    }
}

#[test]
fn leave_runs_from_a_first_to_a_last_day_without_times() {
    assert_eq!(leave_input().validate().expect("valid").reason.as_deref(), Some("Summer holiday"));
    let one_day = ScheduleExceptionInput { end_date: date("2026-08-03"), ..leave_input() };
    assert!(one_day.validate().is_ok());
    let backwards = ScheduleExceptionInput { end_date: date("2026-08-02"), ..leave_input() };
    assert!(message(&backwards.validate().expect_err("backwards"), "endDate").contains("before the first"));
    let timed = ScheduleExceptionInput { start_time: Some(time("09:00")), end_time: Some(time("12:00")), ..leave_input() };
    let errors = timed.validate().expect_err("times");
    assert!(message(&errors, "startTime").contains("whole days"));
    assert!(message(&errors, "endTime").contains("whole days"));
}

#[test]
fn an_extra_session_is_one_date_with_a_start_before_its_end() {
    assert!(extra_input().validate().is_ok());
    let two_days = ScheduleExceptionInput { end_date: date("2026-09-06"), ..extra_input() };
    assert!(message(&two_days.validate().expect_err("dates"), "endDate").contains("one date"));
    let backwards = ScheduleExceptionInput { end_time: Some(time("08:00")), ..extra_input() };
    assert!(message(&backwards.validate().expect_err("order"), "endTime").contains("end after it starts"));
    let empty = ScheduleExceptionInput { end_time: Some(time("09:00")), ..extra_input() };
    assert!(empty.validate().is_err());
    let no_start = ScheduleExceptionInput { start_time: None, ..extra_input() };
    assert!(no_start.validate().expect_err("start").for_field("startTime").is_some());
    let no_end = ScheduleExceptionInput { end_time: None, ..extra_input() };
    assert!(no_end.validate().expect_err("end").for_field("endTime").is_some());
}

#[test]
fn an_exception_names_its_provider() {
    let errors = ScheduleExceptionInput { provider_id: None, ..leave_input() }.validate().expect_err("provider");
    assert!(errors.for_field("providerId").is_some());
}

fn appointment_type(minutes: u32) -> AppointmentTypeInput {
    AppointmentTypeInput { name: " Follow-up ".into(), default_minutes: minutes, colour: "#33aa55".into(), active: true }
}

#[test]
fn appointment_types_last_5_to_720_minutes_in_steps_of_5() {
    for ok in [5, 15, 30, 720] {
        assert_eq!(appointment_type(ok).validate().expect("valid").name, "Follow-up");
    }
    for bad in [0, 4, 7, 722, 725, 1000] {
        let errors = appointment_type(bad).validate().expect_err("minutes");
        assert_eq!(message(&errors, "defaultMinutes"), "Use 5 to 720 minutes, in steps of 5", "{bad}");
    }
    let errors =
        AppointmentTypeInput { name: "".into(), colour: "red".into(), ..appointment_type(15) }.validate().expect_err("bad");
    assert!(errors.for_field("name").is_some() && errors.for_field("colour").is_some());
}

#[test]
fn working_intervals_are_the_weekdays_hours_sorted() {
    let weekly = vec![weekly(1, "14:00", "17:00"), weekly(1, "08:00", "12:00"), weekly(2, "10:00", "11:00")];
    // 2026-03-30 is a Monday.
    assert_eq!(
        working_intervals(date("2026-03-30"), &weekly, &[]),
        [(time("08:00"), time("12:00")), (time("14:00"), time("17:00"))]
    );
    assert_eq!(working_intervals(date("2026-03-31"), &weekly, &[]), [(time("10:00"), time("11:00"))]);
    assert!(working_intervals(date("2026-04-01"), &weekly, &[]).is_empty(), "no Wednesday hours");
}

#[test]
fn extra_sessions_are_added_and_merged() {
    let weekly = vec![weekly(1, "08:00", "12:00"), weekly(1, "14:00", "17:00")];
    let exceptions =
        [extra("2026-03-30", "11:00", "13:00"), extra("2026-03-30", "17:00", "19:00"), extra("2026-03-31", "09:00", "10:00")];
    assert_eq!(
        working_intervals(date("2026-03-30"), &weekly, &exceptions),
        [(time("08:00"), time("13:00")), (time("14:00"), time("19:00"))],
        "overlapping and touching sessions merge"
    );
    // An extra session on a day without weekly hours is that day's only work.
    assert_eq!(working_intervals(date("2026-03-31"), &weekly, &exceptions), [(time("09:00"), time("10:00"))]);
    assert!(working_intervals(date("2026-04-06"), &weekly, &exceptions[..1]).len() == 2, "extras are for their date only");
}

#[test]
fn leave_empties_every_day_it_covers() {
    let weekly = office_week();
    let exceptions = [leave("2026-03-30", "2026-04-01"), extra("2026-03-31", "18:00", "19:00")];
    for day in ["2026-03-30", "2026-03-31", "2026-04-01"] {
        assert!(working_intervals(date(day), &weekly, &exceptions).is_empty(), "{day}");
        assert!(leave_on(date(day), &exceptions).is_some(), "{day}");
    }
    assert_eq!(working_intervals(date("2026-04-02"), &weekly, &exceptions), [(time("09:00"), time("17:00"))]);
    assert!(leave_on(date("2026-03-29"), &exceptions).is_none());
}

fn office_week() -> Vec<WeeklyHours> {
    crate::scheduling::test_support::office_hours()
}
