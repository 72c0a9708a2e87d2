//! Scheduling on a real encrypted database: every booking rule, status moves, rescheduling,
//! recurring series, the next free slot, a DST change, the calendar and the merge double booking.

mod common;

use chrono::NaiveDate;
use clinic_core::ids::{PatientId, ProviderId};
use clinic_core::scheduling::{
    AppointmentStatus, ExceptionKind, Recurrence, RescheduleInput, ScheduleExceptionInput, SlotRequest, StatusMove,
};
use clinic_core::{Actor, AuditAction, AuditQuery};
use clinic_store::{Store, StoreError};
use common::schedule::*;
use common::*;

struct Clinic {
    _dir: tempfile::TempDir,
    store: Store,
    admin: Actor,
    ada: PatientId,
    bea: PatientId,
    dr_lee: ProviderId,
    dr_kim: ProviderId,
}

fn clinic() -> Clinic {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    in_berlin(&mut store, &admin);
    let ada = store.create_patient(&admin, &patient("Ada", "Okafor"), today()).expect("ada").id;
    let bea = store.create_patient(&admin, &patient("Bea", "Mensah"), today()).expect("bea").id;
    let dr_lee = store.save_provider(&admin, None, &provider("Dr Lee", "General practice")).expect("lee").id;
    let dr_kim = store.save_provider(&admin, None, &provider("Dr Kim", "General practice")).expect("kim").id;
    Clinic { _dir: dir, store, admin, ada, bea, dr_lee, dr_kim }
}

fn appointments(store: &Store) -> i64 {
    store.connection().query_row("SELECT count(*) FROM appointment", [], |r| r.get(0)).expect("count")
}

/// The refused booking's field errors as (field, message).
fn refusal(result: Result<impl std::fmt::Debug, StoreError>) -> Vec<(String, String)> {
    match result {
        Err(StoreError::BookingConflict(errors)) => errors.0.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected a booking conflict, got {other:?}"),
    }
}

#[test]
fn a_booking_is_stored_in_utc_at_the_clinic_wall_clock_and_audited() {
    let mut c = clinic();
    let a = c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    assert_eq!(a.start, local("2026-12-01T10:00"));
    assert_eq!(a.end, local("2026-12-01T10:30"));
    assert_eq!(a.start_utc, utc("2026-12-01T09:00:00Z"), "Berlin is UTC+1 in December");
    assert_eq!(
        (a.status, a.patient_name.as_str(), a.provider_name.as_str()),
        (AppointmentStatus::Scheduled, "Ada Okafor", "Dr Lee")
    );
    let query = AuditQuery { action: Some(AuditAction::AppointmentBooked), ..Default::default() };
    let events = c.store.all_audit_events(&query).expect("audit");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].patient_id.as_deref(), Some(c.ada.to_string().as_str()));
    assert_eq!(events[0].entity_id.as_deref(), Some(a.id.to_string().as_str()));
}

#[test]
fn an_overlapping_booking_is_refused_and_nothing_is_written() {
    let mut c = clinic();
    c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    let before = (appointments(&c.store), change_count(&c.store));
    let refused = refusal(c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2026-12-01T10:15", 30), now()));
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].0, "providerId");
    assert!(refused[0].1.contains("10:00") && refused[0].1.contains("10:30"), "{}", refused[0].1);
    assert_eq!((appointments(&c.store), change_count(&c.store)), before, "a refused booking writes nothing");
    // Touching ends do not overlap.
    c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2026-12-01T10:30", 30), now()).expect("back to back");
}

#[test]
fn a_patient_cannot_be_booked_twice_at_once_even_with_another_provider() {
    let mut c = clinic();
    c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    let refused = refusal(c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_kim, "2026-12-01T10:15", 30), now()));
    assert_eq!(refused.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), ["patientId"]);
}

