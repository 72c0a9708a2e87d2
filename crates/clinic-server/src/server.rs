//! Starting the server: TLS on a socket, the router over a storage, and a graceful stop.

use std::net::SocketAddr;
use std::time::Duration;

use axum_server::accept::NoDelayAcceptor;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use axum_server::Handle;
use clinic_protocol::Fingerprint;

use crate::connections::CappedAcceptor;
use crate::http::limits::{Limits, RateLimits};
use crate::http::{router, AppState};
use crate::metrics::Metrics;
use crate::storage::Storage;
use crate::tls::TlsMaterial;

/// A server accepting connections.
pub struct RunningServer {
    /// The address it listens on (the port chosen when asked for port 0).
    pub addr: SocketAddr,
    /// SHA-256 of its certificate, which sites pin when it is self-signed.
    pub fingerprint: Fingerprint,
    handle: Handle<SocketAddr>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the certificate or key cannot be used: {0}")]
    Tls(std::io::Error),
    #[error("cannot listen on {addr}: it is in use or not allowed")]
    Bind { addr: SocketAddr },
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// Makes ring the process's TLS provider (once; later calls change nothing).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How a server runs beyond its storage, address and certificate.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Rate limits, timeouts and the connection cap.
    pub limits: Limits,
    /// The token `/metrics` asks for (`Authorization: Bearer`); without one, metrics are off.
    pub metrics_token: Option<String>,
}

/// Starts serving `storage` over HTTPS on `listen` with the default limits and no metrics.
pub async fn start<S: Storage>(storage: S, listen: SocketAddr, tls: &TlsMaterial) -> Result<RunningServer, StartError> {
    start_with(storage, listen, tls, ServerOptions::default()).await
}

/// Starts serving `storage` over HTTPS on `listen`.
pub async fn start_with<S: Storage>(
    storage: S,
    listen: SocketAddr,
    tls: &TlsMaterial,
    options: ServerOptions,
) -> Result<RunningServer, StartError> {
    install_crypto_provider();
    let config = RustlsConfig::from_pem(tls.cert_pem.clone(), tls.key_pem.clone()).await.map_err(StartError::Tls)?;
    let epoch = storage.epoch().await?.into();
    let limits = &options.limits;
    let rate_limits = RateLimits::new(limits);
    RateLimits::spawn_cleanup(&rate_limits);
    let metrics_token = options.metrics_token.as_deref().map(|t| crate::codes::secret_hash(t.trim()).into());
    let state = AppState { storage, metrics: Metrics::new(), epoch, limits: rate_limits, metrics_token };
    let app = router(state, limits.request_timeout);
    let handle: Handle<SocketAddr> = Handle::new();
    // TCP_NODELAY: a response goes out as several TLS records, and without it the kernel holds
    // the last one until the site acknowledges the first, which a site delays by up to 40 ms
    // (docs/sync.md, "A thousand sites on one server").
    let capped = CappedAcceptor::new(NoDelayAcceptor::new(), limits.max_connections, limits.connection_wait);
    let acceptor = RustlsAcceptor::new(config).acceptor(capped);
    let mut server =
        axum_server::bind(listen).acceptor(acceptor).handle(handle.clone()).first_request_timeout(limits.header_timeout);
    server.http_builder().http1().header_read_timeout(limits.header_timeout);
    let task = tokio::spawn(server.serve(app.into_make_service_with_connect_info::<SocketAddr>()));
    let addr = handle.listening().await.ok_or(StartError::Bind { addr: listen })?;
    Ok(RunningServer { addr, fingerprint: tls.fingerprint, handle, task })
}

impl RunningServer {
    /// `https://127.0.0.1:<port>` style address of this server.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Stops taking connections and lets requests in flight finish (for at most `grace`).
    pub async fn stop(self, grace: Duration) {
        self.handle.graceful_shutdown(Some(grace));
        let _ = self.task.await;
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// A handle that can stop the server from elsewhere (a signal handler).
    pub fn handle(&self) -> Handle<SocketAddr> {
        self.handle.clone()
    }
}
