//! Who may write what through sync (docs/sync.md, "Who may write what"). The server authorizes
//! every pushed change by its actor before merging it, from the permission table the app's
//! commands check (`crate::permission`). Each synced table says here who writes its rows, so a
//! table cannot sync without it (the test below holds every registered table to that).

use super::{FieldState, RowChange, TableKind, TableRule};
use crate::permission::{role_may, Action};
use crate::{Role, Version};

use Action::*;

/// Who may write a table's rows, or some of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writers {
    /// A user whose role allows any of these actions.
    AnyOf(&'static [Action]),
    /// Any user of the clinic, even a disabled one, or the site itself with no user: the record
    /// of what happened there (a failed login is made by nobody logged in).
    Anyone,
}

/// One synced table's write access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableAccess {
    pub table: &'static str,
    /// Who writes its rows.
    pub writers: Writers,
    /// Fields whose writes need other actions than the rest of the row (acknowledging an alert).
    pub fields: &'static [(&'static str, Writers)],
    /// A field that, once it holds a value, freezes the whole row (a signed visit note).
    pub sealed_by: Option<&'static str>,
}

const fn table(table: &'static str, writers: &'static [Action]) -> TableAccess {
    TableAccess { table, writers: Writers::AnyOf(writers), fields: &[], sealed_by: None }
}

/// The fields a user may write to their own account: a password change.
pub const OWN_PASSWORD_FIELDS: [&str; 3] = ["password_hash", "must_change_password", "password_changed_at"];

const ACK_ALERT: Writers = Writers::AnyOf(&[ViewAuditTrail]);
const ACT_ON_RESULT: Writers = Writers::AnyOf(&[WriteClinicalNotes]);
const HISTORY: Writers = Writers::AnyOf(&[WriteClinicalNotes]);
const VOID: Writers = Writers::AnyOf(&[ManageBilling]);

/// Every synced table's writers, beside the registry (`super::TABLES`).
pub const ACCESS: &[TableAccess] = &[
    table("patient", &[EditPatients]),
    // Security fields included: only account managers, but for a user's own password (below).
    table("app_user", &[ManageUsers]),
    TableAccess { writers: Writers::Anyone, ..table("audit_event", &[]) },
    // Raised by whoever's action raised it (a break-the-glass); reviewed by admins.
    TableAccess {
        writers: Writers::Anyone,
        fields: &[("acknowledged_at", ACK_ALERT), ("acknowledged_by", ACK_ALERT), ("deleted_at", ACK_ALERT)],
        ..table("security_alert", &[])
    },
    table("provider", &[ManageSchedules]),
    table("schedule_exception", &[ManageSchedules]),
    table("appointment_type", &[ManageSchedules]),
    table("appointment", &[BookAppointments]),
    table("allergy", &[RecordObservations]),
    TableAccess {
        fields: &[("family_history", HISTORY), ("social_history", HISTORY), ("history_updated_at", HISTORY)],
        ..table("clinical_profile", &[RecordObservations, WriteClinicalNotes])
    },
    table("condition", &[WriteClinicalNotes]),
    TableAccess { sealed_by: Some("signed_at"), ..table("encounter", &[WriteClinicalNotes]) },
    table("encounter_amendment", &[WriteClinicalNotes]),
    table("vitals", &[RecordObservations]),
    table("lab_result", &[RecordObservations]),
    table("prescription", &[Prescribe]),
    // Raised with the lab result that is out of range; acted on by a doctor.
    TableAccess {
        fields: &[("acknowledged_at", ACT_ON_RESULT), ("acknowledged_by", ACT_ON_RESULT)],
        ..table("clinical_alert", &[RecordObservations, WriteClinicalNotes])
    },
    table("billing_service", &[ManageBilling]),
    // A credit note is an invoice made by a billing manager.
    TableAccess { fields: &[("voided_at", VOID), ("void_reason", VOID)], ..table("invoice", &[TakePayments, ManageBilling]) },
    table("invoice_line", &[TakePayments, ManageBilling]),
    // A refund is a payment made by a billing manager.
    table("payment", &[TakePayments, ManageBilling]),
    table("insurance_policy", &[TakePayments]),
    table("claim", &[ManageBilling]),
    table("booking_overlap_accepted", &[BookAppointments]),
    // The opening hours and time zone (admins) and the billing settings (billing managers).
    table("clinic_setting", &[ManageSettings, ManageBilling]),
];

