//! The scheduling commands' bodies (docs/scheduling.md): parse, check permission, call the
//! store, map the error. Tested without a window, like the other command modules.

use chrono::{Duration, NaiveDate};
use clinic_core::ids::{AppointmentId, AppointmentTypeId, PatientId, ProviderId, ScheduleExceptionId};
use clinic_core::scheduling::{
    Appointment, AppointmentType, AppointmentTypeInput, BookingInput, CalendarView, Provider, ProviderInput, Recurrence,
    ReminderItem, RescheduleInput, ScheduleException, ScheduleExceptionInput, SeriesPreview, Slot, SlotRequest, StatusMove,
};

use crate::error::CommandError;
use crate::state::Authorized;

fn parse_date(field: &str, text: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CommandError::field(field, "Use a date like 2026-11-24"))
}

/// Every provider.
pub fn list_providers(auth: Authorized<'_>) -> Result<Vec<Provider>, CommandError> {
    Ok(auth.store.list_providers()?)
}

/// Adds a provider (`id` none) or changes one.
pub fn save_provider(mut auth: Authorized<'_>, id: Option<ProviderId>, input: ProviderInput) -> Result<Provider, CommandError> {
    Ok(auth.store.save_provider(&auth.actor, id.as_ref(), &input)?)
}

/// A provider's leave and extra sessions.
pub fn list_schedule_exceptions(auth: Authorized<'_>, provider_id: ProviderId) -> Result<Vec<ScheduleException>, CommandError> {
    Ok(auth.store.list_schedule_exceptions(&provider_id)?)
}

/// Records leave or an extra session.
pub fn add_schedule_exception(
    mut auth: Authorized<'_>,
    input: ScheduleExceptionInput,
) -> Result<ScheduleException, CommandError> {
    Ok(auth.store.add_schedule_exception(&auth.actor, &input)?)
}

/// Removes leave or an extra session.
pub fn remove_schedule_exception(mut auth: Authorized<'_>, id: ScheduleExceptionId) -> Result<(), CommandError> {
    Ok(auth.store.remove_schedule_exception(&auth.actor, &id)?)
}

/// Every appointment type.
pub fn list_appointment_types(auth: Authorized<'_>) -> Result<Vec<AppointmentType>, CommandError> {
    Ok(auth.store.list_appointment_types()?)
}

/// Adds an appointment type (`id` none) or changes one.
pub fn save_appointment_type(
    mut auth: Authorized<'_>,
    id: Option<AppointmentTypeId>,
    input: AppointmentTypeInput,
) -> Result<AppointmentType, CommandError> {
    Ok(auth.store.save_appointment_type(&auth.actor, id.as_ref(), &input)?)
}

/// The calendar: a day with providers side by side, or a provider's week.
pub fn calendar(
    mut auth: Authorized<'_>,
    from: String,
    days: u32,
    provider_ids: Option<Vec<ProviderId>>,
) -> Result<CalendarView, CommandError> {
    let from = parse_date("from", &from)?;
    let ids = provider_ids;
    Ok(auth.store.calendar(&auth.actor, from, days, ids.as_deref())?)
}

/// Books one appointment.
pub fn book_appointment(mut auth: Authorized<'_>, input: BookingInput) -> Result<Appointment, CommandError> {
    let now = auth.now();
    Ok(auth.store.book_appointment(&auth.actor, &input, now)?)
}

/// Checks every occurrence of a weekly series, saving nothing.
pub fn preview_series(auth: Authorized<'_>, input: BookingInput, recurrence: Recurrence) -> Result<SeriesPreview, CommandError> {
    let now = auth.now();
    Ok(auth.store.preview_series(&input, &recurrence, now)?)
}

/// Books every occurrence of a weekly series, or none.
pub fn book_series(
    mut auth: Authorized<'_>,
    input: BookingInput,
    recurrence: Recurrence,
) -> Result<Vec<Appointment>, CommandError> {
    let now = auth.now();
    Ok(auth.store.book_series(&auth.actor, &input, &recurrence, now)?)
}

/// Moves a scheduled appointment.
pub fn reschedule_appointment(
    mut auth: Authorized<'_>,
    id: AppointmentId,
    input: RescheduleInput,
) -> Result<Appointment, CommandError> {
    let now = auth.now();
    Ok(auth.store.reschedule_appointment(&auth.actor, &id, &input, now)?)
}

/// Checks in, starts, completes, cancels, marks a no-show, or undoes a check-in.
pub fn move_appointment_status(
    mut auth: Authorized<'_>,
    id: AppointmentId,
    mv: StatusMove,
    reason: Option<String>,
) -> Result<Appointment, CommandError> {
    let now = auth.now();
    Ok(auth.store.move_appointment_status(&auth.actor, &id, mv, reason.as_deref(), now)?)
}

/// The earliest free slot.
pub fn next_available_slot(auth: Authorized<'_>, request: SlotRequest) -> Result<Option<Slot>, CommandError> {
    Ok(auth.store.next_available_slot(&request)?)
}

/// Today's appointments, every provider, for the front desk's queue.
pub fn todays_queue(mut auth: Authorized<'_>) -> Result<Vec<Appointment>, CommandError> {
    let today = auth.today()?;
    Ok(auth.store.day_queue(&auth.actor, today)?)
}

/// Tomorrow's scheduled appointments, with how to reach each patient.
pub fn reminders_due(mut auth: Authorized<'_>) -> Result<Vec<ReminderItem>, CommandError> {
    let tomorrow = auth.today()? + Duration::days(1);
    Ok(auth.store.reminders_for(&auth.actor, tomorrow)?)
}

/// Records that the patient was reminded.
pub fn mark_reminded(mut auth: Authorized<'_>, id: AppointmentId) -> Result<Appointment, CommandError> {
    let now = auth.now();
    Ok(auth.store.mark_reminded(&auth.actor, &id, now)?)
}

/// A patient's appointments, newest first.
pub fn patient_appointments(mut auth: Authorized<'_>, patient_id: PatientId) -> Result<Vec<Appointment>, CommandError> {
    Ok(auth.store.patient_appointments(&auth.actor, &patient_id)?)
}
