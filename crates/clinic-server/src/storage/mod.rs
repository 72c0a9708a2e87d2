//! The server's storage, behind one trait with two implementations: SQLite (the embedded
//! default) and PostgreSQL. Both run the same decisions ([`crate::push`]) and pass one shared
//! conformance suite (`tests/sync/conformance.rs`), so they cannot drift.

use std::future::Future;

use clinic_core::sync::{Fields, KnownSite, RowVersions, STATUS_FIELDS};

use crate::push::RowState;
use clinic_core::sync::RowChange;
use clinic_core::{Hlc, Version};
use clinic_protocol::{ChangeResult, PulledChange, PushedChange, RowKey, SnapshotRow};

mod any;
pub mod postgres;
pub mod postgres_address;
pub mod sqlite;

pub use any::AnyStorage;

/// An organisation: one clinic group, isolated from every other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub created_at: String,
}

/// A site as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub site_id: String,
    pub org_id: String,
    pub code: String,
    pub name: String,
    pub install_id: String,
    pub enrolled_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_local_seq: i64,
}

/// A site asking to enrol with a one-time code; the token and code arrive hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub code_hash: String,
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
    pub install_id: String,
    pub token_hash: String,
    pub now: String,
}

/// A pushed batch and who pushed it. The batch is moved in: the SQLite storage hands it to
/// its database thread without copying it.
#[derive(Debug, Clone)]
pub struct Push<'a> {
    pub site: &'a Site,
    pub changes: Vec<PushedChange>,
    pub now: &'a str,
}

/// One page of an organisation's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPage {
    pub changes: Vec<PulledChange>,
    pub next: i64,
    pub head: i64,
    pub more: bool,
}

/// One page of an organisation's records as they stand (a joining site's snapshot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotPage {
    /// The newest sequence number, read in the same database snapshot as the records.
    pub head: i64,
    pub rows: Vec<SnapshotRow>,
    /// The changes of the page's records whose merge needs their history, oldest first.
    pub history: Vec<RowChange>,
    pub next: Option<RowKey>,
    pub more: bool,
    /// How many records the organisation holds, when asked for.
    pub total: Option<u64>,
}

/// One field of the server's copy of the clinic's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredField {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub value: Option<String>,
    pub hlc: String,
    pub site_id: String,
}

/// What can go wrong in storage. Messages name no patient data.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database cannot be reached or failed.
    #[error("the server's database failed: {0}")]
    Database(String),
    /// The schema could not be brought up to date.
    #[error("the server's database could not be upgraded: {0}")]
    Migration(String),
    /// The enrolment code is unknown, used or expired.
    #[error("that enrolment code is not valid: it is mistyped, already used or expired. Ask for a new one")]
    BadEnrolmentCode,
    /// Another site of the organisation holds this site code.
    #[error("another site of this clinic already uses the site code {code}; choose another code for this site")]
    SiteCodeTaken { code: String },
    /// The site id is held by another organisation's site, or by a revoked site.
    #[error("this site cannot enrol: {0}")]
    SiteRefused(String),
    /// The batch repeats positions the site already sent with other changes.
    #[error(
        "this site's database is not the one the server knows: it sent changes from an older copy (restored from a backup, or \
         copied from another computer). Enrol this computer as a new site"
    )]
    Forked,
    /// No such organisation or site.
    #[error("{0}")]
    NotFound(String),
    /// The name is used already.
    #[error("{0}")]
    Duplicate(String),
}

