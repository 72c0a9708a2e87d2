//! What the sync engine needs of a site's local copy. The store implements it; the engine in
//! `clinic-sync` drives it; neither knows the other.

use serde::{Deserialize, Serialize};

use super::change::{Fields, RowChange};
use super::versions::RowVersions;

/// A change made at this site, waiting for the server, with its place in the local log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChange {
    /// Position in this site's change log: pushes go oldest first, and the server uses it to
    /// notice a database that was copied or restored from an older copy.
    pub local_seq: i64,
    pub change: RowChange,
}

/// Where a site's pull has reached: the server's epoch and the last server sequence applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullPosition {
    /// The server database's identity; a new one (a server restored from backup) means the
    /// site starts over rather than trusting its cursor.
    pub epoch: String,
    /// The last server sequence number applied here.
    pub cursor: i64,
}

/// A record's place in a snapshot: its table, then its id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowKey {
    pub entity: String,
    pub entity_id: String,
}

/// One record as the server holds it: every field ever written with its winning value, and the
/// version each holds (what merging a later change needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotRow {
    pub entity: String,
    pub entity_id: String,
    pub fields: Fields,
    pub versions: RowVersions,
}

/// Where a snapshot under way has reached (a site joining a clinic copies its records as they
/// stand, then pulls the changes after `as_of`). Kept by the site, so a cut snapshot resumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotPosition {
    /// The server database the snapshot comes from.
    pub epoch: String,
    /// The server's newest sequence when the first page was read: pulls start after it.
    pub as_of: i64,
    /// The last record applied; none before the first page.
    pub after: Option<RowKey>,
    /// Records the clinic held when the snapshot began, and how many have been applied.
    pub total: u64,
    pub done: u64,
}

/// One of the clinic's sites, as the server lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownSite {
    pub site_id: String,
    pub site_code: String,
    pub site_name: String,
}

/// A change the server refused, whole or in part, kept for the site's admins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedChange {
    pub change_id: String,
    /// The fields refused; empty when the whole change was.
    pub fields: Vec<String>,
    pub reason: String,
}

/// What applying one pulled page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppliedPage {
    /// Changes that brought this site something new (a field's value or a user's status write).
    pub recorded: u64,
    /// Fields whose value became the pulled one.
    pub taken: u64,
    /// Changes that brought nothing new: this site had them, or newer writes of every field.
    pub already_had: u64,
    /// Changes to rows that could not be stored here (a clash with a local row); kept for admins.
    pub not_stored: u64,
    /// Double bookings this page brought in.
    pub new_booking_conflicts: u64,
}

impl AppliedPage {
    /// Counts `other`'s figures in as well.
    pub fn add(&mut self, other: &AppliedPage) {
        self.recorded += other.recorded;
        self.taken += other.taken;
        self.already_had += other.already_had;
        self.not_stored += other.not_stored;
        self.new_booking_conflicts += other.new_booking_conflicts;
    }
}

/// A site's local copy as the sync engine sees it.
pub trait Replica {
    type Error: std::error::Error + Send + Sync + 'static;

    /// Up to `max` changes made here that the server has not acknowledged, oldest first (fewer
    /// when their values are large, so a batch stays well under the server's body limit).
    fn pending_changes(&self, max: usize) -> Result<Vec<PendingChange>, Self::Error>;

    /// How many changes made here wait for the server.
    fn count_pending(&self) -> Result<u64, Self::Error>;

    /// The server answered for every change up to `through_local_seq`: move past them, and
    /// keep the refused ones for admins.
    fn acknowledge_push(&mut self, through_local_seq: i64, refused: &[RefusedChange]) -> Result<(), Self::Error>;

    /// Where the pull has reached, or `None` before the first pull.
    fn pull_position(&self) -> Result<Option<PullPosition>, Self::Error>;

    /// Applies one page of changes from the server and moves the pull position to `next`, all
    /// in one transaction: an interrupted page is applied again whole, never half.
    /// `server_head` is the server's newest sequence, for the progress of a long first pull.
    fn apply_pulled(&mut self, changes: &[RowChange], next: &PullPosition, server_head: i64) -> Result<AppliedPage, Self::Error>;

    /// Whether the next pull begins with a snapshot: one is under way, or this site is joining
    /// the clinic and has pulled nothing yet.
    fn wants_snapshot(&self) -> Result<bool, Self::Error>;

    /// The snapshot under way, if one is (it began and has not finished).
    fn snapshot_position(&self) -> Result<Option<SnapshotPosition>, Self::Error>;

    /// Applies one snapshot page (records as they stand, and the changes of records that merge
    /// from their history) and keeps `position`, in one transaction. After the last page
    /// (`last`), the snapshot is over and the pull position is `position.as_of`.
    fn apply_snapshot(
        &mut self,
        rows: &[SnapshotRow],
        history: &[RowChange],
        position: &SnapshotPosition,
        last: bool,
    ) -> Result<AppliedPage, Self::Error>;

    /// The server is not the one this site last synced with (restored from a backup): push every
    /// change made here again and pull everything from the start of `epoch`.
    fn start_over(&mut self, epoch: &str) -> Result<(), Self::Error>;

    /// Keeps the server's list of the clinic's sites (for showing where a record was made).
    fn learn_sites(&mut self, sites: &[KnownSite]) -> Result<(), Self::Error>;

    /// A sync ran to the end: everything pushed, every page pulled.
    fn note_success(&mut self) -> Result<(), Self::Error>;

    /// A sync stopped; `message` says why in words for an admin.
    fn note_failure(&mut self, message: &str) -> Result<(), Self::Error>;
}
