//! The one place where a synced table is registered with its conflict rule (docs/decisions.md §5).
//!
//! A table syncs by being listed in [`TABLES`]: the store refuses to write a table that is not
//! here, the server refuses changes to tables and fields that are not here, and both merge every
//! field by the rule this list gives it. The store's schema test checks that each entry names
//! exactly the table's columns, and that the app only ever changes a field after creation when
//! the field is not write-once here.

/// How concurrent writes to one field are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRule {
    /// Demographics, settings, appointment fields, statuses: the later (hlc, site) wins.
    LastWriterWins,
    /// Set once (when the row is made, or by a one-way step such as issuing an invoice) and
    /// never changed: clinical records, payments, audit events, numbers. The server keeps the
    /// first value it accepts and refuses any other, so every site ends with that one.
    WriteOnce,
    /// A user's status: a disable anywhere wins over any re-enable that did not see it
    /// (security wins); see [`super::resolve_user_status`].
    StickyDisable,
}

/// How a table's rows merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Fields merge last-writer-wins, except those in `exceptions`, which are write-once.
    Mutable,
    /// Fields are write-once, except those in `exceptions` (a status, a tombstone), which merge
    /// last-writer-wins. With no exceptions the table is append-only.
    WriteOnce,
}

/// One synced table: its fields and how they merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableRule {
    /// The table's name, the same in every site's database and on the server.
    pub name: &'static str,
    pub kind: TableKind,
    /// Every synced field: the table's columns except the bookkeeping ones the write path keeps
    /// (`id`, `site_id`, `hlc`, `updated_at`).
    pub fields: &'static [&'static str],
    /// The fields that do not follow the table's kind: the write-once fields of a mutable table,
    /// the changeable fields of a write-once one.
    pub exceptions: &'static [&'static str],
    /// Fields whose value no two rows of the table may share (a username). The server refuses a
    /// row whose value another row already holds, so no site is sent a clash it cannot store.
    pub unique: &'static [&'static str],
    /// Status fields where a disable anywhere wins over any re-enable that did not see it.
    pub sticky_disable: &'static [&'static str],
}

impl TableRule {
    /// Whether `field` is one of this table's synced fields.
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.contains(&field)
    }

    /// Whether merging a change into this table needs the record's whole history, not just each
    /// field's current version: a sticky-disable status follows every status write. A snapshot
    /// sends such records as their changes.
    pub fn merges_from_history(&self) -> bool {
        !self.sticky_disable.is_empty()
    }

    /// How `field` merges. `created_at` merges last-writer-wins everywhere: rows whose id is
    /// shared on purpose (one clinical profile per patient) may be made at two sites at once.
    pub fn rule_of(&self, field: &str) -> FieldRule {
        if self.sticky_disable.contains(&field) {
            return FieldRule::StickyDisable;
        }
        if field == "created_at" {
            return FieldRule::LastWriterWins;
        }
        match (self.kind, self.exceptions.contains(&field)) {
            (TableKind::Mutable, false) | (TableKind::WriteOnce, true) => FieldRule::LastWriterWins,
            (TableKind::Mutable, true) | (TableKind::WriteOnce, false) => FieldRule::WriteOnce,
        }
    }
}

/// The registered table called `name`.
pub fn table(name: &str) -> Option<&'static TableRule> {
    TABLES.iter().find(|t| t.name == name)
}

/// The names of every synced table, in registration order.
pub fn synced_table_names() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|t| t.name)
}

