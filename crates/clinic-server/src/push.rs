//! What the server does with a pushed batch, decided in memory from what the storage read for
//! it (docs/decisions.md §5). Both storage implementations read the same [`Needs`], call [`plan`] and
//! write the [`Plan`]; the merge rules themselves are `clinic_core::sync`'s, as on every site.

use std::collections::{BTreeSet, HashMap, HashSet};

use clinic_core::sync::{is_status_field, merge_pushed, resolve_user_status, status_writes, FieldState, Merge};
use clinic_core::{Hlc, Version};
use clinic_protocol::{ChangeResult, Outcome, PushedChange};

use crate::storage::{Site, StorageError};

/// (entity, entity id, field).
pub type FieldKey = (String, String, String);
/// (entity, field, value) of a field whose values are unique.
pub type UniqueKey = (String, String, String);

/// What the storage must read before planning a batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Needs {
    pub change_ids: Vec<String>,
    pub fields: Vec<FieldKey>,
    pub unique: Vec<UniqueKey>,
    /// Users whose status changes in the batch: their whole status history is needed.
    pub users: Vec<String>,
}

/// One recorded status or status_lifts change of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub field: String,
    pub value: Option<String>,
    pub version: Version,
}

/// What the storage holds of what the batch touches.
#[derive(Debug, Default, Clone)]
pub struct Known {
    /// Change ids of the batch that are stored already.
    pub existing: HashSet<String>,
    pub states: HashMap<FieldKey, FieldState>,
    /// Which row holds each unique value.
    pub holders: HashMap<UniqueKey, String>,
    pub statuses: HashMap<String, Vec<StatusChange>>,
}

/// What to write for a batch.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub results: Vec<ChangeResult>,
    /// The accepted changes, in order: each gets the next sequence number.
    pub accepted: Vec<&'a PushedChange>,
    /// Fields whose winning value changed.
    pub states: Vec<(FieldKey, FieldState)>,
    /// Unique values newly held.
    pub claims: Vec<(UniqueKey, String)>,
    /// The newest local position the site has now sent.
    pub last_local_seq: i64,
}

fn key(change: &clinic_core::sync::FieldChange) -> FieldKey {
    (change.entity.clone(), change.entity_id.clone(), change.field.clone())
}

fn unique_key(change: &clinic_core::sync::FieldChange) -> Option<UniqueKey> {
    let rule = clinic_core::sync::table(&change.entity)?;
    let value = change.value.as_ref()?;
    rule.unique.contains(&change.field.as_str()).then(|| (change.entity.clone(), change.field.clone(), value.clone()))
}

/// The reads a batch needs.
pub fn needs(changes: &[PushedChange]) -> Needs {
    let mut needs = Needs::default();
    let mut users = HashSet::new();
    for pushed in changes {
        let c = &pushed.change;
        needs.change_ids.push(c.change_id.clone());
        needs.fields.push(key(c));
        if let Some(unique) = unique_key(c) {
            needs.unique.push(unique);
        }
        if is_status_field(&c.entity, &c.field) && users.insert(c.entity_id.clone()) {
            needs.users.push(c.entity_id.clone());
        }
    }
    needs
}

