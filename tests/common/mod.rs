//! A clinic for the command-layer tests: a real SQLCipher store, one account per role, a
//! patient, and a clock the test can move.
#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use clinic_core::chart::{
    AllergyInput, AllergySeverity, AllergyStatus, ConditionInput, ConditionStatus, Diagnosis, EncounterInput, LabResultInput,
    PrescriptionInput, Route,
};
use clinic_core::ids::{AppointmentId, PatientId, ProviderId, UserId};
use clinic_core::scheduling::{
    AppointmentTypeInput, BookingInput, ExceptionKind, ProviderInput, Recurrence, RescheduleInput, ScheduleExceptionInput,
    SlotRequest, WeeklyHours,
};
use clinic_core::{Actor, ClinicSetupInput, NewUserInput, PatientInput, Role, Sex};
use clinic_desk_lib::commands;
use clinic_desk_lib::state::AppState;
use clinic_store::{DatabaseKey, SiteSetup, Store};

/// Every test account's password after its first change.
pub const PASSWORD: &str = "plum tree harbour";

/// A clinic with one account per role.
pub struct Clinic {
    pub state: AppState,
    pub minutes: Arc<AtomicI64>,
    pub patient: PatientId,
    pub other_patient: PatientId,
    /// An account the admin commands act on (disable, reset...).
    pub victim: UserId,
    /// A provider working weekdays 09:00-12:00 and 13:00-17:00.
    pub provider: ProviderId,
    /// An appointment of `patient` with `provider`, for the status and reschedule commands.
    pub appointment: AppointmentId,
    _dir: tempfile::TempDir,
}

pub fn username(role: Role) -> String {
    format!("{}.user", role.code().replace('_', ""))
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).single().expect("time")
}

pub fn patient_input(given: &str, family: &str) -> PatientInput {
    PatientInput {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: "1984-03-27".into(),
        sex: Some(Sex::Female),
        ..Default::default()
    }
}

fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("local time")
}

fn time(text: &str) -> chrono::NaiveTime {
    chrono::NaiveTime::parse_from_str(text, "%H:%M").expect("time")
}

/// A provider working Monday to Friday, 09:00-12:00 and 13:00-17:00.
pub fn provider_input(name: &str) -> ProviderInput {
    let weekly_hours = (1..=5)
        .flat_map(|weekday| {
            [
                WeeklyHours { weekday, start: time("09:00"), end: time("12:00") },
                WeeklyHours { weekday, start: time("13:00"), end: time("17:00") },
            ]
        })
        .collect();
    ProviderInput {
        user_id: None,
        display_name: name.into(),
        specialty: Some("General practice".into()),
        colour: "#3366aa".into(),
        room: None,
        active: true,
        weekly_hours,
    }
}

/// A day of leave for `provider`.
pub fn leave_input(provider: &ProviderId) -> ScheduleExceptionInput {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 24).expect("date");
    ScheduleExceptionInput {
        provider_id: Some(*provider),
        kind: ExceptionKind::Leave,
        start_date: day,
        end_date: day,
        start_time: None,
        end_time: None,
        reason: None,
    }
}

pub fn type_input() -> AppointmentTypeInput {
    AppointmentTypeInput { name: "Check-up".into(), default_minutes: 20, colour: "#22aa66".into(), active: true }
}

/// A 30-minute booking at a clinic wall-clock time.
pub fn booking_input(patient: &PatientId, provider: &ProviderId, start: &str) -> BookingInput {
    BookingInput {
        patient_id: Some(*patient),
        provider_id: Some(*provider),
        type_id: None,
        start: at(start),
        minutes: 30,
        reason: None,
        notes: None,
        walk_in: false,
    }
}

pub fn weekly() -> Recurrence {
    Recurrence { every_weeks: 1, until: None, count: Some(3) }
}

pub fn reschedule_to(provider: &ProviderId, round: usize) -> RescheduleInput {
    RescheduleInput { provider_id: Some(*provider), start: at(&format!("2026-12-04T{:02}:00", 13 + round % 4)), minutes: 30 }
}

pub fn slot_request(provider: &ProviderId) -> SlotRequest {
    SlotRequest { provider_id: Some(*provider), specialty: None, from: at("2026-12-01T09:00"), minutes: 30 }
}

