//! Payments: append-only rows against an issued invoice. A refund is a negative payment with a
//! reason, never an edit or a deletion. Overpayment is refused, not kept as credit: the desk
//! takes at most the balance due, so a patient's money is never held on account.

use crate::ids::{InvoiceId, PaymentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{clamp_i64, format_money, Currency, MAX_SAFE_MINOR};
use super::status::{InvoiceKind, InvoiceStatus};
use crate::scheduling::wire::ymd;
use crate::validation::{Collector, ValidationErrors};

const MAX_REFERENCE: usize = 60;
const MAX_REFUND_REASON: usize = 200;

/// How money was paid or refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentMethod {
    /// Notes and coins at the desk.
    Cash,
    /// A debit or credit card.
    Card,
    /// A bank transfer.
    BankTransfer,
    /// Paid by the patient's insurer on a claim.
    Insurance,
}

/// A payment as the desk takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentInput {
    /// How much, in minor units (more than 0).
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// How it was paid.
    pub method: PaymentMethod,
    /// A card slip, transfer or claim reference.
    pub reference: Option<String>,
    /// The day the money came in (not in the future).
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub received_on: NaiveDate,
}

/// A refund as the desk gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundInput {
    /// How much goes back, in minor units (more than 0).
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// How it goes back.
    pub method: PaymentMethod,
    /// Why.
    pub reason: String,
    /// The day the money went back (not in the future).
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub refunded_on: NaiveDate,
}

/// A stored payment or refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Payment {
    /// The payment's id (UUIDv7).
    pub id: PaymentId,
    /// The invoice paid.
    pub invoice_id: InvoiceId,
    /// How much, in minor units: negative for a refund.
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// How it was paid or refunded.
    pub method: PaymentMethod,
    /// A card slip, transfer or claim reference.
    pub reference: Option<String>,
    /// The day the money moved.
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    /// Why the money went back, for a refund.
    pub refund_reason: Option<String>,
}

/// Records an error if `amount` is not above zero or beyond what the UI holds exactly.
fn check_amount(c: &mut Collector, amount_minor: i64) {
    if amount_minor <= 0 {
        c.add("amountMinor", "Enter an amount above zero");
    } else if amount_minor > MAX_SAFE_MINOR {
        c.add("amountMinor", "This amount is too large");
    }
}

impl PaymentInput {
    /// Checks every field against the clinic's `today`; returns the input trimmed.
    pub fn validate(&self, today: NaiveDate) -> Result<PaymentInput, ValidationErrors> {
        let mut c = Collector::default();
        check_amount(&mut c, self.amount_minor);
        let reference = c.text("reference", self.reference.as_deref().unwrap_or(""), false, MAX_REFERENCE);
        if self.received_on > today {
            c.add("receivedOn", "The payment date cannot be in the future");
        }
        c.finish(PaymentInput { reference, ..self.clone() })
    }

    /// The stored payment, under `id`, for `invoice_id`.
    pub fn into_payment(self, id: PaymentId, invoice_id: InvoiceId) -> Payment {
        let PaymentInput { amount_minor, method, reference, received_on } = self;
        Payment { id, invoice_id, amount_minor, method, reference, received_on, refund_reason: None }
    }
}

impl RefundInput {
    /// Checks every field against the clinic's `today`; returns the input trimmed.
    pub fn validate(&self, today: NaiveDate) -> Result<RefundInput, ValidationErrors> {
        let mut c = Collector::default();
        check_amount(&mut c, self.amount_minor);
        let reason = c.text("reason", &self.reason, true, MAX_REFUND_REASON).unwrap_or_default();
        if self.refunded_on > today {
            c.add("refundedOn", "The refund date cannot be in the future");
        }
        c.finish(RefundInput { reason, ..self.clone() })
    }

    /// The stored refund, under `id`, for `invoice_id`: a negative payment with its reason.
    pub fn into_payment(self, id: PaymentId, invoice_id: InvoiceId) -> Payment {
        Payment {
            id,
            invoice_id,
            amount_minor: -self.amount_minor,
            method: self.method,
            reference: None,
            received_on: self.refunded_on,
            refund_reason: Some(self.reason),
        }
    }
}

impl Payment {
    /// Whether this row gives money back.
    pub fn is_refund(&self) -> bool {
        self.amount_minor < 0
    }
}

/// What was paid on an invoice, net of refunds: the sum of its payment rows.
pub fn paid_minor(payments: &[Payment]) -> i64 {
    clamp_i64(payments.iter().map(|p| i128::from(p.amount_minor)).sum())
}

/// Why a payment cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// A draft is issued before it is paid.
    #[error("Issue the invoice before taking a payment")]
    Draft,
    /// A void invoice is not paid.
    #[error("This invoice is void: it cannot be paid")]
    Void,
    /// Credit notes are not paid; a refund goes against the original invoice.
    #[error("A credit note is not paid: refund against the original invoice")]
    CreditNote,
    /// The amount is zero or negative.
    #[error("Enter an amount above zero")]
    NotPositive,
    /// Nothing is due on this invoice.
    #[error("Nothing is due on this invoice")]
    NothingDue,
    /// More than the balance due; overpayment is refused, not kept as credit.
    #[error("This is more than the balance due ({balance_due}): take at most the balance")]
    Overpayment {
        /// The balance due, formatted.
        balance_due: String,
    },
}

/// Checks that `amount_minor` may be paid on an invoice: issued and not void, an invoice (not a
/// credit note), and no more than `balance_minor`. Overpayment is refused, not kept as credit.
pub fn check_payment(
    kind: InvoiceKind,
    status: InvoiceStatus,
    balance_minor: i64,
    amount_minor: i64,
    currency: &Currency,
) -> Result<(), PaymentError> {
    match status {
        InvoiceStatus::Draft => return Err(PaymentError::Draft),
        InvoiceStatus::Void => return Err(PaymentError::Void),
        _ if kind == InvoiceKind::CreditNote => return Err(PaymentError::CreditNote),
        _ => {}
    }
    if amount_minor <= 0 {
        Err(PaymentError::NotPositive)
    } else if balance_minor <= 0 {
        Err(PaymentError::NothingDue)
    } else if amount_minor > balance_minor {
        Err(PaymentError::Overpayment { balance_due: format_money(balance_minor, currency) })
    } else {
        Ok(())
    }
}

/// Why a refund cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    /// The amount is zero or negative.
    #[error("Enter an amount above zero")]
    NotPositive,
    /// More than was paid (net of earlier refunds).
    #[error("This is more than was paid ({paid}): refund at most what was paid")]
    MoreThanPaid {
        /// What was paid, formatted.
        paid: String,
    },
}

/// Checks that `amount_minor` may be refunded: at most what was paid so far, net of refunds.
pub fn check_refund(paid_so_far_minor: i64, amount_minor: i64, currency: &Currency) -> Result<(), RefundError> {
    if amount_minor <= 0 {
        Err(RefundError::NotPositive)
    } else if amount_minor > paid_so_far_minor {
        Err(RefundError::MoreThanPaid { paid: format_money(paid_so_far_minor.max(0), currency) })
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[path = "payment_tests.rs"]
mod tests;
