//! The push side: changes made here that the server has not answered for yet.

use chrono::{SecondsFormat, Utc};
use clinic_core::sync::{FieldChange, PendingChange, RefusedChange};
use rusqlite::{params, Connection, Row};

use crate::StoreError;

/// How far past `max` a batch may run to finish the row write it is in (a row has at most a few
/// dozen fields).
const ROW_WRITE_SLACK: usize = 128;

/// Reads a change-log row selected as `seq, change_id, entity, entity_id, field, value, hlc, site_id`.
pub(crate) fn change_from_row(r: &Row<'_>) -> rusqlite::Result<Result<(i64, FieldChange), StoreError>> {
    let seq: i64 = r.get(0)?;
    let value: String = r.get(5)?;
    let hlc: String = r.get(6)?;
    let corrupt = |column| Ok(Err(StoreError::Corrupt { table: "change_log", column }));
    let Ok(value) = serde_json::from_str::<Option<String>>(&value) else { return corrupt("value") };
    let Ok(hlc) = hlc.parse() else { return corrupt("hlc") };
    Ok(Ok((
        seq,
        FieldChange {
            change_id: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            field: r.get(4)?,
            value,
            hlc,
            site_id: r.get(7)?,
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
        return Err(StoreError::Conflict("this site is not enrolled with a sync server".into()));
    }
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    for refusal in refused {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO local_sync_problem (change_id, direction, entity, entity_id, field, reason, noticed_at)
             SELECT change_id, 'push', entity, entity_id, field, ?2, ?3 FROM change_log WHERE change_id = ?1",
        )?
        .execute(params![refusal.change_id, refusal.reason, now])?;
    }
    tx.commit()?;
    Ok(())
}
