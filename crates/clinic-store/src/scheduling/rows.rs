//! Reading scheduling rows into the domain's types.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use clinic_core::scheduling::time::to_local;
use clinic_core::scheduling::{
    Appointment, AppointmentStatus, AppointmentType, ExceptionKind, Provider, ScheduleException, WeeklyHours,
};
use rusqlite::Row;

use crate::rows::{parse_date, parse_instant, parse_time, RowResult};
use crate::StoreError;

/// The columns [`provider_from_row`] reads, in order.
pub(crate) const PROVIDER_COLUMNS: &str = "id, user_id, display_name, specialty, colour, room, active, weekly_hours";

/// The columns [`exception_from_row`] reads, in order.
pub(crate) const EXCEPTION_COLUMNS: &str = "id, provider_id, kind, start_date, end_date, start_time, end_time, reason";

/// The columns [`type_from_row`] reads, in order.
pub(crate) const TYPE_COLUMNS: &str = "id, name, default_minutes, colour, active";

/// An appointment with the names the calendar shows, read by [`appointment_from_row`].
pub(crate) const APPOINTMENT_SELECT: &str = "SELECT a.id, a.patient_id, p.given_name, p.family_name, p.mrn, a.provider_id, \
     pr.display_name, a.type_id, t.name, a.starts_at, a.ends_at, a.reason, a.notes, a.status, a.cancel_reason, \
     a.series_id, a.checked_in_at, a.reminded_at, a.created_by, a.site_id
     FROM appointment a
     LEFT JOIN patient p ON p.id = a.patient_id
     LEFT JOIN provider pr ON pr.id = a.provider_id
     LEFT JOIN appointment_type t ON t.id = a.type_id";

pub(crate) fn time_text(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

pub(crate) fn provider_from_row(r: &Row<'_>) -> RowResult<Provider> {
    let hours: String = r.get(7)?;
    let weekly_hours: Vec<WeeklyHours> = match serde_json::from_str(&hours) {
        Ok(h) => h,
        Err(_) => return Ok(Err(StoreError::Corrupt { table: "provider", column: "weekly_hours" })),
    };
    Ok(Ok(Provider {
        id: r.get(0)?,
        user_id: r.get(1)?,
        display_name: r.get(2)?,
        specialty: r.get(3)?,
        colour: r.get(4)?,
        room: r.get(5)?,
        active: r.get(6)?,
        weekly_hours,
    }))
}

pub(crate) fn exception_from_row(r: &Row<'_>) -> RowResult<ScheduleException> {
    const T: &str = "schedule_exception";
    let kind: String = r.get(2)?;
    let start_date: String = r.get(3)?;
    let end_date: String = r.get(4)?;
    let start_time: Option<String> = r.get(5)?;
    let end_time: Option<String> = r.get(6)?;
    let parsed = (|| -> Result<ScheduleException, StoreError> {
        Ok(ScheduleException {
            id: r.get(0)?,
            provider_id: r.get(1)?,
            kind: ExceptionKind::from_code(&kind).ok_or(StoreError::Corrupt { table: T, column: "kind" })?,
            start_date: parse_date(&start_date, T, "start_date")?,
            end_date: parse_date(&end_date, T, "end_date")?,
            start_time: start_time.map(|t| parse_time(&t, T, "start_time")).transpose()?,
            end_time: end_time.map(|t| parse_time(&t, T, "end_time")).transpose()?,
            reason: r.get(7)?,
        })
    })();
    Ok(parsed)
}

pub(crate) fn type_from_row(r: &Row<'_>) -> RowResult<AppointmentType> {
    Ok(Ok(AppointmentType { id: r.get(0)?, name: r.get(1)?, default_minutes: r.get(2)?, colour: r.get(3)?, active: r.get(4)? }))
}

/// Reads an [`APPOINTMENT_SELECT`] row; wall-clock times are in `tz`. `conflict` is left false:
/// the caller decides it from the provider's other appointments.
pub(crate) fn appointment_from_row(r: &Row<'_>, tz: Tz) -> RowResult<Appointment> {
    const T: &str = "appointment";
    let given: Option<String> = r.get(2)?;
    let family: Option<String> = r.get(3)?;
    let starts_at: String = r.get(9)?;
    let ends_at: String = r.get(10)?;
    let status: String = r.get(13)?;
    let checked_in_at: Option<String> = r.get(16)?;
    let reminded_at: Option<String> = r.get(17)?;
    let parsed = (|| -> Result<Appointment, StoreError> {
        let start_utc = parse_instant(&starts_at, T, "starts_at")?;
        let end_utc = parse_instant(&ends_at, T, "ends_at")?;
        Ok(Appointment {
            id: r.get(0)?,
            patient_id: r.get(1)?,
            // A patient not yet pulled from another site still has an appointment worth showing.
            patient_name: match (given, family) {
                (Some(g), Some(f)) => format!("{g} {f}"),
                _ => "(patient not on this computer yet)".to_string(),
            },
            patient_mrn: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            provider_id: r.get(5)?,
            provider_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            type_id: r.get(7)?,
            type_name: r.get(8)?,
            start: to_local(start_utc, tz),
            end: to_local(end_utc, tz),
            start_utc,
            end_utc,
            reason: r.get(11)?,
            notes: r.get(12)?,
            status: AppointmentStatus::from_code(&status).ok_or(StoreError::Corrupt { table: T, column: "status" })?,
            cancel_reason: r.get(14)?,
            series_id: r.get(15)?,
            checked_in_at: checked_in_at.map(|t| parse_instant(&t, T, "checked_in_at")).transpose()?,
            reminded_at: reminded_at.map(|t| parse_instant(&t, T, "reminded_at")).transpose()?,
            created_by: r.get(18)?,
            site_id: r.get(19)?,
            conflict: false,
        })
    })();
    Ok(parsed)
}

/// Flags every appointment that overlaps another of the same provider: a double booking that
/// only appeared when two sites' diaries merged (docs/decisions.md §5). It is computed, never stored.
pub(crate) fn flag_double_bookings(appointments: &mut [Appointment]) {
    let mut order: Vec<usize> = (0..appointments.len()).filter(|&i| appointments[i].status.holds_time()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&appointments[a], &appointments[b]);
        (&x.provider_id, x.start_utc).cmp(&(&y.provider_id, y.start_utc))
    });
    // Sweep each provider's appointments in start order, remembering the latest end so far.
    let mut latest: Option<(usize, DateTime<Utc>)> = None;
    for pos in 0..order.len() {
        let i = order[pos];
        if pos > 0 && appointments[order[pos - 1]].provider_id != appointments[i].provider_id {
            latest = None;
        }
        if let Some((j, end)) = latest {
            if appointments[i].start_utc < end {
                appointments[i].conflict = true;
                appointments[j].conflict = true;
            }
        }
        let end = appointments[i].end_utc;
        if latest.is_none_or(|(_, e)| end > e) {
            latest = Some((i, end));
        }
    }
}
