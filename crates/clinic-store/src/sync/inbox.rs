//! The pull side: applying a page of changes from the server (docs/decisions.md §5).
//!
//! Every pulled change is recorded in the change log (origin `sync`, so it is never pushed
//! back) and merged into its row by the rule `clinic_core::sync` gives its field. A row is
//! made from the winning value of each of its fields; rows that clash with a local row (a
//! unique value) are kept out and listed for admins, so one bad row never stops sync. The page,
//! the pull position and the clock are committed in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use clinic_core::sync::{merge_pulled, AppliedPage, FieldChange, FieldState, Merge, TableRule};
use clinic_core::{HlcClock, Version};
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};

use super::{decode_value, decode_version, derived, keep_problem, Problem};
use crate::store::now_text;
use crate::write::{record_change, ChangeRecord, Origin};
use crate::StoreError;

/// One row's part of a page: the changes of one write, in the order they were made.
struct RowWrite<'p> {
    rule: &'static TableRule,
    changes: &'p [FieldChange],
}

/// Applies `changes` inside `tx`; the caller moves the pull position and commits.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    clock: &mut HlcClock,
    now_ms: u64,
    changes: &[FieldChange],
) -> Result<AppliedPage, StoreError> {
    let now = now_text();
    let mut page = AppliedPage::default();
    let mut clamped = 0u64;
    let mut touched = Touched::default();
    for group in changes.chunk_by(|a, b| a.same_row_write(b)) {
        for change in group {
            clamped += u64::from(clock.observe(change.hlc, now_ms).clamped);
        }
        let Some(rule) = clinic_core::sync::table(&group[0].entity) else {
            not_stored(tx, group, "this version of Clinic Desk does not know that table; upgrade it", &now, &mut page)?;
            continue;
        };
        apply_row_write(tx, &RowWrite { rule, changes: group }, &now, &mut page, &mut touched)?;
    }
    if clamped > 0 {
        tracing::warn!(changes = clamped, "changes from a site whose clock is far ahead: this site's clock did not follow them");
    }
    derived::after_pull(tx, &touched, &now, &mut page)?;
    Ok(page)
}

/// Rows a page changed that derived data depends on.
#[derive(Default)]
pub(crate) struct Touched {
    pub patients: BTreeSet<String>,
    pub users: BTreeSet<String>,
    pub appointments: BTreeSet<String>,
}

