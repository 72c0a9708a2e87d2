//! The scheduling commands' bodies (docs/scheduling.md): parse, check permission, call the
//! store, map the error. Tested without a window, like the other command modules.

use chrono::{Duration, NaiveDate};
use clinic_core::scheduling::{
    Appointment, AppointmentType, AppointmentTypeInput, BookingInput, CalendarView, Provider, ProviderInput, Recurrence,
    ReminderItem, RescheduleInput, ScheduleException, ScheduleExceptionInput, SeriesPreview, Slot, SlotRequest, StatusMove,
};

use crate::error::CommandError;
use crate::patients::parse_id;
use crate::state::AppState;

fn parse_date(field: &str, text: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CommandError::field(field, "Use a date like 2026-11-24"))
}

/// Every provider.
pub fn list_providers(state: &AppState) -> Result<Vec<Provider>, CommandError> {
    Ok(state.authorize("list_providers")?.store.list_providers()?)
}

/// Adds a provider (`id` none) or changes one.
pub fn save_provider(state: &AppState, id: Option<&str>, input: &ProviderInput) -> Result<Provider, CommandError> {
    let mut auth = state.authorize("save_provider")?;
    let id = id.map(|i| parse_id(i, "provider")).transpose()?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_provider(&actor, id.as_deref(), input)?)
}

/// A provider's leave and extra sessions.
pub fn list_schedule_exceptions(state: &AppState, provider_id: &str) -> Result<Vec<ScheduleException>, CommandError> {
    let auth = state.authorize("list_schedule_exceptions")?;
    let provider_id = parse_id(provider_id, "provider")?;
    Ok(auth.store.list_schedule_exceptions(&provider_id)?)
}

/// Records leave or an extra session.
pub fn add_schedule_exception(state: &AppState, input: &ScheduleExceptionInput) -> Result<ScheduleException, CommandError> {
    let mut auth = state.authorize("add_schedule_exception")?;
    let actor = auth.actor.clone();
    Ok(auth.store.add_schedule_exception(&actor, input)?)
}

/// Removes leave or an extra session.
pub fn remove_schedule_exception(state: &AppState, id: &str) -> Result<(), CommandError> {
    let mut auth = state.authorize("remove_schedule_exception")?;
    let id = parse_id(id, "leave or session")?;
    let actor = auth.actor.clone();
    Ok(auth.store.remove_schedule_exception(&actor, &id)?)
}

/// Every appointment type.
pub fn list_appointment_types(state: &AppState) -> Result<Vec<AppointmentType>, CommandError> {
    Ok(state.authorize("list_appointment_types")?.store.list_appointment_types()?)
}

/// Adds an appointment type (`id` none) or changes one.
pub fn save_appointment_type(
    state: &AppState,
    id: Option<&str>,
    input: &AppointmentTypeInput,
) -> Result<AppointmentType, CommandError> {
    let mut auth = state.authorize("save_appointment_type")?;
    let id = id.map(|i| parse_id(i, "appointment type")).transpose()?;
    let actor = auth.actor.clone();
    Ok(auth.store.save_appointment_type(&actor, id.as_deref(), input)?)
}

/// The calendar: a day with providers side by side, or a provider's week.
pub fn calendar(state: &AppState, from: &str, days: u32, provider_ids: Option<&[String]>) -> Result<CalendarView, CommandError> {
    let mut auth = state.authorize("calendar")?;
    let from = parse_date("from", from)?;
    let ids = provider_ids.map(|ids| ids.iter().map(|id| parse_id(id, "provider")).collect::<Result<Vec<_>, _>>()).transpose()?;
    let actor = auth.actor.clone();
    Ok(auth.store.calendar(&actor, from, days, ids.as_deref())?)
}

/// Books one appointment.
pub fn book_appointment(state: &AppState, input: &BookingInput) -> Result<Appointment, CommandError> {
    let mut auth = state.authorize("book_appointment")?;
    let actor = auth.actor.clone();
    Ok(auth.store.book_appointment(&actor, input, state.now())?)
}

/// Checks every occurrence of a weekly series, saving nothing.
pub fn preview_series(state: &AppState, input: &BookingInput, recurrence: &Recurrence) -> Result<SeriesPreview, CommandError> {
    let auth = state.authorize("preview_series")?;
    Ok(auth.store.preview_series(input, recurrence, state.now())?)
}

/// Books every occurrence of a weekly series, or none.
pub fn book_series(state: &AppState, input: &BookingInput, recurrence: &Recurrence) -> Result<Vec<Appointment>, CommandError> {
    let mut auth = state.authorize("book_series")?;
    let actor = auth.actor.clone();
    Ok(auth.store.book_series(&actor, input, recurrence, state.now())?)
}

/// Moves a scheduled appointment.
pub fn reschedule_appointment(state: &AppState, id: &str, input: &RescheduleInput) -> Result<Appointment, CommandError> {
    let mut auth = state.authorize("reschedule_appointment")?;
    let id = parse_id(id, "appointment")?;
    let actor = auth.actor.clone();
    Ok(auth.store.reschedule_appointment(&actor, &id, input, state.now())?)
}

/// Checks in, starts, completes, cancels, marks a no-show, or undoes a check-in.
pub fn move_appointment_status(
    state: &AppState,
    id: &str,
    mv: StatusMove,
    reason: Option<&str>,
) -> Result<Appointment, CommandError> {
    let mut auth = state.authorize("move_appointment_status")?;
    let id = parse_id(id, "appointment")?;
    let actor = auth.actor.clone();
    Ok(auth.store.move_appointment_status(&actor, &id, mv, reason, state.now())?)
}

/// The earliest free slot.
pub fn next_available_slot(state: &AppState, request: &SlotRequest) -> Result<Option<Slot>, CommandError> {
    let auth = state.authorize("next_available_slot")?;
    Ok(auth.store.next_available_slot(request)?)
}

/// Today's appointments, every provider, for the front desk's queue.
pub fn todays_queue(state: &AppState) -> Result<Vec<Appointment>, CommandError> {
    let mut auth = state.authorize("todays_queue")?;
    let today = state.clinic_today(&auth.store)?;
    let actor = auth.actor.clone();
    Ok(auth.store.day_queue(&actor, today)?)
}

/// Tomorrow's scheduled appointments, with how to reach each patient.
pub fn reminders_due(state: &AppState) -> Result<Vec<ReminderItem>, CommandError> {
    let mut auth = state.authorize("reminders_due")?;
    let tomorrow = state.clinic_today(&auth.store)? + Duration::days(1);
    let actor = auth.actor.clone();
    Ok(auth.store.reminders_for(&actor, tomorrow)?)
}

/// Records that the patient was reminded.
pub fn mark_reminded(state: &AppState, id: &str) -> Result<Appointment, CommandError> {
    let mut auth = state.authorize("mark_reminded")?;
    let id = parse_id(id, "appointment")?;
    let actor = auth.actor.clone();
    Ok(auth.store.mark_reminded(&actor, &id, state.now())?)
}

/// A patient's appointments, newest first.
pub fn patient_appointments(state: &AppState, patient_id: &str) -> Result<Vec<Appointment>, CommandError> {
    let mut auth = state.authorize("patient_appointments")?;
    let patient_id = parse_id(patient_id, "patient")?;
    let actor = auth.actor.clone();
    Ok(auth.store.patient_appointments(&actor, &patient_id)?)
}
