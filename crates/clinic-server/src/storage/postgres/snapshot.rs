//! A page of an organisation's records as they stand, for a joining site, read in one
//! repeatable-read transaction with the head.

use super::{db, PostgresStorage};
use crate::storage::{cut_snapshot, parse_fields, parse_hlc, snapshot_row, SnapshotPage, StorageError};
use clinic_core::sync::RowChange;
use clinic_protocol::RowKey;

impl PostgresStorage {
    /// Up to `limit` records after `after` (see [`crate::storage::Storage::snapshot`]).
    pub(super) async fn snapshot_page(
        &self,
        org: &str,
        after: Option<&RowKey>,
        limit: u32,
        count: bool,
    ) -> Result<SnapshotPage, StorageError> {
        let mut client = self.client().await?;
        let (tx, head) = super::read_with_head(&mut client, org).await?;
        let (entity, id) = after.map_or(("", ""), |k| (k.entity.as_str(), k.entity_id.as_str()));
        let rows = tx
            .query(
                "SELECT entity, entity_id, fields, versions FROM row_state
                 WHERE org_id = $1 AND (entity, entity_id) > ($2, $3) ORDER BY entity, entity_id LIMIT $4",
                &[&org, &entity, &id, &(i64::from(limit.max(1)) + 1)],
            )
            .await
            .map_err(db)?;
        let fetched = rows
            .iter()
            .map(|r| snapshot_row(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect::<Result<Vec<_>, StorageError>>()?;
        let total = if count {
            let n: i64 = tx.query_one("SELECT count(*) FROM row_state WHERE org_id = $1", &[&org]).await.map_err(db)?.get(0);
            Some(n.unsigned_abs())
        } else {
            None
        };
        let (mut page, from_history) = cut_snapshot(fetched, limit, head, total);
        for key in from_history {
            let rows = tx
                .query(
                    "SELECT change_id, fields, hlc, site_id, actor FROM change
                     WHERE org_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY seq",
                    &[&org, &key.entity, &key.entity_id],
                )
                .await
                .map_err(db)?;
            for r in &rows {
                page.history.push(RowChange {
                    change_id: r.get(0),
                    entity: key.entity.clone(),
                    entity_id: key.entity_id.clone(),
                    fields: parse_fields(r.get(1))?,
                    hlc: parse_hlc(r.get(2))?,
                    site_id: r.get(3),
                    actor: r.get(4),
                });
            }
        }
        tx.commit().await.map_err(db)?;
        Ok(page)
    }
}
