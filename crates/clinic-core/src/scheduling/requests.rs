//! Checks of what the front desk types into a booking or a slot search, before any rule runs.

use super::appointment::{BookingInput, SlotRequest};
use super::hours::{MAX_MINUTES, MIN_MINUTES};
use crate::validation::{Collector, ValidationErrors};

/// The longest reason a booking keeps (a line, not a note).
const MAX_REASON_CHARS: usize = 200;
/// The longest booking note.
const MAX_NOTES_CHARS: usize = 2000;

fn check_minutes(c: &mut Collector, minutes: u32) {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        c.add("minutes", format!("An appointment lasts {MIN_MINUTES} to {MAX_MINUTES} minutes"));
    }
}

/// A reference the form must have chosen.
pub(crate) fn required_id<T>(c: &mut Collector, field: &str, value: Option<T>, what: &str) -> Option<T> {
    if value.is_none() {
        c.add(field, format!("Choose {what}"));
    }
    value
}

impl BookingInput {
    /// Returns the booking with ids trimmed and blank texts as none, or every field's problem.
    pub fn validate(&self) -> Result<BookingInput, ValidationErrors> {
        let mut c = Collector::default();
        let patient_id = required_id(&mut c, "patientId", self.patient_id, "a patient");
        let provider_id = required_id(&mut c, "providerId", self.provider_id, "a provider");
        check_minutes(&mut c, self.minutes);
        let reason = self.reason.as_deref().and_then(|r| c.text("reason", r, false, MAX_REASON_CHARS));
        let notes = self.notes.as_deref().and_then(|n| c.text("notes", n, false, MAX_NOTES_CHARS));
        c.finish(BookingInput { patient_id, provider_id, reason, notes, ..self.clone() })
    }
}

impl SlotRequest {
    /// Returns the request with blank fields as none, or every field's problem.
    pub fn validate(&self) -> Result<SlotRequest, ValidationErrors> {
        let mut c = Collector::default();
        let provider_id = self.provider_id;
        let specialty = self.specialty.as_deref().and_then(|s| c.text("specialty", s, false, 100));
        if provider_id.is_none() && specialty.is_none() {
            c.add("providerId", "Choose a provider or a specialty");
        }
        check_minutes(&mut c, self.minutes);
        c.finish(SlotRequest { provider_id, specialty, ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{test_id, PatientId};
    use crate::scheduling::test_support::local;

    fn booking() -> BookingInput {
        BookingInput {
            patient_id: Some(test_id("p-1")),
            provider_id: Some(test_id("d-1")),
            type_id: None,
            start: local("2026-12-01T10:00"),
            minutes: 30,
            reason: Some("  Cough ".into()),
            notes: Some("".into()),
            walk_in: false,
        }
    }

    #[test]
    fn a_good_booking_is_tidied() {
        let b = booking().validate().expect("valid");
        assert_eq!((b.patient_id, b.type_id, b.reason.as_deref(), b.notes), (Some(test_id("p-1")), None, Some("Cough"), None));
        let mut typed = serde_json::to_value(booking()).expect("json");
        typed["patientId"] = format!(" {} ", test_id::<PatientId>("p-1")).into();
        typed["typeId"] = "  ".into();
        let read: BookingInput = serde_json::from_value(typed).expect("reads");
        assert_eq!((read.patient_id, read.type_id), (Some(test_id("p-1")), None), "ids are trimmed, a blank type is none");
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = BookingInput { patient_id: None, provider_id: None, minutes: 4, ..booking() };
        let errors = bad.validate().expect_err("invalid");
        for field in ["patientId", "providerId", "minutes"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors}");
        }
        let long = BookingInput { reason: Some("x".repeat(201)), minutes: 721, ..booking() };
        let errors = long.validate().expect_err("invalid");
        assert!(errors.for_field("reason").is_some() && errors.for_field("minutes").is_some());
    }

    #[test]
    fn a_slot_search_needs_a_provider_or_a_specialty() {
        let request =
            SlotRequest { provider_id: None, specialty: Some(" ".into()), from: local("2026-12-01T09:00"), minutes: 30 };
        assert!(request.validate().expect_err("neither").for_field("providerId").is_some());
        let by_specialty = SlotRequest { specialty: Some("Paediatrics".into()), ..request };
        assert_eq!(by_specialty.validate().expect("valid").specialty.as_deref(), Some("Paediatrics"));
    }
}
