//! One row's write, the unit that sync moves between sites and stores (docs/decisions.md §5):
//! the fields one transaction wrote to one row, with one clock, the site and the actor. Merging
//! is still field by field ([`super::merge_pushed`], [`super::merge_pulled`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::registry::{table, TableRule};
use crate::{Hlc, Version};

/// The longest value one field may carry (a long visit note fits many times over).
pub const MAX_VALUE_BYTES: usize = 256 * 1024;

/// The fields of one row's write: name to value (text, or null for an emptied field).
pub type Fields = BTreeMap<String, Option<String>>;

/// The fields one transaction wrote to one row, at one (hlc, site), by one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowChange {
    /// Unique across every site (UUIDv7): a change sent twice is applied once.
    pub change_id: String,
    /// The table.
    pub entity: String,
    /// The row's id.
    pub entity_id: String,
    /// Every field the write set, with its value.
    pub fields: Fields,
    pub hlc: Hlc,
    /// The site that made the change.
    pub site_id: String,
    /// The user whose action made the write (the one its audit event names), or none for the
    /// system's own derived work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

impl RowChange {
    /// A change under a new id, by the system (tests and tools build changes this way; the
    /// store makes its own in the write path).
    pub fn new<F: Into<String>>(
        entity: &str,
        entity_id: &str,
        hlc: Hlc,
        site_id: &str,
        fields: impl IntoIterator<Item = (F, Option<String>)>,
    ) -> RowChange {
        RowChange {
            change_id: crate::new_id().to_string(),
            entity: entity.into(),
            entity_id: entity_id.into(),
            fields: fields.into_iter().map(|(f, v)| (f.into(), v)).collect(),
            hlc,
            site_id: site_id.into(),
            actor: None,
        }
    }

    /// The change's version: later (hlc, site) wins.
    pub fn version(&self) -> Version {
        Version { hlc: self.hlc, site_id: self.site_id.clone() }
    }

    /// The value written to `field`, if the write set it (`Some(None)` for an emptied field).
    pub fn value(&self, field: &str) -> Option<Option<&str>> {
        self.fields.get(field).map(Option::as_deref)
    }

    /// How many bytes of text the change carries: batches are cut by it as well as by count.
    pub fn weight(&self) -> usize {
        self.fields.iter().map(|(f, v)| f.len() + v.as_ref().map_or(0, String::len)).sum::<usize>() + 128
    }

    /// Checks the change's shape against the registry; the reason names the field, never the
    /// value (which may be patient data).
    pub fn check(&self) -> Result<&'static TableRule, InvalidChange> {
        let bad = |reason: String| InvalidChange { change_id: self.change_id.clone(), reason };
        if uuid::Uuid::parse_str(&self.change_id).is_err() {
            return Err(bad("the change id is not a UUID".into()));
        }
        let rule = table(&self.entity).ok_or_else(|| bad(format!("{} is not a synced table", short(&self.entity))))?;
        if self.entity_id.is_empty() || self.entity_id.len() > 64 || !self.entity_id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad(format!("the id of a {} row is not a valid id", rule.name)));
        }
        if uuid::Uuid::parse_str(&self.site_id).is_err() {
            return Err(bad("the site id is not a UUID".into()));
        }
        if self.actor.as_deref().is_some_and(|a| uuid::Uuid::parse_str(a).is_err()) {
            return Err(bad("the actor is not a user id".into()));
        }
        if self.fields.is_empty() {
            return Err(bad(format!("a change to a {} row sets no field", rule.name)));
        }
        for (field, value) in &self.fields {
            if !rule.has_field(field) {
                return Err(bad(format!("{} is not a field of {}", short(field), rule.name)));
            }
            if value.as_ref().is_some_and(|v| v.len() > MAX_VALUE_BYTES) {
                return Err(bad(format!("the value of {}.{field} is longer than {} KiB", rule.name, MAX_VALUE_BYTES / 1024)));
            }
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

    pub(crate) fn change(entity: &str, fields: &[(&str, Option<&str>)]) -> RowChange {
        RowChange {
            change_id: crate::new_id().to_string(),
            entity: entity.into(),
            entity_id: crate::new_id().to_string(),
            fields: fields.iter().map(|(f, v)| ((*f).to_string(), v.map(str::to_string))).collect(),
            hlc: Hlc { wall_ms: 1, counter: 0 },
            site_id: crate::new_id().to_string(),
            actor: None,
        }
    }

    #[test]
    fn known_fields_pass_and_unknown_ones_are_named() {
        assert!(change("patient", &[("phone", Some("555 0100")), ("city", None)]).check().is_ok());
        let err = change("patient", &[("phone", None), ("shoe_size", Some("44"))]).check().unwrap_err();
        assert_eq!(err.reason, "'shoe_size' is not a field of patient");
        let err = change("local_setting", &[("value", None)]).check().unwrap_err();
        assert_eq!(err.reason, "'local_setting' is not a synced table");
        let big = "x".repeat(MAX_VALUE_BYTES + 1);
        assert!(change("patient", &[("notes", Some(&big))]).check().unwrap_err().reason.contains("longer than 256 KiB"));
        assert!(change("patient", &[]).check().unwrap_err().reason.contains("sets no field"));
        let mut c = change("patient", &[("notes", None)]);
        c.change_id = "1".into();
        assert!(c.check().is_err());
        let mut c = change("patient", &[("notes", None)]);
        c.actor = Some("Jane".into());
        assert_eq!(c.check().unwrap_err().reason, "the actor is not a user id");
    }

    #[test]
    fn the_json_form_is_camel_case_with_fields_as_an_object_and_the_hlc_as_text() {
        let mut c = change("patient", &[("phone", Some("1")), ("city", None)]);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["hlc"], "000000000000001-000000");
        assert_eq!(json["fields"], serde_json::json!({"city": null, "phone": "1"}));
        assert!(json.get("actor").is_none(), "the system's writes carry no actor");
        assert_eq!(serde_json::from_value::<RowChange>(json).unwrap(), c);
        c.actor = Some(crate::new_id().to_string());
        let back: RowChange = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
