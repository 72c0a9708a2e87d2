//! The billing reports and the patient's account: read only, computed from the stored facts
//! (invoice totals fixed at issue, payments, credit notes) every time.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use clinic_core::billing::{
    add_to_age_bucket, CashUp, CashUpRow, CashUpTotal, ClaimListing, ClaimStatus, ClaimStatusRow, InvoiceStatus, OutstandingRow,
    PatientAccount,
};

use super::claims::{claim_from_row, CLAIM_COLUMNS};
use super::rows::date;
use crate::codes::from_code;
use crate::{Store, StoreError};

/// Open invoices (issued, not void, not credit notes) with their balance, oldest first.
const OPEN_BALANCES: &str = "SELECT i.patient_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name, p.mrn,
        i.currency, i.issued_on,
        i.total_minor
          - (SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE invoice_id = i.id AND deleted_at IS NULL)
          - (SELECT coalesce(sum(total_minor), 0) FROM invoice c WHERE c.credits_invoice_id = i.id AND c.kind = 'credit_note'
               AND c.issued_at IS NOT NULL AND c.voided_at IS NULL AND c.deleted_at IS NULL)
     FROM invoice i JOIN patient p ON p.id = i.patient_id
     WHERE i.issued_at IS NOT NULL AND i.voided_at IS NULL AND i.deleted_at IS NULL AND i.kind = 'invoice'
     ORDER BY i.issued_on";

impl Store {
    /// A patient's invoices, policies, claims and what they still owe.
    pub fn patient_account(&self, patient_id: &str) -> Result<PatientAccount, StoreError> {
        self.get_patient(patient_id)?;
        let invoices = self.patient_invoices(patient_id)?;
        let currency = self.billing_settings()?.currency;
        let open = |s: InvoiceStatus| matches!(s, InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid);
        // One sum in the clinic's currency: invoices in an earlier currency are listed, not added.
        let balance_minor = invoices
            .iter()
            .filter(|i| i.kind == clinic_core::billing::InvoiceKind::Invoice && open(i.status))
            .filter(|i| i.currency.code() == currency)
            .map(|i| i.balance_minor)
            .sum();
        let claims = self
            .conn
            .prepare_cached(&format!(
                "SELECT {CLAIM_COLUMNS} FROM claim WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC"
            ))?
            .query_map([patient_id], claim_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()??;
        Ok(PatientAccount { invoices, policies: self.list_policies(patient_id)?, claims, balance_minor, currency })
    }

    /// Claims for the board, in one status or all, newest first.
    pub fn list_claims(&self, status: Option<ClaimStatus>) -> Result<Vec<ClaimListing>, StoreError> {
        let columns = CLAIM_COLUMNS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
        let status = status.and_then(|s| crate::codes::code(&s));
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {columns}, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name, p.mrn, i.number, ip.payer
             FROM claim c
             JOIN patient p ON p.id = c.patient_id
             LEFT JOIN invoice i ON i.id = c.invoice_id
             LEFT JOIN insurance_policy ip ON ip.id = c.policy_id
             WHERE c.deleted_at IS NULL AND (?1 IS NULL OR c.status = ?1)
             ORDER BY c.created_at DESC LIMIT 1000"
        ))?;
        let rows = statement.query_map([status], |r| {
            let claim = claim_from_row(r)?;
            Ok(claim.map(|claim| {
                (
                    claim,
                    r.get::<_, String>(8),
                    r.get::<_, String>(9),
                    r.get::<_, Option<String>>(10),
                    r.get::<_, Option<String>>(11),
                )
            }))
        })?;
        let mut listed = Vec::new();
        for row in rows {
            let (claim, name, mrn, number, payer) = row??;
            listed.push(ClaimListing {
                claim,
                patient_name: name?,
                mrn: mrn?,
                invoice_number: number?,
                payer: payer?.unwrap_or_default(),
            });
        }
        Ok(listed)
    }

    /// The payments and refunds received on `day`, by currency and method.
    pub fn cash_up(&self, day: NaiveDate) -> Result<CashUp, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.currency, pm.method, count(*), sum(pm.amount_minor)
             FROM payment pm JOIN invoice i ON i.id = pm.invoice_id
             WHERE pm.received_on = ?1 AND pm.deleted_at IS NULL
             GROUP BY i.currency, pm.method ORDER BY i.currency, pm.method",
        )?;
        let mut rows = Vec::new();
        let mut totals: BTreeMap<String, i64> = BTreeMap::new();
        let found = statement.query_map([day.format("%Y-%m-%d").to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?, r.get::<_, i64>(3)?))
        })?;
        for row in found {
            let (currency, method, count, amount_minor) = row?;
            *totals.entry(currency.clone()).or_default() += amount_minor;
            rows.push(CashUpRow { currency, method: from_code(&method, "payment", "method")?, count, amount_minor });
        }
        let totals = totals.into_iter().map(|(currency, amount_minor)| CashUpTotal { currency, amount_minor }).collect();
        Ok(CashUp { date: day, rows, totals })
    }

    /// What each patient still owes on issued invoices, by age from the day of issue: 0-30,
    /// 31-60, 61-90 and over 90 days before `today`. Largest total first.
    pub fn outstanding_balances(&self, today: NaiveDate) -> Result<Vec<OutstandingRow>, StoreError> {
        let mut by_patient: BTreeMap<(String, String), OutstandingRow> = BTreeMap::new();
        let mut statement = self.conn.prepare_cached(OPEN_BALANCES)?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for row in rows {
            let (patient_id, patient_name, mrn, currency, issued_on, balance) = row?;
            if balance <= 0 {
                continue;
            }
            let issued_on = issued_on.map(|d| date(&d, "invoice", "issued_on")).transpose()?;
            let age = issued_on.map_or(0, |d| (today - d).num_days());
            let entry = by_patient.entry((patient_id.clone(), currency.clone())).or_insert_with(|| OutstandingRow {
                patient_id,
                patient_name,
                mrn,
                currency,
                days_0_to_30_minor: 0,
                days_31_to_60_minor: 0,
                days_61_to_90_minor: 0,
                over_90_minor: 0,
                total_minor: 0,
                oldest_issued_on: issued_on,
            });
            add_to_age_bucket(entry, age, balance);
        }
        let mut rows: Vec<OutstandingRow> = by_patient.into_values().collect();
        rows.sort_by(|a, b| b.total_minor.cmp(&a.total_minor).then_with(|| a.mrn.cmp(&b.mrn)));
        Ok(rows)
    }

    /// Claims counted and summed by status.
    pub fn claims_report(&self) -> Result<Vec<ClaimStatusRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT status, count(*), sum(claimed_minor), coalesce(sum(approved_minor), 0), coalesce(sum(paid_minor), 0)
             FROM claim WHERE deleted_at IS NULL GROUP BY status",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?))
        })?;
        let mut report = Vec::new();
        for row in rows {
            let (status, count, claimed_minor, approved_minor, paid_minor) = row?;
            report.push(ClaimStatusRow {
                status: from_code(&status, "claim", "status")?,
                count,
                claimed_minor,
                approved_minor,
                paid_minor,
            });
        }
        Ok(report)
    }
}
