//! Reading the diary: the calendar, today's queue, reminders, a patient's appointments and the
//! next free slot.

use clinic_core::ids::{AppointmentId, PatientId, ProviderId};
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use clinic_core::scheduling::hours::{within_opening_hours, working_intervals};
use clinic_core::scheduling::slots::{next_free_slot, ProviderDiary, SLOT_HORIZON_DAYS};
use clinic_core::scheduling::{
    Appointment, CalendarView, Provider, ReminderItem, ScheduleException, Slot, SlotRequest, WeeklyHours, WorkingInterval,
};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row};

use super::rows::{appointment_from_row, exception_from_row, flag_double_bookings, APPOINTMENT_SELECT, EXCEPTION_COLUMNS};
use super::{day_bounds, longest_appointment, utc_text, ClinicClock};
use crate::{Store, StoreError};

/// How many days of diaries the next-available search reads at a time.
const SEARCH_WINDOW_DAYS: u32 = 7;
/// The most days one calendar read covers (a week view).
const MAX_CALENDAR_DAYS: u32 = 7;
/// The most providers one day view shows side by side.
const MAX_CALENDAR_PROVIDERS: usize = 50;
/// The most past and future appointments a patient's history lists.
const PATIENT_HISTORY_LIMIT: u32 = 500;

impl Store {
    /// The calendar for `days` clinic days from `from`: the chosen providers (all active ones
    /// when none are named), their working intervals and their appointments; audited.
    pub fn calendar(
        &mut self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
        provider_ids: Option<&[ProviderId]>,
    ) -> Result<CalendarView, StoreError> {
        if !(1..=MAX_CALENDAR_DAYS).contains(&days) {
            return Err(StoreError::field("days", "Show 1 to 7 days"));
        }
        let clock = self.clinic_clock()?;
        let tz = clock.tz;
        let providers: Vec<Provider> = match provider_ids {
            Some(ids) => ids.iter().map(|id| self.get_provider(id)).collect::<Result<_, _>>()?,
            None => self.list_providers()?.into_iter().filter(|p| p.active).collect(),
        };
        if providers.len() > MAX_CALENDAR_PROVIDERS {
            return Err(StoreError::field("providerIds", "Show at most 50 providers side by side"));
        }
        let last = from + Duration::days(i64::from(days) - 1);
        let mut working = Vec::new();
        for provider in &providers {
            let exceptions = self.exceptions_between(&provider.id, from, last)?;
            for offset in 0..days {
                let date = from + Duration::days(i64::from(offset));
                for (start, end) in
                    working_intervals(date, &within_opening_hours(&provider.weekly_hours, &clock.opening_hours), &exceptions)
                {
                    working.push(WorkingInterval {
                        provider_id: provider.id,
                        start: date.and_time(start),
                        end: date.and_time(end),
                    });
                }
            }
        }
        let (start, end) = day_bounds(from, days, tz);
        let ids: Vec<ProviderId> = providers.iter().map(|p| p.id).collect();
        let mut appointments = self.appointments_of_providers(&ids, start, end, tz)?;
        flag_double_bookings(&mut appointments);
        self.audit(
            &AuditRecord::new(Some(actor), AuditAction::AppointmentsViewed)
                .detail(format!("calendar {from}, {days} day(s), {} provider(s)", providers.len())),
        )?;
        Ok(CalendarView { from, days, time_zone: tz.name().to_string(), providers, working, appointments })
    }

    /// Every appointment of the clinic day `date`, all providers, by start time; audited.
    pub fn day_queue(&mut self, actor: &Actor, date: NaiveDate) -> Result<Vec<Appointment>, StoreError> {
        let tz = self.clinic_time_zone()?;
        let (start, end) = day_bounds(date, 1, tz);
        let mut appointments = self.appointments_starting(start, end, None, tz)?;
        flag_double_bookings(&mut appointments);
        self.audit(&AuditRecord::new(Some(actor), AuditAction::AppointmentsViewed).detail(format!("queue {date}")))?;
        Ok(appointments)
    }

