//! Providers, their exceptions (leave, extra sessions) and appointment types.

use clinic_core::ids::{AppointmentTypeId, ProviderId, ScheduleExceptionId};
use clinic_core::scheduling::{
    AppointmentType, AppointmentTypeInput, Provider, ProviderInput, ScheduleException, ScheduleExceptionInput,
};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{
    exception_from_row, provider_from_row, time_text, type_from_row, EXCEPTION_COLUMNS, PROVIDER_COLUMNS, TYPE_COLUMNS,
};
use crate::{Store, StoreError};

fn flag(value: bool) -> Option<String> {
    Some(if value { "1" } else { "0" }.to_string())
}

fn provider_columns(p: &ProviderInput) -> Result<Vec<(&'static str, Option<String>)>, StoreError> {
    let hours =
        serde_json::to_string(&p.weekly_hours).map_err(|_| StoreError::Corrupt { table: "provider", column: "weekly_hours" })?;
    Ok(vec![
        ("user_id", p.user_id.map(|u| u.to_string())),
        ("display_name", Some(p.display_name.clone())),
        ("specialty", p.specialty.clone()),
        ("colour", Some(p.colour.clone())),
        ("room", p.room.clone()),
        ("active", flag(p.active)),
        ("weekly_hours", Some(hours)),
    ])
}

fn type_columns(t: &AppointmentTypeInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("name", Some(t.name.clone())),
        ("default_minutes", Some(t.default_minutes.to_string())),
        ("colour", Some(t.colour.clone())),
        ("active", flag(t.active)),
    ]
}

impl Store {
    /// Every provider not deleted, active first, by name.
    pub fn list_providers(&self) -> Result<Vec<Provider>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {PROVIDER_COLUMNS} FROM provider WHERE deleted_at IS NULL ORDER BY active DESC, display_name COLLATE NOCASE, id"
            ))?
            .query_map([], provider_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// One provider.
    pub fn get_provider(&self, id: &ProviderId) -> Result<Provider, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {PROVIDER_COLUMNS} FROM provider WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], provider_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("provider", id))?
    }

    /// Creates a provider (`id` none) or changes one; audited.
    pub fn save_provider(
        &mut self,
        actor: &Actor,
        id: Option<&ProviderId>,
        input: &ProviderInput,
    ) -> Result<Provider, StoreError> {
        let input = input.validate()?;
        if let Some(user_id) = &input.user_id {
            self.get_user(user_id)?;
        }
        let columns = provider_columns(&input)?;
        let stored = id
            .map(|id| Ok::<_, StoreError>((*id, provider_columns(&ProviderInput::from(self.get_provider(id)?))?)))
            .transpose()?;
        let saved = self.save_row(
            "provider",
            stored,
            |_| Ok(columns),
            |_, saved| {
                let what = if saved.is_new { "provider added" } else { "provider changed" };
                Ok(AuditRecord::new(Some(actor), AuditAction::ScheduleChanged).entity("provider", saved.id).detail(what))
            },
        )?;
        self.get_provider(&saved.id)
    }

    /// A provider's leave and extra sessions, from the earliest.
    pub fn list_schedule_exceptions(&self, provider_id: &ProviderId) -> Result<Vec<ScheduleException>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {EXCEPTION_COLUMNS} FROM schedule_exception WHERE provider_id = ?1 AND deleted_at IS NULL
                 ORDER BY start_date, start_time, id"
            ))?
            .query_map([provider_id], exception_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Records leave or an extra session; audited.
    pub fn add_schedule_exception(
        &mut self,
        actor: &Actor,
        input: &ScheduleExceptionInput,
    ) -> Result<ScheduleException, StoreError> {
        let input = input.validate()?;
        // Validation has reported a missing provider; an unknown one is not found.
        let provider =
            self.get_provider(&input.provider_id.ok_or_else(|| StoreError::field("providerId", "Choose a provider"))?)?;
        let id = ScheduleExceptionId::new();
        let columns = vec![
            ("provider_id", Some(provider.id.to_string())),
            ("kind", Some(input.kind.code().to_string())),
            ("start_date", Some(input.start_date.to_string())),
            ("end_date", Some(input.end_date.to_string())),
            ("start_time", input.start_time.map(time_text)),
            ("end_time", input.end_time.map(time_text)),
            ("reason", input.reason.clone()),
        ];
        let mut tx = self.write()?;
        tx.insert("schedule_exception", id, &columns)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::ScheduleChanged)
                .entity("schedule_exception", id)
                .detail(format!("{} added", input.kind.code())),
        )?;
        tx.commit()?;
        self.get_schedule_exception(&id)
    }

    /// Removes leave or an extra session (a tombstone); audited.
    pub fn remove_schedule_exception(&mut self, actor: &Actor, id: &ScheduleExceptionId) -> Result<(), StoreError> {
        let exception = self.get_schedule_exception(id)?;
        let mut tx = self.write()?;
        tx.tombstone("schedule_exception", id)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::ScheduleChanged)
                .entity("schedule_exception", id)
                .detail(format!("{} removed", exception.kind.code())),
        )?;
        tx.commit()
    }

    fn get_schedule_exception(&self, id: &ScheduleExceptionId) -> Result<ScheduleException, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {EXCEPTION_COLUMNS} FROM schedule_exception WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], exception_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("schedule_exception", id))?
    }

    /// Every appointment type, active first, by name.
    pub fn list_appointment_types(&self) -> Result<Vec<AppointmentType>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {TYPE_COLUMNS} FROM appointment_type WHERE deleted_at IS NULL ORDER BY active DESC, name COLLATE NOCASE, id"
            ))?
            .query_map([], type_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// One appointment type.
    pub fn get_appointment_type(&self, id: &AppointmentTypeId) -> Result<AppointmentType, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {TYPE_COLUMNS} FROM appointment_type WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], type_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("appointment_type", id))?
    }

    /// Creates (`id` none) or changes an appointment type; audited.
    pub fn save_appointment_type(
        &mut self,
        actor: &Actor,
        id: Option<&AppointmentTypeId>,
        input: &AppointmentTypeInput,
    ) -> Result<AppointmentType, StoreError> {
        let input = input.validate()?;
        let columns = type_columns(&input);
        let stored = id
            .map(|id| self.get_appointment_type(id).map(|t| (*id, type_columns(&AppointmentTypeInput::from(t)))))
            .transpose()?;
        let saved = self.save_row(
            "appointment_type",
            stored,
            |_| Ok(columns),
            |_, saved| Ok(AuditRecord::new(Some(actor), AuditAction::ScheduleChanged).entity("appointment_type", saved.id)),
        )?;
        self.get_appointment_type(&saved.id)
    }
}
