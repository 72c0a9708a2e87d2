//! Sync at scale (issues 5 and 16): patient records pushed per second and pulled-and-applied per
//! second (10,000 and 100,000 patients, against a SQLite and a PostgreSQL server), each as a
//! ratio to the raw insert rate of the same rows into a plain SQLCipher table with the same
//! columns, with the bytes each record takes on the wire; and a thousand sites syncing at once
//! (`crate::sync_load`). The server runs in this process over HTTPS on loopback.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::bail;
use chrono::NaiveDate;
use clinic_core::sync::RowChange;
use clinic_server::storage::postgres::fresh_schema_url;
use clinic_server::storage::{now_text, Org};
use clinic_server::tls::{TlsMaterial, TlsSource};
use clinic_server::{codes, AnyStorage, PostgresStorage, RunningServer, SqliteStorage, Storage};
use clinic_store::demo::demo_patients;
use clinic_store::sync::Enrolment;
use clinic_store::{DatabaseKey, SiteSetup, Store};
use clinic_sync::protocol::{EnrolRequest, PushRequest, PushedChange};
use clinic_sync::{sync_once, Credentials, ServerAddress, SyncClient, Trust};
use rusqlite::Connection;
use serde::Serialize;

use crate::sync_join::{self, JoinConfig, JoinFigures};
use crate::sync_load::{self, Burst, LoadConfig, SitesLoad};

/// One throughput figure: so many patient records (each with the audit event of its
/// registration) in so many seconds.
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    pub server: String,
    /// Patients registered at the source site and received by the puller.
    pub records: usize,
    /// Changes (row writes) that carried them.
    pub changes: usize,
    pub push_per_sec: f64,
    pub pull_apply_per_sec: f64,
    /// The same patient rows inserted as one row each into a plain SQLCipher table with the
    /// same columns, batched as sync batches them, per second.
    pub raw_insert_per_sec: f64,
    /// Bytes on the wire per record pushed (gzipped JSON, as sent).
    pub push_bytes_per_record: f64,
}

/// What the sync part of a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct SyncFigures {
    pub throughput: Vec<Throughput>,
    /// A thousand sites syncing every few seconds, per server set-up.
    pub sites_load: Vec<SitesLoad>,
    /// The same sites all at once, per server set-up.
    pub burst: Vec<Burst>,
    /// A new computer joining a seed-scale clinic (on the SQLite server).
    pub join: Option<JoinFigures>,
    /// Why a server was not measured (no PostgreSQL given).
    pub skipped: Vec<String>,
}

/// Which servers and sizes to measure.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Changes per throughput measurement.
    pub sizes: Vec<usize>,
    /// The thousand sites' load.
    pub load: LoadConfig,
    /// The clinic a new computer joins; none to leave the join out.
    pub join: Option<JoinConfig>,
    /// A PostgreSQL URL for the PostgreSQL server (its schema is made afresh).
    pub postgres_url: Option<String>,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            sizes: vec![10_000, 100_000],
            load: LoadConfig::default(),
            join: Some(JoinConfig::default()),
            postgres_url: std::env::var("CLINIC_TEST_POSTGRES_URL").ok(),
        }
    }
}

/// A server of either kind, started in this process.
pub(crate) struct BenchServer {
    pub(crate) name: String,
    pub(crate) storage: AnyStorage,
    running: RunningServer,
    pub(crate) org: Org,
    /// The PostgreSQL schema it uses, for a second instance beside it.
    schema_url: Option<String>,
}

async fn start_server(kind: &str, dir: &Path, postgres: Option<&str>, tls: &TlsMaterial) -> anyhow::Result<BenchServer> {
    let (storage, schema_url) = match (kind, postgres) {
        ("SQLite", _) => {
            (AnyStorage::Sqlite(SqliteStorage::open(&dir.join(format!("server-{}.db", clinic_core::new_id())))?), None)
        }
        // A schema of its own in the PostgreSQL database, so runs never meet.
        (_, Some(url)) => {
            let schema_url = fresh_schema_url(url, "bench_").await?;
            (AnyStorage::Postgres(PostgresStorage::connect(&schema_url).await?), Some(schema_url))
        }
        _ => bail!("no PostgreSQL URL"),
    };
    let org = storage.create_org("Bench", &now_text()).await?;
    let running = serve(&storage, tls).await?;
    Ok(BenchServer { name: kind.into(), storage, running, org, schema_url })
}

