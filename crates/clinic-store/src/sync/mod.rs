//! This site's side of sync (docs/decisions.md §5): the changes waiting for the server, applying what
//! the server sends, the link to the server, and the double bookings a merge brings in.

mod conflicts;
pub(crate) mod derived;
mod inbox;
mod join;
mod link;
mod outbox;
mod republish;
mod snapshot;

use clinic_core::sync::{
    AppliedPage, Fields, KnownSite, PendingChange, PullPosition, RefusedChange, Replica, RowChange, RowVersions,
    SnapshotPosition, SnapshotRow,
};
use rusqlite::{params, Connection};

pub use link::{Enrolment, SyncLink, SyncProblem};
pub use snapshot::SyncedRows;

use crate::site::save_clock;
use crate::store::now_ms;
use crate::{Store, StoreError};

impl Replica for Store {
    type Error = StoreError;

    fn pending_changes(&self, max: usize) -> Result<Vec<PendingChange>, StoreError> {
        outbox::pending(&self.conn, &self.site().site_id, max)
    }

    fn count_pending(&self) -> Result<u64, StoreError> {
        outbox::count_pending(&self.conn)
    }

    fn acknowledge_push(&mut self, through_local_seq: i64, refused: &[RefusedChange]) -> Result<(), StoreError> {
        outbox::acknowledge(&mut self.conn, through_local_seq, refused)
    }

    fn pull_position(&self) -> Result<Option<PullPosition>, StoreError> {
        link::pull_position(&self.conn)
    }

    fn apply_pulled(&mut self, changes: &[RowChange], next: &PullPosition, server_head: i64) -> Result<AppliedPage, StoreError> {
        let Store { conn, clock, .. } = self;
        let tx = conn.transaction()?;
        let page = inbox::apply(&tx, clock, now_ms(), changes)?;
        link::set_pull_position(&tx, next, server_head)?;
        save_clock(&tx, clock.last())?;
        tx.commit()?;
        Ok(page)
    }

    fn wants_snapshot(&self) -> Result<bool, StoreError> {
        join::wants_snapshot(&self.conn)
    }

    fn snapshot_position(&self) -> Result<Option<SnapshotPosition>, StoreError> {
        join::position(&self.conn)
    }

    fn apply_snapshot(
        &mut self,
        rows: &[SnapshotRow],
        history: &[RowChange],
        position: &SnapshotPosition,
        last: bool,
    ) -> Result<AppliedPage, StoreError> {
        self.apply_snapshot_page(rows, history, position, last)
    }

    fn start_over(&mut self, epoch: &str) -> Result<(), StoreError> {
        let site_id = self.site().site_id.clone();
        let tx = self.conn.transaction()?;
        link::start_over(&tx, epoch)?;
        join::forget(&tx)?;
        republish::republish(&tx, &site_id)?;
        tx.commit()?;
        Ok(())
    }

    fn learn_sites(&mut self, sites: &[KnownSite]) -> Result<(), StoreError> {
        self.save_known_sites(sites)
    }

    fn note_success(&mut self) -> Result<(), StoreError> {
        self.note_sync_succeeded()
    }

    fn note_failure(&mut self, message: &str) -> Result<(), StoreError> {
        self.note_sync_failed(message)
    }
}

/// A stored change's fields (a JSON object) read back.
pub(crate) fn decode_fields(table: &'static str, json: &str) -> Result<Fields, StoreError> {
    serde_json::from_str(json).map_err(|_| StoreError::Corrupt { table, column: "fields" })
}

/// A row's `sync_versions` read back; none stored means no field has a version yet.
pub(crate) fn read_versions(text: Option<&str>) -> Result<RowVersions, StoreError> {
    let corrupt = || StoreError::Corrupt { table: "a synced table", column: "sync_versions" };
    text.map_or(Ok(RowVersions::default()), |t| serde_json::from_str(t).map_err(|_| corrupt()))
}

/// A row's `sync_versions` as stored.
pub(crate) fn versions_text(versions: &RowVersions) -> String {
    // A map of strings always serialises.
    serde_json::to_string(versions).unwrap_or_else(|_| "{}".into())
}

/// What a sync call that needs the server link gets while there is none.
pub(crate) fn not_enrolled() -> StoreError {
    StoreError::Conflict("this site is not enrolled with a sync server".into())
}

/// A change that could not go through, kept for admins.
pub(crate) struct Problem<'a> {
    pub change_id: &'a str,
    /// `push` (the server refused it) or `pull` (it could not be stored here).
    pub direction: &'static str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    /// The fields concerned, separated by commas.
    pub field: &'a str,
}

/// Keeps (or replaces) a problem for admins; the reason names no value.
pub(crate) fn keep_problem(conn: &Connection, problem: &Problem<'_>, reason: &str, now: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO local_sync_problem (change_id, direction, entity, entity_id, field, reason, noticed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        problem.change_id,
        problem.direction,
        problem.entity,
        problem.entity_id,
        problem.field,
        reason,
        now
    ])?;
    Ok(())
}
