//! A new computer joining a seed-scale clinic (issue 16): 50,000 patients, 1,000,000
//! appointments and 200,000 invoices with their lines, payments and audit events, held by the
//! server; the time until the joining site has every record, its peak memory, and the joined
//! database's size by part.
//!
//! The clinic is built at a source site through the write path (patients one by one, the diary
//! and the ledger in bulk, as the schedule and billing figures build them) and handed to the
//! server's storage directly, in batches of 5,000: the push rate is measured elsewhere, and
//! pushing 1.8 million changes over HTTPS would only make the run longer. The joining site runs
//! as a process of its own (`clinic-bench --join-site`), so its memory is its own; the server
//! stays in the bench's process.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clinic_core::sync::Replica;
use clinic_core::SiteSettings;
use clinic_server::storage::{now_text, Push};
use clinic_server::Storage;
use clinic_store::demo::demo_patients;
use clinic_store::{DatabaseKey, SiteSetup, Store};
use clinic_sync::protocol::PushedChange;
use clinic_sync::{Fingerprint, ServerAddress, Trust};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::sync::{enrol_at, lock, BenchServer};

/// The clinic a joining computer copies.
#[derive(Debug, Clone)]
pub struct JoinConfig {
    pub patients: usize,
    pub appointments: usize,
    pub invoices: usize,
    /// Providers sharing the appointments.
    pub providers: usize,
    /// The `clinic-bench` program, run with `--join-site` as the joining site.
    pub program: PathBuf,
}

impl Default for JoinConfig {
    fn default() -> Self {
        // This program, when the bench runs as itself.
        let program = std::env::current_exe().unwrap_or_else(|_| "clinic-bench".into());
        JoinConfig { patients: 50_000, appointments: 1_000_000, invoices: 200_000, providers: 200, program }
    }
}

/// What the join measured.
#[derive(Debug, Clone, Serialize)]
pub struct JoinFigures {
    pub patients: usize,
    pub appointments: usize,
    pub invoices: usize,
    /// Records copied (every row of every synced table, audit events included) and changes
    /// pulled after the snapshot.
    pub records: u64,
    /// Seconds from the first request until the joining site had every record.
    pub seconds: f64,
    /// The joining site's peak resident memory (its own process).
    pub peak_rss_mb: f64,
    /// The bench process's peak resident memory during the join (the server runs in it, beside
    /// what earlier steps left allocated), and what it held when the join began.
    pub server_peak_rss_mb: f64,
    pub server_rss_before_mb: f64,
    pub disk: DiskUse,
}

/// A site database's bytes by part (SQLite's `dbstat`: every page of every table and index).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DiskUse {
    pub total_bytes: u64,
    /// The synced tables' rows and their indexes, the audit trail and sync metadata left out.
    pub rows_and_indexes_bytes: u64,
    /// The patient search index.
    pub search_bytes: u64,
    /// What merging needs: each row's field versions (`sync_versions`, counted by its length)
    /// and the sync tables (outbox, status writes, held rows, the link).
    pub sync_metadata_bytes: u64,
    /// The audit trail (its rows and indexes, their field versions left out).
    pub audit_bytes: u64,
    /// Everything else: this site's own tables, the schema, free pages.
    pub other_bytes: u64,
}

/// Builds the clinic at a source site, hands it to `server`, and joins a new site to it.
pub(crate) async fn measure(
    server: &BenchServer,
    dir: &Path,
    config: &JoinConfig,
    today: NaiveDate,
) -> anyhow::Result<JoinFigures> {
    let source = Mutex::new(seed_clinic(dir, config, today)?);
    let started = Instant::now();
    let handed = hand_to_server(server, &source).await?;
    tracing::info!(changes = handed, secs = started.elapsed().as_secs_f64(), "the clinic is on the server");
    drop(source);

    let database = dir.join(format!("joiner-{}.db", clinic_core::new_id()));
    let key: [u8; 32] = rand::random();
    let Trust::Pinned(fingerprint) = server.address().trust else { bail!("the bench server's certificate is pinned") };
    let request = JoinRequest {
        server_url: server.address().url,
        fingerprint: fingerprint.to_string(),
        enrolment_code: server.code_for(&server.org.id).await?,
        database: database.clone(),
        key_hex: hex::encode(key),
    };
    reset_peak_rss();
    let server_rss_before_mb = rss_mb("VmRSS:")?;
    let answer = run_joiner(&config.program, &request).await?;
    let server_peak_rss_mb = rss_mb("VmHWM:")?;
    tracing::info!(seconds = answer.seconds, peak_rss_mb = answer.peak_rss_mb, server_peak_rss_mb, "joined");
    let setup = SiteSetup { clinic_name: "Bench".into(), site_name: "Joiner".into(), site_code: "JOIN".into() };
    let store = Store::open(&database, &DatabaseKey::from_bytes(key), &setup)?;
    let count = |table: &str| -> anyhow::Result<usize> {
        let n: i64 = store.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(usize::try_from(n)?)
    };
    let (patients, appointments, invoices) = (count("patient")?, count("appointment")?, count("invoice")?);
    let records = answer.copied + answer.pulled;
    if patients < config.patients || appointments < config.appointments || invoices < config.invoices {
        bail!("the joined site holds {patients} patients, {appointments} appointments and {invoices} invoices of {config:?}");
    }
    crate::schedule::settle(&store)?;
    let disk = disk_use(&store)?;
    Ok(JoinFigures {
        patients,
        appointments,
        invoices,
        records,
        seconds: answer.seconds,
        peak_rss_mb: answer.peak_rss_mb,
        server_peak_rss_mb,
        server_rss_before_mb,
        disk,
    })
}

