//! Billing at seed scale (issue 8): by default 1,000,000 issued invoices over two years for the
//! bench's patients, then the outstanding balances report (it reads every issued invoice and
//! ages what is still owed), opening one invoice, and printing a one-page invoice as PDF, each
//! at p50 and p99.

pub(crate) mod seed;

use clinic_core::ids::PatientId;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{Datelike, NaiveDate};
use clinic_core::billing::{
    invoice_number, BillingSettings, Currency, InvoiceDraftInput, InvoiceLineInput, InvoiceView, PaymentInput, PaymentMethod,
};
use clinic_core::Actor;
use clinic_print::{invoice_pdf, InvoiceSheet};
use clinic_store::Store;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use serde::Serialize;

use crate::report::Latency;
use crate::Config;

/// The issue's target for printing a one-page invoice, at p99.
pub const PDF_TARGET_P99_MS: f64 = 50.0;
/// The measured operations, by the names the table and the JSON use.
pub const REPORT: &str = "outstanding balances report";
pub const OPEN_INVOICE: &str = "open one invoice (get_invoice)";
pub const PDF: &str = "invoice PDF, one page";

/// What the billing part of a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct BillingFigures {
    /// Invoices in the ledger (the seed's, plus the one issued through the real commands).
    pub invoices: usize,
    /// Their lines.
    pub lines: usize,
    /// Payments.
    pub payments: usize,
    /// Invoices paid in part.
    pub partially_paid: usize,
    /// Invoices voided.
    pub voided: usize,
    /// Patients billed.
    pub patients: usize,
    /// Seconds the bulk insert of the seed's invoices, lines and payments took.
    pub seed_secs: f64,
    /// Invoices, lines and payments the seed inserted.
    pub seed_rows: usize,
    /// Invoices the seed inserted.
    pub seed_invoices: usize,
    /// Seconds the checkpoint after the bulk insert took.
    pub checkpoint_secs: f64,
    /// Transactions the bulk insert used.
    pub seed_transactions: usize,
    /// Size of the whole database file and its write-ahead log after the seed, in MiB.
    pub database_mib: f64,
    /// How much of it the seeded ledger added (rows, indexes and change log), in MiB.
    pub ledger_mib: f64,
    /// Issued, unvoided invoices: the rows the outstanding balances report reads.
    pub report_reads: usize,
    /// Invoices with a balance due.
    pub open_invoices: usize,
    /// Rows of the report: patients owing something.
    pub patients_owing: usize,
    /// The number `issue_invoice` gave the invoice made through the real commands.
    pub issued_number: String,
    /// The size of one one-page invoice PDF.
    pub pdf_bytes: usize,
    /// The measured operations.
    pub latencies: Vec<Latency>,
}

impl BillingFigures {
    /// The figure named `name`, if measured.
    pub fn latency(&self, name: &str) -> Option<&Latency> {
        self.latencies.iter().find(|l| l.name == name)
    }

    /// Whether the one-page PDF's p99 is under the issue's target.
    pub fn pdf_target_met(&self) -> bool {
        self.latency(PDF).is_some_and(|l| l.p99_ms < PDF_TARGET_P99_MS)
    }

    fn seed_invoices_per_sec(&self) -> f64 {
        self.seed_invoices as f64 / self.seed_secs.max(f64::EPSILON)
    }

    fn seed_rows_per_sec(&self) -> f64 {
        self.seed_rows as f64 / self.seed_secs.max(f64::EPSILON)
    }

