//! Identifiers: UUIDv7, minted where a row is created so offline sites never collide, and one
//! type per kind of record so a patient's id cannot be passed where an invoice's is wanted.
//!
//! An id is parsed once, where it enters (a command's argument, a row read from the database),
//! and carried typed from there. On the wire and in the database it is the UUID's lower-case
//! hyphenated text; in TypeScript it is a `string` under the type's name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A new time-ordered UUIDv7, the primary key of every synced row.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Text that is not a UUID, offered as the id of `what` (no part of the text is kept, so the
/// message can go anywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {what} id")]
pub struct InvalidId {
    /// The kind of record, in the clinic's words ("patient", "visit note").
    pub what: &'static str,
}

/// A form's choice of a record: text, `null` or absent. Blank text means nothing was chosen
/// (none), so a form's "Choose a patient" is a field error its validation gives, not a parse
/// failure; other text must be an id. Used as
/// `#[serde(default, with = "crate::ids::blank_is_none")] #[ts(as = "Option<PatientId>")]`.
pub mod blank_is_none {
    use super::*;

    /// Writes the choice as the id or `null`.
    pub fn serialize<S: Serializer, T: Serialize>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads the choice: blank text or `null` is none.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr<Err = InvalidId>,
    {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        match text.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(id) => id.parse().map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// What every id type is: for code that stores or reads a record of any kind.
pub trait RecordId:
    Copy + Eq + std::hash::Hash + fmt::Debug + fmt::Display + FromStr<Err = InvalidId> + From<Uuid> + Serialize
{
    /// What the id names, in the clinic's words.
    const WHAT: &'static str;

    /// A new id, for a record being created now.
    fn mint() -> Self {
        Self::from(new_id())
    }
}

/// Declares an id type: a `Uuid` that knows what it names.
macro_rules! id_types {
    ($( $(#[doc = $doc:literal])* $name:ident => $what:literal; )*) => {$(
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS)]
        #[ts(export, type = "string")]
        pub struct $name(Uuid);

        impl $name {
            /// A new id, for a record being created now.
            pub fn new() -> Self {
                Self(new_id())
            }

            /// Parses the UUID text of an id.
            pub fn parse(text: &str) -> Result<Self, InvalidId> {
                Uuid::parse_str(text.trim()).map(Self).map_err(|_| InvalidId { what: $what })
            }

            /// The UUID underneath.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl RecordId for $name {
            const WHAT: &'static str = $what;
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(text: &str) -> Result<Self, InvalidId> {
                Self::parse(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0.hyphenated())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Our own message: serde's for a bad UUID quotes the offending character.
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

id_types! {
    /// A patient.
    PatientId => "patient";
    /// A staff account.
    UserId => "staff account";
    /// A bookable provider (a doctor, nurse or room).
    ProviderId => "provider";
    /// A provider's leave or extra session.
    ScheduleExceptionId => "leave or session";
    /// A kind of appointment ("New patient, 30 minutes").
    AppointmentTypeId => "appointment type";
    /// An appointment.
    AppointmentId => "appointment";
    /// The appointments booked together as one repeating series.
    SeriesId => "appointment series";
    /// A visit note.
    EncounterId => "visit note";
    /// An addendum to a signed visit note.
    AddendumId => "addendum";
    /// An entry on the problem list.
    ConditionId => "problem";
    /// A recorded allergy.
    AllergyId => "allergy";
    /// A prescription.
    PrescriptionId => "prescription";
    /// A vital-signs reading.
    VitalsId => "vital signs";
    /// A lab result.
    LabResultId => "lab result";
    /// An urgent lab result waiting for a clinician.
    ResultAlertId => "urgent result";
    /// A break-the-glass alert for admins.
    SecurityAlertId => "alert";
    /// A service on the fee schedule.
    ServiceId => "service";
    /// An invoice or a credit note.
    InvoiceId => "invoice";
    /// A payment or a refund.
    PaymentId => "payment";
    /// A patient's insurance policy.
    PolicyId => "insurance policy";
    /// An insurance claim.
    ClaimId => "claim";
}

/// A fixed id named by a label, so a test can write `test_id("p-1")` twice for one record. Ids
/// of labels up to 16 bytes sort as the labels do (the label's bytes, zero-padded).
#[cfg(test)]
pub(crate) fn test_id<T: From<Uuid>>(label: &str) -> T {
    let mut bytes = [0u8; 16];
    match label.as_bytes() {
        short if short.len() <= 16 => bytes[..short.len()].copy_from_slice(short),
        long => return Uuid::new_v5(&Uuid::NAMESPACE_OID, long).into(),
    }
    Uuid::from_bytes(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_ordered_by_creation() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b, "UUIDv7 made later must sort later");
    }

    #[test]
    fn an_id_travels_as_its_uuid_text() {
        let id = PatientId::new();
        let json = serde_json::to_string(&id).expect("serializes");
        assert_eq!(json, format!("\"{}\"", id.as_uuid().hyphenated()));
        assert_eq!(serde_json::from_str::<PatientId>(&json).expect("parses"), id);
        assert_eq!(id.to_string().parse::<PatientId>(), Ok(id));
    }

    #[test]
    fn text_that_is_not_an_id_is_refused_without_being_repeated() {
        let err = serde_json::from_str::<InvoiceId>("\"Ada Okafor\"").expect_err("not a UUID");
        assert!(err.to_string().contains("not a valid invoice id"), "{err}");
        assert!(!err.to_string().contains("Ada"), "{err}");
        assert_eq!(PatientId::parse("12"), Err(InvalidId { what: "patient" }));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Choice {
        #[serde(default, with = "blank_is_none")]
        provider: Option<ProviderId>,
    }

    #[test]
    fn a_blank_choice_is_no_choice_and_other_text_must_be_an_id() {
        let id = ProviderId::new();
        for (json, want) in [
            (r#"{}"#.to_string(), None),
            (r#"{"provider": null}"#.to_string(), None),
            (r#"{"provider": "  "}"#.to_string(), None),
            (format!(r#"{{"provider": " {id} "}}"#), Some(id)),
        ] {
            assert_eq!(serde_json::from_str::<Choice>(&json).expect("reads").provider, want, "{json}");
        }
        let err = serde_json::from_str::<Choice>(r#"{"provider": "Dr Ada"}"#).expect_err("not an id");
        assert!(err.to_string().contains("not a valid provider id"), "{err}");
    }
}
