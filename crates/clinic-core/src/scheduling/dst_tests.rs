//! Daylight saving time across the scheduling rules, in zones that change their clocks.
//! Europe/Berlin springs forward on 2026-03-29 (02:00 → 03:00) and falls back on 2026-10-25;
//! America/New_York springs forward on 2026-03-08 (02:00 → 03:00).

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;

use super::appointment::Recurrence;
use super::booking::{check_booking, BookingCheck, BookingProblem};
use super::provider::WeeklyHours;
use super::recurrence::occurrence_starts;
use super::slots::{next_free_slot, ProviderDiary};
use super::test_support::{busy, local, utc, weekly};
use super::time::to_utc;
use crate::ids::test_id;

fn every_day_nine_to_five() -> Vec<WeeklyHours> {
    (1..=7).map(|d| weekly(d, "09:00", "17:00")).collect()
}

fn check(start: &str, minutes: u32, tz: Tz, weekly: &[WeeklyHours]) -> Vec<BookingProblem> {
    check_booking(&BookingCheck {
        start: local(start),
        minutes,
        tz,
        now: utc("2026-01-01T00:00:00Z"),
        walk_in: false,
        opening_hours: &[],
        weekly,
        exceptions: &[],
        provider_busy: &[],
        patient_busy: &[],
    })
}

fn weekly_series(first: &str, tz: Tz) -> Vec<(NaiveDateTime, DateTime<Utc>)> {
    let starts =
        occurrence_starts(local(first), &Recurrence { every_weeks: 1, until: None, count: Some(3) }).expect("valid rule");
    starts.into_iter().map(|s| (s, to_utc(s, tz).expect("09:00 exists"))).collect()
}

#[test]
fn a_weekly_series_keeps_its_wall_clock_time_while_the_instant_moves() {
    let berlin = weekly_series("2026-03-23T09:00", Berlin);
    assert!(berlin.iter().all(|(local, _)| local.hour() == 9 && local.minute() == 0), "{berlin:?}");
    assert_eq!(
        berlin.iter().map(|(_, at)| *at).collect::<Vec<_>>(),
        [utc("2026-03-23T08:00:00Z"), utc("2026-03-30T07:00:00Z"), utc("2026-04-06T07:00:00Z")]
    );
    let new_york = weekly_series("2026-03-02T09:00", New_York);
    assert!(new_york.iter().all(|(local, _)| local.hour() == 9), "{new_york:?}");
    assert_eq!(
        new_york.iter().map(|(_, at)| *at).collect::<Vec<_>>(),
        [utc("2026-03-02T14:00:00Z"), utc("2026-03-09T13:00:00Z"), utc("2026-03-16T13:00:00Z")]
    );
}

#[test]
fn a_time_in_the_skipped_hour_cannot_be_booked() {
    let all_day: Vec<_> = (1..=7).map(|d| weekly(d, "00:00", "23:59")).collect();
    for (start, tz) in [("2026-03-29T02:30", Berlin), ("2026-03-29T02:00", Berlin), ("2026-03-08T02:30", New_York)] {
        let problems = check(start, 30, tz, &all_day);
        assert_eq!(problems, [BookingProblem::NonexistentTime], "{start} in {tz}");
        assert_eq!(problems[0].field(), "start");
        assert!(problems[0].message().contains("skips that hour"));
    }
    assert_eq!(check("2026-03-29T03:00", 30, Berlin, &all_day), [], "the first minute after the jump");
    assert_eq!(check("2026-03-28T02:30", 30, Berlin, &all_day), [], "the day before has 02:30");
}

#[test]
fn working_hours_hold_on_the_wall_clock_on_both_sides_of_the_change() {
    let hours = every_day_nine_to_five();
    for (days, tz) in [
        (["2026-03-28", "2026-03-29", "2026-03-30"], Berlin),
        (["2026-10-24", "2026-10-25", "2026-10-26"], Berlin),
        (["2026-03-07", "2026-03-08", "2026-03-09"], New_York),
    ] {
        for day in days {
            assert_eq!(check(&format!("{day}T16:30"), 30, tz, &hours), [], "16:30 on {day} in {tz}");
            assert_eq!(check(&format!("{day}T09:00"), 30, tz, &hours), [], "09:00 on {day} in {tz}");
            let late = check(&format!("{day}T17:00"), 30, tz, &hours);
            assert!(matches!(late.as_slice(), [BookingProblem::OutsideWorkingHours { .. }]), "17:00 on {day} in {tz}: {late:?}");
            let early = check(&format!("{day}T08:30"), 30, tz, &hours);
            assert!(
                matches!(early.as_slice(), [BookingProblem::OutsideWorkingHours { .. }]),
                "08:30 on {day} in {tz}: {early:?}"
            );
        }
    }
}

#[test]
fn busy_appointments_across_the_change_are_compared_as_instants() {
    let hours = every_day_nine_to_five();
    // 07:00Z is 09:00 in Berlin after the change, 08:00Z before it.
    let after = [busy("a1", "2026-03-30T07:00:00Z", "2026-03-30T07:30:00Z")];
    let problems = check_booking(&BookingCheck {
        start: local("2026-03-30T09:00"),
        minutes: 30,
        tz: Berlin,
        now: utc("2026-01-01T00:00:00Z"),
        walk_in: false,
        opening_hours: &[],
        weekly: &hours,
        exceptions: &[],
        provider_busy: &after,
        patient_busy: &[],
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].message(), "The provider already has an appointment from 09:00 to 09:30");
}

#[test]
fn the_next_free_slot_across_the_change_is_at_nine_on_the_clinic_clock() {
    let week: Vec<_> = (1..=5).map(|d| weekly(d, "09:00", "17:00")).collect();
    // 08:00Z on Monday is 10:00 in Berlin summer time, not 09:00: the 09:00 slot stays free.
    let winter_offset_trap = [busy("a1", "2026-03-30T08:00:00Z", "2026-03-30T08:30:00Z")];
    let diary = ProviderDiary { provider_id: test_id("p1"), weekly: &week, exceptions: &[], busy: &winter_offset_trap };
    let found = next_free_slot(local("2026-03-27T17:30"), 30, Berlin, std::slice::from_ref(&diary), 90);
    assert_eq!(found, Some((test_id("p1"), local("2026-03-30T09:00"))));

    let at_nine = [busy("a1", "2026-03-30T07:00:00Z", "2026-03-30T07:30:00Z")];
    let diary = ProviderDiary { busy: &at_nine, ..diary };
    let found = next_free_slot(local("2026-03-27T17:30"), 30, Berlin, std::slice::from_ref(&diary), 90);
    assert_eq!(found, Some((test_id("p1"), local("2026-03-30T09:30"))));

    // 13:00Z on Monday 2026-03-09 is 09:00 in New York after its change.
    let new_york = [busy("a1", "2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z")];
    let diary = ProviderDiary { busy: &new_york, ..diary };
    let found = next_free_slot(local("2026-03-06T17:30"), 30, New_York, std::slice::from_ref(&diary), 90);
    assert_eq!(found, Some((test_id("p1"), local("2026-03-09T09:30"))));
}

#[test]
fn no_slot_starts_in_the_skipped_hour() {
    let sunday_night = [weekly(7, "01:00", "05:00")];
    let diary = ProviderDiary { provider_id: test_id("p1"), weekly: &sunday_night, exceptions: &[], busy: &[] };
    let found = next_free_slot(local("2026-03-29T02:00"), 30, Berlin, std::slice::from_ref(&diary), 0);
    assert_eq!(found, Some((test_id("p1"), local("2026-03-29T03:00"))));
}
