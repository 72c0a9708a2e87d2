//! What billing screens and reports read: a patient's account, the claims list, the day's
//! cash-up, outstanding balances by age, and claims by status.

use crate::ids::PatientId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Claim, ClaimStatus, InsurancePolicy, InvoiceView, PaymentMethod};
use crate::scheduling::wire::{opt_ymd, ymd};

/// A patient's invoices, policies and claims with what they owe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientAccount {
    /// Invoices and credit notes, newest first.
    pub invoices: Vec<InvoiceView>,
    /// Insurance policies, newest cover first.
    pub policies: Vec<InsurancePolicy>,
    /// Claims on the patient's invoices.
    pub claims: Vec<Claim>,
    /// What the open invoices still ask for, in the clinic's currency.
    #[ts(type = "number")]
    pub balance_minor: i64,
    /// The clinic's currency.
    pub currency: String,
}

/// A claim with whose it is, for the claims board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClaimListing {
    /// The claim.
    #[serde(flatten)]
    pub claim: Claim,
    /// The patient's name.
    pub patient_name: String,
    /// The patient's record number.
    pub mrn: String,
    /// The invoice's number.
    pub invoice_number: Option<String>,
    /// Who is asked to pay.
    pub payer: String,
}

/// Payments of one method on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashUpRow {
    /// The currency.
    pub currency: String,
    /// How the money came (refunds count against it).
    pub method: PaymentMethod,
    /// How many payments and refunds.
    pub count: u32,
    /// Their sum, net of refunds.
    #[ts(type = "number")]
    pub amount_minor: i64,
}

/// The day's takings in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashUpTotal {
    /// The currency.
    pub currency: String,
    /// All methods together.
    #[ts(type = "number")]
    pub amount_minor: i64,
}

/// The cash-up of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashUp {
    /// The day.
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// By method.
    pub rows: Vec<CashUpRow>,
    /// By currency.
    pub totals: Vec<CashUpTotal>,
}

/// What one patient owes, by how long ago it was invoiced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutstandingRow {
    /// The patient.
    pub patient_id: PatientId,
    /// Their name.
    pub patient_name: String,
    /// Their record number.
    pub mrn: String,
    /// The currency.
    pub currency: String,
    /// Invoiced 0 to 30 days ago.
    #[ts(type = "number")]
    pub days_0_to_30_minor: i64,
    /// 31 to 60 days ago.
    #[ts(type = "number")]
    pub days_31_to_60_minor: i64,
    /// 61 to 90 days ago.
    #[ts(type = "number")]
    pub days_61_to_90_minor: i64,
    /// More than 90 days ago.
    #[ts(type = "number")]
    pub over_90_minor: i64,
    /// All of it.
    #[ts(type = "number")]
    pub total_minor: i64,
    /// The oldest open invoice's date.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub oldest_issued_on: Option<NaiveDate>,
}

/// Claims in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClaimStatusRow {
    /// The status.
    pub status: ClaimStatus,
    /// How many claims.
    pub count: u32,
    /// What was claimed.
    #[ts(type = "number")]
    pub claimed_minor: i64,
    /// What was approved.
    #[ts(type = "number")]
    pub approved_minor: i64,
    /// What was paid.
    #[ts(type = "number")]
    pub paid_minor: i64,
}

/// Adds `balance`, invoiced `age_days` ago, to the right bucket of `row`.
pub fn add_to_age_bucket(row: &mut OutstandingRow, age_days: i64, balance_minor: i64) {
    let bucket = match age_days {
        i64::MIN..=30 => &mut row.days_0_to_30_minor,
        31..=60 => &mut row.days_31_to_60_minor,
        61..=90 => &mut row.days_61_to_90_minor,
        _ => &mut row.over_90_minor,
    };
    *bucket = bucket.saturating_add(balance_minor);
    row.total_minor = row.total_minor.saturating_add(balance_minor);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::test_id;

    #[test]
    fn ages_fall_in_their_buckets_at_the_edges() {
        let mut row = OutstandingRow {
            patient_id: test_id("p"),
            patient_name: "n".into(),
            mrn: "m".into(),
            currency: "EUR".into(),
            days_0_to_30_minor: 0,
            days_31_to_60_minor: 0,
            days_61_to_90_minor: 0,
            over_90_minor: 0,
            total_minor: 0,
            oldest_issued_on: None,
        };
        for (age, amount) in [(0, 1), (30, 2), (31, 4), (60, 8), (61, 16), (90, 32), (91, 64), (400, 128)] {
            add_to_age_bucket(&mut row, age, amount);
        }
        assert_eq!(
            (row.days_0_to_30_minor, row.days_31_to_60_minor, row.days_61_to_90_minor, row.over_90_minor),
            (3, 12, 48, 192)
        );
        assert_eq!(row.total_minor, 255);
        let json = serde_json::to_value(&row).expect("json");
        assert!(json.get("days0To30Minor").is_some() && json.get("over90Minor").is_some(), "{json}");
    }
}
