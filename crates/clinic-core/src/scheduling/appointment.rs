//! Appointments, booking forms, the calendar, slots and reminders: the wire shapes.

use crate::ids::{AppointmentId, AppointmentTypeId, PatientId, ProviderId, SeriesId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::provider::Provider;
use super::status::AppointmentStatus;
use super::wire::{local_minute, opt_ymd, ymd};

/// A booked visit, with the names the calendar and queue show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Appointment {
    pub id: AppointmentId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub patient_mrn: String,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub type_id: Option<AppointmentTypeId>,
    pub type_name: Option<String>,
    /// Start on the clinic's wall clock, `YYYY-MM-DDTHH:MM`.
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    /// End on the clinic's wall clock, `YYYY-MM-DDTHH:MM`.
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub end: NaiveDateTime,
    #[ts(type = "string")]
    pub start_utc: DateTime<Utc>,
    #[ts(type = "string")]
    pub end_utc: DateTime<Utc>,
    pub reason: Option<String>,
    pub notes: Option<String>,
    pub status: AppointmentStatus,
    pub cancel_reason: Option<String>,
    /// Shared by the occurrences of a recurring series.
    pub series_id: Option<SeriesId>,
    #[ts(type = "string | null")]
    pub checked_in_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub reminded_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub site_id: String,
    /// A double booking that only showed after a sync merge, for the front desk to sort out.
    pub conflict: bool,
}

/// A booking as the front desk enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BookingInput {
    /// Required: `null` (or blank) until the desk chooses one, which validation reports.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<PatientId>")]
    pub patient_id: Option<PatientId>,
    /// Required, as the patient is.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<ProviderId>")]
    pub provider_id: Option<ProviderId>,
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<AppointmentTypeId>")]
    pub type_id: Option<AppointmentTypeId>,
    /// Start on the clinic's wall clock, `YYYY-MM-DDTHH:MM`.
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    pub minutes: u32,
    pub reason: Option<String>,
    pub notes: Option<String>,
    /// A patient who walked in: the start may be up to 15 minutes ago.
    pub walk_in: bool,
}

/// A new time (and possibly provider) for a scheduled appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RescheduleInput {
    /// Required: `null` (or blank) until one is chosen, which validation reports.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<ProviderId>")]
    pub provider_id: Option<ProviderId>,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    pub minutes: u32,
}

/// How a booking repeats: every N weeks, until a date or for a count (exactly one of the two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Recurrence {
    pub every_weeks: u32,
    /// The last date an occurrence may fall on (inclusive).
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
    /// How many appointments, the first included.
    pub count: Option<u32>,
}

/// One occurrence of a previewed series and what stands in its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OccurrenceCheck {
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub end: NaiveDateTime,
    /// Each booking rule it breaks, in plain words; empty when it can be booked.
    pub problems: Vec<String>,
}

/// A recurring series checked before booking: nothing is saved unless every occurrence is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SeriesPreview {
    pub occurrences: Vec<OccurrenceCheck>,
    /// True when no occurrence has a problem.
    pub bookable: bool,
}

/// A stretch of a provider's working time on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkingInterval {
    pub provider_id: ProviderId,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub end: NaiveDateTime,
}

/// What the day and week views draw: providers, their working time and appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalendarView {
    /// The first day shown.
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// How many days are shown (1 to 7).
    pub days: u32,
    /// The clinic's IANA time zone, in which every local time here is given.
    pub time_zone: String,
    pub providers: Vec<Provider>,
    pub working: Vec<WorkingInterval>,
    pub appointments: Vec<Appointment>,
}

/// A search for the next free time: one provider, or every active provider of a specialty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SlotRequest {
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<ProviderId>")]
    pub provider_id: Option<ProviderId>,
    pub specialty: Option<String>,
    /// The earliest start wanted, on the clinic's wall clock.
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub from: NaiveDateTime,
    pub minutes: u32,
}

/// A free time found for a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Slot {
    pub provider_id: ProviderId,
    pub provider_name: String,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub start: NaiveDateTime,
    #[serde(with = "local_minute")]
    #[ts(type = "string")]
    pub end: NaiveDateTime,
}

/// Tomorrow's appointment with the ways to reach the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReminderItem {
    pub appointment: Appointment,
    pub phone: Option<String>,
    pub email: Option<String>,
}
