//! The pull side: applying a page of changes from the server (docs/decisions.md §5).
//!
//! Each pulled change is one row's write. Its fields merge into the row one by one, by the rule
//! `clinic_core::sync` gives each field, against the versions the row keeps (`sync_versions`).
//! A row that cannot be stored yet (its creation has not arrived, or it clashes with a row here)
//! waits in `sync_held_row`, merged the same way, and is made when it can be; a clash is listed
//! for admins, so one bad row never stops sync. The page, the pull position and the clock are
//! committed in one transaction; applying a change twice changes nothing the second time.

use clinic_core::sync::{
    merge_pulled, AppliedPage, FieldRule, FieldState, FieldWrite, Fields, Merge, RowChange, SnapshotRow, TableRule,
};
use clinic_core::{HlcClock, Version};
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};

use super::{decode_fields, derived, keep_problem, Problem};
use crate::store::now_text;
use crate::write::{fields_json, keep_status_write};
use crate::StoreError;
use clinic_core::sync::RowVersions;

/// Applies `changes` inside `tx`; the caller moves the pull position and commits.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    clock: &mut HlcClock,
    now_ms: u64,
    changes: &[RowChange],
) -> Result<AppliedPage, StoreError> {
    let now = now_text();
    let mut page = AppliedPage::default();
    let mut clamped = 0u64;
    let mut touched = Touched::default();
    for change in changes {
        clamped += u64::from(clock.observe(change.hlc, now_ms).clamped);
        let Some(rule) = clinic_core::sync::table(&change.entity) else {
            not_stored(tx, change, None, "this version of Clinic Desk does not know that table; upgrade it", &now, &mut page)?;
            continue;
        };
        if let Some(reason) = unusable(&change.entity, &change.entity_id, &change.fields) {
            not_stored(tx, change, Some("value"), &reason, &now, &mut page)?;
            continue;
        }
        apply_change(tx, rule, change, &now, &mut page, &mut touched)?;
    }
    if clamped > 0 {
        tracing::warn!(changes = clamped, "changes from a site whose clock is far ahead: this site's clock did not follow them");
    }
    derived::after_pull(tx, &touched, &now, &mut page)?;
    Ok(page)
}

/// Applies a snapshot page's records inside `tx`: a record this site does not have is inserted
/// whole, with each field's version; one it has (made here while it joined) or cannot store yet
/// merges field by field, one write per version, exactly as the changes that made it would.
pub(crate) fn apply_records(
    tx: &Transaction<'_>,
    clock: &mut HlcClock,
    now_ms: u64,
    records: &[SnapshotRow],
) -> Result<AppliedPage, StoreError> {
    let now = now_text();
    let mut page = AppliedPage::default();
    let mut touched = Touched::default();
    for record in records {
        let writes = record_writes(record);
        for write in &writes {
            clock.observe(write.hlc, now_ms);
        }
        let Some(rule) = clinic_core::sync::table(&record.entity) else {
            if let Some(first) = writes.first() {
                not_stored(tx, first, None, "this version of Clinic Desk does not know that table; upgrade it", &now, &mut page)?;
            }
            continue;
        };
        if let Some(reason) = unusable(&record.entity, &record.entity_id, &record.fields) {
            if let Some(first) = writes.first() {
                not_stored(tx, first, Some("value"), &reason, &now, &mut page)?;
            }
            continue;
        }
        let known = record.fields.keys().all(|f| rule.has_field(f));
        if known && try_insert(tx, rule.name, &record.entity_id, &record.fields, &record.versions)? {
            page.recorded += 1;
            page.taken += record.fields.len() as u64;
            note_touched(&mut touched, rule.name, &record.entity_id);
            continue;
        }
        for write in &writes {
            apply_change(tx, rule, write, &now, &mut page, &mut touched)?;
        }
    }
    derived::after_pull(tx, &touched, &now, &mut page)?;
    Ok(page)
}

