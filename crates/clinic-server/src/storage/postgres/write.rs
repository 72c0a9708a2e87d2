//! A push's writes, one statement each for the whole batch: the accepted changes and the
//! records' new states.

use clinic_core::sync::RowChange;
use clinic_protocol::PushedChange;
use deadpool_postgres::GenericClient;

use super::db;
use crate::push;
use crate::storage::StorageError;

pub(super) async fn insert_changes(
    tx: &impl GenericClient,
    org: &str,
    last_seq: i64,
    accepted: &[std::borrow::Cow<'_, PushedChange>],
    now: &str,
) -> Result<(), StorageError> {
    if accepted.is_empty() {
        return Ok(());
    }
    let seqs: Vec<i64> = (1..=accepted.len() as i64).map(|i| last_seq + i).collect();
    let column = |f: fn(&RowChange) -> &str| -> Vec<&str> { accepted.iter().map(|p| f(&p.change)).collect() };
    let fields: Vec<String> = accepted.iter().map(|p| crate::storage::fields_json(&p.change.fields)).collect();
    let hlcs: Vec<String> = accepted.iter().map(|p| p.change.hlc.to_string()).collect();
    let actors: Vec<Option<&str>> = accepted.iter().map(|p| p.change.actor.as_deref()).collect();
    tx.execute(
        "INSERT INTO change (org_id, received_at, seq, change_id, entity, entity_id, fields, hlc, site_id, actor)
         SELECT $1, $2, * FROM UNNEST($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])",
        &[
            &org,
            &now,
            &seqs,
            &column(|c| &c.change_id),
            &column(|c| &c.entity),
            &column(|c| &c.entity_id),
            &fields,
            &hlcs,
            &column(|c| &c.site_id),
            &actors,
        ],
    )
    .await
    .map_err(db)?;
    Ok(())
}

pub(super) async fn upsert_rows(
    tx: &impl GenericClient,
    org: &str,
    rows: &[(push::RowKey, push::RowState)],
) -> Result<(), StorageError> {
    if rows.is_empty() {
        return Ok(());
    }
    let (entities, ids): (Vec<&str>, Vec<&str>) = rows.iter().map(|((e, i), _)| (e.as_str(), i.as_str())).unzip();
    let fields: Vec<String> = rows.iter().map(|(_, r)| crate::storage::fields_json(&r.fields)).collect();
    let versions: Vec<String> = rows.iter().map(|(_, r)| crate::storage::versions_json(&r.versions)).collect();
    tx.execute(
        "INSERT INTO row_state (org_id, entity, entity_id, fields, versions)
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (org_id, entity, entity_id) DO UPDATE SET fields = excluded.fields, versions = excluded.versions",
        &[&org, &entities, &ids, &fields, &versions],
    )
    .await
    .map_err(db)?;
    Ok(())
}
