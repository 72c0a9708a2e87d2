//! Booking, recurring series, rescheduling, status moves and reminders. Every write checks the
//! booking rules of `clinic_core::scheduling` against the diary as stored, in the same call.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use clinic_core::ids::{AppointmentId, PatientId, ProviderId, SeriesId};
use clinic_core::scheduling::booking::{booking_problems_to_errors, check_booking, BookingCheck, BookingProblem, Busy};
use clinic_core::scheduling::recurrence::occurrence_starts;
use clinic_core::scheduling::status::{apply_move, can_reschedule, MoveContext};
use clinic_core::scheduling::time::to_utc;
use clinic_core::scheduling::wire::format_local;
use clinic_core::scheduling::{
    Appointment, AppointmentStatus, BookingInput, OccurrenceCheck, Provider, Recurrence, RescheduleInput, SeriesPreview,
    StatusMove,
};
use clinic_core::{Actor, AuditAction, AuditRecord, FieldError, ValidationErrors};
use rusqlite::{Connection, OptionalExtension};

use super::rows::{appointment_from_row, APPOINTMENT_SELECT};
use super::{longest_appointment, utc_text, ClinicClock};
use crate::{Store, StoreError};

const TABLE: &str = "appointment";

/// What one booking asks of the diary, before it is checked.
struct Slot<'a> {
    provider: &'a Provider,
    patient_id: PatientId,
    start: NaiveDateTime,
    minutes: u32,
    walk_in: bool,
    /// The appointment being moved, which does not conflict with itself.
    moving: Option<&'a AppointmentId>,
}

impl Store {
    /// Books one appointment after checking every booking rule; audited.
    pub fn book_appointment(
        &mut self,
        actor: &Actor,
        input: &BookingInput,
        now: DateTime<Utc>,
    ) -> Result<Appointment, StoreError> {
        let input = input.validate()?;
        let clock = self.clinic_clock()?;
        let (patient_id, provider) = self.bookable(&input)?;
        let slot = Slot {
            provider: &provider,
            patient_id,
            start: input.start,
            minutes: input.minutes,
            walk_in: input.walk_in,
            moving: None,
        };
        let problems = self.booking_problems(&slot, &clock, now)?;
        if !problems.is_empty() {
            return Err(StoreError::BookingConflict(booking_problems_to_errors(&problems)));
        }
        let id = AppointmentId::new();
        let mut tx = self.write()?;
        let booking = Booking { id, patient_id, provider_id: provider.id, series_id: None };
        insert_appointment(&mut tx, actor, &booking, &input, input.start, clock.tz)?;
        tx.commit()?;
        self.get_appointment(&id)
    }

    /// Checks every occurrence of a weekly series against the booking rules, saving nothing.
    pub fn preview_series(
        &self,
        input: &BookingInput,
        recurrence: &Recurrence,
        now: DateTime<Utc>,
    ) -> Result<SeriesPreview, StoreError> {
        let input = input.validate()?;
        let clock = self.clinic_clock()?;
        let (patient_id, provider) = self.bookable(&input)?;
        let starts = occurrence_starts(input.start, recurrence)?;
        let mut occurrences = Vec::with_capacity(starts.len());
        for start in starts {
            let slot = Slot { provider: &provider, patient_id, start, minutes: input.minutes, walk_in: false, moving: None };
            let problems = self.booking_problems(&slot, &clock, now)?;
            occurrences.push(OccurrenceCheck {
                start,
                end: start + Duration::minutes(i64::from(input.minutes)),
                problems: problems.iter().map(BookingProblem::message).collect(),
            });
        }
        let bookable = occurrences.iter().all(|o| o.problems.is_empty());
        Ok(SeriesPreview { occurrences, bookable })
    }