/// Runs the API on `storage` over HTTPS on a free loopback port. The server runs on the storage
/// itself, not through `AnyStorage`, as `clinic-server serve` would for one kind.
async fn serve(storage: &AnyStorage, tls: &TlsMaterial) -> anyhow::Result<RunningServer> {
    let listen = "127.0.0.1:0".parse()?;
    // The load enrols a thousand sites from this one address, which the default enrolment
    // limit (per address) would spread over hours; sync requests keep the default limits.
    let enrol = clinic_server::Rate::per_second(10_000, 10_000);
    let limits = clinic_server::Limits { enrol_per_address: enrol, enrol_total: enrol, ..clinic_server::Limits::default() };
    let options = clinic_server::ServerOptions { limits, metrics_token: None };
    Ok(match storage {
        AnyStorage::Sqlite(s) => clinic_server::start_with(s.clone(), listen, tls, options).await?,
        AnyStorage::Postgres(s) => clinic_server::start_with(s.clone(), listen, tls, options).await?,
    })
}

impl BenchServer {
    /// A second server instance on the same PostgreSQL schema, with its own connection pool:
    /// what a second `clinic-server` process behind a load balancer would be.
    async fn beside(&self, tls: &TlsMaterial) -> anyhow::Result<BenchServer> {
        let Some(url) = &self.schema_url else { bail!("only a PostgreSQL server can have another beside it") };
        let storage = AnyStorage::Postgres(PostgresStorage::connect(url).await?);
        let running = serve(&storage, tls).await?;
        Ok(BenchServer { name: self.name.clone(), storage, running, org: self.org.clone(), schema_url: self.schema_url.clone() })
    }

    /// A one-time enrolment code for the bench's organisation.
    async fn code(&self) -> anyhow::Result<String> {
        self.code_for(&self.org.id).await
    }

    /// A one-time enrolment code for `org_id`.
    pub(crate) async fn code_for(&self, org_id: &str) -> anyhow::Result<String> {
        let (code, _) = codes::issue_enrolment_code(&self.storage, org_id, chrono::Duration::hours(2)).await?;
        Ok(code)
    }

    pub(crate) fn address(&self) -> ServerAddress {
        ServerAddress { url: self.running.url(), trust: Trust::Pinned(self.running.fingerprint) }
    }

    /// Enrols `store` (joining an existing clinic when `joining`) and returns its client.
    pub(crate) async fn enrol(&self, store: &Mutex<Store>, joining: bool) -> anyhow::Result<SyncClient> {
        enrol_at(&self.address(), &self.code().await?, store, joining).await
    }
}

/// Enrols `store` with the server at `address` using a one-time `code` (joining an existing
/// clinic when `joining`) and returns its client. The store is locked only around its own
/// steps, never across a network call.
pub(crate) async fn enrol_at(
    address: &ServerAddress,
    code: &str,
    store: &Mutex<Store>,
    joining: bool,
) -> anyhow::Result<SyncClient> {
    let request = {
        let mut store = lock(store)?;
        let install_id = match store.install_id()? {
            Some(id) => id,
            None => {
                let id = clinic_core::new_id().to_string();
                store.adopt_install_id(&id)?;
                id
            }
        };
        let site = store.site().clone();
        EnrolRequest {
            code: code.to_string(),
            site_id: site.site_id,
            site_code: site.site_code,
            site_name: site.site_name,
            install_id,
        }
    };
    let answer = SyncClient::new(address, None)?.enrol(&request).await?;
    let fingerprint = match &address.trust {
        Trust::Pinned(f) => Some(f.to_string()),
        Trust::PublicAuthorities => None,
    };
    let enrolment = Enrolment {
        server_url: address.url.clone(),
        cert_fingerprint: fingerprint,
        org_id: answer.org_id,
        org_name: answer.org_name,
    };
    lock(store)?.save_enrolment(&enrolment, joining)?;
    let credentials = Credentials { token: answer.token, install_id: request.install_id };
    Ok(SyncClient::new(address, Some(credentials))?)
}

pub(crate) fn lock(store: &Mutex<Store>) -> anyhow::Result<std::sync::MutexGuard<'_, Store>> {
    store.lock().map_err(|_| anyhow::anyhow!("a bench store's lock was poisoned"))
}

