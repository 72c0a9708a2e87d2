//! Every synced row as plain text, field by field: what two sites (and the server) must agree on
//! once they have synced. Tests compare these.

use std::collections::BTreeMap;

use rusqlite::types::ValueRef;

use crate::{Store, StoreError};

/// (table, row id) to the row's fields that have a value, as text; `site_id` is included (the
/// site that made the row). Empty fields are left out, as a field never set is.
pub type SyncedRows = BTreeMap<(String, String), BTreeMap<String, String>>;

impl Store {
    /// Every row of every synced table, field by field.
    pub fn synced_rows(&self) -> Result<SyncedRows, StoreError> {
        let mut rows = SyncedRows::new();
        for rule in clinic_core::sync::TABLES {
            let columns: Vec<&str> = ["id", "site_id"].into_iter().chain(rule.fields.iter().copied()).collect();
            let mut stmt = self.conn.prepare(&format!("SELECT {} FROM {}", columns.join(", "), rule.name))?;
            let mut result = stmt.query([])?;
            while let Some(r) = result.next()? {
                let id: String = r.get(0)?;
                let mut fields = BTreeMap::new();
                for (i, column) in columns.iter().enumerate().skip(1) {
                    let Some(text) = value_text(r.get_ref(i)?) else { continue };
                    fields.insert((*column).to_string(), text);
                }
                rows.insert((rule.name.to_string(), id), fields);
            }
        }
        Ok(rows)
    }
}

/// A stored value as sync carries it: text, or none for NULL.
pub(crate) fn value_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}