    /// Books every occurrence of a weekly series in one transaction, or none of them when any
    /// occurrence breaks a rule (the error lists them); audited per appointment.
    pub fn book_series(
        &mut self,
        actor: &Actor,
        input: &BookingInput,
        recurrence: &Recurrence,
        now: DateTime<Utc>,
    ) -> Result<Vec<Appointment>, StoreError> {
        let preview = self.preview_series(input, recurrence, now)?;
        if !preview.bookable {
            let problems: Vec<String> = preview
                .occurrences
                .iter()
                .filter(|o| !o.problems.is_empty())
                .map(|o| format!("{}: {}", format_local(o.start), o.problems.join("; ")))
                .collect();
            let message = format!(
                "{} of {} occurrences cannot be booked, so none was: {}",
                problems.len(),
                preview.occurrences.len(),
                problems.join(" | ")
            );
            return Err(StoreError::BookingConflict(ValidationErrors(vec![FieldError { field: "start".into(), message }])));
        }
        let input = input.validate()?;
        let (patient_id, provider) = self.bookable(&input)?;
        let tz = self.clinic_time_zone()?;
        let series_id = SeriesId::new();
        let mut ids = Vec::with_capacity(preview.occurrences.len());
        let mut tx = self.write()?;
        for occurrence in &preview.occurrences {
            let booking = Booking { id: AppointmentId::new(), patient_id, provider_id: provider.id, series_id: Some(series_id) };
            insert_appointment(&mut tx, actor, &booking, &input, occurrence.start, tz)?;
            ids.push(booking.id);
        }
        tx.commit()?;
        ids.iter().map(|id| self.get_appointment(id)).collect()
    }

