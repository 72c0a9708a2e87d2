//! Clinic Desk's benchmark: builds a seed-scale clinic in a real SQLCipher file and measures the
//! hot paths. Each figure is also given as a ratio to a baseline measured in the same run,
//! because absolute times on a shared machine are noise (docs/decisions.md §8).

mod baseline;
mod billing;
mod chart;
mod queries;
mod report;
mod schedule;
mod security;
mod sync;
mod sync_join;
mod sync_load;
mod sync_report;

use clinic_core::ids::PatientId;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clinic_core::{ListPatientsRequest, PatientSort};
use clinic_store::demo::demo_patients;
use clinic_store::{DatabaseKey, SiteSetup, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use billing::{BillingFigures, PDF_TARGET_P99_MS};
pub use chart::{CHART_TARGET_P99_MS, LONG_CHART};
pub use report::{Latency, Report};
pub use schedule::{ScheduleFigures, TARGET_P99_MS};
pub use sync::{SyncConfig, SyncFigures, Throughput};
pub use sync_join::{join_site_process, DiskUse, JoinAnswer, JoinConfig, JoinFigures};
pub use sync_load::{Burst, LoadConfig, SitesLoad};

/// What to measure and at what scale.
#[derive(Debug, Clone)]
pub struct Config {
    /// Patients registered through the full write path.
    pub patients: usize,
    /// Search queries, spread over five kinds.
    pub search_queries: usize,
    /// List pages read per sort order.
    pub list_requests: usize,
    /// Seed of every random choice, so two runs build the same clinic.
    pub seed: u64,
    /// Logins measured.
    pub logins: usize,
    /// Appointments in the diary, over two years around the benchmark's day.
    pub appointments: usize,
    /// Providers sharing those appointments (20 in a row form a clinic).
    pub providers: usize,
    /// Requests measured per scheduling operation.
    pub schedule_requests: usize,
    /// Patients with a long chart (200 visits, 500 vitals, 50 prescriptions).
    pub long_charts: usize,
    /// Patients with a short chart around them.
    pub short_charts: usize,
    /// Chart openings measured.
    pub chart_requests: usize,
    /// Issued invoices in the ledger, over the two years before the benchmark's day.
    pub invoices: usize,
    /// Runs of the outstanding balances report (each reads every issued invoice).
    pub billing_report_runs: usize,
    /// Invoices opened and printed as PDF.
    pub billing_requests: usize,
    /// Sync throughput sizes, sites at once, and the PostgreSQL server's database.
    pub sync: SyncConfig,
}

impl Default for Config {
    /// The seed scale of the issues: 50,000 patients; 1,000,000 appointments, 2,000 providers;
    /// 1,000,000 invoices.
    fn default() -> Self {
        Config {
            patients: 50_000,
            search_queries: 400,
            list_requests: 200,
            seed: 42,
            logins: 10,
            appointments: 1_000_000,
            providers: 2_000,
            schedule_requests: 300,
            long_charts: 5,
            short_charts: 5_000,
            chart_requests: 300,
            invoices: 1_000_000,
            billing_report_runs: 10,
            billing_requests: 300,
            sync: SyncConfig::default(),
        }
    }
}

/// Only the sync figures, with the baseline insert measured on `config.patients` rows (for
/// quick runs while working on sync: `clinic-bench --sync-only`).
/// Returns the printed table and the JSON (`{"sync": …}`, the same section a full run writes).
pub fn run_sync_only(config: &Config, dir: &Path) -> anyhow::Result<(String, serde_json::Value)> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).context("fixed benchmark date")?;
    let inputs = demo_patients(config.patients, config.seed, today);
    let baseline_secs = baseline::insert_plain(&dir.join("baseline.db"), &DatabaseKey::generate(), &inputs, today)?;
    let unit = baseline_secs * 1000.0 / config.patients as f64;
    let figures = sync::measure(&config.sync, dir, today)?;
    let table = format!("baseline: one plain SQLCipher insert = {unit:.3} ms\n{}", figures.table(unit));
    Ok((table, serde_json::json!({ "baseline_insert_ms": unit, "sync": figures.json(unit) })))
}

/// Runs every measurement in a scratch folder under `dir`.
pub fn run(config: &Config, dir: &Path) -> anyhow::Result<Report> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).context("fixed benchmark date")?;
    let inputs = demo_patients(config.patients, config.seed, today);
    let key = DatabaseKey::generate();
    let setup = SiteSetup { clinic_name: "Bench Clinic".into(), site_name: "Bench".into(), site_code: "BNCH".into() };

    // Baseline first: the same rows into a plain SQLCipher table, one transaction per row.
    let baseline_secs = baseline::insert_plain(&dir.join("baseline.db"), &key, &inputs, today)?;

    let mut store = Store::create(&dir.join("clinic.db"), &key, &setup)?;
    let actor = security::admin(&mut store)?;
    let started = Instant::now();
    let mut ids = Vec::with_capacity(inputs.len());
    for input in &inputs {
        ids.push(store.create_patient(&actor, input, today)?.id);
    }
    let insert_secs = started.elapsed().as_secs_f64();

    let mut rng = StdRng::seed_from_u64(config.seed ^ 0x5ea7c4);
    let queries = queries::realistic(&inputs, &store, config.search_queries, &mut rng)?;
    let mut search = Vec::new();
    for (kind, list) in &queries {
        let mut samples = Vec::with_capacity(list.len());
        for q in list {
            let t = Instant::now();
            let found = store.search_patients(q, 20)?;
            samples.push(t.elapsed());
            std::hint::black_box(found);
        }
        search.push(Latency::from_samples(kind, samples));
    }
    let all: Vec<_> = search.iter().flat_map(|l| l.samples.clone()).collect();
    search.insert(0, Latency::from_samples("all queries", all));

    let mut listing = Vec::new();
    let total_pages = (config.patients as u32).div_ceil(25).max(1);
    for sort in [PatientSort::FamilyName, PatientSort::RecentlyUpdated, PatientSort::DateOfBirth] {
        let mut samples = Vec::with_capacity(config.list_requests);
        for _ in 0..config.list_requests {
            let page = rng.random_range(1..=total_pages);
            let request = ListPatientsRequest { page, page_size: 25, sort, include_archived: false };
            let t = Instant::now();
            std::hint::black_box(store.list_patients(&request)?);
            samples.push(t.elapsed());
        }
        listing.push(Latency::from_samples(&format!("list page of 25, by {sort:?}"), samples));
    }

    let sampled: Vec<PatientId> = ids.iter().step_by((ids.len() / config.list_requests.max(1)).max(1)).cloned().collect();
    let mut security = security::audited_reads(&mut store, &actor, &sampled)?;
    security.extend(security::login(&mut store, config.logins)?);

    // Last, so the figures above are read on the same database as before scheduling existed.
    let schedule = schedule::measure(&mut store, &actor, config, (&ids, &inputs), today, &mut rng)?;

    let chart_counts = (config.long_charts.max(1), config.short_charts, config.chart_requests);
    let (chart, chart_json_bytes) = chart::measure(&mut store, &actor, &ids, chart_counts, today, &mut rng)?;

    let billing = billing::measure(&mut store, &actor, config, &ids, today, &mut rng)?;

    let sync = sync::measure(&config.sync, dir, today)?;

    Ok(Report {
        patients: config.patients,
        insert_per_sec: config.patients as f64 / insert_secs,
        baseline_insert_per_sec: config.patients as f64 / baseline_secs,
        search,
        listing,
        security,
        schedule,
        chart,
        chart_json_bytes,
        billing,
        sync,
    })
}