/// A table whose fields change, but for the `write_once` ones.
const fn mutable(name: &'static str, fields: &'static [&'static str], write_once: &'static [&'static str]) -> TableRule {
    TableRule { name, kind: TableKind::Mutable, fields, exceptions: write_once, unique: &[], sticky_disable: &[] }
}

/// A table written once, but for the `changeable` fields.
const fn write_once_but(name: &'static str, fields: &'static [&'static str], changeable: &'static [&'static str]) -> TableRule {
    TableRule { name, kind: TableKind::WriteOnce, fields, exceptions: changeable, unique: &[], sticky_disable: &[] }
}

/// A table never changed after it is written.
const fn append_only(name: &'static str, fields: &'static [&'static str]) -> TableRule {
    write_once_but(name, fields, &[])
}

/// Every synced table. Add a new one here, with its rule, and nowhere else.
pub const TABLES: &[TableRule] = &[
    TableRule {
        unique: &["mrn"],
        ..mutable(
            "patient",
            &[
                "mrn",
                "given_name",
                "middle_name",
                "family_name",
                "preferred_name",
                "date_of_birth",
                "sex",
                "phone",
                "email",
                "address_line1",
                "address_line2",
                "city",
                "region",
                "postal_code",
                "country",
                "blood_group",
                "emergency_contact_name",
                "emergency_contact_relationship",
                "emergency_contact_phone",
                "insurance_provider",
                "insurance_policy_number",
                "insurance_group_number",
                "notes",
                "created_at",
                "deleted_at",
            ],
            &["mrn"],
        )
    },
    TableRule {
        unique: &["username"],
        sticky_disable: &["status"],
        ..mutable(
            "app_user",
            &[
                "username",
                "display_name",
                "role",
                "status",
                "status_lifts",
                "password_hash",
                "must_change_password",
                "password_changed_at",
                "created_at",
                "deleted_at",
            ],
            &["username"],
        )
    },
    append_only(
        "audit_event",
        &[
            "seq",
            "occurred_at",
            "user_id",
            "username",
            "role",
            "action",
            "entity",
            "entity_id",
            "patient_id",
            "detail",
            "prev_hash",
            "hash",
            "created_at",
            "deleted_at",
        ],
    ),
    mutable(
        "security_alert",
        &[
            "kind",
            "user_id",
            "username",
            "patient_id",
            "reason",
            "audit_event_id",
            "raised_at",
            "acknowledged_at",
            "acknowledged_by",
            "created_at",
            "deleted_at",
        ],
        &["kind", "user_id", "username", "patient_id", "reason", "audit_event_id", "raised_at"],
    ),
    mutable(
        "provider",
        &["user_id", "display_name", "specialty", "colour", "room", "active", "weekly_hours", "created_at", "deleted_at"],
        &[],
    ),
    mutable(
        "schedule_exception",
        &["provider_id", "kind", "start_date", "end_date", "start_time", "end_time", "reason", "created_at", "deleted_at"],
        &["provider_id", "kind"],
    ),
    mutable("appointment_type", &["name", "default_minutes", "colour", "active", "created_at", "deleted_at"], &[]),
    mutable(
        "appointment",
        &[
            "patient_id",
            "provider_id",
            "type_id",
            "starts_at",
            "ends_at",
            "reason",
            "notes",
            "status",
            "cancel_reason",
            "series_id",
            "checked_in_at",
            "reminded_at",
            "created_by",
            "created_at",
            "deleted_at",
        ],
        &["patient_id", "series_id", "created_by"],
    ),
    mutable(
        "allergy",
        &["patient_id", "substance", "reaction", "severity", "status", "noted_on", "recorded_by", "created_at", "deleted_at"],
        &["patient_id", "recorded_by"],
    ),
    mutable(
        "clinical_profile",
        &["no_known_allergies", "family_history", "social_history", "history_updated_at", "created_at", "deleted_at"],
        &[],
    ),
    mutable(
        "condition",
        &["patient_id", "problem", "code", "onset", "status", "resolved_on", "recorded_by", "created_at", "deleted_at"],
        &["patient_id", "recorded_by"],
    ),
    // A visit note changes while it is a draft (only its author edits it); signing is one-way.
    mutable(
        "encounter",
        &[
            "patient_id",
            "provider_id",
            "appointment_id",
            "reason",
            "subjective",
            "objective",
            "assessment",
            "plan",
            "diagnoses",
            "signed_at",
            "created_at",
            "deleted_at",
        ],
        &["patient_id", "provider_id", "signed_at"],
    ),
    append_only(
        "encounter_amendment",
        &[
            "encounter_id",
            "patient_id",
            "reason",
            "subjective",
            "objective",
            "assessment",
            "plan",
            "diagnoses",
            "amendment_reason",
            "amended_by",
            "created_at",
            "deleted_at",
        ],
    ),
    append_only(
        "vitals",
        &[
            "patient_id",
            "taken_at",
            "systolic_mmhg",
            "diastolic_mmhg",
            "pulse_per_min",
            "temperature_tenths_c",
            "respiratory_rate_per_min",
            "spo2_percent",
            "height_mm",
            "weight_g",
            "bmi_tenths",
            "recorded_by",
            "created_at",
            "deleted_at",
        ],
    ),
    append_only(
        "lab_result",
        &[
            "patient_id",
            "test",
            "value_kind",
            "value",
            "unit",
            "reference_low",
            "reference_high",
            "critical_low",
            "critical_high",
            "flag",
            "collected_on",
            "recorded_by",
            "created_at",
            "deleted_at",
        ],
    ),
    // What was prescribed never changes; only its status moves it along.
    write_once_but(
        "prescription",
        &[
            "patient_id",
            "encounter_id",
            "medication",
            "strength",
            "dose",
            "route",
            "frequency",
            "duration_days",
            "quantity",
            "refills",
            "instructions",
            "status",
            "stop_reason",
            "override_reason",
            "prescriber_id",
            "created_at",
            "deleted_at",
        ],
        &["status", "stop_reason", "deleted_at"],
    ),
    mutable(
        "clinical_alert",
        &[
            "patient_id",
            "lab_result_id",
            "flag",
            "message",
            "for_user_id",
            "acknowledged_at",
            "acknowledged_by",
            "created_at",
            "deleted_at",
        ],
        &["patient_id", "lab_result_id", "flag", "message", "for_user_id"],
    ),
    mutable(
        "billing_service",
        &["code", "name", "price_minor", "tax_rate_bp", "active", "appointment_type_id", "created_at", "deleted_at"],
        &[],
    ),
    // A draft's fields change; issuing fixes its number, dates and total once.
    TableRule {
        unique: &["number"],
        ..mutable(
            "invoice",
            &[
                "patient_id",
                "appointment_id",
                "kind",
                "credits_invoice_id",
                "number",
                "currency",
                "notes",
                "due_days",
                "total_minor",
                "issued_at",
                "issued_on",
                "due_on",
                "voided_at",
                "void_reason",
                "created_by",
                "created_at",
                "deleted_at",
            ],
            &[
                "patient_id",
                "kind",
                "credits_invoice_id",
                "number",
                "total_minor",
                "issued_at",
                "issued_on",
                "due_on",
                "created_by",
            ],
        )
    },
    // Lines are written once; a draft drops a line by tombstoning it.
    write_once_but(
        "invoice_line",
        &[
            "invoice_id",
            "position",
            "service_id",
            "code",
            "description",
            "quantity",
            "unit_price_minor",
            "discount_bp",
            "tax_rate_bp",
            "created_at",
            "deleted_at",
        ],
        &["deleted_at"],
    ),
    append_only(
        "payment",
        &[
            "invoice_id",
            "patient_id",
            "amount_minor",
            "method",
            "reference",
            "received_on",
            "refund_reason",
            "recorded_by",
            "created_at",
            "deleted_at",
        ],
    ),
    mutable(
        "insurance_policy",
        &["patient_id", "payer", "member_id", "group_number", "valid_from", "valid_to", "created_at", "deleted_at"],
        &["patient_id"],
    ),
    mutable(
        "claim",
        &[
            "invoice_id",
            "policy_id",
            "patient_id",
            "claimed_minor",
            "status",
            "approved_minor",
            "paid_minor",
            "denial_reason",
            "created_at",
            "deleted_at",
        ],
        &["invoice_id", "policy_id", "patient_id"],
    ),
    mutable(
        "booking_overlap_accepted",
        &["appointment_id", "other_appointment_id", "accepted_by", "note", "created_at", "deleted_at"],
        &["appointment_id", "other_appointment_id", "accepted_by"],
    ),
    mutable("clinic_setting", &["key", "value", "created_at", "deleted_at"], &["key"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_registered_once_with_consistent_field_lists() {
        for (i, t) in TABLES.iter().enumerate() {
            assert!(TABLES[..i].iter().all(|o| o.name != t.name), "{} twice", t.name);
            assert!(t.has_field("created_at") && t.has_field("deleted_at"), "{}", t.name);
            for f in t.exceptions.iter().chain(t.unique).chain(t.sticky_disable) {
                assert!(t.has_field(f), "{}.{f} is not one of its fields", t.name);
            }
            for f in t.fields {
                assert!(!["id", "site_id", "hlc", "updated_at"].contains(f), "{}.{f} is bookkeeping", t.name);
            }
        }
    }

    #[test]
    fn rules_follow_the_design() {
        let rule = |t: &str, f: &str| table(t).map(|t| t.rule_of(f));
        assert_eq!(rule("patient", "phone"), Some(FieldRule::LastWriterWins));
        assert_eq!(rule("patient", "mrn"), Some(FieldRule::WriteOnce));
        assert_eq!(rule("payment", "amount_minor"), Some(FieldRule::WriteOnce));
        assert_eq!(rule("audit_event", "hash"), Some(FieldRule::WriteOnce));
        assert_eq!(rule("vitals", "pulse_per_min"), Some(FieldRule::WriteOnce));
        assert_eq!(rule("app_user", "status"), Some(FieldRule::StickyDisable));
        assert_eq!(rule("prescription", "medication"), Some(FieldRule::WriteOnce));
        assert_eq!(rule("prescription", "status"), Some(FieldRule::LastWriterWins));
        assert_eq!(rule("clinical_profile", "created_at"), Some(FieldRule::LastWriterWins));
        assert_eq!(rule("invoice", "number"), Some(FieldRule::WriteOnce));
        assert!(table("local_setting").is_none());
    }
}
