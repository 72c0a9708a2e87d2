//! What the server does with a pushed batch, decided in memory from what the storage read for
//! it (docs/decisions.md §5). Both storage implementations read the same [`Needs`], call [`plan`] and
//! write the [`Plan`]; the merge rules themselves are `clinic_core::sync`'s, as on every site.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use clinic_core::hlc::DEFAULT_MAX_DRIFT_MS;
use clinic_core::sync::{
    authorize, disabled_at, is_status_field, merge_pushed, resolve_user_status, status_writes, unusable_values, Authorized,
    FieldState, FieldWrite, Fields, Merge, RowChange, RowVersions, StatusWrite, Writer,
};
use clinic_core::{Role, Version};
use clinic_protocol::{ChangeResult, Outcome, PushedChange};

use crate::storage::{Site, StorageError};

/// (entity, entity id).
pub type RowKey = (String, String);
/// (entity, field, value) of a field whose values are unique.
pub type UniqueKey = (String, String, String);

/// A row as the server holds it: every field ever written to it with its winning value, and
/// each one's version. A field never written is not in `fields` and has no state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowState {
    pub fields: Fields,
    pub versions: RowVersions,
}

impl RowState {
    /// The field's winning value and its version, if it was ever written.
    pub fn field(&self, field: &str) -> Option<FieldState> {
        let value = self.fields.get(field)?;
        Some(FieldState { value: value.clone(), version: self.versions.of(field)? })
    }

    /// `field` now holds `value`, written at `version`.
    pub fn take(&mut self, field: &str, value: Option<String>, version: &Version) {
        if self.fields.is_empty() {
            // A row's first write gives every field its version: stored once, not per field.
            self.versions = RowVersions::all(version.clone());
        } else if self.versions.of(field).as_ref() != Some(version) {
            self.versions.set(field, version.clone());
        }
        self.fields.insert(field.to_string(), value);
    }
}

/// What the storage must read before planning a batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Needs {
    pub change_ids: Vec<String>,
    /// Every row the batch writes, once each.
    pub rows: Vec<RowKey>,
    pub unique: Vec<UniqueKey>,
    /// Users whose status changes in the batch, and every change's actor: their whole status
    /// history is needed (whether an actor was disabled when they made a change).
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
    pub rows: HashMap<RowKey, RowState>,
    /// Which row holds each unique value.
    pub holders: HashMap<UniqueKey, String>,
    pub statuses: HashMap<String, Vec<StatusChange>>,
    /// Whether the organisation has any account yet (if not, a change may make its first admin).
    pub has_accounts: bool,
}

/// What to write for a batch.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub results: Vec<ChangeResult>,
    /// The accepted changes, in order, without any field refused: each gets the next sequence
    /// number.
    pub accepted: Vec<Cow<'a, PushedChange>>,
    /// Rows whose state changed, as they now are.
    pub rows: Vec<(RowKey, RowState)>,
    /// Unique values newly held.
    pub claims: Vec<(UniqueKey, String)>,
    /// The newest local position the site has now sent.
    pub last_local_seq: i64,
}

fn unique_keys<'c>(change: &'c RowChange) -> impl Iterator<Item = UniqueKey> + 'c {
    let rule = clinic_core::sync::table(&change.entity);
    change.fields.iter().filter_map(move |(field, value)| {
        let value = value.as_ref()?;
        rule?.unique.contains(&field.as_str()).then(|| (change.entity.clone(), field.clone(), value.clone()))
    })
}

