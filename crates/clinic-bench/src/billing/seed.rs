//! The seed-scale ledger: a small fee schedule through the store's own command, then the
//! invoices with their lines and payments in bulk through the store's write path.

use clinic_core::ids::{InvoiceId, PatientId};
use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{Datelike, Duration, NaiveDate};
use clinic_core::billing::{due_date, invoice_number, invoice_totals, InvoiceLine, InvoiceLineInput, Service, ServiceInput};
use clinic_core::{new_id, Actor};
use clinic_store::Store;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use rusqlite::OptionalExtension;

/// Invoices per seed transaction (with their lines and payments).
const BATCH: usize = 50_000;
/// The seeded invoices are issued over this many days before the benchmark's day.
const HISTORY_DAYS: i64 = 730;
/// Days from issue until payment is due.
const DUE_DAYS: u32 = 30;
/// The currency of every seeded invoice (the billing settings' default).
pub const CURRENCY: &str = "EUR";
/// How many invoice ids the measurements may aim at (a uniform sample of all of them).
const SAMPLE_CAP: usize = 10_000;
/// The fee schedule: code, name, price in cents, tax rate in basis points.
const SERVICES: [(&str, &str, i64, u32); 7] = [
    ("CONS-15", "Consultation, 15 minutes", 6_500, 0),
    ("CONS-30", "Long consultation, 30 minutes", 9_800, 0),
    ("VACC", "Vaccination, including the vaccine", 3_200, 0),
    ("LAB-BASIC", "Blood test panel (full blood count, electrolytes)", 4_750, 0),
    ("ECG", "Electrocardiogram with report", 5_500, 0),
    ("CERT", "Medical certificate", 1_500, 1_900),
    ("DERM-COS", "Cosmetic skin treatment", 12_000, 1_900),
];
const VOID_REASONS: &[&str] = &["Issued to the wrong patient", "Duplicate of another invoice", "Service not provided"];

/// What the seed wrote, for the measurements and the report.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Invoices written (all issued).
    pub invoices: usize,
    /// Invoice lines written.
    pub lines: usize,
    /// Payments written.
    pub payments: usize,
    /// Invoices paid in part (the rest of the paid ones are paid in full).
    pub partially_paid: usize,
    /// Invoices voided.
    pub voided: usize,
    /// Invoices with a balance due (not paid, not void), which the outstanding report lists.
    pub open: usize,
    /// Seconds the bulk insert took (the fee schedule not included).
    pub seed_secs: f64,
    /// Seconds the checkpoint after the insert took.
    pub checkpoint_secs: f64,
    /// Transactions the bulk insert used.
    pub transactions: usize,
    /// The last number used in each year of issue.
    pub last_numbers: BTreeMap<i32, u32>,
    /// A uniform sample of the invoice ids, for the measured reads.
    pub sample: Vec<InvoiceId>,
}

impl Ledger {
    /// Every row the seed inserted: invoices, lines and payments.
    pub fn rows(&self) -> usize {
        self.invoices + self.lines + self.payments
    }
}

/// Saves the fee schedule through the store's own command (audited, checked), as a manager would.
pub fn services(store: &mut Store, actor: &Actor) -> anyhow::Result<Vec<Service>> {
    SERVICES
        .iter()
        .map(|&(code, name, price_minor, tax_rate_bp)| {
            let input = ServiceInput {
                code: code.into(),
                name: name.into(),
                price_minor,
                tax_rate_bp,
                active: true,
                appointment_type_id: None,
            };
            Ok(store.save_service(actor, None, &input)?)
        })
        .collect()
}

