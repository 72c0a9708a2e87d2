//! An invoice's life: draft → issued → partially paid / paid, or void. Only a draft changes;
//! once issued an invoice is immutable, and a mistake is corrected by voiding it (with a reason,
//! while nothing is paid) or by a credit note. The status and the balance are computed from the
//! stored facts (issued and voided instants, lines, payments, credit notes), never stored.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{clamp_i64, format_money, Currency};
use crate::validation::{Collector, ValidationErrors};

/// The shortest reason accepted for voiding an invoice.
pub const MIN_VOID_REASON_CHARS: usize = 5;
const MAX_VOID_REASON: usize = 500;

/// What a billing document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InvoiceKind {
    /// Asks the patient (or payer) for money.
    Invoice,
    /// Cancels all or part of an issued invoice; it takes no payments.
    CreditNote,
}

/// Where an invoice is in its life, as computed by [`invoice_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InvoiceStatus {
    /// Being written; editable and unnumbered.
    Draft,
    /// Numbered and sent; nothing paid yet (an issued credit note stays here).
    Issued,
    /// Some paid, some still due.
    PartiallyPaid,
    /// Nothing left to pay: paid, credited, or both.
    Paid,
    /// Cancelled with a reason; kept for the record.
    Void,
}

/// What is still due: total − paid − credited. `paid_minor` is net of refunds; negative means
/// the clinic owes the patient money (a credit note issued after payment).
pub fn balance_minor(total_minor: i64, paid_minor: i64, credited_minor: i64) -> i64 {
    clamp_i64(i128::from(total_minor) - i128::from(paid_minor) - i128::from(credited_minor))
}

/// The status from the stored facts: void wins, then draft until issued; an issued invoice is
/// paid when its balance is zero or less, partially paid when some money came in, issued else.
/// A credit note is only ever draft, issued or void.
pub fn invoice_status(
    kind: InvoiceKind,
    issued_at: Option<DateTime<Utc>>,
    voided_at: Option<DateTime<Utc>>,
    total_minor: i64,
    paid_minor: i64,
    credited_minor: i64,
) -> InvoiceStatus {
    if voided_at.is_some() {
        return InvoiceStatus::Void;
    }
    if issued_at.is_none() {
        return InvoiceStatus::Draft;
    }
    if kind == InvoiceKind::CreditNote {
        return InvoiceStatus::Issued;
    }
    if balance_minor(total_minor, paid_minor, credited_minor) <= 0 {
        InvoiceStatus::Paid
    } else if paid_minor > 0 {
        InvoiceStatus::PartiallyPaid
    } else {
        InvoiceStatus::Issued
    }
}

/// The day payment is due: `due_days` after the day of issue.
pub fn due_date(issued_on: NaiveDate, due_days: u32) -> NaiveDate {
    issued_on.checked_add_days(Days::new(u64::from(due_days))).unwrap_or(NaiveDate::MAX)
}

/// Why an invoice cannot be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceEditError {
    /// An issued invoice is immutable.
    #[error("This invoice is issued: void it or issue a credit note")]
    Issued,
    /// A void invoice is kept as it was.
    #[error("This invoice is void: it cannot change")]
    Void,
}

/// Refuses to edit anything but a draft.
pub fn check_editable(issued_at: Option<DateTime<Utc>>, voided_at: Option<DateTime<Utc>>) -> Result<(), InvoiceEditError> {
    match (issued_at, voided_at) {
        (_, Some(_)) => Err(InvoiceEditError::Void),
        (Some(_), None) => Err(InvoiceEditError::Issued),
        (None, None) => Ok(()),
    }
}

/// Why an invoice cannot be voided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoidError {
    /// A draft was never issued: it is deleted instead.
    #[error("This invoice is a draft: delete it instead of voiding it")]
    Draft,
    /// It is void already.
    #[error("This invoice is already void")]
    AlreadyVoid,
    /// Money was paid on it.
    #[error("Payments were taken on this invoice: refund the payments first or issue a credit note")]
    Paid,
    /// The reason is missing or too short.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

/// Checks that an issued invoice may be voided: nothing paid on it (net of refunds) and a
/// reason of at least 5 characters. Returns the trimmed reason.
pub fn check_void(
    issued_at: Option<DateTime<Utc>>,
    voided_at: Option<DateTime<Utc>>,
    paid_minor: i64,
    reason: &str,
) -> Result<String, VoidError> {
    if voided_at.is_some() {
        return Err(VoidError::AlreadyVoid);
    }
    if issued_at.is_none() {
        return Err(VoidError::Draft);
    }
    if paid_minor != 0 {
        return Err(VoidError::Paid);
    }
    let mut c = Collector::default();
    let reason = c.text("voidReason", reason, true, MAX_VOID_REASON).unwrap_or_default();
    if !reason.is_empty() && reason.chars().count() < MIN_VOID_REASON_CHARS {
        c.add("voidReason", format!("Say why in at least {MIN_VOID_REASON_CHARS} characters"));
    }
    c.finish(reason).map_err(VoidError::from)
}

/// Why a credit note cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditError {
    /// Only an issued invoice is credited: a draft is edited, a void one is cancelled already.
    #[error("Only an issued invoice can be credited")]
    NotIssued(InvoiceStatus),
    /// The credit note has no lines, or they add up to nothing.
    #[error("A credit note needs at least one line with an amount")]
    Empty,
    /// It credits more than is left.
    #[error("This credits more than is left to credit ({left}): credit at most that")]
    TooMuch {
        /// What is left to credit, formatted.
        left: String,
    },
}

/// Checks a credit note of `credit_total_minor` against its original invoice (in `original_status`):
/// it needs an amount, and all credit notes together never exceed the original's total.
pub fn check_credit(
    original_status: InvoiceStatus,
    original_total_minor: i64,
    credited_so_far_minor: i64,
    credit_total_minor: i64,
    currency: &Currency,
) -> Result<(), CreditError> {
    if matches!(original_status, InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Err(CreditError::NotIssued(original_status));
    }
    if credit_total_minor <= 0 {
        return Err(CreditError::Empty);
    }
    let left = balance_minor(original_total_minor, 0, credited_so_far_minor).max(0);
    if credit_total_minor > left {
        return Err(CreditError::TooMuch { left: format_money(left, currency) });
    }
    Ok(())
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