/// The reads a batch needs.
pub fn needs(changes: &[PushedChange]) -> Needs {
    let mut needs = Needs::default();
    let mut users = HashSet::new();
    let mut rows = HashSet::new();
    for pushed in changes {
        let c = &pushed.change;
        needs.change_ids.push(c.change_id.clone());
        let row = (c.entity.clone(), c.entity_id.clone());
        if !rows.contains(&row) {
            rows.insert(row.clone());
            needs.rows.push(row);
        }
        if c.fields.keys().any(|f| is_status_field(&c.entity, f)) && users.insert(c.entity_id.clone()) {
            needs.users.push(c.entity_id.clone());
        }
        // Who made it: their account and status history, to authorize the change.
        if let Some(actor) = &c.actor {
            let account = ("app_user".to_string(), actor.clone());
            if !rows.contains(&account) {
                rows.insert(account.clone());
                needs.rows.push(account);
            }
            if users.insert(actor.clone()) {
                needs.users.push(actor.clone());
            }
        }
        needs.unique.extend(unique_keys(c));
    }
    needs
}

/// Decides every change of a batch pushed by `site`, field by field, with the server's clock at
/// `now_ms`. A batch that repeats positions the site has already sent with different changes is
/// refused whole ([`StorageError::Forked`]).
pub fn plan<'a>(site: &Site, changes: &'a [PushedChange], mut known: Known, now_ms: u64) -> Result<Plan<'a>, StorageError> {
    let mut plan = Plan { last_local_seq: site.last_local_seq, ..Plan::default() };
    let mut seen: HashSet<&str> = HashSet::new();
    let refused_rows = rows_clashing_on_unique_values(site, changes, &known);
    let mut dirty: BTreeSet<RowKey> = BTreeSet::new();
    // Users whose status history grew, in the order first met (a set beside it for lookups).
    let mut status_users: Vec<String> = Vec::new();
    let mut status_users_seen: HashSet<&str> = HashSet::new();
    for pushed in changes {
        let c = &pushed.change;
        let answer = |outcome, reason: Option<String>| ChangeResult {
            change_id: c.change_id.clone(),
            outcome,
            reason,
            refused_fields: Vec::new(),
        };
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
        // A change stamped far ahead would win every later edit of its fields until real time
        // caught up: refused, and the site's admin told its clock is wrong.
        if c.hlc.is_far_ahead(now_ms, DEFAULT_MAX_DRIFT_MS) {
            let minutes = (c.hlc.wall_ms - now_ms) / 60_000;
            plan.results.push(answer(
                Outcome::Rejected,
                Some(format!(
                    "clock ahead: made {minutes} minutes ahead of the server's clock; this computer's clock is wrong, correct it"
                )),
            ));
            continue;
        }
        if let Some(reason) = refused_rows.get(c.change_id.as_str()) {
            plan.results.push(answer(Outcome::Rejected, Some(reason.clone())));
            continue;
        }
        let version = c.version();
        let key = (c.entity.clone(), c.entity_id.clone());
        let row = known.rows.get(&key).filter(|r| !r.fields.is_empty());
        let before = row.map(|r| move |field: &str| r.field(field));
        let first_account = !known.has_accounts;
        let authorized = authorize(rule, c, writer(&known, c), before.as_ref().map(|f| f as _), first_account);
        let mut refused: Vec<(String, String)> = match authorized {
            Authorized::Refused(reason) => {
                plan.results.push(answer(Outcome::Rejected, Some(reason)));
                continue;
            }
            Authorized::Fields(mut refused) => {
                refused.extend(unusable_values(&c.entity, &c.entity_id, &c.fields));
                refused
            }
        };
        let mut taken: Vec<(&str, &Option<String>)> = Vec::new();
        let unauthorized: HashSet<String> = refused.iter().map(|(f, _)| f.clone()).collect();
        for (field, value) in c.fields.iter().filter(|(f, _)| !unauthorized.contains(*f)) {
            let write = FieldWrite { field, value: value.as_deref(), version: &version };
            match merge_pushed(rule, row.and_then(|r| r.field(field)).as_ref(), write) {
                Merge::Refuse(reason) => refused.push((field.clone(), reason)),
                Merge::Take => taken.push((field, value)),
                Merge::Keep | Merge::Recompute => {}
            }
        }
        if refused.len() == c.fields.len() {
            plan.results.push(answer(Outcome::Rejected, refused.into_iter().next().map(|(_, reason)| reason)));
            continue;
        }
        if c.entity == "app_user" {
            known.has_accounts = true;
        }
        if !taken.is_empty() {
            let row = known.rows.entry(key.clone()).or_default();
            for (field, value) in taken {
                row.take(field, value.clone(), &version);
            }
            dirty.insert(key);
        }
        let stored = if refused.is_empty() {
            Cow::Borrowed(pushed)
        } else {
            let mut kept = pushed.clone();
            kept.change.fields.retain(|field, _| !refused.iter().any(|(r, _)| r == field));
            Cow::Owned(kept)
        };
        for unique in unique_keys(&stored.change) {
            if !known.holders.contains_key(&unique) {
                known.holders.insert(unique.clone(), c.entity_id.clone());
                plan.claims.push((unique, c.entity_id.clone()));
            }
        }
        for (field, value) in stored.change.fields.iter().filter(|(f, _)| is_status_field(&c.entity, f)) {
            if status_users_seen.insert(&c.entity_id) {
                status_users.push(c.entity_id.clone());
            }
            let change = StatusChange { field: field.clone(), value: value.clone(), version: version.clone() };
            known.statuses.entry(c.entity_id.clone()).or_default().push(change);
        }
        plan.accepted.push(stored);
        let mut result = answer(Outcome::Applied, None);
        if !refused.is_empty() {
            result.reason = refused.first().map(|(_, reason)| reason.clone());
            result.refused_fields = refused.into_iter().map(|(field, _)| field).collect();
        }
        plan.results.push(result);
    }
    for user in status_users {
        let history = known.statuses.get(&user).map(Vec::as_slice).unwrap_or_default();
        if let Some(state) = settled_status(history) {
            let k = ("app_user".to_string(), user);
            let row = known.rows.entry(k.clone()).or_default();
            // Status follows the whole history: its value is set whatever version wrote it last.
            row.fields.insert("status".into(), state.value);
            if row.versions.of("status").as_ref() != Some(&state.version) {
                row.versions.set("status", state.version);
            }
            dirty.insert(k);
        }
    }
    plan.rows = dirty.into_iter().filter_map(|k| known.rows.remove(&k).map(|s| (k, s))).collect();
    Ok(plan)
}

