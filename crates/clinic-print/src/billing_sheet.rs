//! A stored invoice as a printed sheet: the one mapping from clinic-core's billing records to
//! [`InvoiceSheet`], used by the app's print command and by the benchmark, with every amount
//! formatted in the invoice's currency.

use clinic_core::billing::{format_money, BillingSettings, InvoiceKind, InvoiceStatus, InvoiceView, PaymentMethod};
use clinic_core::Patient;

use crate::{InvoiceLetterhead, InvoiceSheet, InvoiceSheetLine, InvoiceSheetPayment};

fn method_label(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cash => "Cash",
        PaymentMethod::Card => "Card",
        PaymentMethod::BankTransfer => "Bank transfer",
        PaymentMethod::Insurance => "Insurance",
    }
}

fn percent(bp: u32) -> String {
    if bp % 100 == 0 {
        format!("{} %", bp / 100)
    } else {
        format!("{}.{:02} %", bp / 100, bp % 100)
    }
}

/// The letterhead from the clinic's names and its billing settings (no logo yet).
pub fn billing_letterhead(clinic_name: &str, site_name: &str, settings: &BillingSettings) -> InvoiceLetterhead {
    InvoiceLetterhead {
        clinic_name: clinic_name.to_string(),
        site_name: site_name.to_string(),
        address: settings.address.clone(),
        phone: settings.phone.clone(),
        tax_id: settings.tax_id.clone(),
        logo_png: None,
    }
}

/// The sheet for `invoice`; `receipt` prints it as a receipt of its payments.
pub fn invoice_sheet(letterhead: InvoiceLetterhead, patient: &Patient, invoice: &InvoiceView, receipt: bool) -> InvoiceSheet {
    let money = |minor: i64| format_money(minor, &invoice.currency);
    let title = match (receipt, invoice.kind) {
        (true, _) => "Receipt",
        (false, InvoiceKind::Invoice) => "Invoice",
        (false, InvoiceKind::CreditNote) => "Credit note",
    };
    let name = [
        Some(patient.details.given_name.as_str()),
        patient.details.middle_name.as_deref(),
        Some(patient.details.family_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%-d %B %Y").to_string());
    InvoiceSheet {
        letterhead,
        title: title.to_string(),
        number: invoice.number.clone().unwrap_or_else(|| "DRAFT".to_string()),
        issued_on: day(invoice.issued_on).unwrap_or_else(|| "not issued".to_string()),
        due_on: day(invoice.due_on),
        patient_name: name,
        patient_address: None,
        patient_mrn: patient.mrn.clone(),
        lines: invoice
            .lines
            .iter()
            .map(|l| InvoiceSheetLine {
                code: String::new(),
                description: l.details.description.clone(),
                quantity: l.details.quantity.to_string(),
                unit_price: money(l.details.unit_price_minor),
                discount: if l.details.discount_bp == 0 { String::new() } else { percent(l.details.discount_bp) },
                tax: percent(l.details.tax_rate_bp),
                total: money(l.total_minor),
            })
            .collect(),
        subtotal: money(invoice.totals.subtotal_minor),
        discount: money(invoice.totals.discount_minor),
        tax: money(invoice.totals.tax_minor),
        total: money(invoice.totals.total_minor),
        payments: invoice
            .payments
            .iter()
            .map(|p| InvoiceSheetPayment {
                date: p.received_on.format("%-d %b %Y").to_string(),
                method: if p.is_refund() {
                    format!("{} refund", method_label(p.method))
                } else {
                    method_label(p.method).to_string()
                },
                reference: p.reference.clone().or_else(|| p.refund_reason.clone()),
                amount: money(p.amount_minor),
            })
            .collect(),
        paid: money(invoice.paid_minor),
        // A credit note is owed by nobody: its own "balance" is its total, so it prints nil.
        balance_due: money(if invoice.kind == InvoiceKind::CreditNote { 0 } else { invoice.balance_minor }),
        notes: invoice.notes.clone(),
        status_stamp: match invoice.status {
            InvoiceStatus::Void => Some("VOID".to_string()),
            InvoiceStatus::Paid if invoice.kind == InvoiceKind::Invoice => Some("PAID".to_string()),
            _ => None,
        },
    }
}