/// The write access of the synced table called `name`.
pub fn access(name: &str) -> Option<&'static TableAccess> {
    ACCESS.iter().find(|a| a.table == name)
}

/// Who made a change, as the server knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer<'a> {
    /// No user: the site's own work (a failed login, which nobody is logged in for).
    System,
    /// An account of the clinic: its role, and whether it was disabled when the change was made.
    User { id: &'a str, role: Option<Role>, disabled: bool },
    /// A user id the clinic has no account for.
    Unknown,
}

/// How a change stands after authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorized {
    /// Every field may be written, but these, each with its reason.
    Fields(Vec<(String, String)>),
    /// The whole change is refused, for this reason.
    Refused(String),
}

/// What the clinic holds of the row a change writes, field by field; `None` for a new row.
pub type RowBefore<'a> = Option<&'a dyn Fn(&str) -> Option<FieldState>>;

/// Whether `writer` may make `change` to a row of `rule`'s table that stands as `before`.
/// `first_account`: the clinic has no account yet, so the change may make its first admin.
/// Reasons name tables, fields and roles, never a value.
pub fn authorize(
    rule: &TableRule,
    change: &RowChange,
    writer: Writer<'_>,
    before: RowBefore<'_>,
    first_account: bool,
) -> Authorized {
    let Some(access) = access(rule.name) else {
        return Authorized::Refused(format!("nobody may write {} through sync", rule.name.replace('_', " ")));
    };
    if let Some(refused) = refuse_writer(rule, access, change, writer, before.is_some(), first_account) {
        return Authorized::Refused(refused);
    }
    let mut refused = Vec::new();
    for field in change.fields.keys() {
        if let Some(reason) = refuse_field(rule, access, change, writer, before, field) {
            refused.push((field.clone(), reason));
        }
    }
    Authorized::Fields(refused)
}

/// Why the writer may not make this change at all, if they may not.
fn refuse_writer(
    rule: &TableRule,
    access: &TableAccess,
    change: &RowChange,
    writer: Writer<'_>,
    exists: bool,
    first_account: bool,
) -> Option<String> {
    let what = rule.name.replace('_', " ");
    let own_account = |id: &str| rule.name == "app_user" && change.entity_id == id;
    match (writer, access.writers) {
        (Writer::Unknown, _) => {
            // The clinic's first admin makes their own account: the clinic has no one else yet.
            let founding = first_account && !exists && change.actor.as_deref() == Some(change.entity_id.as_str());
            (!founding || rule.name != "app_user").then(|| "the change names a user this clinic has no account for".into())
        }
        (_, Writers::Anyone) => audit_names_another(rule, change),
        (Writer::System, Writers::AnyOf(_)) => Some(format!("a {what} change must name the user who made it")),
        (Writer::User { disabled: true, .. }, _) => Some("the change was made by a disabled account".into()),
        (Writer::User { id, .. }, _)
            if own_account(id) && change.fields.keys().all(|f| OWN_PASSWORD_FIELDS.contains(&f.as_str())) =>
        {
            None
        }
        (Writer::User { role, .. }, Writers::AnyOf(actions)) => match role {
            Some(role) if actions.iter().any(|a| role_may(role, *a)) => None,
            Some(role) => Some(format!("the {} role may not write {what} records", role.code().replace('_', " "))),
            None => Some("the account that made the change has no known role".into()),
        },
    }
}