/// Who made `change`, as the organisation's accounts (read for the batch, and as the batch has
/// changed them so far) know them. A deleted account writes nothing more.
fn writer<'k>(known: &'k Known, change: &'k RowChange) -> Writer<'k> {
    let Some(actor) = change.actor.as_deref() else { return Writer::System };
    let Some(account) = known.rows.get(&("app_user".to_string(), actor.to_string())).filter(|r| !r.fields.is_empty()) else {
        return Writer::Unknown;
    };
    let role = account.fields.get("role").and_then(|r| r.as_deref()).and_then(Role::from_code);
    let writes = status_history(known.statuses.get(actor).map(Vec::as_slice).unwrap_or_default());
    let deleted = account.fields.get("deleted_at").is_some_and(Option::is_some);
    Writer::User { id: actor, role, disabled: deleted || disabled_at(&writes, &change.version()) }
}

/// A user's recorded status changes as the status writes they make, in version order.
fn status_history(history: &[StatusChange]) -> Vec<StatusWrite> {
    status_writes(history.iter().map(|c| (c.field.as_str(), c.value.as_deref(), c.version.clone())))
}

/// A user's status from its recorded writes: what every site works out from the same history.
pub fn settled_status(history: &[StatusChange]) -> Option<FieldState> {
    let writes = status_history(history);
    // The writes are in version order: the newest is the last.
    let newest = writes.last()?.version.clone();
    Some(FieldState { value: Some(resolve_user_status(&writes).code().to_string()), version: newest })
}

