//! The billing reports and the patient's account: read only, computed from the stored facts
//! (invoice totals fixed at issue, payments, credit notes) every time.

use clinic_core::ids::PatientId;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use clinic_core::billing::{
    add_to_age_bucket, CashUp, CashUpRow, CashUpTotal, ClaimListing, ClaimStatus, ClaimStatusRow, InvoiceStatus, OutstandingRow,
    PatientAccount,
};

use super::claims::{claim_from_row, CLAIM_COLUMNS};
use crate::codes::from_code;
use crate::rows::parse_date;
use crate::{Store, StoreError};

/// Open invoices (issued, not void, not credit notes), oldest first, read from the covering
/// `invoice_open` index alone.
const OPEN_INVOICES: &str = "SELECT patient_id, currency, issued_on, total_minor, id FROM invoice INDEXED BY invoice_open
     WHERE issued_at IS NOT NULL AND voided_at IS NULL AND deleted_at IS NULL AND kind = 'invoice'
     ORDER BY issued_on";

/// Payments less refunds per invoice, from the covering `payment_by_invoice` index alone.
const PAID: &str = "SELECT invoice_id, sum(amount_minor) FROM payment INDEXED BY payment_by_invoice
     WHERE deleted_at IS NULL GROUP BY invoice_id";

/// Issued credit notes per invoice they credit.
const CREDITED: &str = "SELECT credits_invoice_id, sum(total_minor) FROM invoice
     WHERE credits_invoice_id IS NOT NULL AND kind = 'credit_note' AND issued_at IS NOT NULL AND voided_at IS NULL
       AND deleted_at IS NULL
     GROUP BY credits_invoice_id";

/// An invoice id as a map key: its 128 bits (a million of them fit in a few megabytes). A bad
/// id is reported as the `table` and `column` it was read from.
fn invoice_key(id: &str, table: &'static str, column: &'static str) -> Result<u128, StoreError> {
    uuid::Uuid::parse_str(id).map(|u| u.as_u128()).map_err(|_| StoreError::Corrupt { table, column })
}

impl Store {
    /// A patient's invoices, policies, claims and what they still owe.
    pub fn patient_account(&self, patient_id: &PatientId) -> Result<PatientAccount, StoreError> {
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
    ///
    /// At a million invoices a query joining each invoice to its payments, credit notes and
    /// patient read several random pages per invoice (49 s at p99 in `make bench`). Instead the
    /// payments and credits are summed in one pass each, the open invoices read in one pass of
    /// their covering index, and the names of the patients who owe picked out of one pass over
    /// the patients.
    pub fn outstanding_balances(&self, today: NaiveDate) -> Result<Vec<OutstandingRow>, StoreError> {
        let mut settled: HashMap<u128, i64> = HashMap::new();
        for (sql, table, column) in [(PAID, "payment", "invoice_id"), (CREDITED, "invoice", "credits_invoice_id")] {
            let mut statement = self.conn.prepare_cached(sql)?;
            let mut rows = statement.query([])?;
            while let Some(r) = rows.next()? {
                *settled.entry(invoice_key(&r.get::<_, String>(0)?, table, column)?).or_default() += r.get::<_, i64>(1)?;
            }
        }
        let mut by_patient: BTreeMap<(PatientId, String), OutstandingRow> = BTreeMap::new();
        let mut statement = self.conn.prepare_cached(OPEN_INVOICES)?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let total: Option<i64> = r.get(3)?;
            let balance =
                total.unwrap_or(0) - settled.get(&invoice_key(&r.get::<_, String>(4)?, "invoice", "id")?).copied().unwrap_or(0);
            if balance <= 0 {
                continue;
            }
            let issued_on = r.get::<_, Option<String>>(2)?.map(|d| parse_date(&d, "invoice", "issued_on")).transpose()?;
            let age = issued_on.map_or(0, |d| (today - d).num_days());
            let (patient_id, currency): (PatientId, String) = (r.get(0)?, r.get(1)?);
            let entry = by_patient.entry((patient_id, currency.clone())).or_insert_with(|| OutstandingRow {
                patient_id,
                patient_name: String::new(),
                mrn: String::new(),
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
        let names = self.patient_names(by_patient.keys().map(|(patient, _)| *patient).collect())?;
        // Invoices whose patient has not arrived at this site yet are left out until it has.
        let mut rows: Vec<OutstandingRow> = by_patient
            .into_values()
            .filter_map(|mut row| {
                let (name, mrn) = names.get(&row.patient_id)?;
                (row.patient_name, row.mrn) = (name.clone(), mrn.clone());
                Some(row)
            })
            .collect();
        rows.sort_by(|a, b| b.total_minor.cmp(&a.total_minor).then_with(|| a.mrn.cmp(&b.mrn)));
        Ok(rows)
    }

    /// The display name and record number of each of `ids`, read in one pass over the patients.
    fn patient_names(&self, ids: HashSet<PatientId>) -> Result<HashMap<PatientId, (String, String)>, StoreError> {
        let mut names = HashMap::with_capacity(ids.len());
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, coalesce(preferred_name, given_name) || ' ' || family_name, mrn FROM patient")?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: PatientId = r.get(0)?;
            if ids.contains(&id) {
                names.insert(id, (r.get(1)?, r.get(2)?));
            }
        }
        Ok(names)
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