/// Storage for the sync server. Every method that reads or writes an organisation's data names
/// the organisation; none crosses between two.
pub trait Storage: Clone + Send + Sync + 'static {
    /// This database's identity.
    fn epoch(&self) -> impl Future<Output = Result<String, StorageError>> + Send;
    /// Gives this database a new identity (after restoring a backup): every site starts over.
    fn rotate_epoch(&self) -> impl Future<Output = Result<String, StorageError>> + Send;
    /// Whether the database answers.
    fn ready(&self) -> impl Future<Output = Result<(), StorageError>> + Send;

    fn create_org(&self, name: &str, now: &str) -> impl Future<Output = Result<Org, StorageError>> + Send;
    /// An organisation by id or name.
    fn find_org(&self, id_or_name: &str) -> impl Future<Output = Result<Option<Org>, StorageError>> + Send;
    fn list_orgs(&self) -> impl Future<Output = Result<Vec<Org>, StorageError>> + Send;

    /// Keeps a one-time enrolment code (hashed) for the organisation until `expires_at`: a code
    /// for a new site, or, with `for_site`, one that re-keys that existing site.
    fn add_enrolment_code(
        &self,
        org_id: &str,
        code_hash: &str,
        for_site: Option<&str>,
        now: &str,
        expires_at: &str,
    ) -> impl Future<Output = Result<(), StorageError>> + Send;
    /// Uses a code: makes the new site (or re-keys the one the code is for) and returns its
    /// organisation. The code is spent in the same transaction.
    fn enrol(&self, enrolment: &Enrolment) -> impl Future<Output = Result<Org, StorageError>> + Send;
    /// The site holding this token (hashed), revoked or not.
    fn site_by_token(&self, token_hash: &str) -> impl Future<Output = Result<Option<Site>, StorageError>> + Send;
    fn list_sites(&self, org_id: &str) -> impl Future<Output = Result<Vec<Site>, StorageError>> + Send;
    /// Revokes a site by id or code: its token is refused from then on.
    fn revoke_site(&self, org_id: &str, id_or_code: &str, now: &str) -> impl Future<Output = Result<Site, StorageError>> + Send;
    /// The organisation's sites for pull answers: [`Storage::list_sites`] (every site, revoked
    /// ones too, by code) as the protocol lists them.
    fn site_directory(&self, org_id: &str) -> impl Future<Output = Result<Vec<KnownSite>, StorageError>> + Send {
        async move {
            let sites = self.list_sites(org_id).await?;
            Ok(sites.into_iter().map(|s| KnownSite { site_id: s.site_id, site_code: s.code, site_name: s.name }).collect())
        }
    }

    /// Applies a batch in one transaction: one result per change, in order.
    fn push(&self, push: Push<'_>) -> impl Future<Output = Result<Vec<ChangeResult>, StorageError>> + Send;
    /// Up to `limit` changes after `after`, leaving out `except_site`'s own.
    fn pull(
        &self,
        org_id: &str,
        except_site: &str,
        after: i64,
        limit: u32,
    ) -> impl Future<Output = Result<PullPage, StorageError>> + Send;

    /// Up to `limit` of the organisation's records after `after`, in key order, with the head read
    /// in the same database snapshot; records whose merge needs their history come as their
    /// changes. `count` asks for the number of records too (the first page's progress total).
    fn snapshot(
        &self,
        org_id: &str,
        after: Option<&RowKey>,
        limit: u32,
        count: bool,
    ) -> impl Future<Output = Result<SnapshotPage, StorageError>> + Send;

    /// Every field of the organisation's data, in key order (tests and the benchmark compare it).
    fn field_states(&self, org_id: &str) -> impl Future<Output = Result<Vec<StoredField>, StorageError>> + Send;
    /// How many changes the organisation has.
    fn count_changes(&self, org_id: &str) -> impl Future<Output = Result<i64, StorageError>> + Send;
}

/// Which storage to use: a folder for SQLite, or a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Database {
    /// `postgres://…` (or `postgresql://…`) is PostgreSQL; anything else is a SQLite file path.
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_string())
        } else {
            Database::Sqlite(text.into())
        }
    }

    /// Says where the data is without the password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("SQLite file {}", path.display()),
            Database::Postgres(url) => match url.split_once('@') {
                Some((_, host)) => format!("PostgreSQL at {host}"),
                None => "PostgreSQL".into(),
            },
        }
    }
}

