//! The HTTPS client a site talks to its server with (reqwest on rustls). Requests are gzipped;
//! every error becomes a [`SyncError`] whose message an admin can act on.

use std::io::Write;
use std::time::Duration;

use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::header::{AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::protocol::{
    json_error_text, EnrolRequest, EnrolResponse, ErrorBody, ErrorKind, PullRequest, PullResponse, PushRequest, PushResponse,
    ServerInfo, SnapshotRequest, SnapshotResponse, INSTALL_HEADER, MAX_RESPONSE_BYTES, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use crate::tls::{client_config, Trust};

/// Where the server is and how to trust it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    /// `https://host[:port]`.
    pub url: String,
    pub trust: Trust,
}

/// What a site presents on every request after enrolment.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub token: String,
    pub install_id: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("token", &"<redacted>").field("install_id", &self.install_id).finish()
    }
}

/// Why a sync request failed, in words for the clinic's admin. No patient data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("the server address must be https://name-or-address[:port] ({0})")]
    BadAddress(String),
    #[error("cannot reach the server: {0}. Check the network and the server address")]
    Unreachable(String),
    #[error("the server's certificate is not the one this site trusts: {0}")]
    Certificate(String),
    #[error("the server did not answer in time")]
    TimedOut,
    #[error("{message}")]
    Refused { kind: ErrorKind, message: String },
    #[error("the server failed ({status}): {message}")]
    Server { status: u16, message: String },
    #[error("the server's answer could not be read: {0}")]
    Malformed(String),
    #[error("this site is not enrolled with a sync server")]
    NotEnrolled,
    #[error("this site's database failed: {0}")]
    Local(String),
}

impl SyncError {
    /// Whether trying again later may succeed by itself (the network, a busy server). The
    /// others need a person: a revoked site, a copied database, an app or server to upgrade.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::TimedOut | SyncError::Server { .. } | SyncError::Malformed(_) => true,
            SyncError::Refused { kind, .. } => {
                matches!(kind, ErrorKind::Unavailable | ErrorKind::Internal | ErrorKind::TooManyRequests)
            }
            _ => false,
        }
    }
}

/// A connection to one sync server.
#[derive(Debug, Clone)]
pub struct SyncClient {
    http: reqwest::Client,
    base: Url,
    credentials: Option<Credentials>,
}

impl SyncClient {
    /// A client for `address`, presenting `credentials` when the site is enrolled.
    pub fn new(address: &ServerAddress, credentials: Option<Credentials>) -> Result<Self, SyncError> {
        let base = server_url(&address.url)?;
        let tls = client_config(&address.trust).map_err(|e| SyncError::Certificate(e.to_string()))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("clinic-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Certificate(e.to_string()))?;
        Ok(SyncClient { http, base, credentials })
    }

    /// What the server accepts.
    pub async fn info(&self) -> Result<ServerInfo, SyncError> {
        let response = self.http.get(self.url("v1/info")?).header(PROTOCOL_HEADER, PROTOCOL_VERSION).send().await;
        read(response.map_err(transport)?).await
    }

    /// Exchanges a one-time code for a site token.
    pub async fn enrol(&self, request: &EnrolRequest) -> Result<EnrolResponse, SyncError> {
        self.post("v1/enrol", request, false).await
    }

    /// Sends a batch of changes.
    pub async fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        self.post("v1/push", request, true).await
    }

    /// Asks for the changes after a cursor.
    pub async fn pull(&self, request: &PullRequest) -> Result<PullResponse, SyncError> {
        self.post("v1/pull", request, true).await
    }

    /// Asks for a page of the clinic's records as they stand (a joining site's first sync).
    pub async fn snapshot(&self, request: &SnapshotRequest) -> Result<SnapshotResponse, SyncError> {
        self.post("v1/snapshot", request, true).await
    }

    fn url(&self, path: &str) -> Result<Url, SyncError> {
        self.base.join(path).map_err(|e| SyncError::BadAddress(e.to_string()))
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B, auth: bool) -> Result<T, SyncError> {
        let mut request = self
            .http
            .post(self.url(path)?)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION)
            .header(CONTENT_TYPE, "application/json")
            .header(CONTENT_ENCODING, "gzip")
            .body(gzip_json(body)?);
        if auth {
            let credentials = self.credentials.as_ref().ok_or(SyncError::NotEnrolled)?;
            request = request
                .header(AUTHORIZATION, format!("Bearer {}", credentials.token))
                .header(INSTALL_HEADER, &credentials.install_id);
        }
        read(request.send().await.map_err(transport)?).await
    }
}

