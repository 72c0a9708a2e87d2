//! One field-level change, the unit that sync moves between sites (docs/decisions.md §5).

use serde::{Deserialize, Serialize};

use super::registry::{table, TableRule};
use crate::{Hlc, Version};

/// The longest value one field may carry (a long visit note fits many times over).
pub const MAX_VALUE_BYTES: usize = 256 * 1024;

/// One field of one row set to one value at one (hlc, site). Values are text or null, as the
/// local database's change log records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Unique across every site (UUIDv7): a change sent twice is applied once.
    pub change_id: String,
    /// The table.
    pub entity: String,
    /// The row's id.
    pub entity_id: String,
    pub field: String,
    pub value: Option<String>,
    pub hlc: Hlc,
    /// The site that made the change.
    pub site_id: String,
}

impl FieldChange {
    /// The change's version: later (hlc, site) wins.
    pub fn version(&self) -> Version {
        Version { hlc: self.hlc, site_id: self.site_id.clone() }
    }

    /// Whether `other` was written by the same transaction on the same row: the parts of one
    /// row's write travel together (pages and batches never split them).
    pub fn same_row_write(&self, other: &FieldChange) -> bool {
        self.hlc == other.hlc && self.site_id == other.site_id && self.entity_id == other.entity_id && self.entity == other.entity
    }

    /// Checks the change's shape against the registry; the reason names the field, never the
    /// value (which may be patient data).
    pub fn check(&self) -> Result<&'static TableRule, InvalidChange> {
        let bad = |reason: String| InvalidChange { change_id: self.change_id.clone(), reason };
        if uuid::Uuid::parse_str(&self.change_id).is_err() {
            return Err(bad("the change id is not a UUID".into()));
        }
        let rule = table(&self.entity).ok_or_else(|| bad(format!("{} is not a synced table", short(&self.entity))))?;
        if !rule.has_field(&self.field) {
            return Err(bad(format!("{} is not a field of {}", short(&self.field), rule.name)));
        }
        if self.entity_id.is_empty() || self.entity_id.len() > 64 || !self.entity_id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad(format!("the id of a {} row is not a valid id", rule.name)));
        }
        if uuid::Uuid::parse_str(&self.site_id).is_err() {
            return Err(bad("the site id is not a UUID".into()));
        }
        if self.value.as_ref().is_some_and(|v| v.len() > MAX_VALUE_BYTES) {
            return Err(bad(format!("the value of {}.{} is longer than {} KiB", rule.name, self.field, MAX_VALUE_BYTES / 1024)));
        }
        Ok(rule)
    }
}

/// Names from outside are cut short before they go into a message.
fn short(name: &str) -> String {
    let cut: String = name.chars().take(40).filter(|c| !c.is_control()).collect();
    format!("'{cut}'")
}

/// A change that cannot be accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("change {change_id} refused: {reason}")]
pub struct InvalidChange {
    pub change_id: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn change(entity: &str, field: &str, value: Option<&str>) -> FieldChange {
        FieldChange {
            change_id: crate::new_id().to_string(),
            entity: entity.into(),
            entity_id: crate::new_id().to_string(),
            field: field.into(),
            value: value.map(str::to_string),
            hlc: Hlc { wall_ms: 1, counter: 0 },
            site_id: crate::new_id().to_string(),
        }
    }

    #[test]
    fn known_fields_pass_and_unknown_ones_are_named() {
        assert!(change("patient", "phone", Some("555 0100")).check().is_ok());
        let err = change("patient", "shoe_size", Some("44")).check().unwrap_err();
        assert_eq!(err.reason, "'shoe_size' is not a field of patient");
        let err = change("local_setting", "value", None).check().unwrap_err();
        assert_eq!(err.reason, "'local_setting' is not a synced table");
        let mut c = change("patient", "notes", None);
        c.value = Some("x".repeat(MAX_VALUE_BYTES + 1));
        assert!(c.check().unwrap_err().reason.contains("longer than 256 KiB"));
        let mut c = change("patient", "notes", None);
        c.change_id = "1".into();
        assert!(c.check().is_err());
    }

    #[test]
    fn the_json_form_is_camel_case_with_the_hlc_as_text() {
        let c = change("patient", "phone", Some("1"));
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["hlc"], "000000000000001-000000");
        assert!(json.get("changeId").is_some() && json.get("entityId").is_some());
        let back: FieldChange = serde_json::from_value(json).unwrap();
        assert_eq!(back, c);
    }
}
