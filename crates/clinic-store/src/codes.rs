//! Enums stored in text columns under their serde names, shared by every table that has them.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::StoreError;

/// The text a unit-like enum is stored as: its serde name (`life_threatening`).
pub(crate) fn code<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The enum stored as `text`, or a corrupt-value error naming the column.
pub(crate) fn from_code<T: DeserializeOwned>(text: &str, table: &'static str, column: &'static str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|_| StoreError::Corrupt { table, column })
}
