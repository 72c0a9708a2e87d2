//! The sync wire protocol: the JSON bodies sites and the server exchange over HTTPS, and the
//! version both sides check. Every request carries [`PROTOCOL_HEADER`]; the server accepts the
//! versions in [`ServerInfo`] and refuses others with a message that says which side to upgrade.

use clinic_core::sync::{KnownSite, RowChange};
pub use clinic_core::sync::{RowKey, SnapshotRow};
use serde::{Deserialize, Serialize};

/// The protocol this build speaks. Bump it when the bodies or the synced tables change.
/// Version 2 moves one row's write per change (version 1 moved one field per change).
pub const PROTOCOL_VERSION: u32 = 2;
/// The oldest protocol a server of this build still accepts: a version 1 site is told to
/// upgrade (its database moves to version 2 when it does, unsent changes included).
pub const OLDEST_ACCEPTED: u32 = 2;

/// Carries the client's protocol version on every request.
pub const PROTOCOL_HEADER: &str = "x-clinic-protocol";
/// Carries the installation id the site token is bound to.
pub const INSTALL_HEADER: &str = "x-clinic-install";

/// The most changes (row writes) one push may carry, and the most a pull page returns.
pub const MAX_BATCH: usize = 5_000;
/// The largest request body the server reads, after decompression.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The largest answer a site reads, after decompression: the server keeps its pages under half
/// of it, so anything larger is a broken or hostile server, not a big clinic.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// `GET /v1/info`: what the server accepts (no token needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    pub protocol_min: u32,
    pub protocol_max: u32,
    pub server_version: String,
    /// The server database's identity (changes when it is restored from a backup).
    pub epoch: String,
}

/// `POST /v1/enrol`: a site presents a one-time code and names itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolRequest {
    pub code: String,
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
    pub install_id: String,
}

/// The answer to an enrolment: the site's token (shown once, kept in the OS keychain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolResponse {
    pub token: String,
    pub org_id: String,
    pub org_name: String,
    pub epoch: String,
}

/// A change pushed by the site that made it, with its place in that site's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushedChange {
    pub local_seq: i64,
    #[serde(flatten)]
    pub change: RowChange,
}

/// `POST /v1/push`: a batch of changes in the order they were made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    pub changes: Vec<PushedChange>,
}

/// What the server did with one pushed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Accepted and given a server sequence number.
    Applied,
    /// The server had it already (a retried batch).
    Duplicate,
    /// Refused; the reason says why. It never blocks the changes behind it.
    Rejected,
}

/// The answer for one change. An applied change may have had some of its fields refused (a
/// write-once field the server holds another value for): they are named, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeResult {
    pub change_id: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The fields refused, for an applied change that was not taken whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_fields: Vec<String>,
}

/// The answer to a push: one result per change, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    pub epoch: String,
    pub results: Vec<ChangeResult>,
}

/// `POST /v1/pull`: the changes after `after` in the server's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullRequest {
    pub after: i64,
    pub limit: u32,
    /// Whether to list the organisation's sites too (once per sync is enough).
    #[serde(default)]
    pub with_sites: bool,
}

/// A change with the sequence number the server gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PulledChange {
    pub seq: i64,
    #[serde(flatten)]
    pub change: RowChange,
}

/// A page of changes. Other sites' changes only: a site has its own already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub epoch: String,
    pub changes: Vec<PulledChange>,
    /// The cursor to ask from next.
    pub next: i64,
    /// The organisation's newest sequence number (for progress).
    pub head: i64,
    /// Whether more changes wait after `next`.
    pub more: bool,
    /// The organisation's sites, when asked for (`with_sites`); empty otherwise. Each is
    /// `{"siteId", "siteCode", "siteName"}`, kept by every replica as it arrives.
    pub sites: Vec<KnownSite>,
}

/// `POST /v1/snapshot`: one page of the clinic's records as they stand, for a site that has
/// pulled nothing yet (a computer joining the clinic). A site reads pages after `after` until
/// none are left, then pulls the changes after the first page's `head`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotRequest {
    /// The last record of the previous page; none for the first page.
    #[serde(default)]
    pub after: Option<RowKey>,
    /// Records in the page, at most [`MAX_BATCH`].
    pub limit: u32,
}

/// A page of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotResponse {
    pub epoch: String,
    /// The organisation's newest sequence number when this page was read: every change up to it
    /// is in the page. The first page's head is where the site's pulls start afterwards.
    pub head: i64,
    /// Records in key order.
    pub rows: Vec<SnapshotRow>,
    /// For records whose merge needs their history (a user's status follows every status
    /// write), that history instead of a row: the record's changes, oldest first.
    pub history: Vec<RowChange>,
    /// Where the next page starts; none when this is the last.
    pub next: Option<RowKey>,
    pub more: bool,
    /// How many records the organisation holds, on the first page (for progress); none after.
    #[serde(default)]
    pub total: Option<u64>,
}

