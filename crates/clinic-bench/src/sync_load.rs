//! A thousand sites on one server (issue 16): every site pushes a small batch and pulls every
//! few seconds with jitter for a minute (`sites_load`), then all of them at once on fresh
//! connections, as after a server restart (`burst`). The sites belong to many clinics (organisations),
//! as on a hosted server: docs/sync.md says why. Each site's requests may go round-robin over
//! two server instances on one PostgreSQL database, as behind a load balancer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use clinic_core::sync::RowChange;
use clinic_core::Hlc;
use clinic_server::storage::Org;
use clinic_server::Storage;
use clinic_sync::protocol::{EnrolRequest, Outcome, PullRequest, PushRequest, PushedChange};
use clinic_sync::{Credentials, SyncClient};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::report::Latency;
use crate::sync::BenchServer;

/// How the thousand sites behave.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// Enrolled sites.
    pub sites: usize,
    /// Organisations they are spread over (each holds `sites / orgs` sites).
    pub orgs: usize,
    /// How long the steady load lasts.
    pub seconds: u64,
    /// Each site's time between syncs (a push and a pull), before jitter of a tenth either way.
    pub period: Duration,
    /// Changes in each push.
    pub changes_per_push: usize,
}

impl Default for LoadConfig {
    fn default() -> Self {
        LoadConfig { sites: 1_000, orgs: 100, seconds: 60, period: Duration::from_secs(5), changes_per_push: 5 }
    }
}

/// The steady load's figures for one server set-up.
#[derive(Debug, Clone, Serialize)]
pub struct SitesLoad {
    pub server: String,
    /// Server instances the sites' requests went round-robin over (one database).
    pub processes: usize,
    pub sites: usize,
    pub orgs: usize,
    pub seconds: f64,
    pub requests: usize,
    pub requests_per_sec: f64,
    pub push: Latency,
    pub pull: Latency,
    /// Requests that failed, and changes not applied.
    pub errors: usize,
    /// Changes accepted (in the steady load and the bursts after it) but missing from the
    /// server or from a site's pulls at the end.
    pub lost: usize,
}

/// Every site at once.
#[derive(Debug, Clone, Serialize)]
pub struct Burst {
    pub server: String,
    pub processes: usize,
    pub sites: usize,
    /// From the moment all start on fresh connections (a TLS handshake each, as after a server
    /// restart) until the last one's push and pull are answered.
    pub seconds: f64,
    pub errors: usize,
    /// The same on the connections the steady load left open: the difference is what the
    /// handshakes cost.
    pub warm_seconds: f64,
}

/// An enrolled load site: its organisation (an index into the orgs), its id, its credentials.
struct LoadSite {
    org: usize,
    site_id: String,
    /// The account its changes are made by: its clinic's front desk.
    actor: String,
    credentials: Credentials,
    /// The next position in its own log.
    next_local_seq: i64,
    /// Where its pulls have reached.
    cursor: i64,
    /// Changes it pushed that were applied, and changes it pulled.
    accepted: usize,
    received: usize,
    /// Its clients, one per server instance, kept between syncs (their connections stay open).
    clients: Vec<SyncClient>,
}

/// Makes `config.orgs` organisations on `server` and enrols `config.sites` sites over HTTPS,
/// spread evenly over them.
async fn enrol_sites(server: &BenchServer, config: &LoadConfig) -> anyhow::Result<(Vec<Org>, Vec<LoadSite>)> {
    let mut orgs = Vec::with_capacity(config.orgs);
    let tag = clinic_core::new_id().to_string();
    for i in 0..config.orgs.max(1) {
        orgs.push(server.storage.create_org(&format!("Load clinic {i} {tag}"), &clinic_server::storage::now_text()).await?);
    }
    let mut sites = Vec::with_capacity(config.sites);
    // Fifty enrolments in flight at a time: each is a TLS handshake and a write.
    for chunk_start in (0..config.sites).step_by(50) {
        let mut tasks = Vec::new();
        for i in chunk_start..(chunk_start + 50).min(config.sites) {
            let org = i % orgs.len();
            let code = server.code_for(&orgs[org].id).await?;
            let address = server.address();
            tasks.push(tokio::spawn(async move {
                let install_id = clinic_core::new_id().to_string();
                let site_id = clinic_core::new_id().to_string();
                let request = EnrolRequest {
                    code,
                    site_id: site_id.clone(),
                    site_code: format!("L{i}"),
                    site_name: format!("Load site {i}"),
                    install_id: install_id.clone(),
                };
                let answer = SyncClient::new(&address, None)?.enrol(&request).await?;
                Ok::<_, anyhow::Error>(LoadSite {
                    org,
                    site_id,
                    actor: String::new(),
                    credentials: Credentials { token: answer.token, install_id },
                    next_local_seq: 1,
                    cursor: 0,
                    accepted: 0,
                    received: 0,
                    clients: Vec::new(),
                })
            }));
        }
        for task in tasks {
            sites.push(task.await??);
        }
    }
    open_accounts(server, &orgs, &mut sites).await?;
    Ok((orgs, sites))
}