/// Checks a server address: HTTPS only, no path, query or credentials.
pub fn server_url(text: &str) -> Result<Url, SyncError> {
    let url = Url::parse(text.trim()).map_err(|e| SyncError::BadAddress(e.to_string()))?;
    if url.scheme() != "https" {
        return Err(SyncError::BadAddress("sync runs over HTTPS only".into()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(SyncError::BadAddress("no server name".into()));
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return Err(SyncError::BadAddress("give only the scheme, the server name and the port".into()));
    }
    let mut base = url;
    base.set_path("/");
    Ok(base)
}

fn gzip_json<B: Serialize>(body: &B) -> Result<Vec<u8>, SyncError> {
    let json = serde_json::to_vec(body).map_err(|e| SyncError::Local(e.to_string()))?;
    let mut encoder = GzEncoder::new(Vec::with_capacity(json.len() / 4), Compression::fast());
    encoder.write_all(&json).and_then(|()| encoder.finish()).map_err(|e| SyncError::Local(e.to_string()))
}

async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, SyncError> {
    let status = response.status();
    let bytes = read_bounded(response, MAX_RESPONSE_BYTES).await?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| SyncError::Malformed(json_error_text(&e)));
    }
    match serde_json::from_slice::<ErrorBody>(&bytes) {
        Ok(body) if status.is_client_error() => Err(SyncError::Refused { kind: body.error.code, message: body.error.message }),
        Ok(body) => Err(SyncError::Server { status: status.as_u16(), message: body.error.message }),
        Err(_) if status == StatusCode::NOT_FOUND => {
            Err(SyncError::BadAddress("no Clinic Desk sync server answers at that address".into()))
        }
        Err(_) => Err(SyncError::Server { status: status.as_u16(), message: "no explanation given".into() }),
    }
}

/// Reads a body (gunzipped as it arrives) and stops at `limit` bytes, so a broken or hostile
/// server cannot fill the site's memory with a small compressed answer.
async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, SyncError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(SyncError::Malformed(format!("the answer is larger than {} MiB", limit / (1024 * 1024))));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Names what went wrong on the way: the certificate, the clock, or the network.
fn transport(e: reqwest::Error) -> SyncError {
    if e.is_timeout() {
        return SyncError::TimedOut;
    }
    let mut detail = e.to_string();
    let mut chain = vec![detail.clone()];
    let mut source = std::error::Error::source(&e);
    while let Some(inner) = source {
        detail = inner.to_string();
        chain.push(detail.clone());
        source = inner.source();
    }
    if let Some(problem) = certificate_problem(find_rustls_error(&e), &chain) {
        return SyncError::Certificate(problem);
    }
    if e.is_decode() || e.is_body() {
        return SyncError::Malformed(detail);
    }
    SyncError::Unreachable(detail)
}

/// What is wrong with the server's certificate, if that is what failed. rustls's error is
/// looked for in the chain, and by its words where a layer turned it into text.
fn certificate_problem(tls: Option<rustls::Error>, chain: &[String]) -> Option<String> {
    let text = chain.join(" / ");
    let mismatch =
        matches!(tls, Some(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure)))
            || text.contains("ApplicationVerificationFailure");
    let unknown_issuer = matches!(tls, Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)))
        || text.contains("UnknownIssuer");
    if mismatch {
        Some("its fingerprint does not match the one pinned at enrolment".into())
    } else if unknown_issuer {
        Some(
            "no authority this computer trusts signed it. For a clinic server with a self-signed certificate, \
             enter the fingerprint the server printed when it started"
                .into(),
        )
    } else if let Some(other) = tls {
        Some(other.to_string())
    } else {
        text.contains("invalid peer certificate").then(|| text.clone())
    }
}

fn find_rustls_error(e: &(dyn std::error::Error + 'static)) -> Option<rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = current {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls.clone());
        }
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
                return Some(tls.clone());
            }
        }
        current = error.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_https_addresses_are_accepted() {
        assert_eq!(server_url("https://clinic.example:8443").unwrap().as_str(), "https://clinic.example:8443/");
        assert_eq!(server_url(" https://10.0.0.5:8443/ ").unwrap().as_str(), "https://10.0.0.5:8443/");
        assert!(matches!(server_url("http://clinic.example"), Err(SyncError::BadAddress(m)) if m.contains("HTTPS")));
        assert!(server_url("clinic.example").is_err());
        assert!(server_url("https://user:pw@clinic.example").is_err());
        assert!(server_url("https://clinic.example/?x=1").is_err());
    }

    #[test]
    fn credentials_never_print_the_token() {
        let c = Credentials { token: "secret-token".into(), install_id: "i".into() };
        assert!(!format!("{c:?}").contains("secret-token"));
    }
}
