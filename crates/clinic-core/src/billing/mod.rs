//! Billing's pure rules: the fee schedule, invoices and credit notes, payments and refunds,
//! insurance policies and claims. No storage and no clock: callers bring the rows and the date.
//!
//! - Money is an `i64` count of minor units plus an ISO 4217 [`Currency`]; never floats.
//! - Rounding: a percentage (discount, tax) is rounded to the minor unit, halves away from zero,
//!   on each line; an invoice's tax is the sum of its lines' rounded taxes.
//! - Immutability: only a draft is edited. An issued invoice never changes; a mistake is
//!   corrected by voiding it (with a reason, while nothing is paid) or by a credit note, and a
//!   draft is deleted rather than voided.
//! - Overpayment is refused, not kept as credit: a payment is at most the balance due.
//! - A refund is a negative payment with a reason; payments are append-only rows.
//! - Balances and statuses are always computed (total − paid − credited), never stored.
//! - Numbers are `<SITE>-<YEAR>-<NNNNN>`, per site, so offline sites never collide.

pub mod claim;
pub mod invoice;
pub mod money;
pub mod numbering;
pub mod payment;
pub mod report;
pub mod service;
pub mod settings;
pub mod status;
pub mod view;

pub use claim::{
    move_claim, patient_share, policy_covers, Claim, ClaimError, ClaimMove, ClaimState, ClaimStatus, InsurancePolicy,
    InsurancePolicyInput,
};
pub use invoice::{
    invoice_totals, InvoiceDraftInput, InvoiceLine, InvoiceLineInput, InvoiceTotals, MAX_DUE_DAYS, MAX_LINES, MAX_QUANTITY,
};
pub use money::{format_money, percent_of, Currency, CurrencyError, BP_PER_WHOLE, MAX_SAFE_MINOR};
pub use numbering::{invoice_number, parse_invoice_number, InvoiceNumber};
pub use payment::{
    check_payment, check_refund, paid_minor, Payment, PaymentError, PaymentInput, PaymentMethod, RefundError, RefundInput,
};
pub use report::{
    add_to_age_bucket, CashUp, CashUpRow, CashUpTotal, ClaimListing, ClaimStatusRow, OutstandingRow, PatientAccount,
};
pub use service::{Service, ServiceInput, MAX_PRICE_MINOR, MAX_SERVICE_CODE};
pub use settings::BillingSettings;
pub use status::{
    balance_minor, check_credit, check_editable, check_void, due_date, invoice_status, CreditError, InvoiceEditError,
    InvoiceKind, InvoiceStatus, VoidError, MIN_VOID_REASON_CHARS,
};
pub use view::InvoiceView;