/// An instant as the server stores it (RFC 3339, UTC, milliseconds). Stored instants are
/// compared as text (an enrolment code's expiry), so every one must be written this way.
pub fn instant_text(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Now, as the server stores instants.
pub fn now_text() -> String {
    instant_text(chrono::Utc::now())
}

/// The server's clock in milliseconds since 1970, as hybrid logical clocks count.
pub fn now_ms() -> u64 {
    chrono::Utc::now().timestamp_millis().unsigned_abs()
}

/// The columns `site_from_row` of either backend reads, in its order.
pub(crate) const SITE_COLUMNS: &str = "id, org_id, code, name, install_id, enrolled_at, last_seen_at, revoked_at, last_local_seq";

/// A stored clock value.
pub(crate) fn parse_hlc(text: &str) -> Result<Hlc, StorageError> {
    text.parse().map_err(|_| StorageError::Database("a stored clock value is unreadable".into()))
}

/// A stored version: its clock value and site.
pub(crate) fn version(hlc: &str, site_id: String) -> Result<Version, StorageError> {
    Ok(Version { hlc: parse_hlc(hlc)?, site_id })
}

/// A change's fields as the server stores them: a JSON object.
pub(crate) fn fields_json(fields: &Fields) -> String {
    // A map of strings always serialises.
    serde_json::to_string(fields).unwrap_or_else(|_| "{}".into())
}

/// Stored fields read back.
pub(crate) fn parse_fields(text: &str) -> Result<Fields, StorageError> {
    serde_json::from_str(text).map_err(|_| StorageError::Database("a stored change's fields are unreadable".into()))
}

/// A row's field versions as the server stores them: a JSON object.
pub(crate) fn versions_json(versions: &RowVersions) -> String {
    // A map of strings always serialises.
    serde_json::to_string(versions).unwrap_or_else(|_| "{}".into())
}

/// A stored row's state read back.
pub(crate) fn parse_row(fields: &str, versions: &str) -> Result<RowState, StorageError> {
    let versions = serde_json::from_str(versions)
        .map_err(|_| StorageError::Database("a stored row's field versions are unreadable".into()))?;
    Ok(RowState { fields: parse_fields(fields)?, versions })
}

/// A stored row, field by field.
pub(crate) fn row_fields(entity: &str, entity_id: &str, row: RowState) -> Vec<StoredField> {
    row.fields
        .into_iter()
        .map(|(field, value)| {
            let version = row.versions.of(&field);
            StoredField {
                entity: entity.to_string(),
                entity_id: entity_id.to_string(),
                hlc: version.as_ref().map(|v| v.hlc.to_string()).unwrap_or_default(),
                site_id: version.map(|v| v.site_id).unwrap_or_default(),
                field,
                value,
            }
        })
        .collect()
}

/// The status writes in one change's fields (a user's status and the disables it lifts).
pub(crate) fn status_changes(fields: &Fields, version: &Version) -> Vec<crate::push::StatusChange> {
    fields
        .iter()
        .filter(|(field, _)| STATUS_FIELDS.contains(&field.as_str()))
        .map(|(field, value)| crate::push::StatusChange { field: field.clone(), value: value.clone(), version: version.clone() })
        .collect()
}

/// Cuts fetched changes into a page: `fetched` holds up to `limit + 1` changes after the
/// cursor, read in the same snapshot as `head`; one past the limit says more wait.
pub(crate) fn cut_page(mut fetched: Vec<PulledChange>, limit: u32, head: i64) -> PullPage {
    let end = (limit.max(1) as usize).min(fetched.len());
    let more = end < fetched.len();
    fetched.truncate(end);
    // Nothing more to read: the cursor moves to the head, past this site's own changes too.
    let next = match (more, fetched.last()) {
        (true, Some(last)) => last.seq,
        _ => head,
    };
    PullPage { changes: fetched, next, head, more }
}

/// Cuts fetched records into a snapshot page: `fetched` holds up to `limit + 1` records after
/// the cursor, in key order; one past the limit says more wait. Records of tables that merge from
/// their history leave `rows`; their keys are returned for the caller to read their changes.
pub(crate) fn cut_snapshot(
    mut fetched: Vec<SnapshotRow>,
    limit: u32,
    head: i64,
    total: Option<u64>,
) -> (SnapshotPage, Vec<RowKey>) {
    let end = (limit.max(1) as usize).min(fetched.len());
    let more = end < fetched.len();
    fetched.truncate(end);
    let next =
        if more { fetched.last().map(|r| RowKey { entity: r.entity.clone(), entity_id: r.entity_id.clone() }) } else { None };
    let from_history = |r: &SnapshotRow| clinic_core::sync::table(&r.entity).is_some_and(|t| t.merges_from_history());
    let (history, rows): (Vec<SnapshotRow>, Vec<SnapshotRow>) = fetched.into_iter().partition(from_history);
    let keys = history.into_iter().map(|r| RowKey { entity: r.entity, entity_id: r.entity_id }).collect();
    (SnapshotPage { head, rows, history: Vec::new(), next, more, total }, keys)
}

/// A stored record read back as a snapshot carries it.
pub(crate) fn snapshot_row(entity: String, entity_id: String, fields: &str, versions: &str) -> Result<SnapshotRow, StorageError> {
    let row = parse_row(fields, versions)?;
    Ok(SnapshotRow { entity, entity_id, fields: row.fields, versions: row.versions })
}

/// A stored enrolment code as an enrolment reads it.
pub(crate) struct StoredCode<'a> {
    pub org_id: &'a str,
    pub expires_at: &'a str,
    pub used: bool,
    /// The site a re-key code is for; `None` for a code that makes a new site.
    pub for_site: Option<&'a str>,
}