/// Changes of the batch (by change id) that would give a row a unique value another row
/// holds: the whole change is refused, so no site is sent a row it cannot store.
fn rows_clashing_on_unique_values<'a>(site: &Site, changes: &'a [PushedChange], known: &Known) -> HashMap<&'a str, String> {
    let mut refused = HashMap::new();
    let mut claimed: HashMap<UniqueKey, &str> = HashMap::new();
    for pushed in changes {
        let c = &pushed.change;
        if c.site_id != site.site_id || known.existing.contains(&c.change_id) {
            continue;
        }
        for unique in unique_keys(c) {
            let holder = known.holders.get(&unique).map(String::as_str).or_else(|| claimed.get(&unique).copied());
            match holder {
                Some(holder) if holder != c.entity_id => {
                    refused.insert(
                        c.change_id.as_str(),
                        format!(
                            "another {} record at another site already has this {}; this one was not shared",
                            c.entity.replace('_', " "),
                            unique.1.replace('_', " ")
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    claimed.insert(unique, &c.entity_id);
                }
            }
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::Hlc;

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

    fn row(seq: i64, entity: &str, id: &str, fields: &[(&str, &str)], ms: u64) -> PushedChange {
        PushedChange {
            local_seq: seq,
            change: RowChange {
                change_id: clinic_core::new_id().to_string(),
                entity: entity.into(),
                entity_id: id.into(),
                fields: fields.iter().map(|(f, v)| ((*f).to_string(), Some((*v).to_string()))).collect(),
                hlc: Hlc { wall_ms: ms, counter: 0 },
                site_id: site(0).site_id,
                // Accounts are an admin's to write; the rest here the front desk's.
                actor: Some(if entity == "app_user" { ADMIN } else { DESK }.into()),
            },
        }
    }

    /// The server's clock in the tests: after every change they make.
    const NOW: u64 = 1_000_000;
    const ADMIN: &str = "0190b7c4-0000-7000-8000-0000000000a1";
    const DESK: &str = "0190b7c4-0000-7000-8000-0000000000d1";

    /// What the server knows of an organisation with an admin and a front-desk account.
    fn known() -> Known {
        let mut known = Known { has_accounts: true, ..Known::default() };
        let v = Version { hlc: Hlc { wall_ms: 1, counter: 0 }, site_id: "z".into() };
        for (id, role) in [(ADMIN, "admin"), (DESK, "front_desk")] {
            known.rows.entry(("app_user".into(), id.into())).or_default().take("role", Some(role.into()), &v);
        }
        known
    }

    fn pushed(seq: i64, entity: &str, id: &str, field: &str, value: &str, ms: u64) -> PushedChange {
        row(seq, entity, id, &[(field, value)], ms)
    }

    #[test]
    fn duplicates_are_answered_and_not_applied_twice() {
        let batch = [pushed(1, "patient", "p", "phone", "1", 10), pushed(2, "patient", "p", "city", "Accra", 10)];
        let mut known = known();
        known.existing.insert(batch[0].change.change_id.clone());
        let plan = plan(&site(0), &batch, known, NOW).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Duplicate);
        assert_eq!(plan.results[1].outcome, Outcome::Applied);
        assert_eq!(plan.accepted.len(), 1);
        assert_eq!(plan.last_local_seq, 2);
    }

    #[test]
    fn a_batch_from_an_older_copy_of_the_database_is_refused_whole() {
        let batch = [pushed(5, "patient", "p", "phone", "1", 10)];
        assert!(matches!(plan(&site(7), &batch, known(), NOW), Err(StorageError::Forked)));
    }

    #[test]
    fn another_sites_changes_and_unknown_fields_are_rejected_one_by_one() {
        let mut forged = pushed(1, "patient", "p", "phone", "1", 10);
        forged.change.site_id = clinic_core::new_id().to_string();
        let batch = [forged, pushed(2, "patient", "p", "shoe", "44", 10), pushed(3, "patient", "p", "city", "Lomé", 10)];
        let plan = plan(&site(0), &batch, known(), NOW).unwrap();
        let outcomes: Vec<Outcome> = plan.results.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, [Outcome::Rejected, Outcome::Rejected, Outcome::Applied], "{:?}", plan.results);
        assert!(plan.results[1].reason.as_deref().unwrap().contains("'shoe' is not a field of patient"));
    }

    #[test]
    fn a_username_taken_by_another_row_refuses_that_whole_row() {
        let batch = [
            row(1, "app_user", "u2", &[("created_at", "2026-01-01"), ("username", "kim"), ("role", "nurse")], 10),
            pushed(2, "patient", "p", "city", "Accra", 11),
        ];
        let mut known = known();
        known.holders.insert(("app_user".into(), "username".into(), "kim".into()), "u1".into());
        let plan = plan(&site(0), &batch, known, NOW).unwrap();
        let outcomes: Vec<Outcome> = plan.results.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, [Outcome::Rejected, Outcome::Applied]);
        assert!(plan.results[0].reason.as_deref().unwrap().contains("already has this username"));
        assert!(plan.claims.is_empty());
    }

    #[test]
    fn a_write_once_field_held_with_another_value_is_refused_and_the_rest_of_the_write_applied() {
        let batch = [row(1, "invoice", "i", &[("number", "A-2"), ("notes", "paid at the desk")], 10)];
        let mut known = known();
        let first = Version { hlc: Hlc { wall_ms: 5, counter: 0 }, site_id: "z".into() };
        known.rows.entry(("invoice".into(), "i".into())).or_default().take("number", Some("A-1".into()), &first);
        let plan = plan(&site(0), &batch, known, NOW).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Applied);
        assert_eq!(plan.results[0].refused_fields, ["number"]);
        assert!(plan.results[0].reason.as_deref().unwrap().contains("invoice.number never changes"));
        assert_eq!(plan.accepted[0].change.fields.keys().collect::<Vec<_>>(), ["notes"], "the refused field is not kept");
        let all_refused = [row(1, "payment", "p", &[("amount_minor", "1")], 10)];
        let mut known = self::known();
        let v = Version { hlc: Hlc { wall_ms: 5, counter: 0 }, site_id: "z".into() };
        known.rows.entry(("payment".into(), "p".into())).or_default().take("amount_minor", Some("2".into()), &v);
        let plan = super::plan(&site(0), &all_refused, known, NOW).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Rejected);
        assert!(plan.accepted.is_empty());
    }

    #[test]
    fn the_newest_value_wins_and_only_changed_fields_are_written() {
        let batch = [row(1, "patient", "p", &[("phone", "new")], 20), row(2, "patient", "p", &[("city", "old")], 5)];
        let mut known = known();
        let other = Version { hlc: Hlc { wall_ms: 10, counter: 0 }, site_id: "z".into() };
        known.rows.entry(("patient".into(), "p".into())).or_default().take("city", Some("kept".into()), &other);
        let plan = plan(&site(0), &batch, known, NOW).unwrap();
        assert_eq!(plan.accepted.len(), 2, "the older write is kept in the history");
        assert_eq!(plan.rows.len(), 1);
        let row = &plan.rows[0].1;
        assert_eq!(row.fields.get("phone"), Some(&Some("new".into())));
        assert_eq!(row.field("city").map(|f| f.version), Some(other), "the older city lost");
    }

    #[test]
    fn a_change_stamped_far_ahead_of_the_servers_clock_is_refused() {
        let batch =
            [pushed(1, "patient", "p", "city", "Accra", NOW + 6 * 60_000), pushed(2, "patient", "p", "phone", "1", NOW + 60_000)];
        let plan = plan(&site(0), &batch, known(), NOW).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Rejected);
        assert!(plan.results[0].reason.as_deref().unwrap().starts_with("clock ahead: made 6 minutes ahead"));
        assert_eq!(plan.results[1].outcome, Outcome::Applied, "a minute ahead is within the drift allowed");
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
        let mut known = known();
        known.statuses.insert("u".into(), vec![disable_elsewhere]);
        let plan = plan(&site(0), &batch, known, NOW).unwrap();
        assert_eq!(plan.results[0].outcome, Outcome::Applied);
        assert_eq!(plan.rows[0].1.fields.get("status"), Some(&Some("disabled".into())));
    }
}
