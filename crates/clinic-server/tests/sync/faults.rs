//! Faults (Done means 4): the server killed mid-push and restarted, a connection cut mid-pull,
//! a retried batch, and a slow, sliced connection all end with every change applied exactly
//! once; the tests count them (on the server, and in each pull's report).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;

use clinic_core::sync::Replica;
use clinic_server::{AnyStorage, Database, SqliteStorage, Storage};
use clinic_sync::protocol::{Outcome, PushRequest, PushedChange};
use clinic_sync::{Batches, Fingerprint, ServerAddress, Trust};

use super::fixtures::register;
use super::harness::*;
use super::proxy::Proxy;

/// Registers `n` patients at `site` (each is two changes: the patient's row and its audit event).
fn register_many(site: &TestSite, n: usize, family: &str) {
    let desk = site.desk();
    site.with(|s| {
        for i in 0..n {
            register(s, &desk, &format!("Patient{i}"), family);
        }
    });
}

async fn a_connection_cut_mid_pull_applies_every_change_once(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "MAIN").await;
    a.sync().await;
    // B has joined (copying what there was) before A's changes: they come by pulls.
    let b = TestSite::joining(&server, &org, "DESK2", &a.admin).await;
    b.sync().await;
    let joined_at = b.cursor();
    register_many(&a, 120, "Pulled");
    a.sync().await;
    let total = server.storage.count_changes(&org).await;
    let proxy = Proxy::start(server.addr()).await;
    let through_proxy = b.client_via(&proxy.url(), &server);
    // Pages of 20 changes are a few KiB each (gzipped), after a TLS handshake of about three.
    let small_pages = Batches { push: 200, pull: 20, snapshot: 20 };

    // Cut the connection partway through the pages: some pages are applied, one is cut short.
    proxy.faults.cut_after.store(12_000, SeqCst);
    let cut = b.sync_with(&through_proxy, small_pages).await;
    assert!(cut.is_err(), "the cut connection fails the sync");
    assert!(proxy.faults.cuts.load(SeqCst) >= 1, "the proxy cut a connection");
    // A alone made every change, so B's cursor counts the changes it applied.
    let after_cut = b.cursor();
    assert!(after_cut > joined_at && after_cut < total, "whole pages before the cut were applied: {after_cut} of {total}");

    proxy.heal();
    // A new client: a connection opened while the fault was set keeps its byte limit.
    let healed = b.client_via(&proxy.url(), &server);
    let report = b.sync_with(&healed, small_pages).await.expect("sync after the cut");
    assert_eq!(b.cursor(), total, "every change of the other site arrived");
    assert_eq!(report.pulled as i64, total - after_cut, "nothing applied before the cut came again");
    assert_eq!(b.rows(), server.rows(&org).await);
}

async fn a_retried_batch_is_applied_once(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "MAIN").await;
    register_many(&a, 5, "Retried");
    let batch: Vec<PushedChange> = a
        .with(|s| s.pending_changes(10_000).expect("pending"))
        .into_iter()
        .map(|p| PushedChange { local_seq: p.local_seq, change: p.change })
        .collect();
    let request = PushRequest { changes: batch.clone() };
    // The first answer is lost on the way back (the site never hears it), so it sends again.
    let first = a.client.push(&request).await.expect("push");
    assert!(first.results.iter().all(|r| r.outcome == Outcome::Applied));
    let again = a.client.push(&request).await.expect("retry");
    assert!(again.results.iter().all(|r| r.outcome == Outcome::Duplicate), "a retried batch is answered as duplicates");
    assert_eq!(server.storage.count_changes(&org).await, batch.len() as i64);
    // The site's own sync sends it a third time, hears "duplicate" and moves on.
    let report = a.sync().await;
    assert_eq!((report.pushed_applied, report.pushed_duplicate), (0, batch.len() as u64));
    assert_eq!(server.storage.count_changes(&org).await, batch.len() as i64, "still each change once");
    let b = TestSite::joining(&server, &org, "DESK2", &a.admin).await;
    let report = b.sync().await;
    // A joining site made nothing itself: it copies each of A's records once.
    assert_eq!((report.copied as usize, report.pulled), (server.rows(&org).await.len(), 0));
    assert_eq!(b.rows(), server.rows(&org).await);
}