/// A site with `patients` patients registered through the real write path (each with its
/// audit event).
fn source_site(dir: &Path, patients: usize, today: NaiveDate) -> anyhow::Result<Store> {
    let setup = SiteSetup { clinic_name: "Bench".into(), site_name: "Source".into(), site_code: "SRC".into() };
    let mut store = Store::create(&dir.join(format!("source-{patients}.db")), &DatabaseKey::generate(), &setup)?;
    let admin = crate::security::admin(&mut store)?;
    let desk = crate::security::staff(&mut store, &admin, "bench.desk", clinic_core::Role::FrontDesk)?;
    let mut batch = 0u64;
    let mut made = 0;
    while made < patients {
        batch += 1;
        for input in demo_patients(500.min(patients - made), batch, today) {
            store.create_patient(&desk, &input, today)?;
            made += 1;
        }
    }
    Ok(store)
}

/// Every patient row's synced columns, as the raw baseline inserts them.
fn patient_rows(store: &Store) -> anyhow::Result<Vec<Vec<Option<String>>>> {
    let rule = clinic_core::sync::table("patient").ok_or_else(|| anyhow::anyhow!("patient is not registered"))?;
    let columns = ["id", "site_id", "hlc"].into_iter().chain(rule.fields.iter().copied()).collect::<Vec<_>>();
    let mut stmt = store.connection().prepare(&format!("SELECT {} FROM patient", columns.join(", ")))?;
    let rows =
        stmt.query_map([], |r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect::<Result<Vec<_>, _>>())?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The raw rate: the same patient rows, one row each, into a plain SQLCipher table with the
/// same columns, 1,000 per transaction (as sync batches them).
fn raw_insert(path: &Path, rows: &[Vec<Option<String>>]) -> anyhow::Result<f64> {
    let rule = clinic_core::sync::table("patient").ok_or_else(|| anyhow::anyhow!("patient is not registered"))?;
    let columns = ["id", "site_id", "hlc"].into_iter().chain(rule.fields.iter().copied()).collect::<Vec<_>>();
    let mut conn = Connection::open(path)?;
    conn.execute_batch(&format!("PRAGMA key = {};", DatabaseKey::generate().pragma_value()))?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE plain_patient ({} TEXT PRIMARY KEY, {} TEXT);",
        columns[0],
        columns[1..].join(" TEXT, ")
    ))?;
    let placeholders = (1..=columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let started = Instant::now();
    for chunk in rows.chunks(1_000) {
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(&format!("INSERT INTO plain_patient VALUES ({placeholders})"))?;
            for row in chunk {
                insert.execute(rusqlite::params_from_iter(row))?;
            }
        }
        tx.commit()?;
    }
    Ok(rows.len() as f64 / started.elapsed().as_secs_f64())
}

/// Every change waiting in a site's outbox, oldest first (read directly: the sync engine reads
/// it a batch at a time).
fn outbox(store: &Store) -> anyhow::Result<Vec<RowChange>> {
    let site_id = store.site().site_id.clone();
    let mut stmt =
        store.connection().prepare("SELECT change_id, entity, entity_id, fields, hlc, actor FROM sync_outbox ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get(5)?,
        ))
    })?;
    let mut changes = Vec::new();
    for row in rows {
        let (change_id, entity, entity_id, fields, hlc, actor) = row?;
        let hlc = hlc.parse().map_err(|_| anyhow::anyhow!("an outbox clock is unreadable"))?;
        changes.push(RowChange {
            change_id,
            entity,
            entity_id,
            fields: serde_json::from_str(&fields)?,
            hlc,
            site_id: site_id.clone(),
            actor,
        });
    }
    Ok(changes)
}

/// Bytes of a push body as sent: compact JSON, gzipped.
fn gzipped_len(body: &impl Serialize) -> anyhow::Result<usize> {
    use std::io::Write;
    let json = serde_json::to_vec(body)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&json)?;
    Ok(gz.finish()?.len())
}