/// Decides every change of a batch pushed by `site`. A batch that repeats positions the site
/// has already sent with different changes is refused whole ([`StorageError::Forked`]).
pub fn plan<'a>(site: &Site, changes: &'a [PushedChange], mut known: Known) -> Result<Plan<'a>, StorageError> {
    let mut plan = Plan { last_local_seq: site.last_local_seq, ..Plan::default() };
    let mut seen: HashSet<&str> = HashSet::new();
    let refused_rows = rows_clashing_on_unique_values(site, changes, &known);
    let mut dirty: BTreeSet<FieldKey> = BTreeSet::new();
    // Users whose status history grew, in the order first met (a set beside it for lookups).
    let mut status_users: Vec<String> = Vec::new();
    let mut status_users_seen: HashSet<&str> = HashSet::new();
    for pushed in changes {
        let c = &pushed.change;
        let answer = |outcome, reason: Option<String>| ChangeResult { change_id: c.change_id.clone(), outcome, reason };
        if known.existing.contains(&c.change_id) || !seen.insert(&c.change_id) {
            plan.results.push(answer(Outcome::Duplicate, None));
            continue;
        }
        if pushed.local_seq <= site.last_local_seq {
            return Err(StorageError::Forked);
        }
        plan.last_local_seq = plan.last_local_seq.max(pushed.local_seq);
        if c.site_id != site.site_id {
            plan.results.push(answer(Outcome::Rejected, Some("a site may only send the changes it made itself".into())));
            continue;
        }
        let rule = match c.check() {
            Ok(rule) => rule,
            Err(invalid) => {
                plan.results.push(answer(Outcome::Rejected, Some(invalid.reason)));
                continue;
            }
        };
        if let Some(reason) = refused_rows.get(&(c.entity.as_str(), c.entity_id.as_str(), c.hlc)) {
            plan.results.push(answer(Outcome::Rejected, Some(reason.clone())));
            continue;
        }
        let k = key(c);
        match merge_pushed(rule, known.states.get(&k), c) {
            Merge::Refuse(reason) => {
                plan.results.push(answer(Outcome::Rejected, Some(reason)));
                continue;
            }
            Merge::Take => {
                known.states.insert(k.clone(), FieldState { value: c.value.clone(), version: c.version() });
                dirty.insert(k);
            }
            Merge::Keep | Merge::Recompute => {}
        }
        if let Some(unique) = unique_key(c) {
            if !known.holders.contains_key(&unique) {
                known.holders.insert(unique.clone(), c.entity_id.clone());
                plan.claims.push((unique, c.entity_id.clone()));
            }
        }
        if is_status_field(&c.entity, &c.field) {
            if status_users_seen.insert(&c.entity_id) {
                status_users.push(c.entity_id.clone());
            }
            known.statuses.entry(c.entity_id.clone()).or_default().push(StatusChange {
                field: c.field.clone(),
                value: c.value.clone(),
                version: c.version(),
            });
        }
        plan.accepted.push(pushed);
        plan.results.push(answer(Outcome::Applied, None));
    }
    for user in status_users {
        let history = known.statuses.get(&user).map(Vec::as_slice).unwrap_or_default();
        if let Some(state) = settled_status(history) {
            let k = ("app_user".to_string(), user, "status".to_string());
            known.states.insert(k.clone(), state);
            dirty.insert(k);
        }
    }
    plan.states = dirty.into_iter().filter_map(|k| known.states.get(&k).cloned().map(|s| (k, s))).collect();
    Ok(plan)
}

/// A user's status from its recorded writes: what every site works out from the same history.
pub fn settled_status(history: &[StatusChange]) -> Option<FieldState> {
    let writes = status_writes(history.iter().map(|c| (c.field.as_str(), c.value.as_deref(), c.version.clone())));
    // The writes are in version order: the newest is the last.
    let newest = writes.last()?.version.clone();
    Some(FieldState { value: Some(resolve_user_status(&writes).code().to_string()), version: newest })
}

