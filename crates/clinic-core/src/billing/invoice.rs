//! Invoice lines, their figures and the invoice's totals, and the draft a user edits.
//!
//! Each line is computed on its own: subtotal = quantity × unit price; discount = the discount
//! rate of the subtotal; net = subtotal − discount; tax = the tax rate of the net; total = net +
//! tax. Discount and tax are rounded per line (half away from zero, see `money`), and the
//! invoice's figures are the sums of the lines' rounded figures, so the printed lines always add
//! up to the printed totals.

use crate::ids::ServiceId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{clamp_i64, percent_of, BP_PER_WHOLE, MAX_SAFE_MINOR};
use super::service::{Service, MAX_PRICE_MINOR};
use crate::validation::{Collector, ValidationErrors};

/// The most units on one line.
pub const MAX_QUANTITY: u32 = 10_000;
/// The most lines on one invoice.
pub const MAX_LINES: usize = 200;
/// The longest payment term, in days.
pub const MAX_DUE_DAYS: u32 = 365;
const MAX_DESCRIPTION: usize = 200;
const MAX_NOTES: usize = 2_000;

/// One line of an invoice or credit note as the user enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceLineInput {
    /// The fee-schedule service it bills, if any; `null` for a free-text line.
    #[serde(default, with = "crate::ids::blank_is_none")]
    #[ts(as = "Option<ServiceId>")]
    pub service_id: Option<ServiceId>,
    /// What is billed, as printed.
    pub description: String,
    /// How many units (1 to 10 000).
    pub quantity: u32,
    /// The price of one unit in minor units (0 to 100 000 000.00).
    #[ts(type = "number")]
    pub unit_price_minor: i64,
    /// The discount in basis points (1000 = 10 %; 0 to 10 000).
    pub discount_bp: u32,
    /// The tax rate in basis points (2000 = 20 %; 0 to 10 000).
    pub tax_rate_bp: u32,
}

/// A line with its computed figures, all in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceLine {
    /// The line as entered.
    #[serde(flatten)]
    pub details: InvoiceLineInput,
    /// Quantity × unit price.
    #[ts(type = "number")]
    pub subtotal_minor: i64,
    /// The discount taken off the subtotal.
    #[ts(type = "number")]
    pub discount_minor: i64,
    /// Subtotal − discount: what tax is charged on.
    #[ts(type = "number")]
    pub net_minor: i64,
    /// The tax on the net, rounded on this line.
    #[ts(type = "number")]
    pub tax_minor: i64,
    /// Net + tax.
    #[ts(type = "number")]
    pub total_minor: i64,
}

/// The figures of a whole invoice: sums of its lines' figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceTotals {
    /// The sum of the lines' subtotals.
    #[ts(type = "number")]
    pub subtotal_minor: i64,
    /// The sum of the lines' discounts.
    #[ts(type = "number")]
    pub discount_minor: i64,
    /// The sum of the lines' taxes (each rounded on its line).
    #[ts(type = "number")]
    pub tax_minor: i64,
    /// The sum of the lines' totals: what the invoice asks for.
    #[ts(type = "number")]
    pub total_minor: i64,
}

/// An invoice or credit note while it is a draft: its lines and terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceDraftInput {
    /// The lines, in print order (1 to 200).
    pub lines: Vec<InvoiceLineInput>,
    /// A note printed on the invoice.
    pub notes: Option<String>,
    /// Days from issue until payment is due (0 to 365; 0 = due on issue).
    pub due_days: u32,
}

impl InvoiceLineInput {
    /// A line billing `quantity` of `service` at its current price and tax rate, with no discount.
    pub fn from_service(service: &Service, quantity: u32) -> InvoiceLineInput {
        InvoiceLineInput {
            service_id: Some(service.id),
            description: service.details.name.clone(),
            quantity,
            unit_price_minor: service.details.price_minor,
            discount_bp: 0,
            tax_rate_bp: service.details.tax_rate_bp,
        }
    }

