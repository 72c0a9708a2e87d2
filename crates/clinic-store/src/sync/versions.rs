//! The version of each field of a synced row (`sync_versions`): all that merging a pulled change
//! needs, so a site keeps no history once the server has its changes (docs/sync.md).
//!
//! Stored as a JSON object from field to `<hlc>@<site>`; the key `*` gives the version of every
//! field not named (a row made by one write names no field, which keeps the column short).

use std::collections::BTreeMap;

use clinic_core::Version;

use crate::StoreError;

/// The key for every field a row's versions do not name.
const EVERY_FIELD: &str = "*";

/// A row's field versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RowVersions {
    every: Option<Version>,
    fields: BTreeMap<String, Version>,
}

fn corrupt() -> StoreError {
    StoreError::Corrupt { table: "a synced table", column: "sync_versions" }
}

impl RowVersions {
    /// Versions read back from the column; none stored means no field has a version yet.
    pub fn parse(text: Option<&str>) -> Result<RowVersions, StoreError> {
        let Some(text) = text else { return Ok(RowVersions::default()) };
        let map: BTreeMap<String, String> = serde_json::from_str(text).map_err(|_| corrupt())?;
        let mut versions = RowVersions::default();
        for (field, version) in map {
            let version: Version = version.parse().map_err(|_| corrupt())?;
            if field == EVERY_FIELD {
                versions.every = Some(version);
            } else {
                versions.fields.insert(field, version);
            }
        }
        Ok(versions)
    }

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

    /// The column's text.
    pub fn to_text(&self) -> String {
        let mut map: BTreeMap<&str, String> = self.fields.iter().map(|(f, v)| (f.as_str(), v.to_string())).collect();
        if let Some(every) = &self.every {
            map.insert(EVERY_FIELD, every.to_string());
        }
        // A map of strings always serialises.
        serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::Hlc;

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
        let text = row.to_text();
        assert_eq!(RowVersions::parse(Some(&text)).unwrap(), row);
        assert_eq!(RowVersions::parse(None).unwrap().of("phone"), None);
        assert!(RowVersions::parse(Some("[1]")).is_err());
        assert_eq!(row.written_at(&v(1, "a")).collect::<Vec<_>>(), [None]);
        assert_eq!(row.written_at(&v(5, "b")).collect::<Vec<_>>(), [Some("phone")]);
    }
}