/// What the bench sends the joining site's process on its standard input (no `Debug`: it
/// holds the database key).
#[derive(Serialize, Deserialize)]
pub struct JoinRequest {
    pub server_url: String,
    pub fingerprint: String,
    pub enrolment_code: String,
    /// The database to make, and its key (hex).
    pub database: PathBuf,
    pub key_hex: String,
}

/// What the joining site's process prints (one JSON line) when it has joined.
#[derive(Debug, Serialize, Deserialize)]
pub struct JoinAnswer {
    pub seconds: f64,
    pub peak_rss_mb: f64,
    pub copied: u64,
    pub pulled: u64,
}

/// Runs `program --join-site` with `request` and reads its answer.
async fn run_joiner(program: &Path, request: &JoinRequest) -> anyhow::Result<JoinAnswer> {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(program)
        .arg("--join-site")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {} --join-site", program.display()))?;
    let mut stdin = child.stdin.take().context("the joining process's input")?;
    stdin.write_all(&serde_json::to_vec(request)?).await?;
    drop(stdin);
    let output = child.wait_with_output().await?;
    if !output.status.success() {
        bail!("the joining site's process failed ({})", output.status);
    }
    let text = String::from_utf8(output.stdout)?;
    let answer = text.lines().last().context("the joining site's process printed no answer")?;
    Ok(serde_json::from_str(answer)?)
}

/// The joining site as a process of its own (`clinic-bench --join-site`): reads a
/// [`JoinRequest`] on standard input and joins; the program prints the [`JoinAnswer`].
pub fn join_site_process() -> anyhow::Result<JoinAnswer> {
    let request: JoinRequest = serde_json::from_reader(std::io::stdin()).context("reading the join request")?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(join_site(&request))
}

async fn join_site(request: &JoinRequest) -> anyhow::Result<JoinAnswer> {
    clinic_server::install_crypto_provider();
    let key: [u8; 32] = hex::decode(&request.key_hex)?.try_into().map_err(|_| anyhow::anyhow!("the key is not 32 bytes"))?;
    let setup = SiteSetup { clinic_name: "Bench".into(), site_name: "Joiner".into(), site_code: "JOIN".into() };
    let joiner = Mutex::new(Store::create(&request.database, &DatabaseKey::from_bytes(key), &setup)?);
    let address =
        ServerAddress { url: request.server_url.clone(), trust: Trust::Pinned(Fingerprint::parse(&request.fingerprint)?) };
    let client = enrol_at(&address, &request.enrolment_code, &joiner, true).await?;
    reset_peak_rss();
    let started = Instant::now();
    let last_tenth = std::sync::atomic::AtomicU64::new(0);
    let report = clinic_sync::sync_once(&joiner, &client, &|progress| {
        if let clinic_sync::Progress::Copying { records, total } = progress {
            let tenth = records * 10 / total.max(1);
            if tenth > last_tenth.swap(tenth, std::sync::atomic::Ordering::Relaxed) {
                tracing::info!(records, total, "joining");
            }
        }
    })
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(JoinAnswer { seconds, peak_rss_mb: rss_mb("VmHWM:")?, copied: report.copied, pulled: report.pulled })
}

