//! Double bookings that only show after a merge (docs/decisions.md §5): two sites booked one provider
//! at overlapping times while apart. Both bookings are kept; the pair is listed for the front
//! desk until one is moved or cancelled, or someone decides both stand.

use crate::ids::{AppointmentId, PatientId, ProviderId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::AppointmentStatus;

/// One side of a double booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConflictSide {
    pub appointment_id: AppointmentId,
    pub patient_id: PatientId,
    /// The patient's name, or `None` when their record has not arrived here yet.
    pub patient_name: Option<String>,
    pub mrn: Option<String>,
    /// Start on the clinic's wall clock, `YYYY-MM-DDTHH:MM` (as `Appointment.start`).
    pub start: String,
    /// End on the clinic's wall clock, `YYYY-MM-DDTHH:MM` (as `Appointment.end`).
    pub end: String,
    pub status: AppointmentStatus,
    /// The site where it was booked.
    pub booked_at_site: String,
}

/// Two overlapping bookings of one provider, found when a pull brought one of them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BookingConflict {
    /// Identifies the pair: the two appointment ids, in order, joined by `+`.
    pub id: String,
    pub provider_id: ProviderId,
    pub provider_name: Option<String>,
    pub first: ConflictSide,
    pub second: ConflictSide,
    /// When this site noticed it (UTC, RFC 3339).
    pub detected_at: String,
}

/// How the front desk settles a double booking. Moving one of the two is done with the usual
/// reschedule, after which the pair no longer overlaps and leaves the list by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictResolution {
    /// Cancel one of the two, with the reason the patient will be told.
    Cancel {
        #[serde(rename = "appointmentId")]
        appointment_id: AppointmentId,
        reason: String,
    },
    /// Both stand (say, a short review squeezed in on purpose); the note says why.
    KeepBoth { note: String },
}

/// The pair's id: the same at every site whichever booking arrived first.
pub fn conflict_id(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}+{b}")
    } else {
        format!("{b}+{a}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_id_does_not_depend_on_order() {
        assert_eq!(conflict_id("b", "a"), "a+b");
        assert_eq!(conflict_id("a", "b"), "a+b");
    }

    #[test]
    fn resolutions_read_from_the_ui() {
        let r: ConflictResolution = serde_json::from_str(
            r#"{"kind":"cancel","appointmentId":"0190b7c4-0000-7000-8000-000000000001","reason":"booked twice"}"#,
        )
        .unwrap();
        let appointment_id = "0190b7c4-0000-7000-8000-000000000001".parse().unwrap();
        assert_eq!(r, ConflictResolution::Cancel { appointment_id, reason: "booked twice".into() });
        let r: ConflictResolution = serde_json::from_str(r#"{"kind":"keep_both","note":"short review"}"#).unwrap();
        assert_eq!(r, ConflictResolution::KeepBoth { note: "short review".into() });
    }
}
