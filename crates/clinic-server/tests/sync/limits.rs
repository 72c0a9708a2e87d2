//! The server's limits (issue 17): a flood of bad enrolment codes from one address is turned
//! away before it reaches the database while a real site keeps syncing and a computer at
//! another address still enrols; `/metrics` is off without a token.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use clinic_sync::protocol::{EnrolRequest, ErrorBody, ErrorKind, PROTOCOL_HEADER, PROTOCOL_VERSION};

use super::fixtures::register;
use super::harness::*;

/// Bad enrolment codes sent in the flood.
const FLOOD: usize = 10_000;
/// Requests of the flood in flight at once.
const FLOODERS: usize = 16;
/// How long the flood is spread over: the "10,000 in a minute", a little faster.
const FLOOD_SECONDS: u64 = 50;

fn client_from(server: &TestServer, address: Ipv4Addr) -> reqwest::Client {
    let tls = clinic_sync::tls::client_config(&clinic_sync::Trust::Pinned(server.tls.fingerprint)).expect("tls");
    reqwest::Client::builder().tls_backend_preconfigured(tls).local_address(IpAddr::V4(address)).build().expect("client")
}

fn bad_attempt(i: usize) -> EnrolRequest {
    EnrolRequest {
        code: format!("BAD{i:05}-CODE"),
        site_id: clinic_core::new_id().to_string(),
        site_code: "FLOOD".into(),
        site_name: "Flood".into(),
        install_id: clinic_core::new_id().to_string(),
    }
}

/// Sends the flood from 127.0.0.2; returns how many answers had each status and how long it took.
async fn flood(server: &TestServer) -> (Vec<(u16, usize)>, Duration) {
    let client = client_from(server, Ipv4Addr::new(127, 0, 0, 2));
    let url = format!("{}/v1/enrol", server.url());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..FLOODERS {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            // Each flooder sends its share at an even pace.
            let mut pace = tokio::time::interval(Duration::from_secs(FLOOD_SECONDS) * FLOODERS as u32 / FLOOD as u32);
            for i in (t..FLOOD).step_by(FLOODERS) {
                pace.tick().await;
                let response = client
                    .post(&url)
                    .header(PROTOCOL_HEADER, PROTOCOL_VERSION)
                    .json(&bad_attempt(i))
                    .send()
                    .await
                    .expect("answer");
                let status = response.status().as_u16();
                if status == 429 {
                    assert!(response.headers().contains_key("retry-after"), "a rate-limited answer says when to retry");
                    let body: ErrorBody = response.json().await.expect("a JSON refusal");
                    assert_eq!(body.error.code, ErrorKind::TooManyRequests);
                }
                statuses.push(status);
            }
            statuses
        }));
    }
    let mut counts = std::collections::BTreeMap::<u16, usize>::new();
    for task in tasks {
        for status in task.await.expect("flooder") {
            *counts.entry(status).or_default() += 1;
        }
    }
    (counts.into_iter().collect(), started.elapsed())
}

/// The 99th percentile of `times`.
fn p99(times: &mut [Duration]) -> Duration {
    times.sort();
    times[(times.len() * 99).div_ceil(100).saturating_sub(1)]
}

async fn a_flood_of_bad_enrolment_codes_is_turned_away_and_sites_keep_syncing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let site = TestSite::founding(&server, &org, "MAIN").await;
    site.sync().await;
    let desk = site.desk();
    let changes_before = server.storage.count_changes(&org).await;

    // The site's sync rounds (a new patient pushed, then a pull) before and during the flood.
    let mut quiet = Vec::new();
    for i in 0..20 {
        site.with(|s| register(s, &desk, "Quiet", &format!("Round{i}")));
        let started = Instant::now();
        site.sync().await;
        quiet.push(started.elapsed());
    }
    let flooding = flood(&server);
    tokio::pin!(flooding);
    let mut during = Vec::new();
    let mut round = 0;
    let (counts, took) = loop {
        tokio::select! {
            result = &mut flooding => break result,
            // Four rounds a second (a few requests each): under the per-site limit of 20 a
            // second, and still far more often than a site syncs.
            () = tokio::time::sleep(Duration::from_millis(250)) => {
                site.with(|s| register(s, &desk, "Busy", &format!("Round{round}")));
                let started = Instant::now();
                let report = site.sync().await;
                during.push(started.elapsed());
                assert!(report.pushed_applied >= 1 && report.pushed_rejected == 0, "round {round}: the new patient went up: {report:?}");
                round += 1;
            }
        }
    };

    let answered: usize = counts.iter().map(|(_, n)| n).sum();
    assert_eq!(answered, FLOOD, "every attempt was answered: {counts:?}");
    let refused_code = counts.iter().find(|(s, _)| *s == 403).map_or(0, |(_, n)| *n);
    let limited = counts.iter().find(|(s, _)| *s == 429).map_or(0, |(_, n)| *n);
    assert_eq!(refused_code + limited, FLOOD, "only bad-code and rate-limit answers: {counts:?}");
    // Ten at once, then one every six seconds, from one address.
    let allowed = 10 + usize::try_from(took.as_secs() / 6).expect("seconds") + 1;
    assert!(refused_code <= allowed, "{refused_code} attempts reached the database in {took:?}; at most {allowed} may");
    assert!(took < Duration::from_secs(60), "the flood ran for a minute at most: {took:?}");

    // A computer at another address still enrols, and everything the site sent arrived.
    let newcomer = TestSite::joining(&server, &org, "WEST", &site.admin).await;
    newcomer.sync().await;
    assert_eq!(newcomer.rows(), site.rows(), "the new site holds what the real one made during the flood");
    assert!(server.storage.count_changes(&org).await > changes_before);

    let (quiet_p99, during_p99) = (p99(&mut quiet), p99(&mut during));
    eprintln!(
        "flood of {FLOOD} bad codes in {took:?}: {counts:?}; site sync rounds p99 {quiet_p99:?} quiet, \
         {during_p99:?} during the flood ({} rounds)",
        during.len()
    );
    assert!(during.len() >= 10, "the site synced throughout the flood: {} rounds", during.len());
    // The "Sync v2" target (a push p99 under 100 ms, a pull p99 under 200 ms) is measured by
    // clinic-bench's flood phase in a release build; here, in a debug build beside the other
    // tests, a round must not be starved.
    assert!(during_p99 < Duration::from_secs(1), "a sync round took {during_p99:?} during the flood");
}

async fn metrics_are_off_without_a_token(backend: Backend) {
    let mut server = TestServer::start(backend).await;
    server.options.metrics_token = None;
    let addr = "127.0.0.1:0".parse().expect("address");
    if let Some(running) = server.running.take() {
        running.stop(Duration::from_secs(1)).await;
    }
    server.listen(addr).await;
    let client = client_from(&server, Ipv4Addr::LOCALHOST);
    let answer = client.get(format!("{}/metrics", server.url())).bearer_auth(METRICS_TOKEN).send().await.expect("metrics");
    assert_eq!(answer.status(), 404);
    let body: ErrorBody = answer.json().await.expect("JSON");
    assert!(body.error.message.contains("--metrics-token"), "{}", body.error.message);
}

on_both!(a_flood_of_bad_enrolment_codes_is_turned_away_and_sites_keep_syncing, enrol_flood_sqlite, enrol_flood_postgres);
on_both!(metrics_are_off_without_a_token, metrics_off_sqlite, metrics_off_postgres);