/// An audit event must name the user who made it (or nobody, for the site's own work).
fn audit_names_another(rule: &TableRule, change: &RowChange) -> Option<String> {
    if rule.name != "audit_event" {
        return None;
    }
    let named = change.value("user_id").flatten();
    (named.is_some() && named != change.actor.as_deref()).then(|| "an audit event must name the user who made the change".into())
}

/// Why this one field may not be written, if it may not.
fn refuse_field(
    rule: &TableRule,
    access: &TableAccess,
    change: &RowChange,
    writer: Writer<'_>,
    before: RowBefore<'_>,
    field: &str,
) -> Option<String> {
    if let Some(before) = before {
        let version = change.version();
        let replayed = |state: Option<FieldState>| state.is_some_and(|s| s.version == version);
        let what = rule.name.replace('_', " ");
        // A write-once table's row is frozen when it is made, empty fields included: only its
        // changeable fields move. The same write again (a republished change) is no change.
        if rule.kind == TableKind::WriteOnce && !rule.exceptions.contains(&field) && !replayed(before(field)) {
            return Some(format!("this {what} record never changes once made ({field})"));
        }
        if let Some(seal) = access.sealed_by {
            if before(seal).is_some_and(|s| s.value.is_some()) && !replayed(before(field)) {
                return Some(format!("this {what} record never changes once it has its {}", seal.replace('_', " ")));
            }
        }
    }
    let (_, writers) = access.fields.iter().find(|(f, _)| *f == field)?;
    match (writer, writers) {
        (_, Writers::Anyone) => None,
        (Writer::User { role: Some(role), .. }, Writers::AnyOf(actions)) if actions.iter().any(|a| role_may(role, *a)) => None,
        _ => Some(format!("{field} needs {}", needed(writers))),
    }
}

fn needed(writers: &Writers) -> String {
    match writers {
        Writers::Anyone => "nothing".into(),
        Writers::AnyOf(actions) => actions.iter().map(|a| a.code().replace('_', " ")).collect::<Vec<_>>().join(" or "),
    }
}