fn apply_row_write(
    tx: &Transaction<'_>,
    write: &RowWrite<'_>,
    now: &str,
    page: &mut AppliedPage,
    touched: &mut Touched,
) -> Result<(), StoreError> {
    let (rule, first) = (write.rule, &write.changes[0]);
    let row_exists = tx
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", rule.name))?
        .query_row([&first.entity_id], |_| Ok(()))
        .optional()?
        .is_some();
    // A row never seen before whose every change is in this write: its values are the changes'.
    let fresh = !row_exists && !has_history(tx, &first.entity, &first.entity_id)?;
    let mut taken: Vec<(&str, Option<&str>)> = Vec::new();
    let mut recompute_status = false;
    for change in write.changes {
        if !rule.has_field(&change.field) {
            not_stored(tx, std::slice::from_ref(change), "this version of Clinic Desk does not know that field", now, page)?;
            continue;
        }
        let merge = if fresh { Merge::Take } else { merge_pulled(rule, current(tx, change)?.as_ref(), change) };
        if !record(tx, change, now)? {
            page.already_had += 1;
            continue;
        }
        page.recorded += 1;
        match merge {
            Merge::Take => taken.push((&change.field, change.value.as_deref())),
            Merge::Recompute => recompute_status = true,
            Merge::Keep | Merge::Refuse(_) => {}
        }
    }
    if taken.is_empty() && !recompute_status {
        return Ok(());
    }
    // A fresh row's values are the ones taken; a row that arrived in parts is read from the log.
    let new_row = match (row_exists, fresh) {
        (true, _) => None,
        (false, true) => Some(NewRow::taken(first, &taken)),
        (false, false) => Some(NewRow::logged(tx, rule, &first.entity_id)?),
    };
    let stored = tx.execute_batch("SAVEPOINT row_write").and_then(|()| match &new_row {
        None => update_row(tx, rule.name, &first.entity_id, &taken, first, now),
        Some(row) => insert_row(tx, rule.name, &first.entity_id, row, now),
    });
    match stored {
        Ok(()) => {
            tx.execute_batch("RELEASE row_write")?;
            page.taken += taken.len() as u64;
        }
        Err(e) if is_constraint(&e) => {
            tx.execute_batch("ROLLBACK TO row_write; RELEASE row_write")?;
            if !is_not_null(&e) {
                // A NOT NULL failure means the rest of the row has not arrived yet: it is made
                // when it does. Any other clash stays out of this database, listed for admins.
                not_stored(
                    tx,
                    write.changes,
                    &format!("it clashes with a row stored here ({})", constraint_text(&e)),
                    now,
                    page,
                )?;
            }
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    match rule.name {
        "patient" => touched.patients.insert(first.entity_id.clone()),
        "app_user" if recompute_status => touched.users.insert(first.entity_id.clone()),
        "appointment" => touched.appointments.insert(first.entity_id.clone()),
        _ => false,
    };
    Ok(())
}

/// Whether the change log holds anything about this row already.
fn has_history(tx: &Transaction<'_>, entity: &str, id: &str) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM change_log WHERE entity = ?1 AND entity_id = ?2 LIMIT 1")?
        .query_row(params![entity, id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The field's winning value so far: the latest (hlc, site) recorded for it.
fn current(tx: &Transaction<'_>, change: &FieldChange) -> Result<Option<FieldState>, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT value, hlc, site_id FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND field = ?3
             ORDER BY hlc DESC, site_id DESC LIMIT 1",
        )?
        .query_row(params![change.entity, change.entity_id, change.field], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    row.map(|(value, hlc, site_id)| Ok(FieldState { value: decode_value(&value)?, version: decode_version(&hlc, site_id)? }))
        .transpose()
}

/// Records a pulled change in the change log; false when this site had it already.
fn record(tx: &Transaction<'_>, change: &FieldChange, now: &str) -> Result<bool, StoreError> {
    record_change(
        tx,
        &ChangeRecord {
            change_id: &change.change_id,
            entity: &change.entity,
            entity_id: &change.entity_id,
            field: &change.field,
            value: change.value.as_deref(),
            hlc: change.hlc,
            site_id: &change.site_id,
            origin: Origin::Sync,
            recorded_at: now,
        },
    )
}

fn update_row(
    tx: &Transaction<'_>,
    table: &str,
    id: &str,
    taken: &[(&str, Option<&str>)],
    write: &FieldChange,
    now: &str,
) -> rusqlite::Result<()> {
    if taken.is_empty() {
        return Ok(());
    }
    // Later values of one field in the same write replace earlier ones, as they did where made.
    let mut fields: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for (field, value) in taken {
        fields.insert(field, *value);
    }
    let mut sets = fields.keys().enumerate().map(|(i, f)| format!("{f} = ?{}", i + 5)).collect::<Vec<_>>();
    // The row belongs to the site whose created_at won (one clinical profile made at two sites).
    if fields.contains_key("created_at") {
        sets.push("site_id = ?4".into());
    }
    let sql = format!("UPDATE {table} SET hlc = max(hlc, ?1), updated_at = ?2, {} WHERE id = ?3", sets.join(", "));
    let hlc = write.hlc.to_string();
    let head: [Option<&str>; 4] = [Some(&hlc), Some(now), Some(id), Some(&write.site_id)];
    tx.prepare_cached(&sql)?.execute(params_from_iter(head.into_iter().chain(fields.values().copied())))?;
    Ok(())
}

/// A row to make: the winning value of each of its fields, its version (its newest change) and
/// the site that made it (the one that wrote created_at).
struct NewRow {
    fields: BTreeMap<String, Option<String>>,
    hlc: String,
    site: String,
}

impl NewRow {
    /// A row whose every change is the one write in hand: its values are those taken.
    fn taken(write: &FieldChange, taken: &[(&str, Option<&str>)]) -> NewRow {
        // Later values of one field in the same write replace earlier ones, as they did where made.
        let fields = taken.iter().map(|(f, v)| ((*f).to_string(), v.map(str::to_string))).collect();
        NewRow { fields, hlc: write.hlc.to_string(), site: write.site_id.clone() }
    }

    /// A row that arrived in parts: the winning value of each of its fields in the change log.
    fn logged(tx: &Transaction<'_>, rule: &TableRule, id: &str) -> Result<NewRow, StoreError> {
        let mut winners: BTreeMap<String, (Option<String>, Version)> = BTreeMap::new();
        let mut stmt = tx.prepare_cached(
            "SELECT field, value, hlc, site_id FROM change_log WHERE entity = ?1 AND entity_id = ?2
             ORDER BY field, hlc DESC, site_id DESC",
        )?;
        let mut rows = stmt.query(params![rule.name, id])?;
        while let Some(r) = rows.next()? {
            let field: String = r.get(0)?;
            if winners.contains_key(&field) || !rule.has_field(&field) {
                continue;
            }
            let value = decode_value(&r.get::<_, String>(1)?)?;
            winners.insert(field, (value, decode_version(&r.get::<_, String>(2)?, r.get(3)?)?));
        }
        let hlc = winners.values().map(|(_, v)| v.hlc).max().map(|h| h.to_string()).unwrap_or_default();
        let site =
            winners.get("created_at").or_else(|| winners.values().next()).map(|(_, v)| v.site_id.clone()).unwrap_or_default();
        Ok(NewRow { fields: winners.into_iter().map(|(f, (value, _))| (f, value)).collect(), hlc, site })
    }
}

fn insert_row(tx: &Transaction<'_>, table: &str, id: &str, row: &NewRow, now: &str) -> rusqlite::Result<()> {
    let names: Vec<&str> = row.fields.keys().map(String::as_str).collect();
    let placeholders = (1..=names.len() + 4).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "INSERT INTO {table} (id, site_id, hlc, updated_at{}{}) VALUES ({placeholders})",
        if names.is_empty() { "" } else { ", " },
        names.join(", ")
    );
    let head = [Some(id), Some(row.site.as_str()), Some(row.hlc.as_str()), Some(now)];
    tx.prepare(&sql)?.execute(params_from_iter(head.into_iter().chain(row.fields.values().map(Option::as_deref))))?;
    Ok(())
}

/// Lists changes that cannot be stored here, for admins; the reason names no value.
fn not_stored(
    tx: &Transaction<'_>,
    changes: &[FieldChange],
    reason: &str,
    now: &str,
    page: &mut AppliedPage,
) -> Result<(), StoreError> {
    for change in changes {
        let problem = Problem {
            change_id: &change.change_id,
            direction: "pull",
            entity: &change.entity,
            entity_id: &change.entity_id,
            field: &change.field,
        };
        keep_problem(tx, &problem, reason, now)?;
    }
    page.not_stored += changes.len() as u64;
    tracing::warn!(entity = %changes[0].entity, changes = changes.len(), "pulled changes not stored: {reason}");
    Ok(())
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ConstraintViolation))
}

fn is_not_null(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL)
}

/// SQLite's constraint message names the table and column, never the value.
fn constraint_text(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.chars().take(120).collect(),
        _ => "a constraint".into(),
    }
}