    /// The scheduled appointments of the clinic day `date`, with how to reach each patient; audited.
    pub fn reminders_for(&mut self, actor: &Actor, date: NaiveDate) -> Result<Vec<ReminderItem>, StoreError> {
        let tz = self.clinic_time_zone()?;
        let (start, end) = day_bounds(date, 1, tz);
        let appointments = self.appointments_starting(start, end, Some("scheduled"), tz)?;
        // How to reach each patient, read in one pass over the same day.
        let contacts: HashMap<AppointmentId, (Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT a.id, p.phone, p.email FROM appointment a JOIN patient p ON p.id = a.patient_id
                 WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.deleted_at IS NULL AND a.status = 'scheduled'",
            )?
            .query_map(rusqlite::params![utc_text(start), utc_text(end)], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        let items: Vec<ReminderItem> = appointments
            .into_iter()
            .map(|appointment| {
                let (phone, email) = contacts.get(&appointment.id).cloned().unwrap_or((None, None));
                ReminderItem { appointment, phone, email }
            })
            .collect();
        self.audit(&AuditRecord::new(Some(actor), AuditAction::AppointmentsViewed).detail(format!("reminders {date}")))?;
        Ok(items)
    }

    /// A patient's appointments, newest first; audited.
    pub fn patient_appointments(&mut self, actor: &Actor, patient_id: &PatientId) -> Result<Vec<Appointment>, StoreError> {
        self.get_patient(patient_id)?;
        let tz = self.clinic_time_zone()?;
        let appointments = self
            .conn
            .prepare_cached(&format!(
                "{APPOINTMENT_SELECT} WHERE a.patient_id = ?1 AND a.deleted_at IS NULL ORDER BY a.starts_at DESC LIMIT ?2"
            ))?
            .query_map(rusqlite::params![patient_id, PATIENT_HISTORY_LIMIT], |r| appointment_from_row(r, tz))?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        self.audit(&AuditRecord::new(Some(actor), AuditAction::AppointmentsViewed).patient(patient_id).detail("history"))?;
        Ok(appointments)
    }

    /// The earliest free slot for one provider or any active provider of a specialty.
    pub fn next_available_slot(&self, request: &SlotRequest) -> Result<Option<Slot>, StoreError> {
        let request = request.validate()?;
        let clock = self.clinic_clock()?;
        let providers: Vec<Provider> = match (&request.provider_id, &request.specialty) {
            (Some(id), _) => vec![self.get_provider(id).map_err(|_| StoreError::field("providerId", "Choose a provider"))?],
            (None, Some(specialty)) => self
                .list_providers()?
                .into_iter()
                .filter(|p| p.active && p.specialty.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(specialty)))
                .collect(),
            (None, None) => return Err(StoreError::field("providerId", "Choose a provider or a specialty")),
        };
        // A week at a time: a slot is nearly always found in the first, and a specialty with
        // hundreds of providers then reads one week of each diary instead of ninety days.
        let first_day = request.from.date();
        let mut found = None;
        let mut offset = 0;
        while found.is_none() && offset <= SLOT_HORIZON_DAYS {
            let window_first = first_day + Duration::days(i64::from(offset));
            let window_days = SEARCH_WINDOW_DAYS.min(SLOT_HORIZON_DAYS + 1 - offset);
            let window_last = window_first + Duration::days(i64::from(window_days) - 1);
            let from = if offset == 0 { request.from } else { window_first.and_time(NaiveTime::MIN) };
            found = self.free_slot_between(&providers, from, window_last, request.minutes, &clock)?;
            offset += window_days;
        }
        Ok(found.and_then(|(provider_id, start)| {
            let provider = providers.iter().find(|p| p.id == provider_id)?;
            Some(Slot {
                provider_id,
                provider_name: provider.display_name.clone(),
                start,
                end: start + Duration::minutes(i64::from(request.minutes)),
            })
        }))
    }

    /// The earliest free slot of these providers from `from` to the end of the day `last`.
    fn free_slot_between(
        &self,
        providers: &[Provider],
        from: NaiveDateTime,
        last: NaiveDate,
        minutes: u32,
        clock: &ClinicClock,
    ) -> Result<Option<(ProviderId, NaiveDateTime)>, StoreError> {
        let tz = clock.tz;
        let first = from.date();
        let days = u32::try_from((last - first).num_days() + 1).unwrap_or(1);
        let (window_start, window_end) = day_bounds(first, days, tz);
        let mut exceptions = Vec::with_capacity(providers.len());
        let mut busy = Vec::with_capacity(providers.len());
        for p in providers {
            exceptions.push(self.exceptions_between(&p.id, first, last)?);
            busy.push(self.provider_busy(&p.id, window_start, window_end, None)?);
        }
        let hours: Vec<Vec<WeeklyHours>> =
            providers.iter().map(|p| within_opening_hours(&p.weekly_hours, &clock.opening_hours)).collect();
        let diaries: Vec<ProviderDiary<'_>> = providers
            .iter()
            .zip(hours.iter())
            .zip(exceptions.iter().zip(busy.iter()))
            .map(|((p, weekly), (ex, b))| ProviderDiary { provider_id: p.id, weekly, exceptions: ex, busy: b })
            .collect();
        Ok(next_free_slot(from, minutes, tz, &diaries, days - 1))
    }

    /// A provider's leave and extra sessions touching the clinic days [first, last].
    pub(crate) fn exceptions_between(
        &self,
        provider_id: &ProviderId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<ScheduleException>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {EXCEPTION_COLUMNS} FROM schedule_exception
                 WHERE provider_id = ?1 AND deleted_at IS NULL AND end_date >= ?2 AND start_date <= ?3"
            ))?
            .query_map(rusqlite::params![provider_id, first.to_string(), last.to_string()], exception_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// The appointments of these providers overlapping [start, end), by provider then start.
    fn appointments_of_providers(
        &self,
        provider_ids: &[ProviderId],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Vec<Appointment>, StoreError> {
        if provider_ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks = (4..4 + provider_ids.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "{APPOINTMENT_SELECT} WHERE a.provider_id IN ({marks}) AND a.deleted_at IS NULL
               AND a.starts_at >= ?1 AND a.starts_at < ?2 AND a.ends_at > ?3
             ORDER BY a.provider_id, a.starts_at"
        );
        let mut values: Vec<Value> =
            vec![Value::Text(utc_text(start - longest_appointment())), Value::Text(utc_text(end)), Value::Text(utc_text(start))];
        values.extend(provider_ids.iter().map(|id| Value::Text(id.to_string())));
        self.conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(values), |r: &Row<'_>| appointment_from_row(r, tz))?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Every appointment starting in [start, end), optionally of one status, by start time.
    fn appointments_starting(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        status: Option<&str>,
        tz: Tz,
    ) -> Result<Vec<Appointment>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "{APPOINTMENT_SELECT} WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.deleted_at IS NULL
                   AND (?3 IS NULL OR a.status = ?3)
                 ORDER BY a.starts_at, pr.display_name"
            ))?
            .query_map(rusqlite::params![utc_text(start), utc_text(end), status], |r| appointment_from_row(r, tz))?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }
}

/// The clinic's calendar date now.
pub fn clinic_today(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}