    /// The billing lines of the printed table; `unit` is one baseline insert in ms.
    pub fn table(&self, unit: f64) -> String {
        let mut out = format!(
            "\nbilling: {} invoices ({} lines; {} payments, {} of them partial; {} void) for {} patients, {}\n\
             seeded in {:.1} s ({:.0} invoices/s, {:.0} rows/s with lines and payments, {} transactions; bulk through the \
             write path with change log, per-invoice rule checks and audit skipped) and checkpointed in {:.1} s; \
             database {:.0} MiB, {:.0} MiB of it the ledger's\n\
             the report reads {} issued invoices: {} with a balance due, owed by {} patients; \
             next real issue numbered {}\n",
            self.invoices,
            self.lines,
            self.payments,
            self.partially_paid,
            self.voided,
            self.patients,
            seed::CURRENCY,
            self.seed_secs,
            self.seed_invoices_per_sec(),
            self.seed_rows_per_sec(),
            self.seed_transactions,
            self.checkpoint_secs,
            self.database_mib,
            self.ledger_mib,
            self.report_reads,
            self.open_invoices,
            self.patients_owing,
            self.issued_number,
        );
        for l in &self.latencies {
            out.push_str(&l.table_row(unit));
        }
        let pdf_p99 = self.latency(PDF).map_or(0.0, |l| l.p99_ms);
        out.push_str(&format!(
            "target p99 under {PDF_TARGET_P99_MS} ms for a one-page invoice PDF ({} KB): {} (p99 {pdf_p99:.1} ms)\n",
            self.pdf_bytes / 1024,
            if self.pdf_target_met() { "met" } else { "MISSED" },
        ));
        if let Some(report) = self.latency(REPORT) {
            out.push_str(&format!(
                "outstanding balances report: no target in the issue; p99 {:.1} ms over {} runs\n",
                report.p99_ms, report.count
            ));
        }
        out
    }

    /// The figures as JSON, each latency with its ratio to the baseline insert (`unit` ms).
    pub fn json(&self, unit: f64) -> serde_json::Value {
        let latencies: Vec<serde_json::Value> = self
            .latencies
            .iter()
            .map(|l| {
                serde_json::json!({
                    "name": l.name,
                    "count": l.count,
                    "p50_ms": l.p50_ms,
                    "p99_ms": l.p99_ms,
                    "max_ms": l.max_ms,
                    "p50_ratio_to_baseline": l.p50_ms / unit,
                    "p99_ratio_to_baseline": l.p99_ms / unit,
                    "max_ratio_to_baseline": l.max_ms / unit,
                    "target_p99_ms": (l.name == PDF).then_some(PDF_TARGET_P99_MS),
                })
            })
            .collect();
        serde_json::json!({
            "invoices": self.invoices,
            "lines": self.lines,
            "payments": self.payments,
            "partially_paid": self.partially_paid,
            "voided": self.voided,
            "patients": self.patients,
            "currency": seed::CURRENCY,
            "seed_secs": self.seed_secs,
            "seed_invoices_per_sec": self.seed_invoices_per_sec(),
            "seed_rows_per_sec": self.seed_rows_per_sec(),
            "seed_transactions": self.seed_transactions,
            "seed_method": "bulk through store.write() / WriteTx::insert with change log; per-invoice rule checks and audit skipped",
            "checkpoint_secs": self.checkpoint_secs,
            "database_mib": self.database_mib,
            "ledger_mib": self.ledger_mib,
            "report_reads_invoices": self.report_reads,
            "open_invoices": self.open_invoices,
            "patients_owing": self.patients_owing,
            "issued_number": self.issued_number,
            "pdf_bytes": self.pdf_bytes,
            "latencies": latencies,
            "pdf_target_p99_ms": PDF_TARGET_P99_MS,
            "pdf_target_met": self.pdf_target_met(),
            "report_target_p99_ms": serde_json::Value::Null,
        })
    }
}

/// The sheet of one stored invoice, with its patient read as the app's print command does.
fn sheet_of(store: &Store, settings: &BillingSettings, invoice: &InvoiceView) -> anyhow::Result<InvoiceSheet> {
    let patient = store.get_patient(&invoice.patient_id)?;
    let letterhead = clinic_print::billing_letterhead(&store.site().clinic_name, &store.site().site_name, settings);
    Ok(clinic_print::invoice_sheet(letterhead, &patient, invoice, false))
}

/// Issues one invoice through the real commands (create, issue, a partial cash payment), which
/// also proves the seed left the numbering right: it must get the year's next number.
fn issue_one(
    store: &mut Store,
    actor: &Actor,
    patient_id: &PatientId,
    lines: Vec<InvoiceLineInput>,
    today: NaiveDate,
    expected: &str,
) -> anyhow::Result<InvoiceView> {
    let draft = InvoiceDraftInput { lines, notes: Some("Payment within 30 days, please.".into()), due_days: 30 };
    let currency = Currency::parse(seed::CURRENCY)?;
    let created = store.create_invoice(actor, patient_id, None, &draft, &currency)?;
    let issued = store.issue_invoice(actor, &created.id, today)?;
    if issued.number.as_deref() != Some(expected) {
        bail!("the invoice issued after the seed is numbered {:?}, not {expected}", issued.number);
    }
    let payment =
        PaymentInput { amount_minor: issued.balance_minor / 2, method: PaymentMethod::Cash, reference: None, received_on: today };
    Ok(store.take_payment(actor, &created.id, &payment, today)?)
}