#[test]
fn outside_hours_on_leave_and_in_the_past_are_refused_and_a_walk_in_is_recorded_now() {
    let mut c = clinic();
    let leave = ScheduleExceptionInput {
        provider_id: Some(c.dr_lee),
        kind: ExceptionKind::Leave,
        start_date: NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
        start_time: None,
        end_time: None,
        reason: Some("Conference".into()),
    };
    c.store.add_schedule_exception(&c.admin, &leave).expect("leave");
    for (start, field) in [
        ("2026-12-01T12:30", "start"),      // lunch break
        ("2026-12-01T08:00", "start"),      // before opening
        ("2026-12-01T16:45", "start"),      // runs past 17:00
        ("2026-12-05T10:00", "start"),      // Saturday
        ("2026-12-03T10:00", "providerId"), // on leave
        ("2026-11-23T10:00", "start"),      // yesterday
    ] {
        let refused = refusal(c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, start, 30), now()));
        assert_eq!(refused.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), [field], "{start}: {refused:?}");
    }
    assert_eq!(appointments(&c.store), 0);

    // An extra Saturday session opens that morning.
    let saturday = ScheduleExceptionInput {
        kind: ExceptionKind::Extra,
        start_date: NaiveDate::from_ymd_opt(2026, 12, 5).expect("date"),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 5).expect("date"),
        start_time: Some(chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("time")),
        end_time: Some(chrono::NaiveTime::from_hms_opt(12, 0, 0).expect("time")),
        reason: None,
        ..leave
    };
    c.store.add_schedule_exception(&c.admin, &saturday).expect("extra session");
    c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-05T10:00", 30), now()).expect("Saturday session");

    // A walk-in at 08:55 when it is 09:00 in Berlin: recorded, already checked in.
    let mut walk_in = booking(&c.bea, &c.dr_lee, "2026-11-24T08:55", 15);
    refusal(c.store.book_appointment(&actor(), &walk_in, now()));
    walk_in.start = local("2026-11-24T09:00");
    walk_in.walk_in = true;
    let a = c.store.book_appointment(&actor(), &walk_in, now()).expect("walk-in now");
    assert_eq!(a.status, AppointmentStatus::CheckedIn);
    assert!(a.checked_in_at.is_some());
}

#[test]
fn cancelling_needs_a_reason_and_frees_the_time() {
    let mut c = clinic();
    let a = c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    let err = c.store.move_appointment_status(&actor(), &a.id, StatusMove::Cancel, Some("  "), now()).expect_err("no reason");
    assert!(matches!(&err, StoreError::Validation(e) if e.for_field("reason").is_some()), "{err:?}");
    let cancelled =
        c.store.move_appointment_status(&actor(), &a.id, StatusMove::Cancel, Some("Feeling better"), now()).expect("cancel");
    assert_eq!((cancelled.status, cancelled.cancel_reason.as_deref()), (AppointmentStatus::Cancelled, Some("Feeling better")));
    c.store
        .book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2026-12-01T10:00", 30), now())
        .expect("the slot is free again");
}

#[test]
fn status_moves_follow_the_state_machine_and_are_audited() {
    let mut c = clinic();
    let a = c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    let early = c.store.move_appointment_status(&actor(), &a.id, StatusMove::NoShow, None, now()).expect_err("before start");
    assert!(err_text(&early).contains("start time"), "{early}");
    for (mv, status) in [
        (StatusMove::CheckIn, AppointmentStatus::CheckedIn),
        (StatusMove::UndoCheckIn, AppointmentStatus::Scheduled),
        (StatusMove::CheckIn, AppointmentStatus::CheckedIn),
        (StatusMove::Start, AppointmentStatus::InProgress),
        (StatusMove::Complete, AppointmentStatus::Completed),
    ] {
        let moved = c.store.move_appointment_status(&actor(), &a.id, mv, None, now()).expect("allowed move");
        assert_eq!(moved.status, status, "{mv:?}");
    }
    let again = c.store.move_appointment_status(&actor(), &a.id, StatusMove::CheckIn, None, now()).expect_err("final");
    assert!(matches!(again, StoreError::Conflict(_)));
    let moved = RescheduleInput { provider_id: Some(c.dr_lee), start: local("2026-12-01T11:00"), minutes: 30 };
    assert!(matches!(c.store.reschedule_appointment(&actor(), &a.id, &moved, now()), Err(StoreError::Conflict(_))));
    let query = AuditQuery { action: Some(AuditAction::AppointmentStatusChanged), ..Default::default() };
    let events = c.store.all_audit_events(&query).expect("audit");
    assert_eq!(events.len(), 5);
    assert!(events.iter().all(|e| e.patient_id.as_deref() == Some(c.ada.to_string().as_str())));
}

fn err_text(e: &StoreError) -> String {
    e.to_string()
}

