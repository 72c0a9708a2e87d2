//! The patient: demographics, contact, emergency contact, insurance, and their validation.

use crate::ids::PatientId;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validation::{Collector, ValidationErrors};

/// Administrative sex as recorded at registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    /// The code stored in the database and sent over the wire.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
            Sex::Unknown => "unknown",
        }
    }

    /// The sex for a stored code.
    pub fn from_code(code: &str) -> Option<Sex> {
        [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown].into_iter().find(|s| s.code() == code)
    }
}

/// ABO and Rh blood group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum BloodGroup {
    #[serde(rename = "A+")]
    APos,
    #[serde(rename = "A-")]
    ANeg,
    #[serde(rename = "B+")]
    BPos,
    #[serde(rename = "B-")]
    BNeg,
    #[serde(rename = "AB+")]
    AbPos,
    #[serde(rename = "AB-")]
    AbNeg,
    #[serde(rename = "O+")]
    OPos,
    #[serde(rename = "O-")]
    ONeg,
}

impl BloodGroup {
    /// Every blood group, in the usual order.
    pub const ALL: [BloodGroup; 8] = [
        BloodGroup::APos,
        BloodGroup::ANeg,
        BloodGroup::BPos,
        BloodGroup::BNeg,
        BloodGroup::AbPos,
        BloodGroup::AbNeg,
        BloodGroup::OPos,
        BloodGroup::ONeg,
    ];

    /// The printed form, also the stored code ("AB-").
    pub fn code(self) -> &'static str {
        match self {
            BloodGroup::APos => "A+",
            BloodGroup::ANeg => "A-",
            BloodGroup::BPos => "B+",
            BloodGroup::BNeg => "B-",
            BloodGroup::AbPos => "AB+",
            BloodGroup::AbNeg => "AB-",
            BloodGroup::OPos => "O+",
            BloodGroup::ONeg => "O-",
        }
    }

    /// The blood group for a stored code.
    pub fn from_code(code: &str) -> Option<BloodGroup> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// What the registration and edit forms send: every text as typed, empty meaning "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientInput {
    pub given_name: String,
    pub middle_name: String,
    pub family_name: String,
    pub preferred_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    pub sex: Option<Sex>,
    pub phone: String,
    pub email: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub blood_group: Option<BloodGroup>,
    pub emergency_contact_name: String,
    pub emergency_contact_relationship: String,
    pub emergency_contact_phone: String,
    pub insurance_provider: String,
    pub insurance_policy_number: String,
    pub insurance_group_number: String,
    pub notes: String,
}

/// A patient's validated, normalised details: what is stored and synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientDetails {
    pub given_name: String,
    pub middle_name: Option<String>,
    pub family_name: String,
    pub preferred_name: Option<String>,
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub blood_group: Option<BloodGroup>,
    pub emergency_contact_name: Option<String>,
    pub emergency_contact_relationship: Option<String>,
    pub emergency_contact_phone: Option<String>,
    pub insurance_provider: Option<String>,
    pub insurance_policy_number: Option<String>,
    pub insurance_group_number: Option<String>,
    pub notes: Option<String>,
}

/// A registered patient: identity, details and bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Patient {
    #[ts(type = "string")]
    pub id: PatientId,
    /// Medical record number, unique across sites: `<SITE-CODE>-<NNNNNN>`.
    pub mrn: String,
    #[serde(flatten)]
    pub details: PatientDetails,
    /// The site where the patient was registered.
    pub site_id: String,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// When the record was archived (a tombstone: nothing is deleted).
    #[ts(type = "string | null")]
    pub archived_at: Option<DateTime<Utc>>,
}

/// One line of a patient list or search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientSummary {
    #[ts(type = "string")]
    pub id: PatientId,
    pub mrn: String,
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    #[ts(type = "string")]
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub archived: bool,
}

const NAME_MAX: usize = 100;
const LINE_MAX: usize = 200;
const SHORT_MAX: usize = 100;
const POSTAL_MAX: usize = 20;
const PHONE_MAX: usize = 32;
const EMAIL_MAX: usize = 254;
const NOTES_MAX: usize = 4_000;
/// Nobody alive was born more than this many years ago: older dates are typing mistakes.
const MAX_AGE_YEARS: u32 = 130;

impl PatientInput {
    /// Checks every field and returns the normalised details, or every problem found.
    /// `today` is the clinic's current date (the caller owns the clock).
    pub fn validate(&self, today: NaiveDate) -> Result<PatientDetails, ValidationErrors> {
        let mut c = Collector::default();
        let given_name = c.text("givenName", &self.given_name, true, NAME_MAX);
        let middle_name = c.text("middleName", &self.middle_name, false, NAME_MAX);
        let family_name = c.text("familyName", &self.family_name, true, NAME_MAX);
        let preferred_name = c.text("preferredName", &self.preferred_name, false, NAME_MAX);
        let date_of_birth = validate_date_of_birth(&mut c, &self.date_of_birth, today);
        if self.sex.is_none() {
            c.add("sex", "Choose the patient's sex (Unknown is allowed)");
        }
        let phone = validate_phone(&mut c, "phone", &self.phone);
        let email = validate_email(&mut c, &self.email);
        let emergency_contact_phone = validate_phone(&mut c, "emergencyContactPhone", &self.emergency_contact_phone);
        let details = PatientDetails {
            given_name: given_name.unwrap_or_default(),
            middle_name,
            family_name: family_name.unwrap_or_default(),
            preferred_name,
            date_of_birth: date_of_birth.unwrap_or_default(),
            sex: self.sex.unwrap_or(Sex::Unknown),
            phone,
            email,
            address_line1: c.text("addressLine1", &self.address_line1, false, LINE_MAX),
            address_line2: c.text("addressLine2", &self.address_line2, false, LINE_MAX),
            city: c.text("city", &self.city, false, SHORT_MAX),
            region: c.text("region", &self.region, false, SHORT_MAX),
            postal_code: c.text("postalCode", &self.postal_code, false, POSTAL_MAX),
            country: c.text("country", &self.country, false, SHORT_MAX),
            blood_group: self.blood_group,
            emergency_contact_name: c.text("emergencyContactName", &self.emergency_contact_name, false, NAME_MAX),
            emergency_contact_relationship: c.text(
                "emergencyContactRelationship",
                &self.emergency_contact_relationship,
                false,
                SHORT_MAX,
            ),
            emergency_contact_phone,
            insurance_provider: c.text("insuranceProvider", &self.insurance_provider, false, SHORT_MAX),
            insurance_policy_number: c.text("insurancePolicyNumber", &self.insurance_policy_number, false, SHORT_MAX),
            insurance_group_number: c.text("insuranceGroupNumber", &self.insurance_group_number, false, SHORT_MAX),
            notes: c.text("notes", &self.notes, false, NOTES_MAX),
        };
        c.finish(details)
    }
}

