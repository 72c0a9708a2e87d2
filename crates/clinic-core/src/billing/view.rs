//! An invoice as the store reads it back: the stored facts with its priced lines, payments,
//! credits, and the balance and status computed from them.

use crate::ids::{AppointmentId, InvoiceId, PatientId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Currency, InvoiceKind, InvoiceLine, InvoiceStatus, InvoiceTotals, Payment};
use crate::scheduling::wire::opt_ymd;

/// One invoice or credit note with everything worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceView {
    /// The invoice's id (UUIDv7).
    pub id: InvoiceId,
    /// Who is billed.
    pub patient_id: PatientId,
    /// The appointment it bills, if any.
    pub appointment_id: Option<AppointmentId>,
    /// An invoice or a credit note.
    pub kind: InvoiceKind,
    /// For a credit note: the invoice it credits.
    pub credits_invoice_id: Option<InvoiceId>,
    /// `<SITE>-<YEAR>-<NNNNN>` once issued; `null` for a draft.
    pub number: Option<String>,
    /// The currency of every amount on it.
    pub currency: Currency,
    /// Printed at the end.
    pub notes: Option<String>,
    /// Days from issue to the due date.
    pub due_days: u32,
    /// When it was issued.
    #[ts(type = "string | null")]
    pub issued_at: Option<DateTime<Utc>>,
    /// The clinic's date of issue.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub issued_on: Option<NaiveDate>,
    /// When payment is due.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    /// When it was voided.
    #[ts(type = "string | null")]
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// The lines, priced, in order.
    pub lines: Vec<InvoiceLine>,
    /// The sums of the lines.
    pub totals: InvoiceTotals,
    /// Payments and refunds, oldest first.
    pub payments: Vec<Payment>,
    /// Paid, net of refunds.
    #[ts(type = "number")]
    pub paid_minor: i64,
    /// Credited by issued credit notes.
    #[ts(type = "number")]
    pub credited_minor: i64,
    /// Total − paid − credited.
    #[ts(type = "number")]
    pub balance_minor: i64,
    /// Where it is in its life.
    pub status: InvoiceStatus,
}
