//! Clinic data the sync tests write through the store's real API.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use clinic_core::billing::{Currency, InvoiceDraftInput, InvoiceLineInput, PaymentInput, PaymentMethod};
use clinic_core::ids::{AppointmentId, InvoiceId, PatientId, ProviderId, UserId};
use clinic_core::scheduling::{BookingInput, ProviderInput, WeeklyHours};
use clinic_core::{Actor, Role};
use clinic_store::Store;

use super::harness::{patient, today};

/// A provider who works Monday to Friday, 08:00 to 18:00 (UTC, the default clinic time zone).
pub fn provider(name: &str) -> ProviderInput {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").expect("time");
    ProviderInput {
        user_id: None,
        display_name: name.into(),
        specialty: Some("General practice".into()),
        colour: "#3366aa".into(),
        room: None,
        active: true,
        weekly_hours: (1..=5).map(|weekday| WeeklyHours { weekday, start: t("08:00"), end: t("18:00") }).collect(),
    }
}

/// The next Monday after today at `hh:mm`, on the clinic's wall clock.
pub fn next_monday_at(hh: u32, mm: u32) -> NaiveDateTime {
    let mut day: NaiveDate = today() + Duration::days(1);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day.and_hms_opt(hh, mm, 0).expect("time")
}

pub fn booking(patient_id: &PatientId, provider_id: &ProviderId, start: NaiveDateTime, minutes: u32) -> BookingInput {
    BookingInput {
        patient_id: Some(*patient_id),
        provider_id: Some(*provider_id),
        type_id: None,
        start,
        minutes,
        reason: Some("Check-up".into()),
        notes: None,
        walk_in: false,
    }
}

/// Registers a patient; returns the id.
pub fn register(store: &mut Store, actor: &Actor, given: &str, family: &str) -> PatientId {
    store.create_patient(actor, &patient(given, family), today()).expect("register").id
}

/// Books an appointment; returns its id.
pub fn book(store: &mut Store, actor: &Actor, patient: &PatientId, provider: &ProviderId, start: NaiveDateTime) -> AppointmentId {
    store.book_appointment(actor, &booking(patient, provider, start, 30), Utc::now()).expect("book").id
}

/// Issues a one-line invoice for `amount_minor` and returns (id, number).
pub fn issue_invoice(store: &mut Store, actor: &Actor, patient: &PatientId, amount_minor: i64) -> (InvoiceId, String) {
    let line = InvoiceLineInput {
        service_id: None,
        description: "Consultation".into(),
        quantity: 1,
        unit_price_minor: amount_minor,
        discount_bp: 0,
        tax_rate_bp: 0,
    };
    let draft = InvoiceDraftInput { lines: vec![line], notes: None, due_days: 14 };
    let eur = Currency::parse("EUR").expect("currency");
    let invoice = store.create_invoice(actor, patient, None, &draft, &eur).expect("draft");
    let issued = store.issue_invoice(actor, &invoice.id, today()).expect("issue");
    (issued.id, issued.number.clone().expect("numbered"))
}

pub fn pay(store: &mut Store, actor: &Actor, invoice: &InvoiceId, amount_minor: i64) {
    let payment = PaymentInput { amount_minor, method: PaymentMethod::Cash, reference: None, received_on: today() };
    store.take_payment(actor, invoice, &payment, today()).expect("payment");
}

/// Creates a nurse account; returns its id.
pub fn nurse(store: &mut Store, admin: &Actor, username: &str) -> UserId {
    account(store, admin, username, Role::Nurse)
}

/// Creates an account with `role`; returns its id.
pub fn account(store: &mut Store, admin: &Actor, username: &str, role: Role) -> UserId {
    let user = clinic_core::NewUserInput {
        username: username.into(),
        display_name: format!("{username} {}", role.code()),
        role: Some(role),
        password: "plum tree harbour".into(),
    }
    .validate()
    .expect("user");
    store.create_user(admin, &user).expect("create user").id
}
