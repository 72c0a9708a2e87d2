//! Bad requests (Done means 4, last part) and isolation (Done means 5): a malformed, oversized or
//! wrong-version request gets a clear 4xx with a JSON error and changes nothing; a site of one
//! organisation never reads or writes another's data; a revoked token is refused. Plus the
//! operational endpoints.

use std::io::Write;

use clinic_core::sync::RowChange;
use clinic_sync::protocol::{
    ErrorBody, ErrorKind, PullRequest, PushRequest, PushedChange, INSTALL_HEADER, MAX_BATCH, MAX_BODY_BYTES, PROTOCOL_HEADER,
    PROTOCOL_VERSION,
};
use clinic_sync::SyncError;

use super::fixtures::register;
use super::harness::*;

/// A raw HTTPS client that trusts the test server's certificate, for requests the real client
/// would never send.
fn raw_client(server: &TestServer) -> reqwest::Client {
    let tls = clinic_sync::tls::client_config(&clinic_sync::Trust::Pinned(server.tls.fingerprint)).expect("tls");
    reqwest::Client::builder().tls_backend_preconfigured(tls).build().expect("client")
}

/// Sends `body` to `path` as `site` with the given protocol version; returns the status and the
/// error body.
async fn send(
    server: &TestServer,
    site: &TestSite,
    path: &str,
    version: Option<&str>,
    body: Vec<u8>,
    gzip: bool,
) -> (u16, Option<ErrorBody>) {
    let mut request = raw_client(server)
        .post(format!("{}/{path}", server.url()))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", site.credentials.token))
        .header(INSTALL_HEADER, &site.credentials.install_id);
    if let Some(version) = version {
        request = request.header(PROTOCOL_HEADER, version);
    }
    let body = if gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&body).expect("gzip");
        request = request.header("content-encoding", "gzip");
        encoder.finish().expect("gzip")
    } else {
        body
    };
    let response = request.body(body).send().await.expect("answer");
    let status = response.status().as_u16();
    let is_json = response.headers().get("content-type").is_some_and(|v| v.to_str().unwrap_or("").contains("json"));
    let bytes = response.bytes().await.expect("body");
    let error = if status >= 400 {
        assert!(is_json, "a {status} answer is JSON");
        Some(serde_json::from_slice(&bytes).expect("a JSON error body"))
    } else {
        None
    };
    (status, error)
}

fn change_for(site: &TestSite, local_seq: i64, entity_id: &str) -> PushedChange {
    let site_id = site.with(|s| s.site().site_id.clone());
    let desk = site.desk().user_id.to_string();
    PushedChange {
        local_seq,
        change: RowChange {
            change_id: clinic_core::new_id().to_string(),
            entity: "patient".into(),
            entity_id: entity_id.into(),
            fields: [("city".to_string(), Some("Kumasi".to_string()))].into_iter().collect(),
            hlc: clinic_core::Hlc { wall_ms: chrono::Utc::now().timestamp_millis().unsigned_abs(), counter: 0 },
            site_id,
            actor: Some(desk),
        },
    }
}

