//! The fee schedule.

use clinic_core::billing::{InvoiceLineInput, Service, ServiceInput};
use clinic_core::ids::{AppointmentId, ServiceId};
use clinic_core::{Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use super::rows::{service_from_row, SERVICE_COLUMNS};
use crate::{Store, StoreError};

fn service_columns(s: &ServiceInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("code", Some(s.code.clone())),
        ("name", Some(s.name.clone())),
        ("price_minor", Some(s.price_minor.to_string())),
        ("tax_rate_bp", Some(s.tax_rate_bp.to_string())),
        ("active", Some(if s.active { "1" } else { "0" }.to_string())),
        ("appointment_type_id", s.appointment_type_id.map(|t| t.to_string())),
    ]
}

impl Store {
    /// The lines an invoice for this appointment starts with: the active services billed for
    /// its appointment type, one of each.
    pub fn appointment_invoice_lines(&self, appointment_id: &AppointmentId) -> Result<Vec<InvoiceLineInput>, StoreError> {
        let appointment = self.get_appointment(appointment_id)?;
        let Some(type_id) = appointment.type_id else {
            return Ok(Vec::new());
        };
        Ok(self
            .list_services()?
            .into_iter()
            .filter(|s| s.details.active && s.details.appointment_type_id == Some(type_id))
            .map(|s| InvoiceLineInput::from_service(&s, 1))
            .collect())
    }

    /// The fee schedule: active services first, by code.
    pub fn list_services(&self) -> Result<Vec<Service>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SERVICE_COLUMNS} FROM billing_service WHERE deleted_at IS NULL ORDER BY active DESC, code, id"
            ))?
            .query_map([], service_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// One service.
    pub fn get_service(&self, id: &ServiceId) -> Result<Service, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {SERVICE_COLUMNS} FROM billing_service WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], service_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("billing_service", id))?
    }

    /// Adds a service (`id` none) or changes one; a code is used by one service only. Audited.
    pub fn save_service(&mut self, actor: &Actor, id: Option<&ServiceId>, input: &ServiceInput) -> Result<Service, StoreError> {
        let input = input.validate()?;
        let clash: Option<ServiceId> = self
            .conn
            .prepare_cached("SELECT id FROM billing_service WHERE code = ?1 AND deleted_at IS NULL")?
            .query_row([&input.code], |r| r.get(0))
            .optional()?;
        if clash.is_some_and(|other| Some(&other) != id) {
            let errors = clinic_core::ValidationErrors(vec![clinic_core::FieldError {
                field: "code".into(),
                message: format!("Another service already has the code {}", input.code),
            }]);
            return Err(StoreError::Validation(errors));
        }
        if let Some(type_id) = &input.appointment_type_id {
            self.get_appointment_type(type_id)?;
        }
        let columns = service_columns(&input);
        let stored = id.map(|id| self.get_service(id).map(|s| (*id, service_columns(&s.details)))).transpose()?;
        let saved = self.save_row(
            "billing_service",
            stored,
            |_| Ok(columns),
            |_, saved| Ok(AuditRecord::new(Some(actor), AuditAction::FeeScheduleChanged).entity("billing_service", saved.id)),
        )?;
        self.get_service(&saved.id)
    }
}
