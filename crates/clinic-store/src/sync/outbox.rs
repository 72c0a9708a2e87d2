//! The push side: changes made here that the server has not answered for yet. Once it has,
//! they go: the rows hold each field's version, which is all merging needs.

use clinic_core::sync::{PendingChange, RefusedChange, RowChange};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{decode_fields, keep_problem, not_enrolled, Problem};
use crate::store::now_text;
use crate::StoreError;

/// The most bytes of values one push carries: far below the server's body limit, so even a
/// batch of long visit notes is accepted.
const MAX_BATCH_WEIGHT: usize = 4 * 1024 * 1024;

/// Reads an outbox row selected as `seq, change_id, entity, entity_id, fields, hlc, actor`.
fn pending_from_row(r: &Row<'_>, site_id: &str) -> rusqlite::Result<Result<PendingChange, StoreError>> {
    let (fields, hlc): (String, String) = (r.get(4)?, r.get(5)?);
    let (fields, hlc) = match (decode_fields("sync_outbox", &fields), hlc.parse()) {
        (Ok(fields), Ok(hlc)) => (fields, hlc),
        (Err(e), _) => return Ok(Err(e)),
        (_, Err(_)) => return Ok(Err(StoreError::Corrupt { table: "sync_outbox", column: "hlc" })),
    };
    Ok(Ok(PendingChange {
        local_seq: r.get(0)?,
        change: RowChange {
            change_id: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            fields,
            hlc,
            site_id: site_id.to_string(),
            actor: r.get(6)?,
        },
    }))
}

/// Up to `max` changes made here, oldest first; fewer when their values are large.
pub(crate) fn pending(conn: &Connection, site_id: &str, max: usize) -> Result<Vec<PendingChange>, StoreError> {
    let limit = i64::try_from(max.max(1)).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare_cached("SELECT seq, change_id, entity, entity_id, fields, hlc, actor FROM sync_outbox ORDER BY seq LIMIT ?1")?;
    let mut rows = stmt.query([limit])?;
    let mut batch = Vec::new();
    let mut weight = 0;
    while let Some(r) = rows.next()? {
        let change = pending_from_row(r, site_id)??;
        weight += change.change.weight();
        if !batch.is_empty() && weight > MAX_BATCH_WEIGHT {
            break;
        }
        batch.push(change);
    }
    Ok(batch)
}

/// How many changes made here wait for the server.
pub(crate) fn count_pending(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.prepare_cached("SELECT count(*) FROM sync_outbox")?.query_row([], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// The server answered for everything up to `through`: those changes go, and the refused ones
/// are kept for admins, in one transaction.
pub(crate) fn acknowledge(conn: &mut Connection, through: i64, refused: &[RefusedChange]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    let enrolled: i64 = tx.query_row("SELECT count(*) FROM local_sync", [], |r| r.get(0))?;
    if enrolled == 0 {
        return Err(not_enrolled());
    }
    let now = now_text();
    for refusal in refused {
        let change: Option<(String, String, String)> = tx
            .prepare_cached("SELECT entity, entity_id, fields FROM sync_outbox WHERE change_id = ?1")?
            .query_row([&refusal.change_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        // A refusal of a change this site does not hold has nothing to show.
        let Some((entity, entity_id, fields)) = change else { continue };
        let fields = if refusal.fields.is_empty() {
            decode_fields("sync_outbox", &fields)?.into_keys().collect::<Vec<_>>().join(", ")
        } else {
            refusal.fields.join(", ")
        };
        let problem =
            Problem { change_id: &refusal.change_id, direction: "push", entity: &entity, entity_id: &entity_id, field: &fields };
        keep_problem(&tx, &problem, &refusal.reason, &now)?;
    }
    tx.execute("DELETE FROM sync_outbox WHERE seq <= ?1", params![through])?;
    tx.commit()?;
    Ok(())
}