#[test]
fn rescheduling_is_checked_like_a_booking_but_not_against_itself() {
    let mut c = clinic();
    let a = c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2026-12-01T11:00", 30), now()).expect("book");
    let to =
        |start: &str, provider: &ProviderId| RescheduleInput { provider_id: Some(*provider), start: local(start), minutes: 30 };
    let moved =
        c.store.reschedule_appointment(&actor(), &a.id, &to("2026-12-01T10:15", &c.dr_lee), now()).expect("overlaps itself only");
    assert_eq!(moved.start, local("2026-12-01T10:15"));
    let refused = refusal(c.store.reschedule_appointment(&actor(), &a.id, &to("2026-12-01T10:45", &c.dr_lee), now()));
    assert_eq!(refused[0].0, "providerId");
    assert_eq!(c.store.get_appointment(&a.id).expect("get").start, local("2026-12-01T10:15"), "a refused move changes nothing");
    let other = c.store.reschedule_appointment(&actor(), &a.id, &to("2026-12-01T11:00", &c.dr_kim), now()).expect("to Dr Kim");
    assert_eq!(other.provider_name, "Dr Kim");
}

#[test]
fn a_series_with_one_conflicting_occurrence_is_reported_and_saves_nothing() {
    let mut c = clinic();
    c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2026-12-15T10:00", 30), now()).expect("book");
    let weekly = Recurrence { every_weeks: 1, until: None, count: Some(4) };
    let input = booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30);
    let preview = c.store.preview_series(&input, &weekly, now()).expect("preview");
    assert!(!preview.bookable);
    let troubled: Vec<_> = preview.occurrences.iter().filter(|o| !o.problems.is_empty()).map(|o| o.start).collect();
    assert_eq!(troubled, [local("2026-12-15T10:00")]);
    let before = appointments(&c.store);
    let refused = refusal(c.store.book_series(&actor(), &input, &weekly, now()));
    assert!(refused[0].1.contains("2026-12-15T10:00"), "{refused:?}");
    assert_eq!(appointments(&c.store), before, "no occurrence of a refused series is saved");

    let fortnightly =
        Recurrence { every_weeks: 2, until: Some(NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")), count: None };
    let input = booking(&c.ada, &c.dr_lee, "2026-12-08T10:00", 30);
    let booked = c.store.book_series(&actor(), &input, &fortnightly, now()).expect("every other week misses the clash");
    assert_eq!(booked.iter().map(|a| a.start).collect::<Vec<_>>(), [local("2026-12-08T10:00"), local("2026-12-22T10:00")]);
    let series = booked[0].series_id.expect("series id");
    assert!(booked.iter().all(|a| a.series_id == Some(series)));
}

#[test]
fn a_weekly_series_keeps_its_wall_clock_time_across_the_dst_change() {
    let mut c = clinic();
    // Berlin moves its clocks forward on Sunday 28 March 2027.
    let weekly = Recurrence { every_weeks: 1, until: None, count: Some(4) };
    let booked =
        c.store.book_series(&actor(), &booking(&c.ada, &c.dr_lee, "2027-03-15T09:00", 30), &weekly, now()).expect("series");
    let local_starts: Vec<_> = booked.iter().map(|a| a.start).collect();
    assert_eq!(local_starts, ["2027-03-15T09:00", "2027-03-22T09:00", "2027-03-29T09:00", "2027-04-05T09:00"].map(local));
    let utc_starts: Vec<_> = booked.iter().map(|a| a.start_utc).collect();
    assert_eq!(
        utc_starts,
        ["2027-03-15T08:00:00Z", "2027-03-22T08:00:00Z", "2027-03-29T07:00:00Z", "2027-04-05T07:00:00Z"].map(utc)
    );
    // The calendar of the DST week shows the working day at 09:00-17:00 on both sides.
    let week =
        c.store.calendar(&c.admin, NaiveDate::from_ymd_opt(2027, 3, 26).expect("date"), 4, Some(&[c.dr_lee])).expect("week");
    let mondays: Vec<_> =
        week.working.iter().filter(|w| w.start.date() == NaiveDate::from_ymd_opt(2027, 3, 29).expect("d")).collect();
    assert_eq!(mondays.first().map(|w| w.start), Some(local("2027-03-29T09:00")));
    assert_eq!(week.appointments.len(), 1);
    assert_eq!(week.appointments[0].start, local("2027-03-29T09:00"));
    // The hour the clock skips cannot be booked.
    let skipped = refusal(c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_lee, "2027-03-28T02:30", 30), now()));
    assert!(skipped[0].1.contains("skips"), "{skipped:?}");
}