async fn a_slow_sliced_connection_still_syncs(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let a = TestSite::founding(&server, &org, "MAIN").await;
    register_many(&a, 20, "Slow");
    let proxy = Proxy::start(server.addr()).await;
    proxy.faults.latency_ms.store(3, SeqCst);
    proxy.faults.slice.store(700, SeqCst);
    a.sync_with(&a.client_via(&proxy.url(), &server), Batches { push: 100, pull: 100, snapshot: 100 }).await.expect("slow push");
    let b = TestSite::joining(&server, &org, "DESK2", &a.admin).await;
    let report = b
        .sync_with(&b.client_via(&proxy.url(), &server), Batches { push: 100, pull: 100, snapshot: 100 })
        .await
        .expect("slow pull");
    assert_eq!(report.copied as usize, server.rows(&org).await.len(), "every record once");
    assert_eq!(b.rows(), server.rows(&org).await);
}

/// The real `clinic-server` binary, run as a child process.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    fingerprint: Fingerprint,
}

fn server_command(data_dir: &Path, database: Option<&str>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clinic-server"));
    command.arg("--data-dir").arg(data_dir).env_remove("CLINIC_SERVER_DATABASE");
    if let Some(url) = database {
        command.arg("--database").arg(url);
    }
    command
}

/// Runs an admin subcommand and returns what it printed.
fn admin(data_dir: &Path, database: Option<&str>, args: &[&str]) -> String {
    let output = server_command(data_dir, database).args(args).output().expect("clinic-server runs");
    assert!(output.status.success(), "clinic-server {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("text")
}

impl ServerProcess {
    fn start(data_dir: &Path, database: Option<&str>) -> ServerProcess {
        let mut child = server_command(data_dir, database)
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "text"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("clinic-server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let (mut addr, mut fingerprint) = (None, None);
        while addr.is_none() || fingerprint.is_none() {
            let line = lines.next().expect("the server prints its address").expect("line");
            if let Some(url) = line.strip_prefix("Clinic Desk sync server listening on https://") {
                addr = Some(url.parse().expect("address"));
            }
            if let Some(text) = line.strip_prefix("Certificate SHA-256 fingerprint: ") {
                fingerprint = Some(Fingerprint::parse(text).expect("fingerprint"));
            }
        }
        // Keep reading its output so the pipe never fills.
        std::thread::spawn(move || lines.for_each(drop));
        ServerProcess { child, addr: addr.expect("address"), fingerprint: fingerprint.expect("fingerprint") }
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reaped");
    }
}

/// Reads an organisation's change count straight from the server's database, while the
/// server process runs (or after it died).
struct Counter {
    storage: AnyStorage,
    org: String,
}

impl Counter {
    async fn open(data_dir: &Path, database: Option<&str>, org: &str) -> Counter {
        let database = match database {
            None => Database::Sqlite(data_dir.join("server.db")),
            Some(url) => Database::Postgres(url.to_string()),
        };
        let storage = AnyStorage::open(&database).await.expect("open");
        let found = storage.find_org(org).await;
        Counter { storage, org: found.expect("find").expect("org").id }
    }

    async fn changes(&self) -> i64 {
        self.storage.count_changes(&self.org).await.expect("count")
    }
}

async fn the_server_killed_mid_push_and_restarted_loses_and_doubles_nothing(backend: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("server");
    let database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(postgres_schema_url().await),
    };
    let db = database.as_deref();
    admin(&data, db, &["org", "create", "Riverside"]);
    let code_of = |out: String| out.lines().next().and_then(|l| l.rsplit(": ").next()).expect("code").trim().to_string();
    let (code_a, code_b) = (
        code_of(admin(&data, db, &["enrolment-code", "Riverside"])),
        code_of(admin(&data, db, &["enrolment-code", "Riverside"])),
    );
    let server = ServerProcess::start(&data, db);
    let counter = Counter::open(&data, db, "Riverside").await;
    let fingerprint = server.fingerprint;
    let proxy = Proxy::start(server.addr).await;
    let address = ServerAddress { url: proxy.url(), trust: Trust::Pinned(fingerprint) };
    let a = TestSite::founding_at(&address, &code_a, "MAIN").await;
    register_many(&a, 150, "Killed");
    let made_here = a.waiting();

    // Push slowly in small batches; kill the server as soon as it has taken some of them.
    proxy.faults.latency_ms.store(2, SeqCst);
    let batches = Batches { push: 100, pull: 500, snapshot: 500 };
    let pushing = a.sync_with(&a.client, batches);
    let killer = async {
        while counter.changes().await == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
    };
    let (pushed, ()) = tokio::join!(pushing, killer);
    assert!(pushed.is_err(), "the push in flight failed when the server died");
    let before_restart = counter.changes().await;
    assert!(before_restart > 0 && before_restart < made_here, "killed mid-push: {before_restart} of {made_here} arrived");

    // The server comes back (on another port; the proxy follows it) and the site tries again.
    let restarted = ServerProcess::start(&data, db);
    assert_eq!(restarted.fingerprint, fingerprint, "the self-signed certificate survives a restart");
    proxy.retarget(restarted.addr);
    proxy.heal();
    let report = a.sync_with(&a.client, batches).await.expect("sync after the restart");
    assert_eq!(a.with(|s| s.count_pending().expect("pending")), 0);
    assert_eq!(counter.changes().await, made_here, "every change of the site exactly once");
    assert!(report.pushed_applied as i64 + before_restart <= made_here, "{report:?}");
    let b = TestSite::joining_at(&address, &code_b, "DESK2", &a.admin).await;
    let report = b.sync().await;
    assert_eq!(report.copied as usize, a.rows().len(), "the other site receives each record once");
    assert_eq!(a.rows(), b.rows());
    restarted.kill();
}

on_both!(a_connection_cut_mid_pull_applies_every_change_once, cut_mid_pull_sqlite, cut_mid_pull_postgres);
on_both!(a_retried_batch_is_applied_once, retried_batch_sqlite, retried_batch_postgres);
on_both!(a_slow_sliced_connection_still_syncs, slow_sliced_sqlite, slow_sliced_postgres);
on_both!(the_server_killed_mid_push_and_restarted_loses_and_doubles_nothing, killed_mid_push_sqlite, killed_mid_push_postgres);

/// A server restored from an older backup is given a new epoch; every site then sends all it
/// made again and fetches everything, so what the backup missed comes back from the sites.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restored_from_a_backup_gets_everything_back_from_the_sites() {
    within(240, async {
        let dir = tempfile::tempdir().expect("tempdir");
        let (db, backup) = (dir.path().join("server.db"), dir.path().join("backup.db"));
        let tls = clinic_server::tls::TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec![] }.load().expect("tls");
        let storage = SqliteStorage::open(&db).expect("storage");
        let org = storage.create_org("Riverside", &clinic_server::storage::now_text()).await.expect("org");
        let server = clinic_server::start(storage.clone(), "127.0.0.1:0".parse().expect("addr"), &tls).await.expect("start");
        let proxy = Proxy::start(server.addr).await;
        let address = ServerAddress { url: proxy.url(), trust: Trust::Pinned(tls.fingerprint) };
        let code = |storage: SqliteStorage, org: String| async move {
            clinic_server::codes::issue_enrolment_code(&storage, &org, chrono::Duration::hours(1)).await.expect("code").0
        };
        let a = TestSite::founding_at(&address, &code(storage.clone(), org.id.clone()).await, "MAIN").await;
        let b = TestSite::joining_at(&address, &code(storage.clone(), org.id.clone()).await, "DESK2", &a.admin).await;
        register_many(&a, 5, "Before");
        a.sync().await;
        b.sync().await;
        // The nightly backup (a consistent copy of the live database).
        rusqlite::Connection::open(&db)
            .expect("open")
            .execute("VACUUM INTO ?1", [backup.to_str().expect("path")])
            .expect("backup");
        register_many(&a, 5, "After");
        register_many(&b, 3, "AfterB");
        a.sync().await;
        b.sync().await;
        let everything = storage.count_changes(&org.id).await.expect("count");

        // The server's disk dies; the backup is restored and given a new identity.
        server.stop(Duration::from_secs(1)).await;
        drop(storage);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        std::fs::copy(&backup, &db).expect("restore");
        let restored = SqliteStorage::open(&db).expect("restored");
        let lost = everything - restored.count_changes(&org.id).await.expect("count");
        assert!(lost > 0, "the backup is missing the later changes");
        restored.rotate_epoch().await.expect("new epoch");
        let server = clinic_server::start(restored.clone(), "127.0.0.1:0".parse().expect("addr"), &tls).await.expect("restart");
        proxy.retarget(server.addr);

        let report = a.sync().await;
        assert!(report.started_over, "A noticed the new epoch and started over");
        b.sync().await;
        a.sync().await;
        // The sites sent again what they made, rebuilt from their rows.
        assert!(restored.count_changes(&org.id).await.expect("count") >= everything, "the sites filled the server back up");
        let on_server = super::harness::server_rows(&restored.field_states(&org.id).await.expect("states"));
        assert_eq!(a.rows(), on_server);
        assert_eq!(b.rows(), on_server);
    })
    .await;
}
