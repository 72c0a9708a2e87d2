//! Every refusal is a status code with a JSON body: `{"success": false, "error": {"code",
//! "message"}}`. Messages say what is wrong in plain words and never carry patient data.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clinic_protocol::{ErrorBody, ErrorKind};

use crate::storage::StorageError;

/// A refused request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: ErrorKind,
    pub message: String,
    /// Seconds after which the client may try again (`Retry-After`), for a rate limit.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// A refusal with this status, code and message.
    pub fn new(status: StatusCode, kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError { status, kind, message: message.into(), retry_after: None }
    }

    /// The same refusal, telling the client when to try again.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// A malformed request.
    pub fn malformed(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorKind::Malformed, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(status = self.status.as_u16(), code = ?self.kind, "request failed: {}", self.message);
        } else {
            tracing::info!(status = self.status.as_u16(), code = ?self.kind, "request refused");
        }
        let mut response = (self.status, Json(ErrorBody::new(self.kind, self.message))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        let status = match &e {
            StorageError::BadEnrolmentCode => (StatusCode::FORBIDDEN, ErrorKind::BadEnrolmentCode),
            StorageError::SiteCodeTaken { .. } | StorageError::SiteRefused(_) => (StatusCode::CONFLICT, ErrorKind::SiteTaken),
            StorageError::Forked => (StatusCode::CONFLICT, ErrorKind::Forked),
            StorageError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorKind::NotFound),
            StorageError::Duplicate(_) => (StatusCode::CONFLICT, ErrorKind::SiteTaken),
            StorageError::Database(_) | StorageError::Migration(_) => {
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorKind::Unavailable,
                    format!("the server cannot use its database right now; try again shortly ({e})"),
                );
            }
        };
        ApiError::new(status.0, status.1, e.to_string())
    }
}
