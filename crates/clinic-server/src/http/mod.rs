//! The server's HTTP API: the sync endpoints, enrolment, `/health`, `/ready` and `/metrics`.
//! Handlers are thin: the extractors check the protocol, the site and the body; the storage
//! does the work; errors become JSON refusals.

mod error;
mod extract;
pub mod limits;
mod pages;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clinic_protocol::{
    EnrolRequest, EnrolResponse, ErrorKind, Outcome, PullRequest, PullResponse, PushRequest, PushResponse, ServerInfo,
    SnapshotRequest, SnapshotResponse, MAX_BATCH, MAX_BODY_BYTES, OLDEST_ACCEPTED, PROTOCOL_VERSION,
};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
use extract::{AuthenticatedSite, JsonBody, Protocol};
use limits::RateLimits;

use crate::metrics::Metrics;
use crate::storage::{now_text, Enrolment, Push, Storage};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState<S> {
    pub storage: S,
    pub metrics: Arc<Metrics>,
    /// The database's identity, read once at start: it changes only with `rotate-epoch`, which
    /// is run on a restored database before the server starts.
    pub epoch: Arc<str>,
    /// The rate limiters.
    pub limits: Arc<RateLimits>,
    /// The hash of the token `/metrics` asks for; without one, `/metrics` is off.
    pub metrics_token: Option<Arc<str>>,
}

/// The whole API with its middleware: request ids, logs, gzip both ways, the body limit (after
/// decompression), the request timeout, metrics, and the enrolment rate limits. Serve it with
/// connect info (`into_make_service_with_connect_info::<SocketAddr>`): enrolment is limited per
/// address.
pub fn router<S: Storage>(state: AppState<S>, request_timeout: Duration) -> Router {
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn_with_state(state.metrics.clone(), count_request))
        .layer(CompressionLayer::new())
        .layer(RequestDecompressionLayer::new())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, request_timeout));
    let (enrol_per_address, enrol_total) = state.limits.enrol_layers();
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready::<S>))
        .route("/metrics", get(metrics::<S>))
        .route("/v1/info", get(info::<S>))
        // The address's allowance first, so one flooding address spends only its own.
        .route("/v1/enrol", post(enrol::<S>).layer::<_, Infallible>(enrol_total).layer::<_, Infallible>(enrol_per_address))
        .route("/v1/push", post(push::<S>))
        .route("/v1/pull", post(pull::<S>))
        .route("/v1/snapshot", post(snapshot::<S>))
        .fallback(not_found)
        .with_state(state)
        .layer(layers)
}

async fn count_request(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(&route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ErrorKind::NotFound, "no such endpoint on this Clinic Desk sync server")
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn ready<S: Storage>(State(state): State<AppState<S>>) -> Result<Json<serde_json::Value>, ApiError> {
    state
        .storage
        .ready()
        .await
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorKind::Unavailable, e.to_string()))?;
    Ok(Json(serde_json::json!({ "status": "ready" })))
}

/// The server's counters, for a monitoring system holding the metrics token (they name
/// organisations and sites by id only, but are still not for anyone who can reach the port).
async fn metrics<S: Storage>(State(state): State<AppState<S>>, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(expected) = &state.metrics_token else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
            "metrics are off on this server; start it with --metrics-token to turn them on",
        ));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    // Hashes are compared, so the time taken says nothing about the token.
    if given.map(|t| crate::codes::secret_hash(t.trim())).as_deref() != Some(&**expected) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorKind::Unauthenticated,
            "metrics need the server's metrics token (Authorization: Bearer <token>)",
        ));
    }
    let body = state.metrics.render();
    Ok(([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body).into_response())
}

async fn info<S: Storage>(State(state): State<AppState<S>>) -> Result<Json<ServerInfo>, ApiError> {
    Ok(Json(ServerInfo {
        protocol_min: OLDEST_ACCEPTED,
        protocol_max: PROTOCOL_VERSION,
        server_version: env!("CARGO_PKG_VERSION").to_string(),
        epoch: state.epoch.to_string(),
    }))
}

