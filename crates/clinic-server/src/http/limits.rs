//! How much the server takes from one address, one organisation and one site, and how long it
//! waits for a slow client (issue 17; docs/operations.md, "Limits"). Enrolment is the one
//! request anyone can make, so it is limited per address and in total before it reaches the
//! database; sync requests are limited per site and per organisation once the token is known,
//! so a stolen or runaway token cannot starve the other clinics.

use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use clinic_protocol::ErrorKind;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::{GlobalKeyExtractor, PeerIpKeyExtractor};
use tower_governor::{GovernorError, GovernorLayer};

use super::error::ApiError;
use crate::storage::Site;

/// A rate: up to `burst` requests at once, then one more every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

impl Rate {
    /// `burst` at once, refilled at `per_second` a second.
    pub const fn per_second(per_second: u32, burst: u32) -> Rate {
        let per_second = if per_second == 0 { 1 } else { per_second };
        Rate { burst, every: Duration::from_nanos(1_000_000_000 / per_second as u64) }
    }

    /// The same rate with a burst and a period of at least one: what the limiters require.
    fn usable(self) -> Rate {
        Rate { burst: self.burst.max(1), every: self.every.max(Duration::from_nanos(1)) }
    }

    fn quota(self) -> Quota {
        let rate = self.usable();
        let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(rate.every).unwrap_or_else(|| Quota::per_second(burst)).allow_burst(burst)
    }
}

/// The server's limits. [`Limits::default`] is what `clinic-server serve` runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Enrolment attempts from one address.
    pub enrol_per_address: Rate,
    /// Enrolment attempts from every address together (a flood from many addresses).
    pub enrol_total: Rate,
    /// Push, pull and snapshot requests of one site.
    pub sync_per_site: Rate,
    /// Push, pull and snapshot requests of all of an organisation's sites together.
    pub sync_per_org: Rate,
    /// Connections served at once; more wait (in the TLS handshake's place) for one to close.
    pub max_connections: usize,
    /// How long a connection waits for a place before it is closed.
    pub connection_wait: Duration,
    /// How long a request may take, from its headers to its answer.
    pub request_timeout: Duration,
    /// How long a client may take to send a request's headers (and a new connection its first
    /// request).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // A clinic enrols a handful of computers at a time; a code is 59 random bits, so
            // ten tries a minute from an address leaves guessing hopeless.
            enrol_per_address: Rate { burst: 10, every: Duration::from_secs(6) },
            enrol_total: Rate::per_second(20, 100),
            // A site syncs every few seconds, and a joining site fetches pages back to back
            // (each a fraction of a second): 20 a second is far above either.
            sync_per_site: Rate::per_second(20, 200),
            // A thousand sites syncing every five seconds are 400 requests a second.
            sync_per_org: Rate::per_second(1_000, 5_000),
            max_connections: 4_096,
            connection_wait: Duration::from_secs(10),
            // A sync client waits 120 s; the server gives up first, so the site sees why.
            request_timeout: Duration::from_secs(110),
            header_timeout: Duration::from_secs(15),
        }
    }
}

/// A rate limit in front of `/v1/enrol`.
pub type EnrolLayer<K> = GovernorLayer<K, NoOpMiddleware, Body>;

/// The keyed rate limiters of a running server.
pub struct RateLimits {
    per_site: DefaultKeyedRateLimiter<String>,
    per_org: DefaultKeyedRateLimiter<String>,
    enrol_per_address: Arc<GovernorConfig<PeerIpKeyExtractor, NoOpMiddleware>>,
    enrol_total: Arc<GovernorConfig<GlobalKeyExtractor, NoOpMiddleware>>,
}

impl RateLimits {
    /// The limiters for `limits`.
    pub fn new(limits: &Limits) -> Arc<RateLimits> {
        let (address, total) = (limits.enrol_per_address.usable(), limits.enrol_total.usable());
        // `finish` refuses only a zero period or burst, which `usable` rules out.
        let per_address = GovernorConfigBuilder::default()
            .period(address.every)
            .burst_size(address.burst)
            .finish()
            .expect("a usable rate has a period and a burst");
        let total = GovernorConfigBuilder::default()
            .key_extractor(GlobalKeyExtractor)
            .period(total.every)
            .burst_size(total.burst)
            .finish()
            .expect("a usable rate has a period and a burst");
        Arc::new(RateLimits {
            per_site: RateLimiter::keyed(limits.sync_per_site.quota()),
            per_org: RateLimiter::keyed(limits.sync_per_org.quota()),
            enrol_per_address: Arc::new(per_address),
            enrol_total: Arc::new(total),
        })
    }

    /// The layers in front of `/v1/enrol`: per address, then in total.
    pub fn enrol_layers(&self) -> (EnrolLayer<PeerIpKeyExtractor>, EnrolLayer<GlobalKeyExtractor>) {
        (
            GovernorLayer::new(self.enrol_per_address.clone()).error_handler(too_many),
            GovernorLayer::new(self.enrol_total.clone()).error_handler(too_many),
        )
    }

    /// Whether `site` may make another sync request now.
    pub fn check_sync(&self, site: &Site) -> Result<(), ApiError> {
        let refuse = |wait: Duration, whose: &str| {
            tracing::warn!(site_id = %site.site_id, org_id = %site.org_id, whose, "sync requests over the rate limit");
            rate_limited(wait, &format!("{whose} is making requests faster than this server takes them"))
        };
        let clock = DefaultClock::default();
        if let Err(not_until) = self.per_site.check_key(&site.site_id) {
            return Err(refuse(not_until.wait_time_from(clock.now()), "this site"));
        }
        if let Err(not_until) = self.per_org.check_key(&site.org_id) {
            return Err(refuse(not_until.wait_time_from(clock.now()), "this clinic's sites together"));
        }
        Ok(())
    }

    /// Forgets addresses, sites and organisations whose allowance is full again, every minute
    /// while the server runs, so the limiters do not grow with every address ever seen.
    pub fn spawn_cleanup(limits: &Arc<RateLimits>) {
        let weak: Weak<RateLimits> = Arc::downgrade(limits);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limits) = weak.upgrade() else { return };
                limits.per_site.retain_recent();
                limits.per_org.retain_recent();
                limits.enrol_per_address.limiter().retain_recent();
            }
        });
    }
}

/// A 429 in the API's JSON shape, with `Retry-After`.
fn rate_limited(wait: Duration, why: &str) -> ApiError {
    let seconds = wait.as_secs().max(1);
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, ErrorKind::TooManyRequests, format!("{why}; try again in {seconds} s"))
        .retry_after(seconds)
}

fn too_many(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            rate_limited(Duration::from_secs(wait_time), "too many enrolment attempts").into_response()
        }
        // The peer address is always known: the server is served with connect info.
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal, "the request's address could not be read")
                .into_response()
        }
    }
}