async fn bad_requests_are_refused_with_a_json_error_and_change_nothing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let site = TestSite::founding(&server, &org, "MAIN").await;
    site.sync().await;
    let before = server.storage.count_changes(&org).await;
    let version = PROTOCOL_VERSION.to_string();
    let good = serde_json::to_vec(&PushRequest { changes: vec![change_for(&site, 1_000_000, "p")] }).expect("json");

    // Malformed: not JSON, JSON of the wrong shape, a change naming an unknown table.
    let (status, error) = send(&server, &site, "v1/push", Some(&version), b"{not json".to_vec(), false).await;
    assert_eq!((status, error.expect("body").error.code), (400, ErrorKind::Malformed));
    let (status, error) = send(&server, &site, "v1/push", Some(&version), br#"{"change": []}"#.to_vec(), false).await;
    let error = error.expect("body");
    assert_eq!((status, error.error.code), (400, ErrorKind::Malformed));
    assert!(error.error.message.contains("missing field `changes`"), "{}", error.error.message);
    let (status, _) = send(&server, &site, "v1/pull", Some(&version), br#"{"after": -1, "limit": 5}"#.to_vec(), false).await;
    assert_eq!(status, 400);

    // Wrong version: too new for this server, too old, or none at all.
    let (status, error) = send(&server, &site, "v1/push", Some("99"), good.clone(), false).await;
    let error = error.expect("body");
    assert_eq!((status, error.error.code), (400, ErrorKind::ProtocolVersion));
    assert!(error.error.message.contains("upgrade the clinic's server"), "{}", error.error.message);
    let (_, error) = send(&server, &site, "v1/push", Some("0"), good.clone(), false).await;
    assert!(error.expect("body").error.message.contains("upgrade Clinic Desk on this computer"));
    let (status, _) = send(&server, &site, "v1/push", None, good.clone(), false).await;
    assert_eq!(status, 400);

    // Oversized: a body past the limit once decompressed (a small gzip of a huge body too),
    // and a batch of more changes than a push may carry.
    let huge = vec![b' '; MAX_BODY_BYTES + 1024];
    let (status, error) = send(&server, &site, "v1/push", Some(&version), huge.clone(), false).await;
    assert_eq!((status, error.expect("body").error.code), (413, ErrorKind::TooLarge));
    let (status, error) = send(&server, &site, "v1/push", Some(&version), huge, true).await;
    assert_eq!((status, error.expect("body").error.code), (413, ErrorKind::TooLarge));
    let many: Vec<PushedChange> = (0..=MAX_BATCH as i64).map(|i| change_for(&site, 2_000_000 + i, "p")).collect();
    let body = serde_json::to_vec(&PushRequest { changes: many }).expect("json");
    let (status, error) = send(&server, &site, "v1/push", Some(&version), body, true).await;
    assert_eq!((status, error.expect("body").error.code), (413, ErrorKind::BatchTooLarge));

    assert_eq!(server.storage.count_changes(&org).await, before, "no refused request changed anything");
    // The same change, sent properly, goes through: the refusals were about the requests.
    let (status, _) = send(&server, &site, "v1/push", Some(&version), good, true).await;
    assert_eq!(status, 200);
    assert_eq!(server.storage.count_changes(&org).await, before + 1);
}

async fn organisations_are_isolated_and_revoked_sites_refused(backend: Backend) {
    let server = TestServer::start(backend).await;
    let north = server.storage.create_org("North Clinic").await;
    let south = server.storage.create_org("South Clinic").await;
    let a = TestSite::founding(&server, &north, "NA").await;
    let b = TestSite::founding(&server, &south, "SB").await;
    let b_desk = b.desk();
    let secret = b.with(|s| register(s, &b_desk, "Sola", "Secret"));
    b.sync().await;
    a.sync().await;
    // A pulled only its own organisation's records.
    assert!(a.with(|s| s.get_patient(&secret)).is_err(), "North never receives South's patient");
    assert!(a.with(|s| s.search_patients("secret", 5).expect("search")).is_empty());
    let pulled = a.client.pull(&PullRequest { after: 0, limit: 5_000, with_sites: true }).await.expect("pull");
    assert!(pulled.changes.iter().all(|c| c.change.entity_id != secret.to_string()));
    assert!(pulled.sites.iter().all(|s| s.site_code == "NA"), "North sees only its own sites");

    // A writes to South's patient id: it lands in North's data only; South's record is untouched.
    let before = server.rows(&south).await;
    let mut forged = change_for(&a, 9_000_000, &secret.to_string());
    forged.change.fields.insert("city".into(), Some("Changed by North".into()));
    let answer = a.client.push(&PushRequest { changes: vec![forged] }).await.expect("push");
    assert_eq!(answer.results.len(), 1);
    assert_eq!(server.rows(&south).await, before, "South's data did not change");
    b.sync().await;
    assert_eq!(b.with(|s| s.get_patient(&secret)).expect("patient").details.city, None);
    // A change claiming to come from South's site is refused: a site sends only its own.
    let mut impostor = change_for(&a, 9_000_001, &secret.to_string());
    impostor.change.site_id = b.with(|s| s.site().site_id.clone());
    let answer = a.client.push(&PushRequest { changes: vec![impostor] }).await.expect("push");
    assert_eq!(answer.results[0].outcome, clinic_sync::protocol::Outcome::Rejected);

    // South revokes B: its token is refused from then on, with the reason.
    server.storage.revoke(&south, "SB").await;
    let refused = b.try_sync().await.expect_err("revoked");
    assert!(matches!(&refused, SyncError::Refused { kind: ErrorKind::Revoked, .. }), "{refused:?}");
    assert!(refused.to_string().contains("revoked by the clinic's administrator"));
    assert_eq!(
        b.with(|s| s.sync_link().expect("link").expect("enrolled").last_error).as_deref(),
        Some(refused.to_string().as_str())
    );
    // A token nobody issued is refused too.
    let address = server.address();
    let stranger = clinic_sync::SyncClient::new(
        &address,
        Some(clinic_sync::Credentials { token: "0".repeat(64), install_id: a.credentials.install_id.clone() }),
    )
    .expect("client");
    let err = stranger.pull(&PullRequest { after: 0, limit: 1, with_sites: false }).await.expect_err("unknown token");
    assert!(matches!(err, SyncError::Refused { kind: ErrorKind::Unauthenticated, .. }), "{err:?}");
}

async fn health_ready_and_metrics_answer(backend: Backend) {
    let server = TestServer::start(backend).await;
    let org = server.storage.create_org("Riverside").await;
    let site = TestSite::founding(&server, &org, "MAIN").await;
    site.sync().await;
    let client = raw_client(&server);
    let get = |path: &str| client.get(format!("{}/{path}", server.url())).send();
    assert_eq!(get("health").await.expect("health").status(), 200);
    let ready = get("ready").await.expect("ready");
    assert_eq!(ready.status(), 200);
    assert_eq!(get("metrics").await.expect("metrics").status(), 401, "metrics need the token");
    let wrong = client.get(format!("{}/metrics", server.url())).bearer_auth("not-the-token").send().await.expect("metrics");
    assert_eq!(wrong.status(), 401);
    let metrics = client.get(format!("{}/metrics", server.url())).bearer_auth(METRICS_TOKEN).send().await.expect("metrics");
    assert_eq!(metrics.status(), 200);
    let metrics = metrics.text().await.expect("text");
    for name in [
        "clinic_server_http_requests_total{route=\"/v1/push\",status=\"200\"}",
        "clinic_server_http_request_duration_seconds_bucket",
        "clinic_server_changes_pushed_total{outcome=\"applied\"}",
        "clinic_server_changes_pulled_total",
        "clinic_server_snapshot_rows_total",
    ] {
        assert!(metrics.contains(name), "{name} in\n{metrics}");
    }
    let missing = get("v1/nothing").await.expect("404");
    assert_eq!(missing.status(), 404);
    let body: ErrorBody = missing.json().await.expect("JSON 404");
    assert_eq!(body.error.code, ErrorKind::NotFound);
    let info = site.client.info().await.expect("info");
    assert_eq!((info.protocol_min, info.protocol_max), (clinic_sync::protocol::OLDEST_ACCEPTED, PROTOCOL_VERSION));
}

on_both!(bad_requests_are_refused_with_a_json_error_and_change_nothing, bad_requests_sqlite, bad_requests_postgres);
on_both!(organisations_are_isolated_and_revoked_sites_refused, isolation_sqlite, isolation_postgres);
on_both!(health_ready_and_metrics_answer, operations_sqlite, operations_postgres);
