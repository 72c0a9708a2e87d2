use super::*;
use crate::ids::test_id;
use crate::scheduling::booking::{check_booking, BookingCheck};
use crate::scheduling::test_support::{busy, extra, leave, local, office_hours, utc, weekly};

fn diary<'a>(id: &str, weekly: &'a [WeeklyHours], exceptions: &'a [ScheduleException], busy: &'a [Busy]) -> ProviderDiary<'a> {
    ProviderDiary { provider_id: test_id(id), weekly, exceptions, busy }
}

/// One provider on UTC; 2026-03-30 is a Monday.
fn find(
    from: &str,
    minutes: u32,
    weekly: &[WeeklyHours],
    exceptions: &[ScheduleException],
    busy: &[Busy],
) -> Option<NaiveDateTime> {
    next_free_slot(local(from), minutes, Tz::UTC, &[diary("p1", weekly, exceptions, busy)], SLOT_HORIZON_DAYS).map(|(id, at)| {
        assert_eq!(id, test_id::<ProviderId>("p1"));
        at
    })
}

#[test]
fn an_empty_diary_gives_the_first_grid_point_in_working_hours() {
    let week = office_hours();
    assert_eq!(find("2026-03-30T07:12", 30, &week, &[], &[]), Some(local("2026-03-30T09:00")), "before opening");
    assert_eq!(find("2026-03-30T10:00", 30, &week, &[], &[]), Some(local("2026-03-30T10:00")), "on the grid");
    assert_eq!(find("2026-03-30T10:01", 30, &week, &[], &[]), Some(local("2026-03-30T10:05")), "rounded up");
    assert_eq!(find("2026-03-30T16:31", 30, &week, &[], &[]), Some(local("2026-03-31T09:00")), "too late today");
    assert_eq!(find("2026-03-27T17:00", 30, &week, &[], &[]), Some(local("2026-03-30T09:00")), "over the weekend");
    assert_eq!(find("2026-03-30T16:30", 30, &week, &[], &[]), Some(local("2026-03-30T16:30")), "ends at closing");
}

#[test]
fn seconds_past_a_grid_point_round_up() {
    let week = office_hours();
    let from = local("2026-03-30T10:00") + Duration::seconds(1);
    let found = next_free_slot(from, 30, Tz::UTC, &[diary("p1", &week, &[], &[])], 1);
    assert_eq!(found.map(|(_, at)| at), Some(local("2026-03-30T10:05")));
}

#[test]
fn busy_time_is_stepped_over_and_touching_ends_are_free() {
    let week = office_hours();
    let booked = [busy("a1", "2026-03-30T09:00:00Z", "2026-03-30T09:30:00Z")];
    assert_eq!(find("2026-03-30T08:00", 30, &week, &[], &booked), Some(local("2026-03-30T09:30")));
    let odd_end = [busy("a1", "2026-03-30T09:00:00Z", "2026-03-30T09:32:00Z")];
    assert_eq!(find("2026-03-30T08:00", 30, &week, &[], &odd_end), Some(local("2026-03-30T09:35")), "back on the grid");
    let later = [busy("a1", "2026-03-30T09:30:00Z", "2026-03-30T10:00:00Z")];
    assert_eq!(find("2026-03-30T08:00", 30, &week, &[], &later), Some(local("2026-03-30T09:00")), "ends as it starts");
    assert_eq!(find("2026-03-30T08:00", 35, &week, &[], &later), Some(local("2026-03-30T10:00")), "35 minutes do not fit");
}

#[test]
fn gaps_too_short_for_the_length_are_skipped() {
    let week = office_hours();
    // Given out of order on purpose: the search sorts them.
    let booked = [
        busy("a3", "2026-03-30T10:45:00Z", "2026-03-30T11:00:00Z"),
        busy("a1", "2026-03-30T09:00:00Z", "2026-03-30T10:00:00Z"),
        busy("a2", "2026-03-30T10:20:00Z", "2026-03-30T10:40:00Z"),
        busy("a4", "2026-03-30T09:10:00Z", "2026-03-30T09:40:00Z"),
    ];
    assert_eq!(find("2026-03-30T09:00", 30, &week, &[], &booked), Some(local("2026-03-30T11:00")));
    assert_eq!(find("2026-03-30T09:00", 20, &week, &[], &booked), Some(local("2026-03-30T10:00")));
}

#[test]
fn the_break_and_leave_are_not_offered_and_extra_sessions_are() {
    let split = [weekly(1, "09:00", "12:00"), weekly(1, "14:00", "17:00")];
    assert_eq!(find("2026-03-30T11:45", 30, &split, &[], &[]), Some(local("2026-03-30T14:00")));
    let week = office_hours();
    let away = [leave("2026-03-30", "2026-04-01")];
    assert_eq!(find("2026-03-30T08:00", 30, &week, &away, &[]), Some(local("2026-04-02T09:00")));
    let saturday = [extra("2026-03-28", "10:00", "12:00")];
    assert_eq!(find("2026-03-27T18:00", 30, &week, &saturday, &[]), Some(local("2026-03-28T10:00")));
}

