//! What every sync request is checked for before a handler runs: the protocol version, the
//! site's token and installation, and a JSON body of the right shape within the size limit.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use clinic_protocol::{
    json_error_text, version_mismatch_message, ErrorKind, INSTALL_HEADER, OLDEST_ACCEPTED, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::AppState;
use crate::storage::{Site, Storage};

/// The client's protocol version was checked against the range this server accepts.
pub struct Protocol;

impl<S: Send + Sync> FromRequestParts<S> for Protocol {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let refuse = |message: String| ApiError::new(StatusCode::BAD_REQUEST, ErrorKind::ProtocolVersion, message);
        let header = parts.headers.get(PROTOCOL_HEADER).ok_or_else(|| {
            refuse(format!("the request does not say which sync protocol it speaks ({PROTOCOL_HEADER} header)"))
        })?;
        let version: u32 = header
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| refuse(format!("the {PROTOCOL_HEADER} header is not a version number")))?;
        if !(OLDEST_ACCEPTED..=PROTOCOL_VERSION).contains(&version) {
            return Err(refuse(version_mismatch_message(version, OLDEST_ACCEPTED, PROTOCOL_VERSION)));
        }
        Ok(Protocol)
    }
}

/// The enrolled, unrevoked site making the request, on the installation its token belongs to.
pub struct AuthenticatedSite(pub Site);

impl<S: Storage> FromRequestParts<AppState<S>> for AuthenticatedSite {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, ApiError> {
        let unauthenticated = |message: &str| ApiError::new(StatusCode::UNAUTHORIZED, ErrorKind::Unauthenticated, message);
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| unauthenticated("this request carries no site token; enrol this site first"))?;
        let site = state
            .storage
            .site_by_token(&crate::codes::secret_hash(token.trim()))
            .await?
            .ok_or_else(|| unauthenticated("the server does not know this site's token; enrol this site again"))?;
        if site.revoked_at.is_some() {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorKind::Revoked,
                "this site was revoked by the clinic's administrator; it no longer syncs",
            ));
        }
        let install = parts.headers.get(INSTALL_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if install != site.install_id {
            tracing::warn!(site_id = %site.site_id, org_id = %site.org_id, "a site token was presented by another installation");
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorKind::WrongInstallation,
                "this site's token belongs to another installation: the database or its token was copied from another \
                 computer. Set this computer up as a new site (with a new enrolment code) instead of copying one",
            ));
        }
        state.limits.check_sync(&site)?;
        Ok(AuthenticatedSite(site))
    }
}

/// A JSON body. Errors say where the body is wrong, never what it held.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorKind::TooLarge,
                    format!(
                        "the request is larger than the {} MiB the server reads; send fewer changes at a time",
                        clinic_protocol::MAX_BODY_BYTES / (1024 * 1024)
                    ),
                )
            } else {
                ApiError::malformed(format!("the request body could not be read: {}", rejection.body_text()))
            }
        })?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::malformed(format!("the request body is not a valid request: {}", json_error_text(&e))))
    }
}
