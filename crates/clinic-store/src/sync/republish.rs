//! Queuing again what this site made, from its rows, for a server that lost it (restored from
//! a backup) or a site that enrolled again. A site keeps no history, so the changes are rebuilt
//! from each row's field versions: one change per version this site wrote, with the fields
//! that still hold its value, made by the user whose audit event this site wrote at the same
//! clock. A user's status writes come from their own history. Changes still waiting in the
//! outbox are not queued twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use clinic_core::sync::{Fields, STATUS_FIELDS, TABLES};
use clinic_core::{new_id, Version};
use rusqlite::{params, Connection};

use super::snapshot::value_text;
use crate::write::fields_json;
use crate::StoreError;

/// (table, row id, version) of a rebuilt change.
type Key = (&'static str, String, Version);

/// Queues every change this site made that its rows still show; returns how many.
pub(crate) fn republish(conn: &Connection, site_id: &str) -> Result<u64, StoreError> {
    let waiting: HashSet<(String, String, String)> = conn
        .prepare("SELECT entity, entity_id, hlc FROM sync_outbox")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut rebuilt: BTreeMap<Key, Fields> = BTreeMap::new();
    for rule in TABLES {
        let columns = rule.fields.join(", ");
        let mut stmt = conn.prepare(&format!("SELECT id, sync_versions, {columns} FROM {}", rule.name))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let versions = super::read_versions(r.get::<_, Option<String>>(1)?.as_deref())?;
            for (i, field) in rule.fields.iter().enumerate() {
                let Some(version) = versions.of(field) else { continue };
                let is_status = rule.name == "app_user" && STATUS_FIELDS.contains(field);
                if version.site_id != site_id || is_status {
                    continue;
                }
                let value = value_text(r.get_ref(i + 2)?);
                // A field empty since the row was made was never sent: a write-once field set
                // later must not meet an empty value first.
                let named = versions.written_at(&version).any(|f| f == Some(field));
                if value.is_none() && !named {
                    continue;
                }
                rebuilt.entry((rule.name, id.clone(), version)).or_default().insert((*field).to_string(), value);
            }
        }
    }
    let mut stmt = conn.prepare("SELECT user_id, hlc, status, lifts FROM sync_status_write WHERE site_id = ?1")?;
    let mut rows = stmt.query([site_id])?;
    while let Some(r) = rows.next()? {
        let hlc: String = r.get(1)?;
        let hlc = hlc.parse().map_err(|_| StoreError::Corrupt { table: "sync_status_write", column: "hlc" })?;
        let version = Version { hlc, site_id: site_id.to_string() };
        let fields = rebuilt.entry(("app_user", r.get(0)?, version)).or_default();
        fields.insert("status".into(), r.get(2)?);
        if let Some(lifts) = r.get::<_, Option<String>>(3)? {
            fields.insert("status_lifts".into(), Some(lifts));
        }
    }
    let mut ordered: Vec<(Key, Fields)> = rebuilt.into_iter().collect();
    ordered.sort_by(|a, b| a.0 .2.cmp(&b.0 .2));
    // Who made each write: the server authorizes by it. A user's write here appended their
    // audit event at the same clock; a write with none was the site's own.
    let makers: HashMap<String, String> = conn
        .prepare("SELECT hlc, user_id FROM audit_event WHERE site_id = ?1 AND user_id IS NOT NULL")?
        .query_map([site_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut insert = conn
        .prepare("INSERT INTO sync_outbox (change_id, entity, entity_id, fields, hlc, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut queued = 0;
    for ((table, id, version), fields) in ordered {
        let hlc = version.hlc.to_string();
        if waiting.contains(&(table.to_string(), id.clone(), hlc.clone())) {
            continue;
        }
        let actor = makers.get(&hlc);
        insert.execute(params![new_id().to_string(), table, id, fields_json(&fields)?, hlc, actor])?;
        queued += 1;
    }
    Ok(queued)
}