#[test]
fn the_next_available_slot_skips_booked_time_and_leave() {
    let mut c = clinic();
    c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T09:00", 180), now()).expect("morning");
    let request = SlotRequest { provider_id: Some(c.dr_lee), specialty: None, from: local("2026-12-01T09:00"), minutes: 30 };
    let slot = c.store.next_available_slot(&request).expect("search").expect("a slot");
    assert_eq!(
        (slot.start, slot.end, slot.provider_name.as_str()),
        (local("2026-12-01T13:00"), local("2026-12-01T13:30"), "Dr Lee")
    );

    let by_specialty = SlotRequest { provider_id: None, specialty: Some("general practice".into()), ..request.clone() };
    let slot = c.store.next_available_slot(&by_specialty).expect("search").expect("a slot");
    assert_eq!((slot.start, slot.provider_id), (local("2026-12-01T09:00"), c.dr_kim));

    let leave = ScheduleExceptionInput {
        provider_id: Some(c.dr_lee),
        kind: ExceptionKind::Leave,
        start_date: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 4).expect("date"),
        start_time: None,
        end_time: None,
        reason: None,
    };
    c.store.add_schedule_exception(&c.admin, &leave).expect("leave");
    let slot = c.store.next_available_slot(&request).expect("search").expect("a slot");
    assert_eq!(slot.start, local("2026-12-07T09:00"), "after leave and the weekend");
    let nobody = SlotRequest { specialty: Some("Dermatology".into()), provider_id: None, ..request };
    assert_eq!(c.store.next_available_slot(&nobody).expect("search"), None);
}

#[test]
fn the_calendar_shows_working_hours_and_flags_a_double_booking_that_arrived_by_sync() {
    let mut c = clinic();
    let a = c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("book");
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let view = c.store.calendar(&c.admin, day, 1, None).expect("calendar");
    assert_eq!(view.time_zone, "Europe/Berlin");
    assert_eq!(view.providers.len(), 2);
    assert_eq!(view.working.iter().filter(|w| w.provider_id == c.dr_lee).count(), 2, "morning and afternoon");
    assert!(!view.appointments[0].conflict);

    // Another site booked Dr Lee at 10:15 while offline; the pull brings it in unchecked.
    {
        use clinic_core::sync::{PullPosition, Replica, RowChange};
        let enrolment = clinic_store::sync::Enrolment {
            server_url: "https://clinic.example:8443".into(),
            cert_fingerprint: None,
            org_id: "org".into(),
            org_name: "Test Clinic".into(),
        };
        c.store.save_enrolment(&enrolment, false).expect("enrol");
        let other_site = clinic_core::new_id().to_string();
        let fields = [
            ("created_at", "2026-11-20T08:00:00.000Z".to_string()),
            ("patient_id", c.bea.to_string()),
            ("provider_id", c.dr_lee.to_string()),
            ("starts_at", "2026-12-01T09:15:00Z".to_string()),
            ("ends_at", "2026-12-01T09:45:00Z".to_string()),
            ("status", "scheduled".to_string()),
        ];
        let hlc = clinic_core::Hlc { wall_ms: 1_700_000_000_000, counter: 0 };
        let id = "0190b7c4-0000-7000-8000-0000000000f1";
        let page = [RowChange::new("appointment", id, hlc, &other_site, fields.map(|(f, v)| (f, Some(v))))];
        c.store.apply_pulled(&page, &PullPosition { epoch: "e".into(), cursor: 1 }, 1).expect("pulled row");
    }
    let view = c.store.calendar(&c.admin, day, 1, None).expect("calendar");
    assert_eq!(view.appointments.len(), 2);
    assert!(view.appointments.iter().all(|x| x.conflict), "both sides of the double booking are flagged");
    assert!(c.store.get_appointment(&a.id).expect("get").conflict);
    // Cancelling one of them clears the flag on the other.
    c.store.move_appointment_status(&actor(), &a.id, StatusMove::Cancel, Some("Double booked"), now()).expect("cancel");
    let view = c.store.calendar(&c.admin, day, 1, None).expect("calendar");
    assert!(view.appointments.iter().all(|x| !x.conflict));
}

