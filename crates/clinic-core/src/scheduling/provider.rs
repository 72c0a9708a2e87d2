//! Providers, their weekly hours and one-off exceptions, and appointment types: the wire shapes.

use crate::ids::{AppointmentTypeId, ProviderId, ScheduleExceptionId, UserId};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::{hhmm, opt_hhmm, ymd};

/// One working interval on one ISO weekday, in the clinic's wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeeklyHours {
    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    pub weekday: u32,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[serde(with = "hhmm")]
    #[ts(type = "string")]
    pub end: NaiveTime,
}

/// A doctor or nurse who sees patients, as the calendar shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Provider {
    pub id: ProviderId,
    /// The provider's staff account, if they have one.
    pub user_id: Option<UserId>,
    pub display_name: String,
    pub specialty: Option<String>,
    /// The calendar colour, `#rrggbb`.
    pub colour: String,
    pub room: Option<String>,
    /// Inactive providers keep their history but take no new bookings.
    pub active: bool,
    pub weekly_hours: Vec<WeeklyHours>,
}

/// A provider as an admin or the front desk enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProviderInput {
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<UserId>")]
    pub user_id: Option<UserId>,
    pub display_name: String,
    pub specialty: Option<String>,
    /// The calendar colour, `#rrggbb`.
    pub colour: String,
    pub room: Option<String>,
    pub active: bool,
    pub weekly_hours: Vec<WeeklyHours>,
}

impl From<Provider> for ProviderInput {
    /// A provider's details as an edit form starts from them (the store compares the two).
    fn from(p: Provider) -> Self {
        ProviderInput {
            user_id: p.user_id,
            display_name: p.display_name,
            specialty: p.specialty,
            colour: p.colour,
            room: p.room,
            active: p.active,
            weekly_hours: p.weekly_hours,
        }
    }
}

/// What a schedule exception does to the provider's hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExceptionKind {
    /// Whole days off, start to end date inclusive.
    Leave,
    /// An extra session on one date, added to that day's hours.
    Extra,
}

impl ExceptionKind {
    /// The stored code (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            ExceptionKind::Leave => "leave",
            ExceptionKind::Extra => "extra",
        }
    }

    /// The kind for a stored code.
    pub fn from_code(code: &str) -> Option<ExceptionKind> {
        [ExceptionKind::Leave, ExceptionKind::Extra].into_iter().find(|k| k.code() == code)
    }
}

/// A one-off change to a provider's weekly hours: leave or an extra session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleException {
    pub id: ScheduleExceptionId,
    pub provider_id: ProviderId,
    pub kind: ExceptionKind,
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub start_date: NaiveDate,
    /// The last day of leave (inclusive); the same as `startDate` for an extra session.
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub end_date: NaiveDate,
    /// An extra session's start; `null` for leave.
    #[serde(with = "opt_hhmm", default)]
    #[ts(type = "string | null")]
    pub start_time: Option<NaiveTime>,
    /// An extra session's end; `null` for leave.
    #[serde(with = "opt_hhmm", default)]
    #[ts(type = "string | null")]
    pub end_time: Option<NaiveTime>,
    pub reason: Option<String>,
}

/// Leave or an extra session as it is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleExceptionInput {
    /// Required: `null` (or blank) until one is chosen, which validation reports.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<ProviderId>")]
    pub provider_id: Option<ProviderId>,
    pub kind: ExceptionKind,
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub start_date: NaiveDate,
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub end_date: NaiveDate,
    #[serde(with = "opt_hhmm", default)]
    #[ts(type = "string | null")]
    pub start_time: Option<NaiveTime>,
    #[serde(with = "opt_hhmm", default)]
    #[ts(type = "string | null")]
    pub end_time: Option<NaiveTime>,
    pub reason: Option<String>,
}

/// A kind of visit with its usual length and calendar colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppointmentType {
    pub id: AppointmentTypeId,
    pub name: String,
    /// The length offered when booking, in minutes (5 to 720, in steps of 5).
    pub default_minutes: u32,
    /// The calendar colour, `#rrggbb`.
    pub colour: String,
    pub active: bool,
}

/// An appointment type as it is entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppointmentTypeInput {
    pub name: String,
    pub default_minutes: u32,
    pub colour: String,
    pub active: bool,
}

impl From<AppointmentType> for AppointmentTypeInput {
    /// A type's details as an edit form starts from them (the store compares the two).
    fn from(t: AppointmentType) -> Self {
        AppointmentTypeInput { name: t.name, default_minutes: t.default_minutes, colour: t.colour, active: t.active }
    }
}