    /// Moves a scheduled appointment to another time or provider, checked like a new booking;
    /// audited.
    pub fn reschedule_appointment(
        &mut self,
        actor: &Actor,
        id: &AppointmentId,
        input: &RescheduleInput,
        now: DateTime<Utc>,
    ) -> Result<Appointment, StoreError> {
        let current = self.get_appointment(id)?;
        if !can_reschedule(current.status) {
            return Err(StoreError::Conflict(format!(
                "Only a scheduled appointment can be moved; this one is {}",
                current.status.label()
            )));
        }
        let clock = self.clinic_clock()?;
        let provider = self.chosen_provider(input.provider_id)?;
        let slot = Slot {
            provider: &provider,
            patient_id: current.patient_id,
            start: input.start,
            minutes: input.minutes,
            walk_in: false,
            moving: Some(id),
        };
        let problems = self.booking_problems(&slot, &clock, now)?;
        if !problems.is_empty() {
            return Err(StoreError::BookingConflict(booking_problems_to_errors(&problems)));
        }
        // The rules passed, so the start exists in the clinic's zone.
        let start = to_utc(input.start, clock.tz).map_err(|e| StoreError::field("start", e.to_string()))?;
        let end = start + Duration::minutes(i64::from(input.minutes));
        let changes: Vec<(&'static str, Option<String>)> = [
            ("provider_id", Some(provider.id.to_string()), Some(current.provider_id.to_string())),
            ("starts_at", Some(utc_text(start)), Some(utc_text(current.start_utc))),
            ("ends_at", Some(utc_text(end)), Some(utc_text(current.end_utc))),
        ]
        .into_iter()
        .filter(|(_, new, old)| new != old)
        .map(|(c, new, _)| (c, new))
        .collect();
        let mut tx = self.write()?;
        tx.update(TABLE, id, &changes)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::AppointmentRescheduled)
                .patient(&current.patient_id)
                .entity(TABLE, id)
                .detail(format!("to {}", format_local(input.start))),
        )?;
        tx.commit()?;
        self.get_appointment(id)
    }

    /// Checks in, starts, completes, cancels, marks a no-show or undoes a check-in, as the state
    /// machine allows; audited.
    pub fn move_appointment_status(
        &mut self,
        actor: &Actor,
        id: &AppointmentId,
        mv: StatusMove,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Appointment, StoreError> {
        let current = self.get_appointment(id)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if mv == StatusMove::Cancel && reason.is_none() {
            return Err(StoreError::field("reason", "Give a reason for cancelling"));
        }
        let next = apply_move(current.status, mv, MoveContext { now, start: current.start_utc, reason })
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let mut changes = vec![("status", Some(next.code().to_string()))];
        match mv {
            StatusMove::CheckIn => changes.push(("checked_in_at", Some(utc_text(now)))),
            StatusMove::UndoCheckIn => changes.push(("checked_in_at", None)),
            StatusMove::Cancel => changes.push(("cancel_reason", reason.map(str::to_string))),
            _ => {}
        }
        let mut tx = self.write()?;
        tx.update(TABLE, id, &changes)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::AppointmentStatusChanged)
                .patient(&current.patient_id)
                .entity(TABLE, id)
                .detail(mv.code()),
        )?;
        tx.commit()?;
        self.get_appointment(id)
    }

    /// Records that the patient was reminded of the appointment; audited.
    pub fn mark_reminded(&mut self, actor: &Actor, id: &AppointmentId, now: DateTime<Utc>) -> Result<Appointment, StoreError> {
        let current = self.get_appointment(id)?;
        let mut tx = self.write()?;
        tx.update(TABLE, id, &[("reminded_at", Some(utc_text(now)))])?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::AppointmentReminded).patient(&current.patient_id).entity(TABLE, id),
        )?;
        tx.commit()?;
        self.get_appointment(id)
    }

    /// One appointment, flagged when it overlaps another of its provider's (not audited: for
    /// the store's own use and the commands that audit their own purpose).
    pub fn get_appointment(&self, id: &AppointmentId) -> Result<Appointment, StoreError> {
        let tz = self.clinic_time_zone()?;
        let mut appointment = self
            .conn
            .prepare_cached(&format!("{APPOINTMENT_SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL"))?
            .query_row([id], |r| appointment_from_row(r, tz))
            .optional()?
            .ok_or_else(|| StoreError::not_found(TABLE, id))??;
        if appointment.status.holds_time() {
            let others = self.provider_busy(&appointment.provider_id, appointment.start_utc, appointment.end_utc, Some(id))?;
            appointment.conflict = !others.is_empty();
        }
        Ok(appointment)
    }

    /// The patient and the provider to book with, after checking the patient, provider and
    /// type were chosen and exist.
    fn bookable(&self, input: &BookingInput) -> Result<(PatientId, Provider), StoreError> {
        let patient = input
            .patient_id
            .and_then(|id| self.get_patient(&id).ok())
            .ok_or_else(|| StoreError::field("patientId", "Choose a patient"))?;
        if patient.archived_at.is_some() {
            return Err(StoreError::field("patientId", "This patient is archived; restore the record before booking"));
        }
        let provider = self.chosen_provider(input.provider_id)?;
        if !provider.active {
            return Err(StoreError::field("providerId", "This provider is not taking appointments"));
        }
        if let Some(type_id) = &input.type_id {
            self.get_appointment_type(type_id).map_err(|_| StoreError::field("typeId", "Choose an appointment type"))?;
        }
        Ok((patient.id, provider))
    }

    /// The provider a form chose, or the field's error when none was or it is not there.
    fn chosen_provider(&self, id: Option<ProviderId>) -> Result<Provider, StoreError> {
        id.and_then(|id| self.get_provider(&id).ok()).ok_or_else(|| StoreError::field("providerId", "Choose a provider"))
    }

    /// Every booking rule the slot breaks, checked against the stored diary.
    fn booking_problems(
        &self,
        slot: &Slot<'_>,
        clock: &ClinicClock,
        now: DateTime<Utc>,
    ) -> Result<Vec<BookingProblem>, StoreError> {
        let (tz, date) = (clock.tz, slot.start.date());
        let exceptions = self.exceptions_between(&slot.provider.id, date, date)?;
        let (provider_busy, patient_busy) = match to_utc(slot.start, tz) {
            Ok(start) => {
                let end = start + Duration::minutes(i64::from(slot.minutes));
                (
                    self.provider_busy(&slot.provider.id, start, end, slot.moving)?,
                    self.patient_busy(&slot.patient_id, start, end, slot.moving)?,
                )
            }
            // A time that does not exist is reported by the rules; there is nothing to overlap.
            Err(_) => (Vec::new(), Vec::new()),
        };
        Ok(check_booking(&BookingCheck {
            start: slot.start,
            minutes: slot.minutes,
            tz,
            now,
            walk_in: slot.walk_in,
            opening_hours: &clock.opening_hours,
            weekly: &slot.provider.weekly_hours,
            exceptions: &exceptions,
            provider_busy: &provider_busy,
            patient_busy: &patient_busy,
        }))
    }

    /// The provider's appointments that hold time overlapping [start, end).
    pub(crate) fn provider_busy(
        &self,
        provider_id: &ProviderId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: Option<&AppointmentId>,
    ) -> Result<Vec<Busy>, StoreError> {
        self.busy(Diary::Provider, provider_id, start, end, except)
    }

    /// The patient's appointments (with any provider) that hold time overlapping [start, end).
    fn patient_busy(
        &self,
        patient_id: &PatientId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: Option<&AppointmentId>,
    ) -> Result<Vec<Busy>, StoreError> {
        self.busy(Diary::Patient, patient_id, start, end, except)
    }

    fn busy(
        &self,
        diary: Diary,
        key: &dyn rusqlite::ToSql,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: Option<&AppointmentId>,
    ) -> Result<Vec<Busy>, StoreError> {
        let except = except.map(|e| e as &dyn rusqlite::ToSql);
        let rows = diary.overlapping(&self.conn, key, &utc_text(start), &utc_text(end), except)?;
        rows.into_iter()
            .map(|(appointment_id, s, e)| {
                Ok(Busy {
                    appointment_id,
                    start: crate::rows::parse_instant(&s, TABLE, "starts_at")?,
                    end: crate::rows::parse_instant(&e, TABLE, "ends_at")?,
                })
            })
            .collect()
    }
}