/// The source site: patients through the full write path, then the diary and the ledger.
fn seed_clinic(dir: &Path, config: &JoinConfig, today: NaiveDate) -> anyhow::Result<Store> {
    let setup = SiteSetup { clinic_name: "Bench".into(), site_name: "Seed".into(), site_code: "SEED".into() };
    let mut store = Store::create(&dir.join("join-source.db"), &DatabaseKey::generate(), &setup)?;
    let admin = crate::security::admin(&mut store)?;
    // Each record by the role that may make it: the server authorizes every change by its actor.
    let desk = crate::security::staff(&mut store, &admin, "bench.desk", clinic_core::Role::FrontDesk)?;
    let billing = crate::security::staff(&mut store, &admin, "bench.billing", clinic_core::Role::Billing)?;
    let mut rng = StdRng::seed_from_u64(0x701e);
    let started = Instant::now();
    let inputs = demo_patients(config.patients, 0x701e, today);
    let mut ids = Vec::with_capacity(inputs.len());
    for input in &inputs {
        ids.push(store.create_patient(&desk, input, today)?.id);
    }
    tracing::info!(patients = ids.len(), secs = started.elapsed().as_secs_f64(), "join clinic: patients registered");
    let settings = SiteSettings { time_zone: crate::schedule::TIME_ZONE.into(), ..store.settings()? };
    store.save_settings(&admin, &settings)?;
    let now = today.and_hms_opt(8, 0, 0).context("benchmark time")?.and_utc();
    let (providers, types) = crate::schedule::seed::providers(&mut store, &admin, config.providers, &inputs, &mut rng)?;
    crate::schedule::seed::appointments(&mut store, &desk, providers, &types, &ids, config.appointments, now, &mut rng)?;
    let services = crate::billing::seed::services(&mut store, &admin)?;
    crate::billing::seed::invoices(&mut store, &billing, &services, &ids, config.invoices, today, &mut rng)?;
    tracing::info!(secs = started.elapsed().as_secs_f64(), "join clinic: diary and ledger seeded");
    Ok(store)
}

/// Hands everything waiting in `source`'s outbox to the server's storage, 5,000 changes at a
/// time; returns how many changes went.
async fn hand_to_server(server: &BenchServer, source: &Mutex<Store>) -> anyhow::Result<usize> {
    // Enrolling makes the source a site of the organisation (its pushes are checked as its own).
    let _client = server.enrol(source, false).await?;
    let site_id = lock(source)?.site().site_id.clone();
    let site = server
        .storage
        .list_sites(&server.org.id)
        .await?
        .into_iter()
        .find(|s| s.site_id == site_id)
        .context("the source site is enrolled")?;
    let mut handed = 0;
    loop {
        let batch = lock(source)?.pending_changes(5_000)?;
        let Some(last) = batch.last().map(|c| c.local_seq) else { return Ok(handed) };
        let changes: Vec<PushedChange> =
            batch.into_iter().map(|p| PushedChange { local_seq: p.local_seq, change: p.change }).collect();
        handed += changes.len();
        let results = server.storage.push(Push { site: &site, changes, now: &now_text() }).await?;
        if let Some(refused) = results.iter().find(|r| r.outcome != clinic_sync::protocol::Outcome::Applied) {
            bail!("the server did not take a seed change: {:?}", refused.reason);
        }
        lock(source)?.acknowledge_push(last, &[])?;
    }
}

/// Resets the process's peak resident size to what it holds now (Linux: `clear_refs` 5).
fn reset_peak_rss() {
    if let Err(e) = std::fs::write("/proc/self/clear_refs", "5") {
        tracing::warn!("the peak memory could not be reset, so it covers the whole run: {e}");
    }
}

/// One of the process's memory figures in MiB: `VmRSS:` (resident now) or `VmHWM:` (the peak
/// since the last reset).
fn rss_mb(line: &str) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(line))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("{line} in /proc/self/status"))?;
    Ok(kib / 1024.0)
}

/// The database's bytes by part, from `dbstat` (every page) and the length of each synced
/// row's field versions.
pub(crate) fn disk_use(store: &Store) -> anyhow::Result<DiskUse> {
    let conn = store.connection();
    let mut by_table = conn.prepare(
        "SELECT coalesce(s.tbl_name, d.name), sum(d.pgsize) FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name
         GROUP BY 1",
    )?;
    let rows = by_table.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut disk = DiskUse::default();
    let synced: Vec<&str> = clinic_core::sync::synced_table_names().collect();
    let versions_in = |table: &str| -> anyhow::Result<u64> {
        let n: i64 = conn.query_row(&format!("SELECT coalesce(sum(length(sync_versions)), 0) FROM {table}"), [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    };
    for row in rows {
        let (table, bytes) = row?;
        let bytes = bytes.unsigned_abs();
        disk.total_bytes += bytes;
        if table.starts_with("search_") || table.starts_with("patient_search") || table.starts_with("patient_phone_search") {
            disk.search_bytes += bytes;
        } else if table.starts_with("sync_") || table.starts_with("local_sync") || table == "local_known_site" {
            disk.sync_metadata_bytes += bytes;
        } else if synced.contains(&table.as_str()) {
            let versions = versions_in(&table)?.min(bytes);
            disk.sync_metadata_bytes += versions;
            if table == "audit_event" {
                disk.audit_bytes += bytes - versions;
            } else {
                disk.rows_and_indexes_bytes += bytes - versions;
            }
        } else if table == "local_audit_head" {
            disk.audit_bytes += bytes;
        } else {
            disk.other_bytes += bytes;
        }
    }
    Ok(disk)
}