/// Each clinic's front-desk account, made by its first site (the clinic's first account makes
/// itself): the server authorizes every change by its actor, and the load's patients are
/// the front desk's. Counted as that site's accepted change, so the lost check sees it too.
async fn open_accounts(server: &BenchServer, orgs: &[Org], sites: &mut [LoadSite]) -> anyhow::Result<()> {
    for org in 0..orgs.len() {
        let desk = clinic_core::new_id().to_string();
        let Some(first) = sites.iter().position(|s| s.org == org) else { continue };
        let site = &mut sites[first];
        let fields = [("created_at", "2026-11-24T09:00:00.000Z"), ("username", "desk"), ("role", "front_desk")];
        let hlc = Hlc { wall_ms: chrono::Utc::now().timestamp_millis().unsigned_abs(), counter: 0 };
        let mut account = RowChange::new("app_user", &desk, hlc, &site.site_id, fields.map(|(f, v)| (f, Some(v.to_string()))));
        account.actor = Some(desk.clone());
        let changes = vec![PushedChange { local_seq: site.next_local_seq, change: account }];
        let client = SyncClient::new(&server.address(), Some(site.credentials.clone()))?;
        let answer = client.push(&PushRequest { changes }).await?;
        if answer.results.iter().any(|r| r.outcome != Outcome::Applied) {
            bail!("the server did not take a load clinic's first account: {:?}", answer.results[0].reason);
        }
        site.next_local_seq += 1;
        site.accepted += 1;
        for site in sites.iter_mut().filter(|s| s.org == org) {
            site.actor = desk.clone();
        }
    }
    Ok(())
}

/// Fresh clients for a site, one per server instance.
fn clients(servers: &[&BenchServer], site: &LoadSite) -> anyhow::Result<Vec<SyncClient>> {
    servers.iter().map(|s| Ok(SyncClient::new(&s.address(), Some(site.credentials.clone()))?)).collect()
}

/// What one site measured.
#[derive(Default)]
struct Tally {
    pushes: Vec<Duration>,
    pulls: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
}

impl Tally {
    fn failed(&mut self, what: &str, e: impl std::fmt::Display) {
        self.errors += 1;
        self.first_error.get_or_insert_with(|| format!("{what}: {e}"));
    }
}

/// One sync of a site: a push of a small batch and one pull page, on `clients` round-robin from
/// `turn`.
async fn sync_site(site: &mut LoadSite, clients: &[SyncClient], turn: usize, changes: usize, tally: &mut Tally) {
    let batch = synthetic_batch(&site.site_id, &site.actor, site.next_local_seq, changes);
    site.next_local_seq += changes as i64;
    let started = Instant::now();
    match clients[turn % clients.len()].push(&PushRequest { changes: batch }).await {
        Ok(answer) => {
            tally.pushes.push(started.elapsed());
            let applied = answer.results.iter().filter(|r| r.outcome == Outcome::Applied).count();
            site.accepted += applied;
            if applied < changes {
                tally.failed("push", format!("{} of {changes} changes not applied", changes - applied));
            }
        }
        Err(e) => tally.failed("push", e),
    }
    let started = Instant::now();
    match clients[(turn + 1) % clients.len()].pull(&PullRequest { after: site.cursor, limit: 1_000, with_sites: false }).await {
        Ok(page) => {
            tally.pulls.push(started.elapsed());
            site.received += page.changes.len();
            site.cursor = page.next;
        }
        Err(e) => tally.failed("pull", e),
    }
}