/// Whose appointments an overlap check reads.
#[derive(Clone, Copy)]
pub(crate) enum Diary {
    Provider,
    Patient,
}

impl Diary {
    /// The `key`'s appointments holding time that overlap [start, end) (UTC text, as stored),
    /// leaving out `except`: each one's id, `starts_at` and `ends_at`, read through this diary's
    /// index.
    pub(crate) fn overlapping(
        self,
        conn: &Connection,
        key: &dyn rusqlite::ToSql,
        start: &str,
        end: &str,
        except: Option<&dyn rusqlite::ToSql>,
    ) -> Result<Vec<(AppointmentId, String, String)>, StoreError> {
        // Nothing starting more than the longest appointment before `start` can reach it.
        let earliest = utc_text(crate::rows::parse_instant(start, TABLE, "starts_at")? - longest_appointment());
        let owner = match self {
            Diary::Provider => "provider",
            Diary::Patient => "patient",
        };
        let sql = format!(
            "SELECT id, starts_at, ends_at FROM appointment INDEXED BY appointment_by_{owner}
             WHERE {owner}_id = ?1 AND deleted_at IS NULL AND starts_at >= ?2 AND starts_at < ?3 AND ends_at > ?4
               AND status NOT IN ('cancelled', 'no_show') AND id IS NOT ?5"
        );
        let rows = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params![key, earliest, end, start, except], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// Who one booked appointment is for and with, under which id (and series).
struct Booking {
    id: AppointmentId,
    patient_id: PatientId,
    provider_id: ProviderId,
    series_id: Option<SeriesId>,
}

/// Writes one booked appointment and its audit event into `tx`.
fn insert_appointment(
    tx: &mut crate::write::WriteTx<'_>,
    actor: &Actor,
    booking: &Booking,
    input: &BookingInput,
    start_local: NaiveDateTime,
    tz: Tz,
) -> Result<(), StoreError> {
    let id = booking.id;
    let start = to_utc(start_local, tz).map_err(|e| StoreError::field("start", e.to_string()))?;
    let end = start + Duration::minutes(i64::from(input.minutes));
    let status = if input.walk_in { AppointmentStatus::CheckedIn } else { AppointmentStatus::Scheduled };
    let columns = vec![
        ("patient_id", Some(booking.patient_id.to_string())),
        ("provider_id", Some(booking.provider_id.to_string())),
        ("type_id", input.type_id.map(|t| t.to_string())),
        ("starts_at", Some(utc_text(start))),
        ("ends_at", Some(utc_text(end))),
        ("reason", input.reason.clone()),
        ("notes", input.notes.clone()),
        ("status", Some(status.code().to_string())),
        ("series_id", booking.series_id.map(|s| s.to_string())),
        ("checked_in_at", input.walk_in.then(|| tx.now().to_string())),
        ("created_by", Some(actor.user_id.to_string())),
    ];
    tx.insert(TABLE, id, &columns)?;
    tx.audit(
        &AuditRecord::new(Some(actor), AuditAction::AppointmentBooked)
            .patient(&booking.patient_id)
            .entity(TABLE, id)
            .detail(if input.walk_in { "walk-in".to_string() } else { format!("for {}", format_local(start_local)) }),
    )?;
    Ok(())
}