/// Push and pull-and-apply rates for `size` changes against `server`.
async fn throughput(server: &BenchServer, dir: &Path, source: &Mutex<Store>) -> anyhow::Result<Throughput> {
    let client = server.enrol(source, false).await?;
    // Enrolling again queued everything the source made: the changes about to be pushed.
    let (changes, rows, records): (Vec<RowChange>, _, usize) = {
        let store = lock(source)?;
        let changes = outbox(&store)?;
        let rows = patient_rows(&store)?;
        let records = rows.len();
        (changes, rows, records)
    };
    let pushing = changes.len();
    // Bytes as the pushes carry them: 1,000 changes to a request, compact JSON, gzipped.
    let bytes = changes
        .chunks(1_000)
        .map(|chunk| {
            let changes = chunk.iter().map(|c| PushedChange { local_seq: 0, change: c.clone() }).collect();
            gzipped_len(&PushRequest { changes })
        })
        .sum::<anyhow::Result<usize>>()?;
    tracing::info!(server = %server.name, changes = pushing, "pushing");
    let started = Instant::now();
    sync_once(source, &client, &|_| {}).await?;
    let push_secs = started.elapsed().as_secs_f64();
    tracing::info!(server = %server.name, push_secs, "pushed");

    let setup = SiteSetup { clinic_name: "Bench".into(), site_name: "Puller".into(), site_code: "PULL".into() };
    let path = dir.join(format!("puller-{}.db", clinic_core::new_id()));
    let puller = Mutex::new(Store::create(&path, &DatabaseKey::generate(), &setup)?);
    // Enrolled as a site of its own, not joining: it replays the changes (the path every site's
    // pulls take once it has joined), where a joining site would copy a snapshot (measured by
    // the join figure).
    let client = server.enrol(&puller, false).await?;
    tracing::info!(server = %server.name, "pulling");
    let started = Instant::now();
    let report = sync_once(&puller, &client, &|_| {}).await?;
    let pull_secs = started.elapsed().as_secs_f64();
    tracing::info!(server = %server.name, pull_secs, "pulled");
    let received: i64 = lock(&puller)?.connection().query_row("SELECT count(*) FROM patient", [], |r| r.get(0))?;
    if received as usize != records {
        bail!("the puller received {received} patients of {records} (and {} changes of {pushing})", report.pulled);
    }
    let raw = raw_insert(&dir.join(format!("raw-{}.db", clinic_core::new_id())), &rows)?;
    tracing::info!(server = %server.name, records, changes = pushing, push_secs, pull_secs, "sync throughput measured");
    Ok(Throughput {
        server: server.name.clone(),
        records,
        changes: pushing,
        push_per_sec: records as f64 / push_secs,
        pull_apply_per_sec: records as f64 / pull_secs,
        raw_insert_per_sec: raw,
        push_bytes_per_record: bytes as f64 / records as f64,
    })
}

/// Measures every sync figure.
pub fn measure(config: &SyncConfig, dir: &Path, today: NaiveDate) -> anyhow::Result<SyncFigures> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        clinic_server::install_crypto_provider();
        let tls = TlsSource::SelfSigned { dir: dir.join("tls"), names: vec![] }.load()?;
        let mut kinds = vec!["SQLite"];
        let mut skipped = Vec::new();
        match &config.postgres_url {
            Some(_) => kinds.push("PostgreSQL"),
            None => skipped.push("PostgreSQL: set CLINIC_TEST_POSTGRES_URL (make bench does)".to_string()),
        }
        let mut throughput_figures = Vec::new();
        for &size in &config.sizes {
            tracing::info!(patients = size, "making a site with that many patients");
            let source = Mutex::new(source_site(dir, size, today)?);
            for kind in &kinds {
                let server = start_server(kind, dir, config.postgres_url.as_deref(), &tls).await?;
                throughput_figures.push(throughput(&server, dir, &source).await?);
                server.running.stop(Duration::from_secs(1)).await;
            }
        }
        let join = match &config.join {
            Some(join_config) => {
                let server = start_server("SQLite", dir, None, &tls).await?;
                tracing::info!(?join_config, "a new computer joins a clinic of that size");
                let figures = sync_join::measure(&server, dir, join_config, today).await?;
                server.running.stop(Duration::from_secs(1)).await;
                Some(figures)
            }
            None => None,
        };
        let (mut sites_load, mut burst) = (Vec::new(), Vec::new());
        for kind in &kinds {
            // One instance, and for PostgreSQL also two on one database.
            let setups = if *kind == "PostgreSQL" { vec![1, 2] } else { vec![1] };
            for processes in setups {
                let first = start_server(kind, dir, config.postgres_url.as_deref(), &tls).await?;
                let mut servers = vec![first];
                while servers.len() < processes {
                    let another = servers[0].beside(&tls).await?;
                    servers.push(another);
                }
                let (load, all_at_once) = sync_load::measure(&servers.iter().collect::<Vec<_>>(), &config.load).await?;
                sites_load.push(load);
                burst.push(all_at_once);
                for server in servers {
                    server.running.stop(Duration::from_secs(1)).await;
                }
            }
        }
        Ok(SyncFigures { throughput: throughput_figures, sites_load, burst, join, skipped })
    })
}
