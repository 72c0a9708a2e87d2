//! Payments and refunds: append-only rows; the balance is recomputed from them on every read.

use chrono::NaiveDate;
use clinic_core::billing::{check_payment, check_refund, InvoiceView, PaymentInput, RefundInput};
use clinic_core::ids::{InvoiceId, PaymentId};
use clinic_core::{Actor, AuditAction, AuditRecord};

use crate::codes::code;
use crate::{Store, StoreError};

fn refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Conflict(e.to_string())
}

/// Refuses money dated before the invoice was issued (it would rewrite an earlier cash-up).
fn before_issue(invoice: &InvoiceView, day: NaiveDate, field: &str) -> Result<(), StoreError> {
    if invoice.issued_on.is_some_and(|issued| day < issued) {
        let errors = clinic_core::ValidationErrors(vec![clinic_core::FieldError {
            field: field.into(),
            message: "This date is before the invoice was issued".into(),
        }]);
        return Err(StoreError::Validation(errors));
    }
    Ok(())
}

impl Store {
    /// Takes a payment on an issued invoice: at most the balance due (overpayment is refused).
    /// Audited.
    pub fn take_payment(
        &mut self,
        actor: &Actor,
        invoice_id: &InvoiceId,
        input: &PaymentInput,
        today: NaiveDate,
    ) -> Result<InvoiceView, StoreError> {
        let input = input.validate(today)?;
        let invoice = self.get_invoice(invoice_id)?;
        check_payment(invoice.kind, invoice.status, invoice.balance_minor, input.amount_minor, &invoice.currency)
            .map_err(refused)?;
        before_issue(&invoice, input.received_on, "receivedOn")?;
        let id = PaymentId::new();
        let mut tx = self.write()?;
        tx.insert(
            "payment",
            id,
            &[
                ("invoice_id", Some(invoice_id.to_string())),
                ("patient_id", Some(invoice.patient_id.to_string())),
                ("amount_minor", Some(input.amount_minor.to_string())),
                ("method", code(&input.method)),
                ("reference", input.reference.clone()),
                ("received_on", Some(input.received_on.format("%Y-%m-%d").to_string())),
                ("recorded_by", Some(actor.user_id.to_string())),
            ],
        )?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::PaymentTaken)
                .patient(&invoice.patient_id)
                .entity("payment", id)
                .detail(format!("{} {}", input.amount_minor, invoice.currency)),
        )?;
        tx.commit()?;
        self.get_invoice(invoice_id)
    }

    /// Gives money back: a negative payment with its reason, at most what was paid. Audited.
    pub fn refund_payment(
        &mut self,
        actor: &Actor,
        invoice_id: &InvoiceId,
        input: &RefundInput,
        today: NaiveDate,
    ) -> Result<InvoiceView, StoreError> {
        let input = input.validate(today)?;
        let invoice = self.get_invoice(invoice_id)?;
        check_refund(invoice.paid_minor, input.amount_minor, &invoice.currency).map_err(refused)?;
        before_issue(&invoice, input.refunded_on, "refundedOn")?;
        let id = PaymentId::new();
        let mut tx = self.write()?;
        tx.insert(
            "payment",
            id,
            &[
                ("invoice_id", Some(invoice_id.to_string())),
                ("patient_id", Some(invoice.patient_id.to_string())),
                ("amount_minor", Some((-input.amount_minor).to_string())),
                ("method", code(&input.method)),
                ("received_on", Some(input.refunded_on.format("%Y-%m-%d").to_string())),
                ("refund_reason", Some(input.reason.clone())),
                ("recorded_by", Some(actor.user_id.to_string())),
            ],
        )?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::PaymentRefunded)
                .patient(&invoice.patient_id)
                .entity("payment", id)
                .detail(format!("{} {}", input.amount_minor, invoice.currency)),
        )?;
        tx.commit()?;
        self.get_invoice(invoice_id)
    }
}