    fn validate_into(&self, c: &mut Collector, i: usize) -> InvoiceLineInput {
        let key = |field: &str| format!("lines[{i}].{field}");
        let description = c.text(&key("description"), &self.description, true, MAX_DESCRIPTION).unwrap_or_default();
        if !(1..=MAX_QUANTITY).contains(&self.quantity) {
            c.add(&key("quantity"), format!("Bill 1 to {MAX_QUANTITY} units"));
        }
        if !(0..=MAX_PRICE_MINOR).contains(&self.unit_price_minor) {
            c.add(&key("unitPriceMinor"), "The unit price must be between 0 and 100,000,000.00");
        }
        if self.discount_bp > BP_PER_WHOLE {
            c.add(&key("discountBp"), "The discount must be between 0 % and 100 %");
        }
        if self.tax_rate_bp > BP_PER_WHOLE {
            c.add(&key("taxRateBp"), "The tax rate must be between 0 % and 100 %");
        }
        InvoiceLineInput { description, ..self.clone() }
    }
}

impl InvoiceLine {
    /// The line's figures. Never overflows: products are taken in `i128`, and figures beyond
    /// `i64` (impossible for a validated line) saturate.
    pub fn price(details: InvoiceLineInput) -> InvoiceLine {
        let subtotal_minor = clamp_i64(i128::from(details.quantity) * i128::from(details.unit_price_minor));
        let discount_minor = percent_of(subtotal_minor, details.discount_bp);
        let net_minor = subtotal_minor.saturating_sub(discount_minor);
        let tax_minor = percent_of(net_minor, details.tax_rate_bp);
        let total_minor = net_minor.saturating_add(tax_minor);
        InvoiceLine { details, subtotal_minor, discount_minor, net_minor, tax_minor, total_minor }
    }
}

/// The invoice's figures: the sums of its lines' figures (tax is rounded per line, then summed).
pub fn invoice_totals(lines: &[InvoiceLine]) -> InvoiceTotals {
    let sum = |figure: fn(&InvoiceLine) -> i64| clamp_i64(lines.iter().map(|l| i128::from(figure(l))).sum());
    InvoiceTotals {
        subtotal_minor: sum(|l| l.subtotal_minor),
        discount_minor: sum(|l| l.discount_minor),
        tax_minor: sum(|l| l.tax_minor),
        total_minor: sum(|l| l.total_minor),
    }
}

impl InvoiceDraftInput {
    /// Checks every field; returns the draft trimmed. Line errors are keyed `lines[i].quantity`
    /// and so on; a draft's total must stay within what the UI holds exactly.
    pub fn validate(&self) -> Result<InvoiceDraftInput, ValidationErrors> {
        let mut c = Collector::default();
        if self.lines.is_empty() {
            c.add("lines", "Add at least one line");
        } else if self.lines.len() > MAX_LINES {
            c.add("lines", format!("An invoice has at most {MAX_LINES} lines"));
        }
        let lines: Vec<InvoiceLineInput> = self.lines.iter().enumerate().map(|(i, l)| l.validate_into(&mut c, i)).collect();
        let notes = c.text("notes", self.notes.as_deref().unwrap_or(""), false, MAX_NOTES);
        if self.due_days > MAX_DUE_DAYS {
            c.add("dueDays", format!("Payment is due within 0 to {MAX_DUE_DAYS} days"));
        }
        let draft = InvoiceDraftInput { lines, notes, due_days: self.due_days };
        if invoice_totals(&draft.priced_lines()).total_minor > MAX_SAFE_MINOR {
            c.add("lines", "This invoice's total is too large: split it into several invoices");
        }
        c.finish(draft)
    }

    /// The lines with their figures.
    pub fn priced_lines(&self) -> Vec<InvoiceLine> {
        self.lines.iter().cloned().map(InvoiceLine::price).collect()
    }
}

#[cfg(test)]
#[path = "invoice_tests.rs"]
mod tests;