/// The steady load: every site syncs every `period` (a tenth either way) for `seconds`,
/// starting at a random moment of the first period.
async fn steady(
    servers: &[&BenchServer],
    sites: Vec<LoadSite>,
    config: &LoadConfig,
) -> anyhow::Result<(Vec<LoadSite>, Tally, f64)> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(config.seconds);
    let period_ms = config.period.as_millis().max(10) as u64;
    let mut tasks = Vec::with_capacity(sites.len());
    for (i, mut site) in sites.into_iter().enumerate() {
        site.clients = clients(servers, &site)?;
        let changes = config.changes_per_push;
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(i as u64);
            let mut tally = Tally::default();
            let mut next = started + Duration::from_millis(rng.random_range(0..period_ms));
            let mut turn = i;
            while next < deadline {
                tokio::time::sleep_until(next.into()).await;
                let clients = std::mem::take(&mut site.clients);
                sync_site(&mut site, &clients, turn, changes, &mut tally).await;
                site.clients = clients;
                turn += 1;
                next += Duration::from_millis(rng.random_range(period_ms * 9 / 10..=period_ms * 11 / 10));
            }
            (site, tally)
        }));
    }
    let mut all = Tally::default();
    let mut sites = Vec::with_capacity(tasks.len());
    for task in tasks {
        let (site, tally) = task.await?;
        all.pushes.extend(tally.pushes);
        all.pulls.extend(tally.pulls);
        all.errors += tally.errors;
        if all.first_error.is_none() {
            all.first_error = tally.first_error;
        }
        sites.push(site);
    }
    Ok((sites, all, started.elapsed().as_secs_f64()))
}

/// Changes accepted but missing: the server must hold every accepted change, and every site,
/// once it has pulled to the end, every change the other sites of its clinic had accepted.
async fn count_lost(server: &BenchServer, orgs: &[Org], sites: &mut [LoadSite]) -> anyhow::Result<usize> {
    let mut accepted_by_org = vec![0usize; orgs.len()];
    for site in sites.iter() {
        accepted_by_org[site.org] += site.accepted;
    }
    let mut lost = 0;
    for (org, accepted) in orgs.iter().zip(&accepted_by_org) {
        let held = server.storage.count_changes(&org.id).await? as usize;
        lost += accepted.saturating_sub(held);
    }
    for site in sites.iter_mut() {
        let client = SyncClient::new(&server.address(), Some(site.credentials.clone()))?;
        loop {
            let page = client.pull(&PullRequest { after: site.cursor, limit: 1_000, with_sites: false }).await?;
            site.received += page.changes.len();
            site.cursor = page.next;
            if !page.more {
                break;
            }
        }
        let others = accepted_by_org[site.org] - site.accepted;
        lost += others.saturating_sub(site.received);
        if site.received > others {
            bail!("a load site received {} changes where the others of its clinic made {others}", site.received);
        }
    }
    Ok(lost)
}

/// Every site at once, one push and one pull each: on fresh connections, or on the ones each
/// site has open (`fresh` false).
async fn burst(
    servers: &[&BenchServer],
    sites: Vec<LoadSite>,
    config: &LoadConfig,
    fresh: bool,
) -> anyhow::Result<(Vec<LoadSite>, Tally, f64)> {
    let count = sites.len();
    let gate = Arc::new(tokio::sync::Barrier::new(count + 1));
    let mut tasks = Vec::with_capacity(count);
    for (i, mut site) in sites.into_iter().enumerate() {
        if fresh {
            site.clients = clients(servers, &site)?;
        }
        let clients = std::mem::take(&mut site.clients);
        let gate = gate.clone();
        let changes = config.changes_per_push;
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let mut tally = Tally::default();
            sync_site(&mut site, &clients, i, changes, &mut tally).await;
            site.clients = clients;
            (site, tally)
        }));
    }
    gate.wait().await;
    let started = Instant::now();
    let mut all = Tally::default();
    let mut sites = Vec::with_capacity(count);
    for task in tasks {
        let (site, tally) = task.await?;
        all.errors += tally.errors;
        if all.first_error.is_none() {
            all.first_error = tally.first_error;
        }
        sites.push(site);
    }
    Ok((sites, all, started.elapsed().as_secs_f64()))
}