/// A well-formed id that names nothing.
pub const NO_SUCH: &str = "01900000-0000-7000-8000-000000000000";

pub fn allergy_input() -> AllergyInput {
    AllergyInput {
        substance: "Penicillin".into(),
        reaction: Some("Hives".into()),
        severity: AllergySeverity::Severe,
        status: AllergyStatus::Active,
        noted_on: None,
    }
}

pub fn lab_input() -> LabResultInput {
    LabResultInput {
        test: "Potassium".into(),
        value: "6.8".into(),
        unit: Some("mmol/L".into()),
        reference_low: Some("3.5".into()),
        reference_high: Some("5.0".into()),
        critical_low: Some("2.5".into()),
        critical_high: Some("6.5".into()),
        collected_on: None,
    }
}

pub fn condition_input() -> ConditionInput {
    ConditionInput {
        problem: "Type 2 diabetes".into(),
        code: Some("E11.9".into()),
        onset: None,
        status: ConditionStatus::Active,
        resolved_on: None,
    }
}

pub fn note_input() -> EncounterInput {
    EncounterInput {
        reason: "Sore throat".into(),
        subjective: Some("Three days of sore throat".into()),
        objective: Some("Red tonsils, no exudate".into()),
        assessment: Some("Viral pharyngitis".into()),
        plan: Some("Fluids, paracetamol".into()),
        diagnoses: vec![Diagnosis { code: Some("J02.9".into()), description: "Acute pharyngitis".into() }],
    }
}

pub fn prescription_input(medication: &str) -> PrescriptionInput {
    PrescriptionInput {
        medication: medication.into(),
        strength: Some("500 mg".into()),
        dose: "1 capsule".into(),
        route: Route::Oral,
        frequency: "three times a day".into(),
        duration_days: Some(7),
        quantity: Some(21),
        refills: 0,
        instructions: Some("Take with food".into()),
    }
}

pub fn service_input(round: usize) -> clinic_core::billing::ServiceInput {
    clinic_core::billing::ServiceInput {
        code: format!("CONS-{round}"),
        name: "Consultation".into(),
        price_minor: 4_500,
        tax_rate_bp: 0,
        active: true,
        appointment_type_id: None,
    }
}

pub fn invoice_draft(price_minor: i64) -> clinic_core::billing::InvoiceDraftInput {
    clinic_core::billing::InvoiceDraftInput {
        lines: vec![clinic_core::billing::InvoiceLineInput {
            service_id: None,
            description: "Consultation".into(),
            quantity: 1,
            unit_price_minor: price_minor,
            discount_bp: 0,
            tax_rate_bp: 0,
        }],
        notes: None,
        due_days: 30,
    }
}

pub fn cash(amount_minor: i64) -> clinic_core::billing::PaymentInput {
    clinic_core::billing::PaymentInput {
        amount_minor,
        method: clinic_core::billing::PaymentMethod::Cash,
        reference: None,
        received_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
    }
}

pub fn refund(amount_minor: i64) -> clinic_core::billing::RefundInput {
    clinic_core::billing::RefundInput {
        amount_minor,
        method: clinic_core::billing::PaymentMethod::Cash,
        reason: "Overcharged".into(),
        refunded_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
    }
}

pub fn policy_input() -> clinic_core::billing::InsurancePolicyInput {
    clinic_core::billing::InsurancePolicyInput {
        payer: "Helix Health".into(),
        member_id: "HX-1".into(),
        group_number: None,
        valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        valid_to: None,
    }
}

/// The text of a PDF, read back with poppler's `pdftotext -layout`.
pub fn pdftotext(path: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path, "-"])
        .output()
        .expect("pdftotext must be installed (Debian package poppler-utils; make test installs it)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 text")
}

/// keyring's mock store, installed once per test process (the one mock we accept).
pub fn use_mock_keychain() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store")));
}

/// Gives the state its installation id and keychain entries, as start-up does.
pub fn attach_sync(state: &AppState, dir: &std::path::Path) {
    use_mock_keychain();
    let keys = clinic_desk_lib::sync::service::SiteKeys { database: dir.join("clinic.db").display().to_string() };
    let mut store = state.store().expect("store");
    state.sync.attach(keys, &mut store).expect("attach sync");
}