/// Size of the database file and its write-ahead log, in MiB.
fn database_mib(store: &Store) -> f64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", store.path().display())).ok())
        .map(|m| m.len() as f64 / (1024.0 * 1024.0))
        .sum()
}

fn timed<T>(samples: &mut Vec<Duration>, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let t = Instant::now();
    let value = f()?;
    samples.push(t.elapsed());
    Ok(value)
}

/// Sets the letterhead and the fee schedule, seeds the ledger and measures.
pub fn measure(
    store: &mut Store,
    actor: &Actor,
    config: &Config,
    patient_ids: &[PatientId],
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<BillingFigures> {
    let settings = BillingSettings {
        currency: seed::CURRENCY.into(),
        tax_id: Some("DE 123 456 789".into()),
        address: Some("Hauptstraße 12\n10115 Berlin".into()),
        phone: Some("+49 30 1234 5678".into()),
    };
    let settings = store.save_billing_settings(actor, &settings)?;
    let services = seed::services(store, actor)?;
    tracing::info!(invoices = config.invoices, patients = patient_ids.len(), "seeding the ledger");
    // From a database at rest, so the growth below is the ledger's alone.
    crate::schedule::settle(store)?;
    let before_mib = database_mib(store);
    let ledger = seed::invoices(store, actor, &services, patient_ids, config.invoices, today, rng)?;
    let database_mib = database_mib(store);
    tracing::info!(seed_secs = ledger.seed_secs, checkpoint_secs = ledger.checkpoint_secs, "ledger seeded; measuring");

    let year = today.year();
    let expected = invoice_number(&store.site().site_code, year, ledger.last_numbers.get(&year).copied().unwrap_or(0) + 1);
    let patient = patient_ids.choose(rng).context("no patients")?;
    let lines = services.iter().take(3).map(|s| InvoiceLineInput::from_service(s, 1)).collect();
    let real = issue_one(store, actor, patient, lines, today, &expected)?;
    // Warm-up, untimed: the embedded fonts are parsed once per process, on the first print.
    let pdf_bytes = invoice_pdf(&sheet_of(store, &settings, &real)?)?.len();

    let mut report = Vec::with_capacity(config.billing_report_runs);
    let mut patients_owing = 0;
    for _ in 0..config.billing_report_runs {
        patients_owing = timed(&mut report, || Ok(store.outstanding_balances(today)?))?.len();
    }
    let (mut open, mut pdf) = (Vec::new(), Vec::new());
    for _ in 0..config.billing_requests {
        let id = ledger.sample.choose(rng).unwrap_or(&real.id);
        let invoice = timed(&mut open, || Ok(store.get_invoice(id)?))?;
        let sheet = sheet_of(store, &settings, &invoice)?;
        std::hint::black_box(timed(&mut pdf, || Ok(invoice_pdf(&sheet)?))?);
    }
    let report_reads: i64 = store.connection().query_row(
        "SELECT count(*) FROM invoice
         WHERE issued_at IS NOT NULL AND voided_at IS NULL AND deleted_at IS NULL AND kind = 'invoice'",
        [],
        |r| r.get(0),
    )?;
    Ok(BillingFigures {
        invoices: ledger.invoices + 1,
        lines: ledger.lines + real.lines.len(),
        payments: ledger.payments + real.payments.len(),
        partially_paid: ledger.partially_paid + 1,
        voided: ledger.voided,
        patients: patient_ids.len(),
        seed_secs: ledger.seed_secs,
        seed_rows: ledger.rows(),
        seed_invoices: ledger.invoices,
        checkpoint_secs: ledger.checkpoint_secs,
        seed_transactions: ledger.transactions,
        database_mib,
        ledger_mib: database_mib - before_mib,
        report_reads: usize::try_from(report_reads)?,
        open_invoices: ledger.open + 1,
        patients_owing,
        issued_number: expected,
        pdf_bytes,
        latencies: vec![
            Latency::from_samples(REPORT, report),
            Latency::from_samples(OPEN_INVOICE, open),
            Latency::from_samples(PDF, pdf),
        ],
    })
}