/// The steady load and then the burst against `servers` (instances of one storage; the first
/// makes the organisations and enrols the sites).
pub(crate) async fn measure(servers: &[&BenchServer], config: &LoadConfig) -> anyhow::Result<(SitesLoad, Burst)> {
    let first = servers[0];
    let name = first.name.clone();
    tracing::info!(server = %name, sites = config.sites, orgs = config.orgs, "enrolling the load sites");
    let (orgs, sites) = enrol_sites(first, config).await?;
    tracing::info!(server = %name, seconds = config.seconds, processes = servers.len(), "sites syncing every few seconds");
    let (sites, tally, seconds) = steady(servers, sites, config).await?;
    if let Some(e) = &tally.first_error {
        tracing::warn!(server = %name, errors = tally.errors, first = %e, "load requests failed");
    }
    let requests = tally.pushes.len() + tally.pulls.len() + tally.errors;
    let mut load = SitesLoad {
        server: name.clone(),
        processes: servers.len(),
        sites: sites.len(),
        orgs: orgs.len(),
        seconds,
        requests,
        requests_per_sec: requests as f64 / seconds,
        push: Latency::from_samples(
            &format!("{name} server ×{}, push of {}", servers.len(), config.changes_per_push),
            tally.pushes,
        ),
        pull: Latency::from_samples(&format!("{name} server ×{}, pull", servers.len()), tally.pulls),
        errors: tally.errors,
        lost: 0,
    };
    tracing::info!(server = %name, "every site at once");
    let (sites, tally, seconds) = burst(servers, sites, config, true).await?;
    let (mut sites, warm, warm_seconds) = burst(servers, sites, config, false).await?;
    // Nothing lost over the steady load and both bursts.
    load.lost = count_lost(first, &orgs, &mut sites).await?;
    for t in [&tally, &warm] {
        if let Some(e) = &t.first_error {
            tracing::warn!(server = %name, errors = t.errors, first = %e, "burst requests failed");
        }
    }
    let errors = tally.errors + warm.errors;
    Ok((load, Burst { server: name, processes: servers.len(), sites: config.sites, seconds, errors, warm_seconds }))
}

/// `count` new patient rows written at `site` by `actor`, numbered from `first_seq` in its log:
/// each one write of a dozen fields.
pub(crate) fn synthetic_batch(site: &str, actor: &str, first_seq: i64, count: usize) -> Vec<PushedChange> {
    let hlc = Hlc { wall_ms: chrono::Utc::now().timestamp_millis().unsigned_abs(), counter: 0 };
    let fields = [
        ("created_at", "2026-11-24T09:00:00.000Z"),
        ("mrn", "LOAD"),
        ("given_name", "Load"),
        ("family_name", "Test"),
        ("date_of_birth", "1980-01-01"),
        ("sex", "unknown"),
        ("phone", "+1 555 0100"),
        ("email", "load@example.org"),
        ("city", "Accra"),
        ("country", "GH"),
        ("notes", "synthetic"),
        ("address_line1", "1 Bench Road"),
    ];
    (0..count)
        .map(|i| {
            let local_seq = first_seq + i as i64;
            let fields = fields
                .iter()
                .map(|(field, value)| {
                    let value = if *field == "mrn" { format!("{site}-{local_seq}") } else { (*value).to_string() };
                    ((*field).to_string(), Some(value))
                })
                .collect();
            PushedChange {
                local_seq,
                change: RowChange {
                    change_id: clinic_core::new_id().to_string(),
                    entity: "patient".into(),
                    entity_id: clinic_core::new_id().to_string(),
                    fields,
                    hlc: Hlc { counter: i as u32, ..hlc },
                    site_id: site.to_string(),
                    actor: Some(actor.to_string()),
                },
            }
        })
        .collect()
}