#[test]
fn the_queue_lists_today_and_reminders_list_tomorrow_with_contact_details() {
    let mut c = clinic();
    let mut walk_in = booking(&c.ada, &c.dr_lee, "2026-11-24T09:00", 15);
    walk_in.walk_in = true;
    c.store.book_appointment(&actor(), &walk_in, now()).expect("walk-in");
    let tomorrow = c.store.book_appointment(&actor(), &booking(&c.bea, &c.dr_kim, "2026-11-25T10:00", 30), now()).expect("book");
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let queue = c.store.day_queue(&c.admin, today).expect("queue");
    assert_eq!(queue.iter().map(|a| a.patient_name.as_str()).collect::<Vec<_>>(), ["Ada Okafor"]);
    let reminders = c.store.reminders_for(&c.admin, today.succ_opt().expect("tomorrow")).expect("reminders");
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].appointment.id, tomorrow.id);
    assert_eq!(reminders[0].phone.as_deref(), Some("+1 555 0100 2030"));
    let reminded = c.store.mark_reminded(&actor(), &tomorrow.id, now()).expect("reminded");
    assert_eq!(reminded.reminded_at, Some(now()));
    let history = c.store.patient_appointments(&c.admin, &c.bea).expect("history");
    assert_eq!(history.len(), 1);
}

#[test]
fn the_demo_schedule_books_through_the_rules_without_double_bookings() {
    let mut c = clinic();
    let mut ids = vec![c.ada, c.bea];
    for i in 0..10 {
        ids.push(c.store.create_patient(&c.admin, &patient("Demo", &format!("Person{i}")), today()).expect("patient").id);
    }
    let before = c.store.list_providers().expect("providers").len();
    // The clinic already has providers: the demo adds none.
    clinic_store::demo_schedule::seed_demo_schedule(&mut c.store, &c.admin, &ids, 12, now()).expect("no-op");
    assert_eq!(c.store.list_providers().expect("providers").len(), before);

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _key) = new_store(dir.path());
    let admin = set_up(&mut store);
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(store.create_patient(&admin, &patient("Demo", &format!("Person{i}")), today()).expect("patient").id);
    }
    clinic_store::demo_schedule::seed_demo_schedule(&mut store, &admin, &ids, 12, now()).expect("demo");
    assert_eq!(store.list_providers().expect("providers").len(), 3);
    assert_eq!(store.list_appointment_types().expect("types").len(), 4);
    assert_eq!(appointments(&store), 12);
    let view = store.calendar(&admin, NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"), 7, None).expect("week");
    assert_eq!(view.appointments.len(), 12);
    assert!(view.appointments.iter().all(|a| !a.conflict && a.start_utc > now()));
}

#[test]
fn the_clinic_s_opening_hours_bound_bookings_free_slots_and_the_calendar() {
    let mut c = clinic();
    let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
    let opening =
        (1..=5).map(|weekday| clinic_core::scheduling::WeeklyHours { weekday, start: t("10:00"), end: t("16:00") }).collect();
    let mut settings = c.store.settings().expect("settings");
    settings.opening_hours = opening;
    c.store.save_settings(&c.admin, &settings).expect("opening hours");
    assert_eq!(c.store.settings().expect("settings").opening_hours.len(), 5, "stored");

    let refused = refusal(c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T09:00", 30), now()));
    assert_eq!(refused[0].0, "start");
    assert!(refused[0].1.contains("clinic is closed"), "{refused:?}");
    c.store.book_appointment(&actor(), &booking(&c.ada, &c.dr_lee, "2026-12-01T10:00", 30), now()).expect("open");

    let request = SlotRequest { provider_id: Some(c.dr_kim), specialty: None, from: local("2026-12-01T08:00"), minutes: 30 };
    let slot = c.store.next_available_slot(&request).expect("search").expect("slot");
    assert_eq!(slot.start, local("2026-12-01T10:00"), "the provider starts at 09:00 but the clinic opens at 10:00");
    let view =
        c.store.calendar(&c.admin, NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"), 1, Some(&[c.dr_kim])).expect("day");
    let spans: Vec<_> = view.working.iter().map(|w| (w.start, w.end)).collect();
    assert_eq!(
        spans,
        [(local("2026-12-01T10:00"), local("2026-12-01T12:00")), (local("2026-12-01T13:00"), local("2026-12-01T16:00"))]
    );
}
