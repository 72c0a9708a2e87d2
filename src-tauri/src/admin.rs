//! The admin's screens: the audit trail (view, export, verify), security alerts, settings.

use chrono::{NaiveDate, TimeZone, Utc};
use clinic_core::ids::SecurityAlertId;
use clinic_core::{
    AuditAction, AuditEntry, AuditFilter, AuditPage, AuditQuery, AuditRecord, AuditVerification, SecurityAlert, SiteSettings,
};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;
use crate::exports::write_csv_export;
use crate::state::Authorized;

/// A file the app wrote for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedFile {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// Start of a clinic calendar day in the clinic's time zone, as an instant.
fn start_of<Z: TimeZone>(field: &str, day: &str, zone: &Z) -> Result<chrono::DateTime<Utc>, CommandError> {
    let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| CommandError::field(field, "Use a date like 2026-11-24"))?;
    let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(|| CommandError::field(field, "Not a valid date"))?;
    zone.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| CommandError::field(field, "That day has no midnight in this time zone"))
}

/// The viewer's filter in the store's terms, checking ids and dates.
fn query_of<Z: TimeZone>(filter: &AuditFilter, zone: &Z) -> Result<AuditQuery, CommandError> {
    let from = filter.from.as_deref().filter(|v| !v.is_empty()).map(|d| start_of("from", d, zone)).transpose()?;
    let to = filter.to.as_deref().filter(|v| !v.is_empty()).map(|d| start_of("to", d, zone)).transpose()?;
    let until = to.map(|t| t + chrono::Duration::days(1));
    if let (Some(from), Some(until)) = (from, until) {
        if from >= until {
            return Err(CommandError::field("to", "The last day comes before the first"));
        }
    }
    Ok(AuditQuery { user_id: filter.user_id, patient_id: filter.patient_id, action: filter.action, from, until })
}

/// A page of the audit trail, newest first. Viewing it is itself audited.
pub fn list_audit_events(
    mut auth: Authorized<'_>,
    filter: AuditFilter,
    page: u32,
    page_size: u32,
) -> Result<AuditPage, CommandError> {
    let query = query_of(&filter, &auth.store.clinic_time_zone()?)?;
    let result = auth.store.list_audit_events(&query, page, page_size)?;
    let mut record = AuditRecord::new(Some(&auth.actor), AuditAction::AuditTrailViewed);
    if let Some(patient) = &query.patient_id {
        record = record.patient(patient);
    }
    auth.store.audit(&record)?;
    Ok(result)
}

/// Writes the events matching `filter` to a CSV file in the export folder.
pub fn export_audit_csv(mut auth: Authorized<'_>, filter: AuditFilter) -> Result<ExportedFile, CommandError> {
    let query = query_of(&filter, &auth.store.clinic_time_zone()?)?;
    let events = auth.store.all_audit_events(&query)?;
    let path = write_csv_export(&auth, "clinic-desk-audit", |out| write_csv(out, &events))?;
    let record = AuditRecord::new(Some(&auth.actor), AuditAction::AuditTrailExported).detail(format!("{} events", events.len()));
    auth.store.audit(&record)?;
    Ok(ExportedFile { path: path.display().to_string(), rows: events.len() as u64 })
}

/// A spreadsheet opens a cell starting with these as a formula; a quote keeps it text.
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The CSV holds record numbers, not patient names, so the file names no patient by itself.
fn write_csv(out: &mut csv::Writer<std::fs::File>, events: &[AuditEntry]) -> Result<(), csv::Error> {
    out.write_record([
        "occurred_at",
        "site",
        "seq",
        "username",
        "role",
        "action",
        "entity",
        "entity_id",
        "patient_id",
        "patient_record_number",
        "detail",
        "event_id",
    ])?;
    for e in events {
        let role = e.role.map(|r| r.code()).unwrap_or_default();
        let site = e.site_code.clone().unwrap_or_else(|| e.site_id.clone());
        out.write_record([
            e.occurred_at.as_str(),
            site.as_str(),
            &e.seq.to_string(),
            &cell(e.username.as_deref().unwrap_or_default()),
            role,
            e.action.code(),
            e.entity.as_deref().unwrap_or_default(),
            e.entity_id.as_deref().unwrap_or_default(),
            e.patient_id.as_deref().unwrap_or_default(),
            e.patient_mrn.as_deref().unwrap_or_default(),
            &cell(e.detail.as_deref().unwrap_or_default()),
            e.id.as_str(),
        ])?;
    }
    Ok(())
}

/// Checks every link of the audit trail's hash chains.
pub fn verify_audit_trail(mut auth: Authorized<'_>) -> Result<AuditVerification, CommandError> {
    let result = auth.store.verify_audit_trail()?;
    let outcome = match &result.broken {
        None => format!("intact, {} events", result.events_checked),
        Some(b) => format!("broken at event {} of site {}", b.seq, b.site_id),
    };
    auth.store.audit(&AuditRecord::new(Some(&auth.actor), AuditAction::AuditTrailVerified).detail(outcome))?;
    Ok(result)
}

/// Break-the-glass alerts not yet reviewed.
pub fn list_security_alerts(auth: Authorized<'_>) -> Result<Vec<SecurityAlert>, CommandError> {
    Ok(auth.store.open_security_alerts()?)
}

/// Marks an alert reviewed.
pub fn acknowledge_security_alert(mut auth: Authorized<'_>, id: SecurityAlertId) -> Result<SecurityAlert, CommandError> {
    Ok(auth.store.acknowledge_security_alert(&auth.actor, &id)?)
}

/// This site's settings as saved, for the settings screen.
pub fn get_settings(auth: Authorized<'_>) -> Result<SiteSettings, CommandError> {
    Ok(auth.store.settings()?)
}

/// Saves this site's settings.
pub fn save_settings(mut auth: Authorized<'_>, settings: SiteSettings) -> Result<SiteSettings, CommandError> {
    Ok(auth.store.save_settings(&auth.actor, &settings)?)
}