/// The error body of every 4xx and 5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub success: bool,
    pub error: ErrorDetail,
}

/// A machine-readable code and a message in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorKind,
    pub message: String,
}

/// Why the server refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The body is not valid JSON of the expected shape.
    Malformed,
    /// The body is larger than the server reads.
    TooLarge,
    /// The client's protocol version is outside the server's range.
    ProtocolVersion,
    /// No token, or a token the server does not know.
    Unauthenticated,
    /// The site was revoked by the clinic's administrator.
    Revoked,
    /// The token belongs to another installation (a copied database or token).
    WrongInstallation,
    /// The site's database is older than what it already sent (a restored or copied copy).
    Forked,
    /// The enrolment code is unknown, used or expired.
    BadEnrolmentCode,
    /// The site code or id is held by another site.
    SiteTaken,
    /// Too many changes in one request.
    BatchTooLarge,
    /// No such route.
    NotFound,
    /// Over a rate limit: try again after the `Retry-After` seconds (issue 17).
    TooManyRequests,
    /// The server's database is not reachable.
    Unavailable,
    /// Anything else on the server's side. Reserved: no server sends it yet, but clients treat it
    /// as transient so a server that starts to keeps working with them.
    Internal,
}

impl ErrorBody {
    /// An error body.
    pub fn new(code: ErrorKind, message: impl Into<String>) -> Self {
        ErrorBody { success: false, error: ErrorDetail { code, message: message.into() } }
    }
}

/// What is wrong with a JSON body, in words that never quote what it held (a value could be
/// patient data): where it is wrong and why, or the name of a missing field. Both sides use it
/// for the bodies they read.
pub fn json_error_text(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Syntax => "it is not valid JSON",
        serde_json::error::Category::Eof => "it ends too early",
        // serde names a missing field by its name; other data errors could quote a value.
        serde_json::error::Category::Data if e.to_string().starts_with("missing field") => {
            return e.to_string().split(" at line").next().unwrap_or_default().to_string();
        }
        serde_json::error::Category::Data => "a field is missing or has the wrong type",
        serde_json::error::Category::Io => "it could not be read",
    };
    format!("{what} (line {}, column {})", e.line(), e.column())
}

/// The message for a client whose protocol the server does not accept: which side to upgrade.
pub fn version_mismatch_message(client: u32, min: u32, max: u32) -> String {
    if client < min {
        format!(
            "This Clinic Desk speaks sync protocol {client}, but the server needs {min} to {max}: upgrade Clinic Desk on this computer"
        )
    } else {
        format!(
            "This Clinic Desk speaks sync protocol {client}, but the server only knows {min} to {max}: upgrade the clinic's server first"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mismatch_message_says_which_side_to_upgrade() {
        assert!(version_mismatch_message(1, 2, 3).contains("upgrade Clinic Desk on this computer"));
        assert!(version_mismatch_message(4, 2, 3).contains("upgrade the clinic's server"));
    }

    #[test]
    fn json_errors_never_quote_a_value() {
        let e = serde_json::from_str::<PullRequest>(r#"{"after": "Jane Doe", "limit": 1}"#).unwrap_err();
        let text = json_error_text(&e);
        assert!(!text.contains("Jane"), "{text}");
        assert!(text.starts_with("a field is missing or has the wrong type (line 1"), "{text}");
        let missing = serde_json::from_str::<PullRequest>(r#"{"after": 1}"#).unwrap_err();
        assert_eq!(json_error_text(&missing), "missing field `limit`");
    }

    #[test]
    fn a_pushed_change_is_flat_json() {
        let change = RowChange {
            change_id: "c".into(),
            entity: "patient".into(),
            entity_id: "p".into(),
            fields: [("phone".to_string(), None)].into_iter().collect(),
            hlc: clinic_core::Hlc { wall_ms: 1, counter: 2 },
            site_id: "s".into(),
            actor: None,
        };
        let json = serde_json::to_value(PushedChange { local_seq: 9, change }).unwrap();
        assert_eq!(json["localSeq"], 9);
        assert_eq!(json["entityId"], "p");
        assert_eq!(json["fields"]["phone"], serde_json::Value::Null);
        let body = serde_json::to_value(ErrorBody::new(ErrorKind::WrongInstallation, "m")).unwrap();
        let site = KnownSite { site_id: "s".into(), site_code: "MAIN".into(), site_name: "Main".into() };
        assert_eq!(
            serde_json::to_value(site).unwrap(),
            serde_json::json!({"siteId": "s", "siteCode": "MAIN", "siteName": "Main"})
        );
        assert_eq!(body["error"]["code"], "wrong_installation");
        assert_eq!(body["success"], false);
    }
}
