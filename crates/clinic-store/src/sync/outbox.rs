//! The push side: changes made here that the server has not answered for yet.

use clinic_core::sync::{FieldChange, PendingChange, RefusedChange};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{decode_value, decode_version, keep_problem, not_enrolled, Problem};
use crate::store::now_text;
use crate::StoreError;

/// How far past `max` a batch may run to finish the row write it is in (a row has at most a few
/// dozen fields).
const ROW_WRITE_SLACK: usize = 128;

/// Reads a change-log row selected as `seq, change_id, entity, entity_id, field, value, hlc, site_id`.
pub(crate) fn change_from_row(r: &Row<'_>) -> rusqlite::Result<Result<(i64, FieldChange), StoreError>> {
    let seq: i64 = r.get(0)?;
    let value: String = r.get(5)?;
    let hlc: String = r.get(6)?;
    let (value, version) = match (decode_value(&value), decode_version(&hlc, r.get(7)?)) {
        (Ok(value), Ok(version)) => (value, version),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    Ok(Ok((
        seq,
        FieldChange {
            change_id: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            field: r.get(4)?,
            value,
            hlc: version.hlc,
            site_id: version.site_id,
        },
    )))
}

/// The last change-log seq the server has answered for.
fn pushed_through(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT coalesce((SELECT pushed_through FROM local_sync), 0)", [], |r| r.get(0))?)
}

/// Up to `max` changes made here after the push mark, oldest first, finishing the row write the
/// batch ends in.
pub(crate) fn pending(conn: &Connection, max: usize) -> Result<Vec<PendingChange>, StoreError> {
    let mark = pushed_through(conn)?;
    let limit = i64::try_from(max + ROW_WRITE_SLACK).unwrap_or(i64::MAX);
    let rows = conn
        .prepare_cached(
            "SELECT seq, change_id, entity, entity_id, field, value, hlc, site_id FROM change_log INDEXED BY change_log_local
             WHERE origin = 'local' AND seq > ?1 ORDER BY seq LIMIT ?2",
        )?
        .query_map(params![mark, limit], change_from_row)?
        .collect::<Result<Result<Vec<_>, _>, _>>()??;
    let mut batch: Vec<PendingChange> = Vec::with_capacity(rows.len().min(max + 1));
    for (local_seq, change) in rows {
        if batch.len() >= max && batch.last().is_some_and(|last| !last.change.same_row_write(&change)) {
            break;
        }
        batch.push(PendingChange { local_seq, change });
    }
    Ok(batch)
}

/// How many changes made here wait for the server.
pub(crate) fn count_pending(conn: &Connection) -> Result<u64, StoreError> {
    let mark = pushed_through(conn)?;
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM change_log INDEXED BY change_log_local WHERE origin = 'local' AND seq > ?1")?
        .query_row([mark], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// Moves the push mark to `through` and keeps the refused changes for admins, in one transaction.
pub(crate) fn acknowledge(conn: &mut Connection, through: i64, refused: &[RefusedChange]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let updated = tx.execute("UPDATE local_sync SET pushed_through = max(pushed_through, ?1)", [through])?;
    if updated == 0 {
        return Err(not_enrolled());
    }
    let now = now_text();
    for refusal in refused {
        let change = tx
            .prepare_cached("SELECT entity, entity_id, field FROM change_log WHERE change_id = ?1")?
            .query_row([&refusal.change_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .optional()?;
        // A refusal of a change this site does not hold has nothing to show.
        let Some((entity, entity_id, field)) = change else { continue };
        let problem =
            Problem { change_id: &refusal.change_id, direction: "push", entity: &entity, entity_id: &entity_id, field: &field };
        keep_problem(&tx, &problem, &refusal.reason, &now)?;
    }
    tx.commit()?;
    Ok(())
}
