//! How a field's current value and an incoming change merge (docs/decisions.md §5). The server and every
//! site call the same functions, so they reach the same value whatever order changes arrive in.

use std::collections::BTreeMap;

use super::registry::{FieldRule, TableRule};
use crate::{UserStatus, Version};

/// A field's winning value and the version that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldState {
    pub value: Option<String>,
    pub version: Version,
}

/// What to do with an incoming change to one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// The change's value becomes the field's value.
    Take,
    /// The change is kept in the history but the field keeps its value (an earlier write that
    /// lost to a later one, or the same value again).
    Keep,
    /// The change would alter a field that never changes once written; the reason names the
    /// table and field, never a value.
    Refuse(String),
    /// The field's value follows from its whole history (a user's status): recompute it.
    Recompute,
}

/// One field of an incoming row change: the field, the value written and the change's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldWrite<'a> {
    pub field: &'a str,
    pub value: Option<&'a str>,
    pub version: &'a Version,
}

/// The server's decision for one field of a change pushed by a site, against the value it holds.
pub fn merge_pushed(table: &TableRule, current: Option<&FieldState>, incoming: FieldWrite<'_>) -> Merge {
    match table.rule_of(incoming.field) {
        FieldRule::LastWriterWins => last_writer_wins(current, incoming),
        FieldRule::StickyDisable => Merge::Recompute,
        FieldRule::WriteOnce => match current {
            None => Merge::Take,
            Some(state) if state.value.as_deref() == incoming.value => Merge::Keep,
            Some(_) => Merge::Refuse(format!(
                "{}.{} never changes once written, and the server already holds another value",
                table.name, incoming.field
            )),
        },
    }
}

/// A site's decision for a change pulled from the server. The server accepts one value for a
/// write-once field, so the pulled value is the one every site keeps, even over a local value
/// the server refused.
pub fn merge_pulled(table: &TableRule, current: Option<&FieldState>, incoming: FieldWrite<'_>) -> Merge {
    match table.rule_of(incoming.field) {
        FieldRule::LastWriterWins => last_writer_wins(current, incoming),
        FieldRule::StickyDisable => Merge::Recompute,
        FieldRule::WriteOnce => match current {
            Some(state) if state.value.as_deref() == incoming.value => Merge::Keep,
            _ => Merge::Take,
        },
    }
}

fn last_writer_wins(current: Option<&FieldState>, incoming: FieldWrite<'_>) -> Merge {
    match current {
        Some(state) if &state.version >= incoming.version => Merge::Keep,
        _ => Merge::Take,
    }
}

/// One write of a user's status: its version, the status written and, for a re-enable, the
/// disables it lifted (every disable its site knew of, written beside it as `status_lifts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusWrite {
    pub version: Version,
    pub status: UserStatus,
    pub lifts: Vec<Version>,
}

/// A user's status from every status write ever made, in any order: disabled while any disable
/// has not been lifted by a re-enable that knew of it. A re-enable made at a site that had not
/// yet seen a disable does not undo that disable (docs/decisions.md §5: security wins).
pub fn resolve_user_status(writes: &[StatusWrite]) -> UserStatus {
    let lifted: Vec<&Version> = writes.iter().filter(|w| w.status == UserStatus::Active).flat_map(|w| &w.lifts).collect();
    let unlifted = writes.iter().filter(|w| w.status == UserStatus::Disabled).any(|d| !lifted.contains(&&d.version));
    if unlifted {
        UserStatus::Disabled
    } else {
        UserStatus::Active
    }
}

/// The `app_user` fields a user's status follows from: the status written and, beside a
/// re-enable, the disables it lifted.
pub const STATUS_FIELDS: [&str; 2] = ["status", "status_lifts"];

/// Whether a change to `entity`.`field` is part of a user's status history.
pub fn is_status_field(entity: &str, field: &str) -> bool {
    entity == "app_user" && STATUS_FIELDS.contains(&field)
}

/// A user's status writes from the recorded `(field, value, version)` of their status and
/// status_lifts changes, in any order: the two fields written with one version make one write.
/// Ordered by version; a version whose status is missing or unreadable is left out.
pub fn status_writes<F, V>(recorded: impl IntoIterator<Item = (F, Option<V>, Version)>) -> Vec<StatusWrite>
where
    F: AsRef<str>,
    V: AsRef<str>,
{
    let mut by_version: BTreeMap<Version, (Option<V>, Option<V>)> = BTreeMap::new();
    for (field, value, version) in recorded {
        let entry = by_version.entry(version).or_default();
        if field.as_ref() == "status" {
            entry.0 = value;
        } else {
            entry.1 = value;
        }
    }
    by_version
        .into_iter()
        .filter_map(|(version, (status, lifts))| {
            let status = UserStatus::from_code(status?.as_ref())?;
            Some(StatusWrite { version, status, lifts: lifts.as_ref().map(|l| parse_lifts(l.as_ref())).unwrap_or_default() })
        })
        .collect()
}

