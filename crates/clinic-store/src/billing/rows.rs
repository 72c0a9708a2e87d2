//! Reading billing rows into the domain's types.

use clinic_core::billing::{InvoiceLine, InvoiceLineInput, Payment, Service, ServiceInput};
use clinic_core::ids::{InvoiceId, PaymentId};
use rusqlite::Row;

use crate::codes::from_code;
use crate::rows::{parse_date, RowResult};

pub(crate) const SERVICE_COLUMNS: &str = "id, code, name, price_minor, tax_rate_bp, active, appointment_type_id";

pub(crate) fn service_from_row(r: &Row<'_>) -> RowResult<Service> {
    Ok(Ok(Service {
        id: r.get(0)?,
        details: ServiceInput {
            code: r.get(1)?,
            name: r.get(2)?,
            price_minor: r.get(3)?,
            tax_rate_bp: r.get(4)?,
            active: r.get(5)?,
            appointment_type_id: r.get(6)?,
        },
    }))
}

pub(crate) const LINE_COLUMNS: &str = "service_id, description, quantity, unit_price_minor, discount_bp, tax_rate_bp";

pub(crate) fn line_from_row(r: &Row<'_>) -> RowResult<InvoiceLine> {
    Ok(Ok(InvoiceLine::price(InvoiceLineInput {
        service_id: r.get(0)?,
        description: r.get(1)?,
        quantity: r.get(2)?,
        unit_price_minor: r.get(3)?,
        discount_bp: r.get(4)?,
        tax_rate_bp: r.get(5)?,
    })))
}

pub(crate) const PAYMENT_COLUMNS: &str = "id, invoice_id, amount_minor, method, reference, received_on, refund_reason";

pub(crate) fn payment_from_row(r: &Row<'_>) -> RowResult<Payment> {
    const T: &str = "payment";
    let (id, invoice_id, amount_minor, method, reference, received_on, refund_reason): (
        PaymentId,
        InvoiceId,
        i64,
        String,
        Option<String>,
        String,
        Option<String>,
    ) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(Payment {
            id,
            invoice_id,
            amount_minor,
            method: from_code(&method, T, "method")?,
            reference,
            received_on: parse_date(&received_on, T, "received_on")?,
            refund_reason,
        })
    })())
}
