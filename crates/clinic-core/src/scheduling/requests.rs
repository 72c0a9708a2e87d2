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

fn required_id(c: &mut Collector, field: &str, value: &str, what: &str) -> String {
    let id = value.trim().to_string();
    if id.is_empty() {
        c.add(field, format!("Choose {what}"));
    }
    id
}

impl BookingInput {
    /// Returns the booking with ids trimmed and blank texts as none, or every field's problem.
    pub fn validate(&self) -> Result<BookingInput, ValidationErrors> {
        let mut c = Collector::default();
        let patient_id = required_id(&mut c, "patientId", &self.patient_id, "a patient");
        let provider_id = required_id(&mut c, "providerId", &self.provider_id, "a provider");
        check_minutes(&mut c, self.minutes);
        let reason = self.reason.as_deref().and_then(|r| c.text("reason", r, false, MAX_REASON_CHARS));
        let notes = self.notes.as_deref().and_then(|n| c.text("notes", n, false, MAX_NOTES_CHARS));
        let type_id = self.type_id.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        c.finish(BookingInput { patient_id, provider_id, type_id, reason, notes, ..self.clone() })
    }
}

impl SlotRequest {
    /// Returns the request with blank fields as none, or every field's problem.
    pub fn validate(&self) -> Result<SlotRequest, ValidationErrors> {
        let mut c = Collector::default();
        let provider_id = self.provider_id.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
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
    use crate::scheduling::test_support::local;

    fn booking() -> BookingInput {
        BookingInput {
            patient_id: " p-1 ".into(),
            provider_id: "d-1".into(),
            type_id: Some("  ".into()),
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
        assert_eq!((b.patient_id.as_str(), b.type_id, b.reason.as_deref(), b.notes), ("p-1", None, Some("Cough"), None));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = BookingInput { patient_id: " ".into(), provider_id: "".into(), minutes: 4, ..booking() };
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