/// One to three lines (one in most invoices), now and then two of a service or a discount.
fn lines_for(services: &[Service], rng: &mut StdRng) -> anyhow::Result<Vec<InvoiceLineInput>> {
    let count = match rng.random_range(0..100) {
        0..55 => 1,
        55..85 => 2,
        _ => 3,
    };
    (0..count)
        .map(|_| {
            let service = services.choose(rng).context("an empty fee schedule")?;
            let mut line = InvoiceLineInput::from_service(service, if rng.random_bool(0.1) { 2 } else { 1 });
            if rng.random_bool(0.05) {
                line.discount_bp = 1_000;
            }
            Ok(line)
        })
        .collect()
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// An instant on `day` in the stored form (RFC 3339, UTC, milliseconds, as `WriteTx::now`).
fn instant_text(day: NaiveDate, minute_of_day: u32) -> String {
    format!("{}T{:02}:{:02}:00.000Z", day_text(day), minute_of_day / 60, minute_of_day % 60)
}

fn method(rng: &mut StdRng) -> (&'static str, Option<String>) {
    match rng.random_range(0..100) {
        0..45 => ("card", Some(format!("Slip {:06}", rng.random_range(0..1_000_000)))),
        45..70 => ("cash", None),
        70..90 => ("bank_transfer", Some(format!("TRF-{:08}", rng.random_range(0..100_000_000)))),
        _ => ("insurance", Some(format!("Claim {:07}", rng.random_range(0..10_000_000)))),
    }
}

/// The last number this site used in `year`'s invoice sequence (0 if none yet).
fn last_in_sequence(store: &Store, year: i32) -> anyhow::Result<u32> {
    let last: Option<i64> = store
        .connection()
        .query_row("SELECT last_value FROM local_sequence WHERE name = ?1", [format!("invoice-{year}")], |r| r.get(0))
        .optional()?;
    Ok(u32::try_from(last.unwrap_or(0))?)
}

/// Moves the site's invoice sequences past the numbers the seed used, so the next invoice
/// issued through `issue_invoice` gets the next free number instead of hitting the unique
/// index on `invoice.number`. The store's `next_in_sequence` (clinic-store's `site.rs`) is
/// crate-private and only ever adds one inside a write transaction, and `WriteTx` does not
/// expose its SQL transaction, so this one piece of bookkeeping goes through
/// `store.connection()`: the same upsert on the local, unsynced `local_sequence` table
/// (`name` = `invoice-<year>`, `last_value` = the last number used), never lowering it.
fn advance_sequences(store: &Store, last_numbers: &BTreeMap<i32, u32>) -> anyhow::Result<()> {
    for (year, last) in last_numbers {
        store.connection().execute(
            "INSERT INTO local_sequence (name, last_value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET last_value = max(last_value, excluded.last_value)",
            rusqlite::params![format!("invoice-{year}"), last],
        )?;
    }
    Ok(())
}

/// Writes `total` issued invoices for the patients given, over the two years before `today`:
/// numbered `<SITE>-<YEAR>-<NNNNN>` in order of issue, due 30 days later, in EUR, each with one
/// to three lines and its total fixed; about 35 % paid in full, 35 % in part, 1 % voided (all
/// unpaid) and the rest unpaid.
///
/// The rows go in through `store.write()` -> `WriteTx::insert` -> `commit`, the path
/// `create_invoice`, `issue_invoice` and `take_payment` take, so each has its change log like a
/// production row; but they go in `BATCH` invoices at a time and skip the per-invoice rule
/// checks (draft validation, the balance check of a payment) and the audit events on purpose:
/// a million invoices one by one through create, issue and pay (three transactions, three
/// audit events and three re-reads each) would add a long time to every run. The rules hold
/// by construction instead: the total is the sum of the priced lines (`invoice_totals`), a
/// payment is at most the total, only unpaid invoices are voided, numbers are unique and the
/// sequences are advanced past them. Issuing and paying are measured through the real commands.
pub fn invoices(
    store: &mut Store,
    actor: &Actor,
    services: &[Service],
    patient_ids: &[PatientId],
    total: usize,
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<Ledger> {
    if patient_ids.is_empty() && total > 0 {
        bail!("no patients to bill");
    }
    let first = today - Duration::days(HISTORY_DAYS);
    // Days of issue drawn at random, then numbered in order, as a clinic's sequence runs.
    let mut days: Vec<u16> = (0..total).map(|_| rng.random_range(0..HISTORY_DAYS as u16)).collect();
    days.sort_unstable();
    let site_code = store.site().site_code.clone();
    let mut last_numbers = BTreeMap::new();
    for year in first.year()..=today.year() {
        last_numbers.insert(year, last_in_sequence(store, year)?);
    }
    let created_by = Some(actor.user_id.to_string());
    let mut ledger = Ledger::default();

    let started = Instant::now();
    let mut tx = store.write()?;
    tx.note_actor(Some(actor.user_id.to_string()));
    let mut in_tx = 0;
    for (i, &offset) in days.iter().enumerate() {
        let issued_on = first + Duration::days(i64::from(offset));
        let year = issued_on.year();
        let sequence = last_numbers.entry(year).or_insert(0);
        *sequence += 1;
        let number = invoice_number(&site_code, year, *sequence);
        let id = InvoiceId::new();
        let patient_id = *patient_ids.choose(rng).context("no patients")?;
        let lines = lines_for(services, rng)?;
        let priced: Vec<InvoiceLine> = lines.iter().cloned().map(InvoiceLine::price).collect();
        let total_minor = invoice_totals(&priced).total_minor;
        let issued_minute = rng.random_range(8 * 60..18 * 60);
        // What happens to it: paid in full, paid in part, voided (never when paid), or unpaid.
        let roll = rng.random_range(0..100);
        let voided = roll == 99;
        let (voided_at, void_reason) = if voided {
            let reason = VOID_REASONS.choose(rng).map(|r| (*r).to_string());
            (Some(instant_text(issued_on, issued_minute + 30)), reason)
        } else {
            (None, None)
        };
        let columns = [
            ("patient_id", Some(patient_id.to_string())),
            ("appointment_id", None),
            ("kind", Some("invoice".to_string())),
            ("credits_invoice_id", None),
            ("number", Some(number)),
            ("currency", Some(CURRENCY.to_string())),
            ("notes", None),
            ("due_days", Some(DUE_DAYS.to_string())),
            ("total_minor", Some(total_minor.to_string())),
            ("issued_at", Some(instant_text(issued_on, issued_minute))),
            ("issued_on", Some(day_text(issued_on))),
            ("due_on", Some(day_text(due_date(issued_on, DUE_DAYS)))),
            ("voided_at", voided_at),
            ("void_reason", void_reason),
            ("created_by", created_by.clone()),
        ];
        tx.insert("invoice", id, &columns)?;
        // The same columns as the store's own `insert_lines`.
        for (position, line) in lines.iter().enumerate() {
            let columns = [
                ("invoice_id", Some(id.to_string())),
                ("position", Some(position.to_string())),
                ("service_id", line.service_id.map(|s| s.to_string())),
                ("description", Some(line.description.clone())),
                ("quantity", Some(line.quantity.to_string())),
                ("unit_price_minor", Some(line.unit_price_minor.to_string())),
                ("discount_bp", Some(line.discount_bp.to_string())),
                ("tax_rate_bp", Some(line.tax_rate_bp.to_string())),
            ];
            tx.insert("invoice_line", new_id(), &columns)?;
        }
        ledger.lines += lines.len();
        let amount_minor = match roll {
            0..35 => Some(total_minor),
            35..70 => Some((total_minor * rng.random_range(20..=80) / 100).clamp(1, total_minor - 1)),
            _ => None,
        };
        match amount_minor {
            Some(amount_minor) => {
                let received_on = (issued_on + Duration::days(rng.random_range(0..=40))).min(today);
                let (method, reference) = method(rng);
                let columns = [
                    ("invoice_id", Some(id.to_string())),
                    ("patient_id", Some(patient_id.to_string())),
                    ("amount_minor", Some(amount_minor.to_string())),
                    ("method", Some(method.to_string())),
                    ("reference", reference),
                    ("received_on", Some(day_text(received_on))),
                    ("refund_reason", None),
                    ("recorded_by", created_by.clone()),
                ];
                tx.insert("payment", new_id(), &columns)?;
                ledger.payments += 1;
                if amount_minor < total_minor {
                    ledger.partially_paid += 1;
                    ledger.open += 1;
                }
            }
            None if voided => ledger.voided += 1,
            None => ledger.open += 1,
        }
        // Reservoir sample: every invoice equally likely to be read in the measurements.
        if ledger.sample.len() < SAMPLE_CAP {
            ledger.sample.push(id);
        } else if let Some(slot) = ledger.sample.get_mut(rng.random_range(0..=i)) {
            *slot = id;
        }
        ledger.invoices += 1;
        in_tx += 1;
        if in_tx == BATCH {
            tx.commit()?;
            ledger.transactions += 1;
            in_tx = 0;
            tracing::info!(invoices = i + 1, seconds = started.elapsed().as_secs_f64(), "invoices written");
            tx = store.write()?;
            tx.note_actor(Some(actor.user_id.to_string()));
        }
    }
    tx.commit()?;
    ledger.transactions += 1;
    advance_sequences(store, &last_numbers)?;
    ledger.seed_secs = started.elapsed().as_secs_f64();
    ledger.last_numbers = last_numbers;
    let settling = Instant::now();
    crate::schedule::settle(store)?;
    ledger.checkpoint_secs = settling.elapsed().as_secs_f64();
    Ok(ledger)
}

#[cfg(test)]
mod tests {
    use clinic_core::billing::{InvoiceDraftInput, InvoiceStatus, PaymentInput, PaymentMethod};
    use clinic_store::demo::demo_patients;
    use clinic_store::{DatabaseKey, SiteSetup};
    use rand::SeedableRng;

    use super::*;

    fn count(store: &Store, sql: &str) -> i64 {
        store.connection().query_row(sql, [], |r| r.get(0)).expect(sql)
    }

    #[test]
    fn seeded_invoices_are_consistent_and_the_next_issue_gets_a_fresh_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        let setup = SiteSetup { clinic_name: "Seed".into(), site_name: "Seed".into(), site_code: "BNCH".into() };
        let mut store = Store::create(&dir.path().join("seed.db"), &DatabaseKey::generate(), &setup).expect("store");
        let actor = crate::security::admin(&mut store).expect("admin");
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let inputs = demo_patients(30, 5, today);
        let ids: Vec<PatientId> = inputs.iter().map(|i| store.create_patient(&actor, i, today).expect("patient").id).collect();
        let mut rng = StdRng::seed_from_u64(5);
        let services = services(&mut store, &actor).expect("fee schedule");
        let ledger = invoices(&mut store, &actor, &services, &ids, 1_500, today, &mut rng).expect("seed");

        assert_eq!(ledger.invoices, 1_500);
        assert_eq!(count(&store, "SELECT count(*) FROM invoice"), 1_500);
        assert_eq!(count(&store, "SELECT count(DISTINCT number) FROM invoice WHERE number LIKE 'BNCH-____-_____'"), 1_500);
        assert_eq!(count(&store, "SELECT count(*) FROM invoice_line") as usize, ledger.lines);
        assert_eq!(count(&store, "SELECT count(*) FROM payment") as usize, ledger.payments);
        for table in ["invoice", "invoice_line", "payment"] {
            let logged = count(&store, &format!("SELECT count(DISTINCT entity_id) FROM sync_outbox WHERE entity = '{table}'"));
            assert_eq!(logged, count(&store, &format!("SELECT count(*) FROM {table}")), "{table} change log");
        }
        // Shares near 35 % paid, 35 % partly paid, 1 % void.
        assert!((400..650).contains(&(ledger.payments - ledger.partially_paid)), "{ledger:?}");
        assert!((400..650).contains(&ledger.partially_paid), "{ledger:?}");
        assert!((1..60).contains(&ledger.voided), "{ledger:?}");
        let first = today - Duration::days(HISTORY_DAYS);
        let mut statuses = BTreeMap::new();
        for id in &ledger.sample {
            let view = store.get_invoice(id).expect("invoice");
            let stored: i64 =
                store.connection().query_row("SELECT total_minor FROM invoice WHERE id = ?1", [id], |r| r.get(0)).expect("total");
            assert_eq!(view.totals.total_minor, stored, "the fixed total is the lines' total");
            assert!((1..=3).contains(&view.lines.len()));
            let issued_on = view.issued_on.expect("issued");
            assert!(issued_on >= first && issued_on < today, "{issued_on}");
            assert_eq!(view.due_on, Some(issued_on + Duration::days(30)));
            assert!(view.balance_minor >= 0 && view.payments.iter().all(|p| p.received_on <= today));
            *statuses.entry(format!("{:?}", view.status)).or_insert(0) += 1;
        }
        assert_eq!(statuses.len(), 4, "issued, partly paid, paid and void: {statuses:?}");
        let open = store.outstanding_balances(today).expect("report").iter().map(|r| r.total_minor).sum::<i64>();
        assert!(open > 0);

        // The sequence moved past the seed: a real issue this year takes the next number.
        let last = ledger.last_numbers[&2026];
        let draft = InvoiceDraftInput { lines: vec![InvoiceLineInput::from_service(&services[0], 1)], notes: None, due_days: 30 };
        let eur = clinic_core::billing::Currency::parse(CURRENCY).expect("eur");
        let created = store.create_invoice(&actor, &ids[0], None, &draft, &eur).expect("draft");
        let issued = store.issue_invoice(&actor, &created.id, today).expect("issue");
        assert_eq!(issued.number, Some(invoice_number("BNCH", 2026, last + 1)));
        let payment = PaymentInput { amount_minor: 100, method: PaymentMethod::Cash, reference: None, received_on: today };
        let paid = store.take_payment(&actor, &created.id, &payment, today).expect("payment");
        assert_eq!(paid.status, InvoiceStatus::PartiallyPaid);
    }
}