impl Clinic {
    /// Sets up a clinic through the commands: first-run setup, then one account per role
    /// (each has changed its temporary password), then logs out.
    pub fn new() -> Clinic {
        let dir = tempfile::tempdir().expect("tempdir");
        let setup = SiteSetup { clinic_name: "Test".into(), site_name: "Desk".into(), site_code: "TST".into() };
        let store = Store::create(&dir.path().join("clinic.db"), &DatabaseKey::generate(), &setup).expect("store");
        let minutes = Arc::new(AtomicI64::new(0));
        let clock_minutes = minutes.clone();
        let clock = Arc::new(move || start() + Duration::seconds(clock_minutes.load(Ordering::SeqCst)));
        let mut state = AppState::with_clock(Ok(store), clock);
        state.export_dir = dir.path().to_path_buf();
        attach_sync(&state, dir.path());
        let admin_name = username(Role::Admin);
        commands::set_up_clinic(
            &state,
            ClinicSetupInput {
                clinic_name: "Riverside".into(),
                site_name: "Front desk".into(),
                site_code: "RIV".into(),
                username: admin_name.clone(),
                display_name: "Admin".into(),
                password: PASSWORD.into(),
            },
        )
        .expect("setup");
        let mut ids = Vec::new();
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            let input = NewUserInput {
                username: username(role),
                display_name: format!("{role:?}"),
                role: Some(role),
                password: "temporary passphrase".into(),
            };
            ids.push(commands::create_user(&state, input.clone()).expect("create user").id);
        }
        let victim = commands::create_user(
            &state,
            NewUserInput {
                username: "victim".into(),
                display_name: "V".into(),
                role: Some(Role::Nurse),
                password: PASSWORD.into(),
            },
        )
        .expect("victim")
        .id;
        let patient = commands::create_patient(&state, patient_input("Ada", "Okafor"));
        // The admin may not register patients; the front desk does it below.
        assert!(patient.is_err());
        commands::log_out(&state).expect("log out");
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            commands::log_in(&state, username(role), "temporary passphrase".into()).expect("first login");
            commands::change_own_password(&state, "temporary passphrase".into(), PASSWORD.into()).expect("change");
            commands::log_out(&state).expect("log out");
        }
        commands::log_in(&state, username(Role::FrontDesk), PASSWORD.into()).expect("desk login");
        let patient = commands::create_patient(&state, patient_input("Ada", "Okafor")).expect("patient").id;
        let other_patient = commands::create_patient(&state, patient_input("Bea", "Mensah")).expect("patient").id;
        let provider = commands::save_provider(&state, None, provider_input("Dr Lee")).expect("provider").id;
        let appointment =
            commands::book_appointment(&state, booking_input(&patient, &provider, "2026-12-01T14:00")).expect("appointment").id;
        commands::log_out(&state).expect("log out");
        Clinic { state, minutes, patient, other_patient, victim, provider, appointment, _dir: dir }
    }

    /// Moves the clock forward.
    pub fn advance_minutes(&self, minutes: i64) {
        self.minutes.fetch_add(minutes * 60, Ordering::SeqCst);
    }

    /// Logs `role`'s account in through the login command.
    pub fn log_in(&self, role: Role) -> clinic_desk_lib::session::SessionInfo {
        commands::log_in(&self.state, username(role), PASSWORD.into()).expect("login")
    }

    /// Starts a session for `role`'s account without the password check (its cost is tested
    /// elsewhere; the permission walk starts a fresh session for every command).
    pub fn resume(&self, role: Role) {
        let store = self.store();
        let user = store.list_users().expect("users").into_iter().find(|u| u.username == username(role)).expect("user");
        self.state.start_session(&store, user).expect("session");
    }

    /// The store, for checks.
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.state.store().expect("store")
    }

    /// The actor of `role`'s account.
    pub fn actor(&self, role: Role) -> Actor {
        let store = self.store();
        let user = store.list_users().expect("users").into_iter().find(|u| u.username == username(role)).expect("user");
        Actor { user_id: user.id, username: user.username, role }
    }
}