async fn enrol<S: Storage>(
    State(state): State<AppState<S>>,
    _: Protocol,
    JsonBody(request): JsonBody<EnrolRequest>,
) -> Result<Json<EnrolResponse>, ApiError> {
    let site_code = request.site_code.trim().to_uppercase();
    if let Some(problem) = clinic_core::setup::site_code_problem(&site_code) {
        return Err(ApiError::malformed(format!("the site code is not valid: {problem}")));
    }
    let site_name = request.site_name.trim();
    if let Some(problem) = clinic_core::setup::site_name_problem(site_name) {
        return Err(ApiError::malformed(format!("the site name is not valid: {problem}")));
    }
    for (what, id) in [("site id", &request.site_id), ("installation id", &request.install_id)] {
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(ApiError::malformed(format!("the {what} is not a UUID")));
        }
    }
    let token = crate::codes::new_token();
    let org = state
        .storage
        .enrol(&Enrolment {
            code_hash: crate::codes::enrolment_code_hash(&request.code),
            site_id: request.site_id.clone(),
            site_code,
            site_name: site_name.to_string(),
            install_id: request.install_id.clone(),
            token_hash: crate::codes::secret_hash(&token),
            now: now_text(),
        })
        .await?;
    tracing::info!(org_id = %org.id, site_id = %request.site_id, "site enrolled");
    Ok(Json(EnrolResponse { token, org_id: org.id, org_name: org.name, epoch: state.epoch.to_string() }))
}

async fn push<S: Storage>(
    State(state): State<AppState<S>>,
    _: Protocol,
    AuthenticatedSite(site): AuthenticatedSite,
    JsonBody(request): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.changes.len() > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::BatchTooLarge,
            format!("a push may carry at most {MAX_BATCH} changes; this one has {}", request.changes.len()),
        ));
    }
    let ahead = far_ahead(&request);
    if ahead > 0 {
        tracing::warn!(site_id = %site.site_id, changes = ahead, "changes stamped far ahead of the server's clock");
    }
    let results = state.storage.push(Push { site: &site, changes: request.changes, now: &now_text() }).await?;
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count() as u64;
    let (applied, duplicate, rejected) = (count(Outcome::Applied), count(Outcome::Duplicate), count(Outcome::Rejected));
    state.metrics.pushed("applied", applied);
    state.metrics.pushed("duplicate", duplicate);
    state.metrics.pushed("rejected", rejected);
    tracing::info!(org_id = %site.org_id, site_id = %site.site_id, applied, duplicate, rejected, "push");
    Ok(Json(PushResponse { epoch: state.epoch.to_string(), results }))
}

/// Changes whose clock is further ahead of the server's than sites allow: they keep their
/// version (every site must compare the same one) but are logged, and sites do not follow them.
fn far_ahead(request: &PushRequest) -> usize {
    let now_ms = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    request.changes.iter().filter(|c| c.change.hlc.is_far_ahead(now_ms, clinic_core::hlc::DEFAULT_MAX_DRIFT_MS)).count()
}

async fn pull<S: Storage>(
    State(state): State<AppState<S>>,
    _: Protocol,
    AuthenticatedSite(site): AuthenticatedSite,
    JsonBody(request): JsonBody<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    if request.after < 0 {
        return Err(ApiError::malformed("the pull cursor cannot be negative"));
    }
    let limit = request.limit.clamp(1, MAX_BATCH as u32);
    let page = pages::fit_pull_page(state.storage.pull(&site.org_id, &site.site_id, request.after, limit).await?);
    state.metrics.changes_pulled.inc_by(page.changes.len() as u64);
    tracing::info!(org_id = %site.org_id, site_id = %site.site_id, changes = page.changes.len(), more = page.more, "pull");
    Ok(Json(PullResponse {
        epoch: state.epoch.to_string(),
        changes: page.changes,
        next: page.next,
        head: page.head,
        more: page.more,
        sites: if request.with_sites { state.storage.site_directory(&site.org_id).await? } else { Vec::new() },
    }))
}

async fn snapshot<S: Storage>(
    State(state): State<AppState<S>>,
    _: Protocol,
    AuthenticatedSite(site): AuthenticatedSite,
    JsonBody(request): JsonBody<SnapshotRequest>,
) -> Result<Json<SnapshotResponse>, ApiError> {
    let limit = request.limit.clamp(1, MAX_BATCH as u32);
    // The first page also counts the records, for the joining site's progress.
    let first = request.after.is_none();
    let page = pages::fit_snapshot_page(state.storage.snapshot(&site.org_id, request.after.as_ref(), limit, first).await?);
    state.metrics.snapshot_rows.inc_by(page.rows.len() as u64);
    tracing::info!(org_id = %site.org_id, site_id = %site.site_id, rows = page.rows.len(), more = page.more, "snapshot");
    Ok(Json(SnapshotResponse {
        epoch: state.epoch.to_string(),
        head: page.head,
        rows: page.rows,
        history: page.history,
        next: page.next,
        more: page.more,
        total: page.total,
    }))
}
