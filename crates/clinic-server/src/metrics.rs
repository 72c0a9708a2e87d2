//! `/metrics`: requests by route and status, their latency, changes pushed (by outcome) and
//! pulled, snapshot records sent, and errors, in the Prometheus text format.

use std::sync::Arc;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A request's route (the pattern, never the path as sent) and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub status: u16,
}

/// A route, for the latency histogram.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
}

/// A pushed change's outcome.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

/// The server's counters.
pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    pub changes_pushed: Family<OutcomeLabels, Counter>,
    pub changes_pulled: Counter,
    /// Records sent to joining sites in snapshot pages.
    pub snapshot_rows: Counter,
    pub errors: Family<RequestLabels, Counter>,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("clinic_server");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency =
            Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.000_5, 2.0, 16)));
        let changes_pushed = Family::<OutcomeLabels, Counter>::default();
        let changes_pulled = Counter::default();
        let snapshot_rows = Counter::default();
        let errors = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency by route", latency.clone());
        registry.register("changes_pushed", "Changes pushed by sites, by outcome", changes_pushed.clone());
        registry.register("changes_pulled", "Changes sent to sites in pull pages", changes_pulled.clone());
        registry.register("snapshot_rows", "Records sent to joining sites in snapshot pages", snapshot_rows.clone());
        registry.register("http_errors", "Requests answered with a 4xx or 5xx status", errors.clone());
        Arc::new(Metrics { registry, requests, latency, changes_pushed, changes_pulled, snapshot_rows, errors })
    }

    /// Counts one answered request.
    pub fn observe(&self, route: &str, status: u16, seconds: f64) {
        let labels = RequestLabels { route: route.to_string(), status };
        self.requests.get_or_create(&labels).inc();
        if status >= 400 {
            self.errors.get_or_create(&labels).inc();
        }
        self.latency.get_or_create(&RouteLabels { route: route.to_string() }).observe(seconds);
    }

    /// Counts pushed changes with `outcome`.
    pub fn pushed(&self, outcome: &str, n: u64) {
        self.changes_pushed.get_or_create(&OutcomeLabels { outcome: outcome.to_string() }).inc_by(n);
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}
