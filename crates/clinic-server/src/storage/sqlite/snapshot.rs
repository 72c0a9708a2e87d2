//! A page of an organisation's records as they stand, for a joining site, read in one database
//! snapshot with the head.

use clinic_core::sync::RowChange;
use clinic_protocol::RowKey;
use rusqlite::{params, Connection, OptionalExtension};

use super::db;
use crate::storage::{cut_snapshot, parse_fields, parse_hlc, snapshot_row, SnapshotPage, StorageError};

/// Up to `limit` records after `after` (see [`crate::storage::Storage::snapshot`]).
pub(super) fn page(
    conn: &mut Connection,
    org: &str,
    after: Option<&RowKey>,
    limit: u32,
    count: bool,
) -> Result<SnapshotPage, StorageError> {
    // A read transaction: the head, the records and their histories come from one snapshot.
    let tx = conn.transaction().map_err(db)?;
    let head: i64 =
        tx.query_row("SELECT last_seq FROM organisation WHERE id = ?1", [org], |r| r.get(0)).optional().map_err(db)?.unwrap_or(0);
    let (entity, id) = after.map_or(("", ""), |k| (k.entity.as_str(), k.entity_id.as_str()));
    let fetched = tx
        .prepare_cached(
            "SELECT entity, entity_id, fields, versions FROM row_state
             WHERE org_id = ?1 AND (entity, entity_id) > (?2, ?3) ORDER BY entity, entity_id LIMIT ?4",
        )
        .map_err(db)?
        .query_map(params![org, entity, id, i64::from(limit.max(1)) + 1], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })
        .map_err(db)?
        .map(|row| {
            let (entity, entity_id, fields, versions) = row.map_err(db)?;
            snapshot_row(entity, entity_id, &fields, &versions)
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    let total = if count {
        let n: i64 = tx.query_row("SELECT count(*) FROM row_state WHERE org_id = ?1", [org], |r| r.get(0)).map_err(db)?;
        Some(n.unsigned_abs())
    } else {
        None
    };
    let (mut page, from_history) = cut_snapshot(fetched, limit, head, total);
    let mut changes = tx
        .prepare_cached(
            "SELECT change_id, fields, hlc, site_id, actor FROM change
             WHERE org_id = ?1 AND entity = ?2 AND entity_id = ?3 ORDER BY seq",
        )
        .map_err(db)?;
    for key in from_history {
        let rows = changes
            .query_map(params![org, key.entity, key.entity_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(db)?;
        for row in rows {
            let (change_id, fields, hlc, site_id, actor) = row.map_err(db)?;
            page.history.push(RowChange {
                change_id,
                entity: key.entity.clone(),
                entity_id: key.entity_id.clone(),
                fields: parse_fields(&fields)?,
                hlc: parse_hlc(&hlc)?,
                site_id,
                actor,
            });
        }
    }
    drop(changes);
    tx.commit().map_err(db)?;
    Ok(page)
}
