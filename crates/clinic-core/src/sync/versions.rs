//! The version of each field of a row: all that merging a change needs, so a site keeps no
//! history once the server has its changes, and the server keeps each row's state as one row
//! (docs/sync.md).
//!
//! Written as a map from field to `<hlc>@<site>`; the key `*` gives the version of every field
//! not named (a row made by one write names no field, which keeps it short).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{HlcParseError, Version};

/// The key for every field a row's versions do not name.
const EVERY_FIELD: &str = "*";

/// A row's field versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "BTreeMap<String, String>", try_from = "BTreeMap<String, String>")]
pub struct RowVersions {
    every: Option<Version>,
    fields: BTreeMap<String, Version>,
}

impl TryFrom<BTreeMap<String, String>> for RowVersions {
    type Error = HlcParseError;

    fn try_from(map: BTreeMap<String, String>) -> Result<Self, HlcParseError> {
        let mut versions = RowVersions::default();
        for (field, version) in map {
            let version: Version = version.parse()?;
            if field == EVERY_FIELD {
                versions.every = Some(version);
            } else {
                versions.fields.insert(field, version);
            }
        }
        Ok(versions)
    }
}

impl From<RowVersions> for BTreeMap<String, String> {
    fn from(versions: RowVersions) -> Self {
        let mut map: BTreeMap<String, String> = versions.fields.into_iter().map(|(f, v)| (f, v.to_string())).collect();
        if let Some(every) = versions.every {
            map.insert(EVERY_FIELD.to_string(), every.to_string());
        }
        map
    }
}

impl RowVersions {
    /// Every field written by one write.
    pub fn all(version: Version) -> RowVersions {
        RowVersions { every: Some(version), fields: BTreeMap::new() }
    }

    /// The version of `field`'s current value, if it has one.
    pub fn of(&self, field: &str) -> Option<Version> {
        self.fields.get(field).or(self.every.as_ref()).cloned()
    }

    /// `field` now holds a value written at `version`.
    pub fn set(&mut self, field: &str, version: Version) {
        self.fields.insert(field.to_string(), version);
    }

    /// The newest version of any field.
    pub fn newest(&self) -> Option<Version> {
        self.fields.values().chain(self.every.iter()).max().cloned()
    }

    /// The fields written at exactly `version` (`None` in the list means every field not named).
    pub fn written_at<'a>(&'a self, version: &'a Version) -> impl Iterator<Item = Option<&'a str>> + 'a {
        let every = (self.every.as_ref() == Some(version)).then_some(None);
        every.into_iter().chain(self.fields.iter().filter(move |(_, v)| *v == version).map(|(f, _)| Some(f.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hlc;

    fn v(ms: u64, site: &str) -> Version {
        Version { hlc: Hlc { wall_ms: ms, counter: 0 }, site_id: site.into() }
    }

    #[test]
    fn a_named_field_overrides_every_field_and_the_text_reads_back() {
        let mut row = RowVersions::all(v(1, "a"));
        assert_eq!(row.of("phone"), Some(v(1, "a")));
        row.set("phone", v(5, "b"));
        assert_eq!(row.of("phone"), Some(v(5, "b")));
        assert_eq!(row.of("city"), Some(v(1, "a")));
        assert_eq!(row.newest(), Some(v(5, "b")));
        let text = serde_json::to_string(&row).unwrap();
        assert!(text.contains(r#""*":"000000000000001-000000@a""#), "{text}");
        assert_eq!(serde_json::from_str::<RowVersions>(&text).unwrap(), row);
        assert_eq!(RowVersions::default().of("phone"), None);
        assert!(serde_json::from_str::<RowVersions>(r#"{"phone": "not a version"}"#).is_err());
        assert_eq!(row.written_at(&v(1, "a")).collect::<Vec<_>>(), [None]);
        assert_eq!(row.written_at(&v(5, "b")).collect::<Vec<_>>(), [Some("phone")]);
    }
}
