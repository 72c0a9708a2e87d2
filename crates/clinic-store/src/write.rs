//! The one write path (docs/decisions.md §3): every write to a synced table goes through [`WriteTx`],
//! which records each changed field in `change_log` inside the same transaction.

use std::fmt::Display;

use clinic_core::{new_id, Hlc, RecordId};
use rusqlite::{params, params_from_iter, Connection, Transaction};

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

/// Where a change came from: made here, or applied from a pull (and so never pushed back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Local,
    Sync,
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Local => "local",
            Origin::Sync => "sync",
        }
    }
}

/// One change-log row, as made here or as pulled.
pub(crate) struct ChangeRecord<'a> {
    pub change_id: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub field: &'a str,
    pub value: Option<&'a str>,
    pub hlc: Hlc,
    pub site_id: &'a str,
    pub origin: Origin,
    pub recorded_at: &'a str,
}

/// Records a change in the change log; false when a change with that id is there already (a
/// pulled change seen before; a change made here has a new id).
pub(crate) fn record_change(conn: &Connection, change: &ChangeRecord<'_>) -> Result<bool, StoreError> {
    let json = serde_json::to_string(&change.value).map_err(|_| StoreError::Corrupt { table: "change_log", column: "value" })?;
    let inserted = conn
        .prepare_cached(
            "INSERT INTO change_log (change_id, entity, entity_id, field, value, hlc, site_id, origin, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (change_id) DO NOTHING",
        )?
        .execute(params![
            change.change_id,
            change.entity,
            change.entity_id,
            change.field,
            json,
            change.hlc.to_string(),
            change.site_id,
            change.origin.code(),
            change.recorded_at
        ])?;
    Ok(inserted == 1)
}

/// A database transaction that can write synced tables. Dropping it without
/// [`commit`](WriteTx::commit) rolls everything back, change log included.
pub struct WriteTx<'s> {
    tx: Transaction<'s>,
    site: &'s SiteInfo,
    hlc: Hlc,
    now: String,
}

impl<'s> WriteTx<'s> {
    pub(crate) fn new(tx: Transaction<'s>, site: &'s SiteInfo, hlc: Hlc) -> Self {
        WriteTx { tx, site, hlc, now: now_text() }
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
        let placeholders = (1..=names.len() + BOOKKEEPING_COLUMNS.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let sql =
            format!("INSERT INTO {table} ({}, {}) VALUES ({placeholders})", BOOKKEEPING_COLUMNS.join(", "), names.join(", "));
        let hlc = self.hlc.to_string();
        let bookkeeping =
            [Some(id.to_string()), Some(self.site.site_id.clone()), Some(hlc), Some(self.now.clone()), Some(self.now.clone())];
        let values = bookkeeping.iter().chain(columns.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        self.record(table, id, "created_at", &Some(self.now.clone()))?;
        for (column, value) in columns.iter().filter(|(_, v)| v.is_some()) {
            self.record(table, id, column, value)?;
        }
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
        let sets = names.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 3)).collect::<Vec<_>>().join(", ");
        let sql = format!("UPDATE {table} SET hlc = ?1, updated_at = ?2, {sets} WHERE id = ?{}", names.len() + 3);
        let hlc = Some(self.hlc.to_string());
        let now = Some(self.now.clone());
        let id_value = Some(id.to_string());
        let values = [&hlc, &now].into_iter().chain(changes.iter().map(|(_, v)| v)).chain(std::iter::once(&id_value));
        let updated = self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        if updated == 0 {
            return Err(StoreError::not_found(table, id));
        }
        for (column, value) in changes {
            self.record(table, id, column, value)?;
        }
        Ok(())
    }

    /// Tombstones a row: synced rows are never deleted.
    pub fn tombstone(&mut self, table: &'static str, id: impl Display) -> Result<(), StoreError> {
        let now = Some(self.now.clone());
        self.update(table, id, &[("deleted_at", now)])
    }

    /// Saves the clock and commits the rows and their change log together.
    pub fn commit(self) -> Result<(), StoreError> {
        save_clock(&self.tx, self.hlc)?;
        self.tx.commit()?;
        Ok(())
    }

    fn record(&self, table: &str, id: &str, field: &str, value: &Option<String>) -> Result<(), StoreError> {
        let change_id = new_id().to_string();
        record_change(
            &self.tx,
            &ChangeRecord {
                change_id: &change_id,
                entity: table,
                entity_id: id,
                field,
                value: value.as_deref(),
                hlc: self.hlc,
                site_id: &self.site.site_id,
                origin: Origin::Local,
                recorded_at: &self.now,
            },
        )?;
        Ok(())
    }
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
    match names.iter().find(|c| !valid(c) || BOOKKEEPING_COLUMNS.contains(c)) {
        Some(bad) => Err(StoreError::Internal(format!("column {bad} cannot be written through the change log"))),
        None => Ok(()),
    }
}