/// Whether a user whose status writes are `history` was disabled when `version` was written:
/// only the writes made before it count.
pub fn disabled_at(history: &[super::StatusWrite], version: &Version) -> bool {
    let before: Vec<_> = history.iter().filter(|w| &w.version < version).cloned().collect();
    super::resolve_user_status(&before) == crate::UserStatus::Disabled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::TABLES;
    use crate::Hlc;

    #[test]
    fn every_synced_table_says_who_writes_it() {
        for rule in TABLES {
            assert_eq!(ACCESS.iter().filter(|a| a.table == rule.name).count(), 1, "{}", rule.name);
            let access = access(rule.name).unwrap();
            for (field, _) in access.fields {
                assert!(rule.has_field(field), "{}.{field}", rule.name);
            }
            if let Some(seal) = access.sealed_by {
                assert!(rule.has_field(seal), "{}.{seal}", rule.name);
            }
        }
        assert_eq!(ACCESS.len(), TABLES.len());
    }

    fn change(entity: &str, id: &str, fields: &[(&str, Option<&str>)], actor: Option<&str>) -> RowChange {
        RowChange {
            change_id: crate::new_id().to_string(),
            entity: entity.into(),
            entity_id: id.into(),
            fields: fields.iter().map(|(f, v)| ((*f).to_string(), v.map(str::to_string))).collect(),
            hlc: Hlc { wall_ms: 100, counter: 0 },
            site_id: "s".into(),
            actor: actor.map(str::to_string),
        }
    }

    fn user(id: &str, role: Role) -> Writer<'_> {
        Writer::User { id, role: Some(role), disabled: false }
    }

    fn check(c: &RowChange, writer: Writer<'_>, before: RowBefore<'_>) -> Authorized {
        authorize(crate::sync::table(&c.entity).unwrap(), c, writer, before, false)
    }

    #[test]
    fn roles_write_what_the_permission_table_lets_them() {
        let vitals = change("vitals", "v", &[("pulse_per_min", Some("70"))], Some("n"));
        assert_eq!(check(&vitals, user("n", Role::Nurse), None), Authorized::Fields(vec![]));
        assert!(
            matches!(check(&vitals, user("f", Role::FrontDesk), None), Authorized::Refused(r) if r.contains("front desk role"))
        );
        let rx = change("prescription", "p", &[("medication", Some("x"))], Some("n"));
        assert!(matches!(check(&rx, user("n", Role::Nurse), None), Authorized::Refused(_)));
        let disabled = Writer::User { id: "d", role: Some(Role::Doctor), disabled: true };
        assert!(matches!(check(&rx, disabled, None), Authorized::Refused(r) if r.contains("disabled")));
        assert!(matches!(check(&rx, Writer::Unknown, None), Authorized::Refused(r) if r.contains("no account")));
        assert!(matches!(check(&rx, Writer::System, None), Authorized::Refused(_)));
    }

    #[test]
    fn accounts_security_fields_need_an_account_manager_but_for_ones_own_password() {
        let promote = change("app_user", "me", &[("role", Some("admin"))], Some("me"));
        assert!(matches!(check(&promote, user("me", Role::FrontDesk), None), Authorized::Refused(_)));
        let own = change("app_user", "me", &[("password_hash", Some("h")), ("password_changed_at", Some("t"))], Some("me"));
        assert_eq!(check(&own, user("me", Role::FrontDesk), None), Authorized::Fields(vec![]));
        let others = change("app_user", "admin", &[("password_hash", Some("h"))], Some("me"));
        assert!(matches!(check(&others, user("me", Role::FrontDesk), None), Authorized::Refused(_)));
        let rule = crate::sync::table("app_user").unwrap();
        let founding = change("app_user", "a", &[("role", Some("admin"))], Some("a"));
        assert_eq!(authorize(rule, &founding, Writer::Unknown, None, true), Authorized::Fields(vec![]));
        assert!(matches!(authorize(rule, &founding, Writer::Unknown, None, false), Authorized::Refused(_)));
    }

    #[test]
    fn frozen_and_sealed_rows_do_not_change_and_audit_events_name_their_maker() {
        let v = Version { hlc: Hlc { wall_ms: 5, counter: 0 }, site_id: "s".into() };
        let stored = |_: &str| Some(FieldState { value: None, version: v.clone() });
        let tombstone = change("vitals", "v", &[("deleted_at", Some("now"))], Some("n"));
        let Authorized::Fields(refused) = check(&tombstone, user("n", Role::Nurse), Some(&stored)) else { panic!() };
        assert_eq!(refused.len(), 1, "a never-set field of a frozen row");
        let signed = |f: &str| Some(FieldState { value: (f == "signed_at").then(|| "t".into()), version: v.clone() });
        let rewrite = change("encounter", "e", &[("plan", Some("other"))], Some("d"));
        let Authorized::Fields(refused) = check(&rewrite, user("d", Role::Doctor), Some(&signed)) else { panic!() };
        assert!(refused[0].1.contains("signed at"));
        let forged = change("audit_event", "a", &[("user_id", Some("admin"))], Some("me"));
        assert!(matches!(check(&forged, user("me", Role::Nurse), None), Authorized::Refused(_)));
        let honest = change("audit_event", "a", &[("user_id", Some("me"))], Some("me"));
        assert_eq!(
            check(&honest, Writer::User { id: "me", role: Some(Role::Nurse), disabled: true }, None),
            Authorized::Fields(vec![])
        );
        let ack = change("security_alert", "s", &[("acknowledged_at", Some("t"))], Some("f"));
        let Authorized::Fields(refused) = check(&ack, user("f", Role::FrontDesk), None) else { panic!() };
        assert_eq!(refused[0].0, "acknowledged_at");
    }
}