/// A record as the writes that would make it: its fields grouped by the version each holds,
/// oldest first. A field with no version (which a sound server never sends) is left out.
fn record_writes(record: &SnapshotRow) -> Vec<RowChange> {
    let mut by_version: std::collections::BTreeMap<Version, Fields> = std::collections::BTreeMap::new();
    for (field, value) in &record.fields {
        if let Some(version) = record.versions.of(field) {
            by_version.entry(version).or_default().insert(field.clone(), value.clone());
        }
    }
    by_version
        .into_iter()
        .map(|(version, fields)| RowChange {
            // Not a change the server gave an id: one named after the record, for a problem
            // kept about it.
            change_id: format!("snapshot:{}:{}", record.entity, record.entity_id),
            entity: record.entity.clone(),
            entity_id: record.entity_id.clone(),
            fields,
            hlc: version.hlc,
            site_id: version.site_id,
            actor: None,
        })
        .collect()
}

/// Inserts a whole record this site does not have; false if it cannot go in as it is (the row
/// exists here, or a constraint refuses it), the failed insert undone.
fn try_insert(tx: &Transaction<'_>, table: &str, id: &str, fields: &Fields, versions: &RowVersions) -> Result<bool, StoreError> {
    match insert_row(tx, table, id, fields, versions) {
        Ok(()) => Ok(true),
        Err(e) if is_constraint(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn note_touched(touched: &mut Touched, table: &str, id: &str) {
    match table {
        "patient" => touched.patients.insert(id.to_string()),
        "appointment" => touched.appointments.insert(id.to_string()),
        _ => false,
    };
}

/// Rows a page changed that derived data depends on.
#[derive(Default)]
pub(crate) struct Touched {
    pub patients: std::collections::BTreeSet<String>,
    pub users: std::collections::BTreeSet<String>,
    pub appointments: std::collections::BTreeSet<String>,
}

fn apply_change(
    tx: &Transaction<'_>,
    rule: &'static TableRule,
    change: &RowChange,
    now: &str,
    page: &mut AppliedPage,
    touched: &mut Touched,
) -> Result<(), StoreError> {
    let unknown: Vec<&str> = change.fields.keys().map(String::as_str).filter(|f| !rule.has_field(f)).collect();
    if !unknown.is_empty() {
        not_stored(tx, change, Some(&unknown.join(", ")), "this version of Clinic Desk does not know that field", now, page)?;
    }
    let version = change.version();
    let hlc = change.hlc.to_string();
    let status_written = rule.name == "app_user"
        && change.fields.keys().any(|f| clinic_core::sync::is_status_field("app_user", f))
        && keep_status_write(tx, &change.entity_id, &hlc, &change.site_id, &change.fields)?;
    let stored: Option<Option<String>> = tx
        .prepare_cached(&format!("SELECT sync_versions FROM {} WHERE id = ?1", rule.name))?
        .query_row([&change.entity_id], |r| r.get(0))
        .optional()?;
    let (changed_row, held) = match stored {
        Some(versions) => {
            let versions = super::read_versions(versions.as_deref())?;
            let taken = winning_fields(rule, &versions, change, &version);
            if !taken.is_empty() {
                update_row(tx, rule.name, &change.entity_id, &taken, &version)?;
                page.taken += taken.len() as u64;
            }
            (!taken.is_empty(), false)
        }
        None => match hold_or_make(tx, rule, change, &version, now, page)? {
            Absent::Made => (true, false),
            Absent::Held => (false, true),
            Absent::Unchanged => (false, false),
        },
    };
    if changed_row || held || status_written {
        page.recorded += 1;
    } else {
        page.already_had += 1;
    }
    if changed_row {
        note_touched(touched, rule.name, &change.entity_id);
    }
    if status_written {
        touched.users.insert(change.entity_id.clone());
    }
    Ok(())
}

/// The fields of `change` whose value becomes the row's: the later version wins a field that
/// merges last-writer-wins; a write-once field takes the value the server accepted; a user's
/// status is worked out from its history afterwards.
fn winning_fields<'c>(
    rule: &TableRule,
    versions: &RowVersions,
    change: &'c RowChange,
    version: &Version,
) -> Vec<(&'c str, Option<&'c str>)> {
    change
        .fields
        .iter()
        .filter(|(field, _)| rule.has_field(field))
        .filter(|(field, value)| {
            let write = FieldWrite { field, value: value.as_deref(), version };
            match rule.rule_of(field) {
                // The server accepts one value for a write-once field, so a pulled one replaces
                // any other here (a value of this site's that the server refused); the same
                // write seen again changes nothing.
                FieldRule::WriteOnce => versions.of(field).as_ref() != Some(version),
                // Worked out from the user's whole status history once the page is in; a new
                // row starts from the value written.
                FieldRule::StickyDisable => versions.of(field).is_none(),
                FieldRule::LastWriterWins => {
                    let current = versions.of(field).map(|v| FieldState { value: None, version: v });
                    merge_pulled(rule, current.as_ref(), write) == Merge::Take
                }
            }
        })
        .map(|(field, value)| (field.as_str(), value.as_deref()))
        .collect()
}

fn update_row(
    tx: &Transaction<'_>,
    table: &str,
    id: &str,
    taken: &[(&str, Option<&str>)],
    version: &Version,
) -> Result<(), StoreError> {
    let sets = taken.iter().enumerate().map(|(i, (f, _))| format!("{f} = ?{}", i + 6)).collect::<Vec<_>>();
    let paths = taken.iter().map(|(f, _)| format!("'$.{f}', ?3")).collect::<Vec<_>>().join(", ");
    // The row belongs to the site whose created_at won (one clinical profile made at two sites).
    let owner = if taken.iter().any(|(f, _)| *f == "created_at") { ", site_id = ?5" } else { "" };
    let sql = format!(
        "UPDATE {table} SET hlc = max(hlc, ?1), updated_at = ?2, sync_versions = json_set(coalesce(sync_versions, '{{}}'), \
         {paths}){owner}, {} WHERE id = ?4",
        sets.join(", ")
    );
    let (hlc, now, version_text) = (version.hlc.to_string(), now_text(), version.to_string());
    let head: [Option<&str>; 5] = [Some(&hlc), Some(&now), Some(&version_text), Some(id), Some(&version.site_id)];
    tx.prepare_cached(&sql)?.execute(params_from_iter(head.into_iter().chain(taken.iter().map(|(_, v)| *v))))?;
    Ok(())
}

/// What became of a change to a row this site does not have.
enum Absent {
    /// The row is made.
    Made,
    /// Held until the row can be made (its creation has not arrived, or it clashes).
    Held,
    /// What is held of the row already had every field of it.
    Unchanged,
}

/// A change to a row this site does not have: merged into what is held of the row, and the row
/// made if it now can be.
fn hold_or_make(
    tx: &Transaction<'_>,
    rule: &'static TableRule,
    change: &RowChange,
    version: &Version,
    now: &str,
    page: &mut AppliedPage,
) -> Result<Absent, StoreError> {
    let held: Option<(String, String)> = tx
        .prepare_cached("SELECT fields, versions FROM sync_held_row WHERE entity = ?1 AND entity_id = ?2")?
        .query_row(params![rule.name, change.entity_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (mut fields, mut versions) = match &held {
        Some((fields, versions)) => (decode_fields("sync_held_row", fields)?, super::read_versions(Some(versions))?),
        None => (Fields::new(), RowVersions::default()),
    };
    let taken: Vec<(String, Option<String>)> = winning_fields(rule, &versions, change, version)
        .into_iter()
        .map(|(f, v)| (f.to_string(), v.map(str::to_string)))
        .collect();
    if taken.is_empty() && held.is_some() {
        return Ok(Absent::Unchanged);
    }
    for (field, value) in taken {
        versions.set(&field, version.clone());
        fields.insert(field, value);
    }
    // A row made by one write keeps one version for every field, empty ones included; a row
    // held in parts keeps each field's own, so an older creation arriving later still fills in
    // the fields a newer change did not write.
    let made_by_one = if held.is_none() { Some(RowVersions::all(version.clone())) } else { None };
    // A failed INSERT undoes only itself: the page's transaction goes on.
    match insert_row(tx, rule.name, &change.entity_id, &fields, made_by_one.as_ref().unwrap_or(&versions)) {
        Ok(()) => {
            if held.is_some() {
                tx.prepare_cached("DELETE FROM sync_held_row WHERE entity = ?1 AND entity_id = ?2")?
                    .execute(params![rule.name, change.entity_id])?;
            }
            page.taken += change.fields.len() as u64;
            Ok(Absent::Made)
        }
        Err(e) if is_constraint(&e) => {
            tx.prepare_cached(
                "INSERT INTO sync_held_row (entity, entity_id, fields, versions) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (entity, entity_id) DO UPDATE SET fields = excluded.fields, versions = excluded.versions",
            )?
            .execute(params![
                rule.name,
                change.entity_id,
                fields_json(&fields)?,
                super::versions_text(&versions)
            ])?;
            // A NOT NULL failure means the rest of the row has not arrived yet: it is made when
            // it does. Any other clash stays out of this database, listed for admins.
            if !is_not_null(&e) {
                let reason = format!("it clashes with a row stored here ({})", constraint_text(&e));
                not_stored(tx, change, None, &reason, now, page)?;
            }
            Ok(Absent::Held)
        }
        Err(e) => Err(e.into()),
    }
}

fn insert_row(tx: &Transaction<'_>, table: &str, id: &str, fields: &Fields, versions: &RowVersions) -> rusqlite::Result<()> {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    let placeholders = (1..=names.len() + 5).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "INSERT INTO {table} (id, site_id, hlc, updated_at, sync_versions{}{}) VALUES ({placeholders})",
        if names.is_empty() { "" } else { ", " },
        names.join(", ")
    );
    // The row belongs to the site that wrote its created_at, and its version is its newest field's.
    let owner = versions.of("created_at").or_else(|| versions.newest()).map(|v| v.site_id).unwrap_or_default();
    let hlc = versions.newest().map(|v| v.hlc.to_string()).unwrap_or_default();
    let (now, versions) = (now_text(), super::versions_text(versions));
    let head = [Some(id), Some(owner.as_str()), Some(hlc.as_str()), Some(now.as_str()), Some(versions.as_str())];
    tx.prepare_cached(&sql)?.execute(params_from_iter(head.into_iter().chain(fields.values().map(Option::as_deref))))?;
    Ok(())
}

/// Why a write's values are ones no command here could use (a malformed clinic setting), if
/// they are: checked as a local save checks them, and kept out of the database.
fn unusable(entity: &str, entity_id: &str, fields: &Fields) -> Option<String> {
    clinic_core::sync::unusable_values(entity, entity_id, fields).into_iter().next().map(|(_, reason)| reason)
}

/// Lists a change (or some of its fields) that cannot be stored here, for admins; the reason
/// names no value.
fn not_stored(
    tx: &Transaction<'_>,
    change: &RowChange,
    fields: Option<&str>,
    reason: &str,
    now: &str,
    page: &mut AppliedPage,
) -> Result<(), StoreError> {
    let all_fields = change.fields.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
    let problem = Problem {
        change_id: &change.change_id,
        direction: "pull",
        entity: &change.entity,
        entity_id: &change.entity_id,
        field: fields.unwrap_or(&all_fields),
    };
    keep_problem(tx, &problem, reason, now)?;
    page.not_stored += 1;
    tracing::warn!(entity = %change.entity, "a pulled change was not stored: {reason}");
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
