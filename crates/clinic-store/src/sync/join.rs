//! A joining site's first sync: the clinic's records copied as they stand, page by page, then
//! the changes after the snapshot pulled as usual (docs/sync.md, "Joining a clinic"). Each page
//! and the position after it commit together, so a cut snapshot resumes where it stopped.

use clinic_core::sync::{AppliedPage, PullPosition, RowChange, RowKey, SnapshotPosition, SnapshotRow};
use rusqlite::{params, Connection, OptionalExtension};

use super::inbox;
use crate::site::save_clock;
use crate::store::now_ms;
use crate::{Store, StoreError};

/// The snapshot under way, if one is.
pub(crate) fn position(conn: &Connection) -> Result<Option<SnapshotPosition>, StoreError> {
    let row = conn
        .query_row(
            "SELECT snapshot_epoch, snapshot_as_of, snapshot_after_entity, snapshot_after_id, snapshot_total, snapshot_done
             FROM local_sync WHERE snapshot_epoch IS NOT NULL",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(epoch, as_of, entity, entity_id, total, done)| SnapshotPosition {
        epoch,
        as_of,
        after: entity.zip(entity_id).map(|(entity, entity_id)| RowKey { entity, entity_id }),
        total: total.unsigned_abs(),
        done: done.unsigned_abs(),
    }))
}

/// Whether the next sync copies a snapshot: one is under way, or this site is joining the
/// clinic and has pulled nothing yet. A site with records of its own (enrolling, or starting
/// over after a server restore) replays the changes instead.
pub(crate) fn wants_snapshot(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT snapshot_epoch IS NOT NULL OR (initialised_at IS NULL AND cursor = 0) FROM local_sync", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(false))
}

/// Keeps where the snapshot has reached; after the last page it is over and pulls start after
/// its first page's head.
fn keep_position(conn: &Connection, position: &SnapshotPosition, last: bool) -> Result<(), StoreError> {
    if last {
        let pulled_to = PullPosition { epoch: position.epoch.clone(), cursor: position.as_of };
        super::link::set_pull_position(conn, &pulled_to, position.as_of)?;
        forget(conn)?;
    } else {
        let (entity, id) = position.after.as_ref().map(|k| (k.entity.as_str(), k.entity_id.as_str())).unzip();
        conn.execute(
            "UPDATE local_sync SET snapshot_epoch = ?1, snapshot_as_of = ?2, snapshot_after_entity = ?3, snapshot_after_id = ?4,
             snapshot_total = ?5, snapshot_done = ?6",
            params![
                position.epoch,
                position.as_of,
                entity,
                id,
                i64::try_from(position.total).unwrap_or(i64::MAX),
                i64::try_from(position.done).unwrap_or(i64::MAX)
            ],
        )?;
    }
    Ok(())
}

/// Forgets a snapshot under way (a new enrolment, or the server's database changed).
pub(crate) fn forget(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE local_sync SET snapshot_epoch = NULL, snapshot_as_of = NULL, snapshot_after_entity = NULL,
         snapshot_after_id = NULL, snapshot_total = NULL, snapshot_done = NULL",
        [],
    )?;
    Ok(())
}

impl Store {
    /// Applies one snapshot page and keeps the position after it, in one transaction.
    pub(crate) fn apply_snapshot_page(
        &mut self,
        rows: &[SnapshotRow],
        history: &[RowChange],
        position: &SnapshotPosition,
        last: bool,
    ) -> Result<AppliedPage, StoreError> {
        let Store { conn, clock, .. } = self;
        let tx = conn.transaction()?;
        let now = now_ms();
        let mut page = inbox::apply_records(&tx, clock, now, rows)?;
        page.add(&inbox::apply(&tx, clock, now, history)?);
        keep_position(&tx, position, last)?;
        save_clock(&tx, clock.last())?;
        tx.commit()?;
        Ok(page)
    }
}
