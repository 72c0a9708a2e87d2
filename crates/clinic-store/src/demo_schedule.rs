//! The demo clinic's schedule: a few providers, appointment types and bookings for today and
//! tomorrow, made through the same calls as the front desk's, so every rule still applies.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use clinic_core::scheduling::time::to_local;
use clinic_core::scheduling::{AppointmentTypeInput, BookingInput, ProviderInput, SlotRequest, WeeklyHours};
use clinic_core::Actor;

use crate::{Store, StoreError};

const PROVIDERS: &[(&str, &str, &str, &str)] = &[
    ("Dr Amara Lee", "General practice", "#1c7ed6", "1"),
    ("Dr Tomas Berg", "Paediatrics", "#2f9e44", "2"),
    ("Nurse Ines Ruiz", "Nursing", "#e8590c", "Treatment room"),
];

const TYPES: &[(&str, u32, &str)] = &[
    ("Consultation", 15, "#1c7ed6"),
    ("Long consultation", 30, "#5f3dc4"),
    ("Vaccination", 10, "#2f9e44"),
    ("Follow-up", 15, "#868e96"),
];

const REASONS: &[&str] = &["Cough", "Check-up", "Blood pressure review", "Vaccination", "Back pain", "Test results", "Rash"];

fn weekdays(open: NaiveTime, lunch: NaiveTime, back: NaiveTime, close: NaiveTime) -> Vec<WeeklyHours> {
    (1..=5)
        .flat_map(|weekday| [WeeklyHours { weekday, start: open, end: lunch }, WeeklyHours { weekday, start: back, end: close }])
        .collect()
}

/// Adds the demo providers, appointment types and up to `bookings` appointments from `now` on,
/// each at the next free slot of a provider, for the given patients in turn.
pub fn seed_demo_schedule(
    store: &mut Store,
    actor: &Actor,
    patient_ids: &[clinic_core::ids::PatientId],
    bookings: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if !store.list_providers()?.is_empty() {
        return Ok(());
    }
    let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let hours = weekdays(at(8, 30), at(12, 30), at(13, 30), at(17, 30));
    let mut providers = Vec::new();
    for (name, specialty, colour, room) in PROVIDERS {
        let input = ProviderInput {
            user_id: None,
            display_name: (*name).into(),
            specialty: Some((*specialty).into()),
            colour: (*colour).into(),
            room: Some((*room).into()),
            active: true,
            weekly_hours: hours.clone(),
        };
        providers.push(store.save_provider(actor, None, &input)?.id);
    }
    let mut types = Vec::new();
    for (name, minutes, colour) in TYPES {
        let input =
            AppointmentTypeInput { name: (*name).into(), default_minutes: *minutes, colour: (*colour).into(), active: true };
        types.push(store.save_appointment_type(actor, None, &input)?);
    }
    let tz = store.clinic_time_zone()?;
    // Start from the next quarter hour, so the first bookings are later today.
    let mut from = to_local(now + Duration::minutes(15), tz);
    for (i, patient_id) in patient_ids.iter().take(bookings).enumerate() {
        let provider_id = &providers[i % providers.len()];
        let kind = &types[i % types.len()];
        let request = SlotRequest { provider_id: Some(*provider_id), specialty: None, from, minutes: kind.default_minutes };
        let Some(slot) = store.next_available_slot(&request)? else { continue };
        let booking = BookingInput {
            patient_id: Some(*patient_id),
            provider_id: Some(*provider_id),
            type_id: Some(kind.id),
            start: slot.start,
            minutes: kind.default_minutes,
            reason: Some(REASONS[i % REASONS.len()].into()),
            notes: None,
            walk_in: false,
        };
        // A demo patient already booked at that time is simply skipped.
        if store.book_appointment(actor, &booking, now).is_ok() && i % providers.len() == providers.len() - 1 {
            from = slot.start + Duration::minutes(20);
        }
    }
    Ok(())
}
