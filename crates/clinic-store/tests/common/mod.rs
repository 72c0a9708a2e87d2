//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Once;

use chrono::NaiveDate;
use clinic_core::{PatientInput, Sex};
use clinic_store::{DatabaseKey, SiteSetup, Store};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

pub fn setup() -> SiteSetup {
    SiteSetup { clinic_name: "Test Clinic".into(), site_name: "Front desk".into(), site_code: "TEST".into() }
}

/// keyring's mock store, installed once per test process (the one mock we accept).
pub fn use_mock_keychain() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store")));
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("clinic.db")
}

pub fn new_store(dir: &Path) -> (Store, DatabaseKey) {
    let key = DatabaseKey::generate();
    let store = Store::create(&db_path(dir), &key, &setup()).expect("create store");
    (store, key)
}

pub fn patient(given: &str, family: &str) -> PatientInput {
    PatientInput {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: "1984-03-27".into(),
        sex: Some(Sex::Female),
        phone: "+1 555 0100 2030".into(),
        email: format!("{}.{}@example.com", given.to_lowercase(), family.to_lowercase()),
        ..Default::default()
    }
}

pub fn change_count(store: &Store) -> i64 {
    store.connection().query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0)).expect("count")
}

/// Someone acting in tests: a front-desk user (audit events need an actor).
pub fn actor() -> clinic_core::Actor {
    clinic_core::Actor {
        user_id: "0190b7c4-0000-7000-8000-0000000000aa".parse().expect("uuid"),
        username: "desk.test".into(),
        role: clinic_core::Role::FrontDesk,
    }
}

/// The password every test account gets (long enough, not a common one).
pub const PASSWORD: &str = "plum tree harbour";

/// Sets the clinic up with its first admin `ada` and returns her as the actor.
pub fn set_up(store: &mut Store) -> clinic_core::Actor {
    let setup = clinic_core::ClinicSetupInput {
        clinic_name: "Test Clinic".into(),
        site_name: "Front desk".into(),
        site_code: "TEST".into(),
        username: "ada".into(),
        display_name: "Ada Admin".into(),
        password: PASSWORD.into(),
    }
    .validate()
    .expect("valid setup");
    let user = store.set_up_clinic(&setup).expect("setup");
    clinic_core::Actor { user_id: user.id, username: user.username, role: user.role }
}

/// A checked new account with the test password.
pub fn new_user(username: &str, role: clinic_core::Role) -> clinic_core::NewUser {
    clinic_core::NewUserInput {
        username: username.into(),
        display_name: format!("{username} test"),
        role: Some(role),
        password: PASSWORD.into(),
    }
    .validate()
    .expect("valid user")
}

/// Scheduling fixtures: a clinic in Europe/Berlin, providers working Monday to Friday
/// 09:00-12:00 and 13:00-17:00, and bookings in the clinic's wall-clock time.
pub mod schedule {
    use chrono::{DateTime, NaiveDateTime, Utc};
    use clinic_core::ids::{PatientId, ProviderId};
    use clinic_core::scheduling::{BookingInput, ProviderInput, WeeklyHours};
    use clinic_core::{Actor, SiteSettings};
    use clinic_store::Store;

    /// "2026-12-01T10:00" as a wall-clock time.
    pub fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("local time")
    }

    /// An instant, RFC 3339.
    pub fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    /// Tuesday 24 November 2026, 08:00 UTC: "now" in the scheduling tests.
    pub fn now() -> DateTime<Utc> {
        utc("2026-11-24T08:00:00Z")
    }

    pub fn in_berlin(store: &mut Store, admin: &Actor) {
        let settings = SiteSettings { time_zone: "Europe/Berlin".into(), ..SiteSettings::default() };
        store.save_settings(admin, &settings).expect("time zone");
    }

    pub fn weekdays() -> Vec<WeeklyHours> {
        let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
        (1..=5)
            .flat_map(|weekday| {
                [
                    WeeklyHours { weekday, start: t("09:00"), end: t("12:00") },
                    WeeklyHours { weekday, start: t("13:00"), end: t("17:00") },
                ]
            })
            .collect()
    }

    pub fn provider(name: &str, specialty: &str) -> ProviderInput {
        ProviderInput {
            user_id: None,
            display_name: name.into(),
            specialty: Some(specialty.into()),
            colour: "#3366aa".into(),
            room: Some("2".into()),
            active: true,
            weekly_hours: weekdays(),
        }
    }

    pub fn booking(patient_id: &PatientId, provider_id: &ProviderId, start: &str, minutes: u32) -> BookingInput {
        BookingInput {
            patient_id: Some(*patient_id),
            provider_id: Some(*provider_id),
            type_id: None,
            start: local(start),
            minutes,
            reason: Some("Check-up".into()),
            notes: None,
            walk_in: false,
        }
    }
}