/// The organisation an enrolment code enrols into, if the code can still be used (`None` is an
/// unknown code).
pub(crate) fn check_enrolment_code<'a>(code: Option<&StoredCode<'a>>, now: &str) -> Result<&'a str, StorageError> {
    match code {
        // Both are RFC 3339 UTC texts with milliseconds (`instant_text`): they compare as text.
        Some(c) if !c.used && c.expires_at > now => Ok(c.org_id),
        _ => Err(StorageError::BadEnrolmentCode),
    }
}

/// Whether `site_id` may enrol with this code (issue 17): an ordinary code makes a new site
/// only, so a site id the server knows (every pull lists them) cannot take over that site's
/// token; only a re-key code the operator made for that very site replaces its token.
/// `existing` is the stored site's (organisation, revoked).
pub(crate) fn check_site_can_enrol(
    existing: Option<(&str, bool)>,
    code: &StoredCode<'_>,
    site_id: &str,
) -> Result<(), StorageError> {
    let refused = |why: &str| Err(StorageError::SiteRefused(why.into()));
    match (existing, code.for_site) {
        (None, None) => Ok(()),
        (Some((other, _)), _) if other != code.org_id => refused("this site belongs to another organisation on this server"),
        (Some((_, true)), _) => {
            refused("this site was revoked by the clinic's administrator; set this computer up as a new site")
        }
        (Some(_), None) => refused(
            "a site with this id is already enrolled on this server; an enrolment code makes a new site only. \
             To give an existing site a new token, the server's operator runs `clinic-server site rekey`",
        ),
        (_, Some(for_site)) if for_site != site_id => refused("this re-key code is for another site"),
        (Some(_), Some(_)) => Ok(()),
        (None, Some(_)) => refused("the site this re-key code is for is no longer on this server"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::sync::RowChange;

    fn change(seq: i64, row: &str, ms: u64) -> PulledChange {
        PulledChange {
            seq,
            change: RowChange {
                change_id: seq.to_string(),
                entity: "patient".into(),
                entity_id: row.into(),
                fields: [(format!("f{seq}"), None)].into_iter().collect(),
                hlc: clinic_core::Hlc { wall_ms: ms, counter: 0 },
                site_id: "s".into(),
                actor: None,
            },
        }
    }

    #[test]
    fn a_page_holds_the_limit_and_says_more_wait() {
        let fetched = vec![change(1, "a", 1), change(2, "b", 2), change(3, "c", 3)];
        let page = cut_page(fetched, 2, 9);
        assert_eq!(page.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2]);
        assert!(page.more);
        assert_eq!(page.next, 2);
    }

    #[test]
    fn the_last_page_moves_the_cursor_to_the_head() {
        let page = cut_page(vec![change(5, "a", 1)], 10, 12);
        assert!(!page.more);
        assert_eq!(page.next, 12);
        let empty = cut_page(Vec::new(), 10, 12);
        assert_eq!((empty.next, empty.more), (12, false));
    }
}