#[test]
fn the_search_stops_at_the_horizon() {
    let mondays = [weekly(1, "09:00", "10:00")];
    let at = |horizon| next_free_slot(local("2026-03-31T08:00"), 30, Tz::UTC, &[diary("p1", &mondays, &[], &[])], horizon);
    assert_eq!(at(5), None, "next Monday is 6 days away");
    assert_eq!(at(6).map(|(_, t)| t), Some(local("2026-04-06T09:00")));
    let monday = next_free_slot(local("2026-03-30T08:00"), 30, Tz::UTC, &[diary("p1", &mondays, &[], &[])], 0);
    assert_eq!(monday.map(|(_, t)| t), Some(local("2026-03-30T09:00")), "horizon 0 still searches the first day");
    assert_eq!(find("2026-03-30T08:00", 30, &[], &[], &[]), None, "no hours at all");
}

#[test]
fn lengths_that_cannot_be_booked_find_nothing() {
    let week = office_hours();
    for minutes in [0, 4, 721] {
        assert_eq!(find("2026-03-30T08:00", minutes, &week, &[], &[]), None, "{minutes}");
    }
    assert_eq!(find("2026-03-30T08:00", 480, &week, &[], &[]), Some(local("2026-03-30T09:00")), "a whole day");
    assert_eq!(find("2026-03-30T08:00", 481, &week, &[], &[]), None, "longer than any working day");
}

#[test]
fn the_earliest_provider_wins_and_ties_go_to_the_first_listed() {
    let week = office_hours();
    let late_week = [weekly(1, "10:00", "17:00")];
    let morning = [busy("a1", "2026-03-30T09:00:00Z", "2026-03-30T09:30:00Z")];
    let providers = [diary("busy", &week, &[], &morning), diary("late", &late_week, &[], &[]), diary("free", &week, &[], &[])];
    let found = next_free_slot(local("2026-03-30T08:00"), 30, Tz::UTC, &providers, 90);
    assert_eq!(found, Some((test_id("free"), local("2026-03-30T09:00"))));
    let tie = [diary("second", &week, &[], &[]), diary("first", &week, &[], &[])];
    let found = next_free_slot(local("2026-03-30T08:00"), 30, Tz::UTC, &tie, 90);
    assert_eq!(found.map(|(id, _)| id), Some(test_id("second")), "the first in the slice");
    assert_eq!(next_free_slot(local("2026-03-30T08:00"), 30, Tz::UTC, &[], 90), None);
}

#[test]
fn a_full_diary_is_walked_quickly_to_the_first_gap() {
    let week = office_hours();
    // Every working minute of 12 weeks is booked in 10-minute appointments (2,880 of them),
    // except one 30-minute gap on the last day.
    let mut booked = Vec::new();
    let first_day = local("2026-03-30T09:00");
    for day in 0..84 {
        for slot in 0..48 {
            let start = first_day + Duration::days(day) + Duration::minutes(slot * 10);
            if day == 81 && (18..21).contains(&slot) {
                continue;
            }
            booked.push(Busy {
                appointment_id: test_id(&format!("{day}-{slot}")),
                start: start.and_utc(),
                end: start.and_utc() + Duration::minutes(10),
            });
        }
    }
    booked.reverse();
    let found = find("2026-03-30T08:00", 30, &week, &[], &booked);
    assert_eq!(found, Some(local("2026-06-19T12:00")));
    assert_eq!(find("2026-03-30T08:00", 35, &week, &[], &booked), Some(local("2026-06-22T09:00")), "gap too short");
    // Jumping to the end of each busy stretch looks at a few starts per working day, where
    // stepping through the grid would look at every one of the 96.
    let search = Search {
        first: local("2026-03-30T08:00"),
        last_date: local("2026-06-30T00:00").date(),
        minutes: 30,
        tz: Tz::UTC,
        before: None,
        probes: Cell::new(0),
    };
    let diary = diary("p1", &week, &[], &booked);
    assert_eq!(search.first_free(&diary), Some(local("2026-06-19T12:00")));
    assert!(search.probes.get() < 200, "{} starts looked at", search.probes.get());
}

#[test]
fn a_found_slot_passes_the_booking_rules() {
    let week = [weekly(1, "09:00", "12:00"), weekly(1, "13:00", "17:00"), weekly(2, "08:00", "11:00")];
    let away = [leave("2026-04-06", "2026-04-06")];
    let booked = [
        busy("a1", "2026-03-30T09:00:00Z", "2026-03-30T11:40:00Z"),
        busy("a2", "2026-03-30T13:00:00Z", "2026-03-30T16:50:00Z"),
        busy("a3", "2026-03-31T08:05:00Z", "2026-03-31T10:45:00Z"),
    ];
    let at = find("2026-03-30T08:00", 30, &week, &away, &booked).expect("a slot");
    assert_eq!(at, local("2026-04-07T08:00"));
    let check = BookingCheck {
        start: at,
        minutes: 30,
        tz: Tz::UTC,
        now: utc("2026-03-30T08:00:00Z"),
        walk_in: false,
        opening_hours: &[],
        weekly: &week,
        exceptions: &away,
        provider_busy: &booked,
        patient_busy: &[],
    };
    assert_eq!(check_booking(&check), []);
}