/// The `status_lifts` text for a re-enable that lifts `disables`.
pub fn lifts_text(disables: &[Version]) -> String {
    disables.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The disables a `status_lifts` text names; unreadable parts are left out.
pub fn parse_lifts(text: &str) -> Vec<Version> {
    text.split(',').filter_map(|v| v.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::registry::table;
    use crate::Hlc;

    fn version(ms: u64, site: &str) -> Version {
        Version { hlc: Hlc { wall_ms: ms, counter: 0 }, site_id: site.into() }
    }

    fn change<'a>(_entity: &str, field: &'a str, value: &'a str, v: &'a Version) -> FieldWrite<'a> {
        FieldWrite { field, value: Some(value), version: v }
    }

    fn state(value: &str, v: Version) -> FieldState {
        FieldState { value: Some(value.into()), version: v }
    }

    #[test]
    fn last_writer_wins_by_hlc_then_site() {
        let patient = table("patient").unwrap();
        let current = state("555 0100", version(10, "a"));
        assert_eq!(merge_pushed(patient, Some(&current), change("patient", "phone", "1", &version(11, "a"))), Merge::Take);
        assert_eq!(merge_pushed(patient, Some(&current), change("patient", "phone", "1", &version(9, "z"))), Merge::Keep);
        // Equal clocks: the site id breaks the tie, the same way everywhere.
        assert_eq!(merge_pushed(patient, Some(&current), change("patient", "phone", "1", &version(10, "b"))), Merge::Take);
        assert_eq!(merge_pulled(patient, None, change("patient", "phone", "1", &version(1, "a"))), Merge::Take);
    }

    #[test]
    fn write_once_fields_keep_their_first_value_on_the_server() {
        let payment = table("payment").unwrap();
        let current = state("5000", version(10, "a"));
        let v20 = version(20, "b");
        let other = change("payment", "amount_minor", "9999", &v20);
        assert!(matches!(merge_pushed(payment, Some(&current), other), Merge::Refuse(r) if r.contains("payment.amount_minor")));
        assert_eq!(
            merge_pushed(payment, Some(&current), change("payment", "amount_minor", "5000", &version(20, "b"))),
            Merge::Keep
        );
        // A site takes what the server accepted, over its own refused value.
        assert_eq!(merge_pulled(payment, Some(&current), other), Merge::Take);
    }

    #[test]
    fn status_is_recomputed_from_its_history() {
        let users = table("app_user").unwrap();
        assert_eq!(merge_pushed(users, None, change("app_user", "status", "disabled", &version(1, "a"))), Merge::Recompute);
    }

    fn write(ms: u64, site: &str, status: UserStatus, lifts: &[&StatusWrite]) -> StatusWrite {
        StatusWrite { version: version(ms, site), status, lifts: lifts.iter().map(|w| w.version.clone()).collect() }
    }

    #[test]
    fn a_disable_anywhere_wins_over_a_reenable_that_did_not_see_it() {
        let created = write(1, "a", UserStatus::Active, &[]);
        let disable_a = write(10, "a", UserStatus::Disabled, &[]);
        assert_eq!(resolve_user_status(std::slice::from_ref(&created)), UserStatus::Active);
        assert_eq!(resolve_user_status(&[created.clone(), disable_a.clone()]), UserStatus::Disabled);
        // Site B disabled and re-enabled later by its clock, without ever seeing A's disable.
        let disable_b = write(15, "b", UserStatus::Disabled, &[]);
        let enable_b = write(20, "b", UserStatus::Active, &[&disable_b]);
        let all = [created.clone(), disable_a.clone(), disable_b.clone(), enable_b.clone()];
        assert_eq!(resolve_user_status(&all), UserStatus::Disabled);
        // Any order gives the same answer.
        let mut reversed = all.to_vec();
        reversed.reverse();
        assert_eq!(resolve_user_status(&reversed), UserStatus::Disabled);
        // An admin who has seen both disables lifts them.
        let enable_seen = write(30, "b", UserStatus::Active, &[&disable_a, &disable_b]);
        assert_eq!(resolve_user_status(&[created, disable_a, disable_b, enable_b, enable_seen]), UserStatus::Active);
    }

    #[test]
    fn a_disable_after_a_reenable_disables_again() {
        let d1 = write(10, "a", UserStatus::Disabled, &[]);
        let e1 = write(20, "a", UserStatus::Active, &[&d1]);
        let d2 = write(30, "b", UserStatus::Disabled, &[]);
        assert_eq!(resolve_user_status(&[d1.clone(), e1.clone()]), UserStatus::Active);
        assert_eq!(resolve_user_status(&[d1, e1, d2]), UserStatus::Disabled);
    }

    #[test]
    fn status_writes_pair_each_status_with_its_lifts_in_version_order() {
        let (d, e) = (version(10, "a"), version(20, "b"));
        let recorded = vec![
            ("status_lifts", Some(d.to_string()), e.clone()),
            ("status", Some("active".to_string()), e.clone()),
            ("status", Some("disabled".to_string()), d.clone()),
            ("status", Some("not a status".to_string()), version(30, "a")),
            ("status_lifts", None, version(40, "a")),
            ("status", None, version(50, "a")),
        ];
        let writes = status_writes(recorded);
        assert_eq!(
            writes,
            [
                StatusWrite { version: d.clone(), status: UserStatus::Disabled, lifts: vec![] },
                StatusWrite { version: e, status: UserStatus::Active, lifts: vec![d] },
            ]
        );
        assert_eq!(resolve_user_status(&writes), UserStatus::Active);
        assert!(is_status_field("app_user", "status") && is_status_field("app_user", "status_lifts"));
        assert!(!is_status_field("app_user", "role") && !is_status_field("patient", "status"));
    }

    #[test]
    fn lifts_are_written_as_text_and_read_back() {
        let versions = [version(1, "a"), version(2, "b")];
        assert_eq!(parse_lifts(&lifts_text(&versions)), versions);
        assert!(parse_lifts("").is_empty());
    }
}