/// Rows (entity, id, hlc) of the batch that would take a unique value another row holds: the
/// whole row's write is refused, so no site is sent half a row.
fn rows_clashing_on_unique_values<'a>(
    site: &Site,
    changes: &'a [PushedChange],
    known: &Known,
) -> HashMap<(&'a str, &'a str, Hlc), String> {
    let mut refused = HashMap::new();
    let mut claimed: HashMap<UniqueKey, &str> = HashMap::new();
    for pushed in changes {
        let c = &pushed.change;
        if c.site_id != site.site_id || known.existing.contains(&c.change_id) {
            continue;
        }
        let Some(unique) = unique_key(c) else { continue };
        let holder = known.holders.get(&unique).map(String::as_str).or_else(|| claimed.get(&unique).copied());
        match holder {
            Some(holder) if holder != c.entity_id => {
                refused.insert(
                    (c.entity.as_str(), c.entity_id.as_str(), c.hlc),
                    format!(
                        "another {} record at another site already has this {}; this one was not shared",
                        c.entity.replace('_', " "),
                        c.field.replace('_', " ")
                    ),
                );
            }
            Some(_) => {}
            None => {
                claimed.insert(unique, &c.entity_id);
            }
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::sync::FieldChange;

    fn site(last_local_seq: i64) -> Site {
        Site {
            site_id: "0190b7c4-0000-7000-8000-000000000001".into(),
            org_id: "org".into(),
            code: "A".into(),
            name: "A".into(),
            install_id: "i".into(),
            enrolled_at: String::new(),
            last_seen_at: None,
            revoked_at: None,
            last_local_seq,
        }
    }

    fn pushed(seq: i64, entity: &str, id: &str, field: &str, value: &str, ms: u64) -> PushedChange {
        PushedChange {
            local_seq: seq,
            change: FieldChange {
                change_id: clinic_core::new_id().to_string(),
                entity: entity.into(),
                entity_id: id.into(),
                field: field.into(),
                value: Some(value.into()),
                hlc: Hlc { wall_ms: ms, counter: 0 },
                site_id: site(0).site_id,
            },
        }
    }

    #[test]
    fn duplicates_are_answered_and_not_applied_twice() {
        let batch = [pushed(1, "patient", "p", "phone", "1", 10), pushed(2, "patient", "p", "city", "Accra", 10)];
        let mut known = Known::default();
        known.existing.insert(batch[0].change.change_id.clone());
        let plan = plan(&site(0), &batch, known).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Duplicate);
        assert_eq!(plan.results[1].outcome, Outcome::Applied);
        assert_eq!(plan.accepted.len(), 1);
        assert_eq!(plan.last_local_seq, 2);
    }

    #[test]
    fn a_batch_from_an_older_copy_of_the_database_is_refused_whole() {
        let batch = [pushed(5, "patient", "p", "phone", "1", 10)];
        assert!(matches!(plan(&site(7), &batch, Known::default()), Err(StorageError::Forked)));
    }

    #[test]
    fn another_sites_changes_and_unknown_fields_are_rejected_one_by_one() {
        let mut forged = pushed(1, "patient", "p", "phone", "1", 10);
        forged.change.site_id = clinic_core::new_id().to_string();
        let batch = [forged, pushed(2, "patient", "p", "shoe", "44", 10), pushed(3, "patient", "p", "city", "Lomé", 10)];
        let plan = plan(&site(0), &batch, Known::default()).unwrap();
        let outcomes: Vec<Outcome> = plan.results.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, [Outcome::Rejected, Outcome::Rejected, Outcome::Applied]);
        assert!(plan.results[1].reason.as_deref().unwrap().contains("'shoe' is not a field of patient"));
    }

    #[test]
    fn a_username_taken_by_another_row_refuses_that_whole_row() {
        let batch = [
            pushed(1, "app_user", "u2", "created_at", "2026-01-01", 10),
            pushed(2, "app_user", "u2", "username", "kim", 10),
            pushed(3, "app_user", "u2", "role", "nurse", 10),
            pushed(4, "patient", "p", "city", "Accra", 11),
        ];
        let mut known = Known::default();
        known.holders.insert(("app_user".into(), "username".into(), "kim".into()), "u1".into());
        let plan = plan(&site(0), &batch, known).unwrap();
        let outcomes: Vec<Outcome> = plan.results.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, [Outcome::Rejected, Outcome::Rejected, Outcome::Rejected, Outcome::Applied]);
        assert!(plan.claims.is_empty());
    }

    #[test]
    fn the_newest_value_wins_and_only_changed_fields_are_written() {
        let batch = [pushed(1, "patient", "p", "phone", "new", 20), pushed(2, "patient", "p", "city", "old", 5)];
        let mut known = Known::default();
        let other = Version { hlc: Hlc { wall_ms: 10, counter: 0 }, site_id: "z".into() };
        known
            .states
            .insert(("patient".into(), "p".into(), "city".into()), FieldState { value: Some("kept".into()), version: other });
        let plan = plan(&site(0), &batch, known).unwrap();
        assert_eq!(plan.accepted.len(), 2, "the older write is kept in the history");
        assert_eq!(plan.states.len(), 1);
        assert_eq!(plan.states[0].1.value.as_deref(), Some("new"));
    }

    #[test]
    fn status_follows_the_whole_history() {
        let disable_elsewhere = StatusChange {
            field: "status".into(),
            value: Some("disabled".into()),
            version: Version { hlc: Hlc { wall_ms: 15, counter: 0 }, site_id: "z".into() },
        };
        // This site re-enables later by its clock without having seen that disable.
        let batch = [pushed(1, "app_user", "u", "status", "active", 20)];
        let mut known = Known::default();
        known.statuses.insert("u".into(), vec![disable_elsewhere]);
        let plan = plan(&site(0), &batch, known).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Applied);
        assert_eq!(plan.states[0].1.value.as_deref(), Some("disabled"));
    }
}
