//! The one write path (docs/decisions.md §3): every write to a synced table goes through [`WriteTx`],
//! which keeps each written field's version in its row and queues the row's write for the
//! server (`sync_outbox`, one change per row and transaction), inside the same transaction.

use std::collections::HashMap;
use std::fmt::Display;

use clinic_core::sync::{Fields, STATUS_FIELDS};
use clinic_core::{new_id, Hlc, RecordId, Version};
use rusqlite::{params, params_from_iter, Transaction};

use crate::site::{save_clock, SiteInfo};
use crate::store::now_text;
use crate::StoreError;

/// A row's columns as the write path takes them: name and text value (`None` for NULL).
pub(crate) type Columns = Vec<(&'static str, Option<String>)>;

/// Only the columns whose values differ, so two sites editing different fields keep both edits.
pub(crate) fn changed(new: Columns, old: Columns) -> Columns {
    new.into_iter().zip(old).filter(|(n, o)| n.1 != o.1).map(|(n, _)| n).collect()
}

/// What [`Store::save_row`](crate::Store::save_row) wrote.
#[derive(Debug)]
pub(crate) struct Saved<I> {
    /// The record's id: the stored one, or the new one.
    pub id: I,
    /// Whether the row was inserted (else an existing one was updated).
    pub is_new: bool,
    /// The columns written: every column of a new row, only the differing ones of an update.
    pub written: Vec<&'static str>,
}

impl crate::Store {
    /// The one "insert, or update what changed, and audit" of an editable record, in one
    /// transaction. `columns` gives the record's columns (it sees the transaction, for a
    /// number from a sequence or the write's own time). With `stored` none they become a new
    /// row under a new id; with `stored` (the id and the stored values of the same columns)
    /// only the columns that differ are written, so two sites editing different fields both
    /// keep their edits, and an edit that changes nothing writes nothing and is not audited.
    /// `then` runs in the same transaction after the row is written, keeps what derives from
    /// it in step (the search index) and gives the audit record, which names the written
    /// columns and never their values.
    pub(crate) fn save_row<I: RecordId>(
        &mut self,
        table: &'static str,
        stored: Option<(I, Columns)>,
        columns: impl FnOnce(&WriteTx<'_>) -> Result<Columns, StoreError>,
        then: impl FnOnce(&mut WriteTx<'_>, &Saved<I>) -> Result<clinic_core::AuditRecord, StoreError>,
    ) -> Result<Saved<I>, StoreError> {
        let mut tx = self.write()?;
        let columns = columns(&tx)?;
        let saved = match stored {
            Some((id, before)) => {
                let changes = changed(columns, before);
                if changes.is_empty() {
                    return Ok(Saved { id, is_new: false, written: Vec::new() });
                }
                tx.update(table, id, &changes)?;
                Saved { id, is_new: false, written: changes.iter().map(|(c, _)| *c).collect() }
            }
            None => {
                let id = I::mint();
                tx.insert(table, id, &columns)?;
                Saved { id, is_new: true, written: columns.iter().map(|(c, _)| *c).collect() }
            }
        };
        let audit = then(&mut tx, &saved)?;
        tx.audit(&audit)?;
        tx.commit()?;
        Ok(saved)
    }
}

/// Columns every synced table has, kept by the write path itself.
pub const BOOKKEEPING_COLUMNS: &[&str] = &["id", "site_id", "hlc", "created_at", "updated_at"];

/// A database transaction that can write synced tables. Dropping it without
/// [`commit`](WriteTx::commit) rolls everything back, change log included.
pub struct WriteTx<'s> {
    tx: Transaction<'s>,
    site: &'s SiteInfo,
    hlc: Hlc,
    now: String,
    /// This transaction's version as rows store it (`<hlc>@<site>`).
    version: String,
    /// The rows written, in the order first written, with every field written to each.
    written: Vec<RowWrite>,
    written_at: HashMap<(&'static str, String), usize>,
    /// Who made the write: the user the transaction's audit event names.
    actor: Option<String>,
}

/// One row's part of a transaction: what goes to the server as one change.
struct RowWrite {
    table: &'static str,
    id: String,
    fields: Fields,
}

impl<'s> WriteTx<'s> {
    pub(crate) fn new(tx: Transaction<'s>, site: &'s SiteInfo, hlc: Hlc) -> Self {
        let version = Version { hlc, site_id: site.site_id.clone() }.to_string();
        WriteTx { tx, site, hlc, now: now_text(), version, written: Vec::new(), written_at: HashMap::new(), actor: None }
    }

    /// The user whose action this transaction records (from its audit event, or named by a
    /// caller that writes rows in bulk without one): the actor of every change it makes, which
    /// the server authorizes. The first one named stays.
    pub fn note_actor(&mut self, user_id: Option<String>) {
        if self.actor.is_none() {
            self.actor = user_id;
        }
    }

    /// The transaction, for reads and for local derived tables (search index, sequences).
    pub(crate) fn sql(&self) -> &Transaction<'s> {
        &self.tx
    }

    /// The site this transaction writes for.
    pub fn site(&self) -> &SiteInfo {
        self.site
    }

    /// The timestamp this transaction stamps on rows (RFC 3339, UTC).
    pub fn now(&self) -> &str {
        &self.now
    }

    /// Inserts a row and records every column that has a value as a change (a column left
    /// empty on creation has nothing to sync).
    pub fn insert(
        &mut self,
        table: &'static str,
        id: impl Display,
        columns: &[(&'static str, Option<String>)],
    ) -> Result<(), StoreError> {
        check_table(table)?;
        let id = &id.to_string();
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        check_columns(&names)?;
        let placeholders =
            (1..=names.len() + BOOKKEEPING_COLUMNS.len() + 1).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "INSERT INTO {table} ({}, sync_versions, {}) VALUES ({placeholders})",
            BOOKKEEPING_COLUMNS.join(", "),
            names.join(", ")
        );
        let hlc = self.hlc.to_string();
        // Every field of a new row, empty ones included, has this write's version.
        let versions = format!(r#"{{"*":"{}"}}"#, self.version);
        let bookkeeping = [
            Some(id.to_string()),
            Some(self.site.site_id.clone()),
            Some(hlc),
            Some(self.now.clone()),
            Some(self.now.clone()),
            Some(versions),
        ];
        let values = bookkeeping.iter().chain(columns.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        let created = std::iter::once(("created_at", Some(self.now.clone())));
        // A column left empty on creation has nothing to sync.
        self.record(table, id, created.chain(columns.iter().filter(|(_, v)| v.is_some()).cloned()));
        Ok(())
    }

    /// Writes the given columns of an existing row and records each as a change. The caller
    /// passes only the columns whose values changed; nothing is written for an empty list.
    pub fn update(
        &mut self,
        table: &'static str,
        id: impl Display,
        changes: &[(&'static str, Option<String>)],
    ) -> Result<(), StoreError> {
        check_table(table)?;
        let id = &id.to_string();
        if changes.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = changes.iter().map(|(c, _)| *c).collect();
        check_columns(&names)?;
        let sets = names.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 4)).collect::<Vec<_>>().join(", ");
        let paths = names.iter().map(|c| format!("'$.{c}', ?3")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "UPDATE {table} SET hlc = ?1, updated_at = ?2, sync_versions = json_set(coalesce(sync_versions, '{{}}'), {paths}), \
             {sets} WHERE id = ?{}",
            names.len() + 4
        );
        let hlc = Some(self.hlc.to_string());
        let now = Some(self.now.clone());
        let version = Some(self.version.clone());
        let id_value = Some(id.to_string());
        let values = [&hlc, &now, &version].into_iter().chain(changes.iter().map(|(_, v)| v)).chain(std::iter::once(&id_value));
        let updated = self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        if updated == 0 {
            return Err(StoreError::not_found(table, id));
        }
        self.record(table, id, changes.iter().cloned());
        Ok(())
    }

    /// Tombstones a row: synced rows are never deleted.
    pub fn tombstone(&mut self, table: &'static str, id: impl Display) -> Result<(), StoreError> {
        let now = Some(self.now.clone());
        self.update(table, id, &[("deleted_at", now)])
    }

    /// Queues each row written for the server (one change per row: a field written twice
    /// keeps its last value), keeps users' status writes, saves the clock and commits it all.
    pub fn commit(self) -> Result<(), StoreError> {
        let hlc = self.hlc.to_string();
        {
            let mut outbox = self.tx.prepare_cached(
                "INSERT INTO sync_outbox (change_id, entity, entity_id, fields, hlc, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for row in &self.written {
                let fields = fields_json(&row.fields)?;
                outbox.execute(params![new_id().to_string(), row.table, row.id, fields, hlc, self.actor])?;
                if row.table == "app_user" && row.fields.keys().any(|f| STATUS_FIELDS.contains(&f.as_str())) {
                    keep_status_write(&self.tx, &row.id, &hlc, &self.site.site_id, &row.fields)?;
                }
            }
        }
        save_clock(&self.tx, self.hlc)?;
        self.tx.commit()?;
        Ok(())
    }

    fn record(&mut self, table: &'static str, id: &str, fields: impl Iterator<Item = (&'static str, Option<String>)>) {
        let at = match self.written_at.get(&(table, id.to_string())) {
            Some(&at) => at,
            None => {
                self.written.push(RowWrite { table, id: id.to_string(), fields: Fields::new() });
                self.written_at.insert((table, id.to_string()), self.written.len() - 1);
                self.written.len() - 1
            }
        };
        self.written[at].fields.extend(fields.map(|(f, v)| (f.to_string(), v)));
    }
}

/// A change's fields as the outbox keeps them: a JSON object.
pub(crate) fn fields_json(fields: &Fields) -> Result<String, StoreError> {
    serde_json::to_string(fields).map_err(|_| StoreError::Internal("a change's fields could not be written as JSON".into()))
}

/// Keeps one write of a user's status (a user's status follows from all of them).
pub(crate) fn keep_status_write(
    tx: &rusqlite::Connection,
    user_id: &str,
    hlc: &str,
    site_id: &str,
    fields: &Fields,
) -> Result<bool, StoreError> {
    let value = |f: &str| fields.get(f).cloned().flatten();
    let added = tx
        .prepare_cached(
            "INSERT INTO sync_status_write (user_id, hlc, site_id, status, lifts) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![user_id, hlc, site_id, value("status"), value("status_lifts")])?;
    Ok(added == 1)
}

fn check_table(table: &str) -> Result<(), StoreError> {
    if clinic_core::sync::table(table).is_some() {
        Ok(())
    } else {
        Err(StoreError::Internal(format!("{table} is not a synced table: register it in clinic_core::sync::TABLES")))
    }
}

/// Column names come from code, never from users; this keeps a typo from becoming bad SQL.
fn check_columns(names: &[&str]) -> Result<(), StoreError> {
    let valid = |c: &&str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    match names.iter().find(|c| !valid(c) || BOOKKEEPING_COLUMNS.contains(c) || **c == "sync_versions") {
        Some(bad) => Err(StoreError::Internal(format!("column {bad} cannot be written through the change log"))),
        None => Ok(()),
    }
}