impl From<&PatientDetails> for PatientInput {
    fn from(d: &PatientDetails) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PatientInput {
            given_name: d.given_name.clone(),
            middle_name: s(&d.middle_name),
            family_name: d.family_name.clone(),
            preferred_name: s(&d.preferred_name),
            date_of_birth: d.date_of_birth.format("%Y-%m-%d").to_string(),
            sex: Some(d.sex),
            phone: s(&d.phone),
            email: s(&d.email),
            address_line1: s(&d.address_line1),
            address_line2: s(&d.address_line2),
            city: s(&d.city),
            region: s(&d.region),
            postal_code: s(&d.postal_code),
            country: s(&d.country),
            blood_group: d.blood_group,
            emergency_contact_name: s(&d.emergency_contact_name),
            emergency_contact_relationship: s(&d.emergency_contact_relationship),
            emergency_contact_phone: s(&d.emergency_contact_phone),
            insurance_provider: s(&d.insurance_provider),
            insurance_policy_number: s(&d.insurance_policy_number),
            insurance_group_number: s(&d.insurance_group_number),
            notes: s(&d.notes),
        }
    }
}

impl PatientDetails {
    /// Every stored column of the details with its value as text, in schema order.
    /// The store writes rows and records field-level changes from this one list.
    pub fn columns(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("given_name", Some(self.given_name.clone())),
            ("middle_name", self.middle_name.clone()),
            ("family_name", Some(self.family_name.clone())),
            ("preferred_name", self.preferred_name.clone()),
            ("date_of_birth", Some(self.date_of_birth.format("%Y-%m-%d").to_string())),
            ("sex", Some(self.sex.code().to_string())),
            ("phone", self.phone.clone()),
            ("email", self.email.clone()),
            ("address_line1", self.address_line1.clone()),
            ("address_line2", self.address_line2.clone()),
            ("city", self.city.clone()),
            ("region", self.region.clone()),
            ("postal_code", self.postal_code.clone()),
            ("country", self.country.clone()),
            ("blood_group", self.blood_group.map(|b| b.code().to_string())),
            ("emergency_contact_name", self.emergency_contact_name.clone()),
            ("emergency_contact_relationship", self.emergency_contact_relationship.clone()),
            ("emergency_contact_phone", self.emergency_contact_phone.clone()),
            ("insurance_provider", self.insurance_provider.clone()),
            ("insurance_policy_number", self.insurance_policy_number.clone()),
            ("insurance_group_number", self.insurance_group_number.clone()),
            ("notes", self.notes.clone()),
        ]
    }

    /// The name as it is said: preferred or given name, then family name.
    pub fn display_name(&self) -> String {
        let first = self.preferred_name.as_deref().unwrap_or(&self.given_name);
        format!("{first} {}", self.family_name)
    }
}

fn validate_date_of_birth(c: &mut Collector, value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let field = "dateOfBirth";
    let text = c.text(field, value, true, 10)?;
    let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") else {
        c.add(field, "Enter the date as YYYY-MM-DD, for example 1984-03-27");
        return None;
    };
    if date > today {
        c.add(field, "The date of birth cannot be in the future");
    } else if today.checked_sub_months(Months::new(12 * MAX_AGE_YEARS)).is_some_and(|oldest| date < oldest) {
        c.add(field, format!("The date of birth is more than {MAX_AGE_YEARS} years ago: check the year"));
    }
    Some(date)
}

/// Accepts the ways people write phone numbers (spaces, dashes, dots, brackets, a leading +)
/// with 7 to 15 digits, the E.164 maximum.
fn validate_phone(c: &mut Collector, field: &str, value: &str) -> Option<String> {
    let text = c.text(field, value, false, PHONE_MAX)?;
    let allowed = |(i, ch): (usize, char)| ch.is_ascii_digit() || " -().".contains(ch) || (ch == '+' && i == 0);
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !text.chars().enumerate().all(allowed) {
        c.add(field, "Use only digits, spaces, dashes, brackets and a leading +");
    } else if !(7..=15).contains(&digits) {
        c.add(field, format!("A phone number has 7 to 15 digits (this has {digits})"));
    }
    Some(text)
}

fn validate_email(c: &mut Collector, value: &str) -> Option<String> {
    let field = "email";
    let text = c.text(field, value, false, EMAIL_MAX)?;
    let domain_has_dot = text.rsplit_once('@').is_some_and(|(_, d)| d.contains('.') && !d.ends_with('.'));
    if !email_address::EmailAddress::is_valid(&text) || !domain_has_dot {
        c.add(field, "Enter a valid email address, like name@example.com");
    }
    Some(text)
}

#[cfg(test)]
mod tests;
