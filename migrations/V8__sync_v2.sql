-- Sync protocol 2 (docs/sync.md): a change is one row's write, and a site keeps no history.
--
-- Each synced row carries the version of each of its fields (sync_versions: a JSON object from
-- field to "<hlc>@<site>", with "*" for every field not named), which is all that merging needs.
-- Changes made here wait in sync_outbox until the server has answered for them, then go. A
-- user's status follows from every status write ever made, so those stay (sync_status_write).
-- Rows that cannot be stored yet (their creation has not arrived, or they clash with a row
-- here) wait in sync_held_row. Version 1's change_log is carried over: each field's winning
-- version, the changes not yet sent (one per row write, keeping its place so the server sees
-- no older copy), every status write and every held row; then it goes.

ALTER TABLE patient ADD COLUMN sync_versions TEXT;
ALTER TABLE app_user ADD COLUMN sync_versions TEXT;
ALTER TABLE audit_event ADD COLUMN sync_versions TEXT;
ALTER TABLE security_alert ADD COLUMN sync_versions TEXT;
ALTER TABLE provider ADD COLUMN sync_versions TEXT;
ALTER TABLE schedule_exception ADD COLUMN sync_versions TEXT;
ALTER TABLE appointment_type ADD COLUMN sync_versions TEXT;
ALTER TABLE appointment ADD COLUMN sync_versions TEXT;
ALTER TABLE allergy ADD COLUMN sync_versions TEXT;
ALTER TABLE clinical_profile ADD COLUMN sync_versions TEXT;
ALTER TABLE condition ADD COLUMN sync_versions TEXT;
ALTER TABLE encounter ADD COLUMN sync_versions TEXT;
ALTER TABLE encounter_amendment ADD COLUMN sync_versions TEXT;
ALTER TABLE vitals ADD COLUMN sync_versions TEXT;
ALTER TABLE lab_result ADD COLUMN sync_versions TEXT;
ALTER TABLE prescription ADD COLUMN sync_versions TEXT;
ALTER TABLE clinical_alert ADD COLUMN sync_versions TEXT;
ALTER TABLE billing_service ADD COLUMN sync_versions TEXT;
ALTER TABLE invoice ADD COLUMN sync_versions TEXT;
ALTER TABLE invoice_line ADD COLUMN sync_versions TEXT;
ALTER TABLE payment ADD COLUMN sync_versions TEXT;
ALTER TABLE insurance_policy ADD COLUMN sync_versions TEXT;
ALTER TABLE claim ADD COLUMN sync_versions TEXT;
ALTER TABLE booking_overlap_accepted ADD COLUMN sync_versions TEXT;
ALTER TABLE clinic_setting ADD COLUMN sync_versions TEXT;

CREATE TABLE sync_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: the server spots an older copy by it
    change_id  TEXT NOT NULL UNIQUE,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL,                       -- JSON object: field to text value or null
    hlc        TEXT NOT NULL,
    actor      TEXT                                 -- the user who made the write; null for the system
);

CREATE TABLE sync_status_write (
    user_id  TEXT NOT NULL,
    hlc      TEXT NOT NULL,
    site_id  TEXT NOT NULL,
    status   TEXT,
    lifts    TEXT,
    PRIMARY KEY (user_id, hlc, site_id)
) WITHOUT ROWID;

CREATE TABLE sync_held_row (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL,                       -- JSON object: field to value
    versions   TEXT NOT NULL,                       -- JSON object: field to "<hlc>@<site>"
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;

CREATE TEMP TABLE v1_winner AS
SELECT entity, entity_id, field, value, hlc || '@' || site_id AS version
FROM (SELECT entity, entity_id, field, value, hlc, site_id,
             row_number() OVER (PARTITION BY entity, entity_id, field ORDER BY hlc DESC, site_id DESC) AS rank
      FROM change_log)
WHERE rank = 1;
CREATE INDEX temp.v1_winner_by_row ON v1_winner (entity, entity_id);

UPDATE patient SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'patient' AND w.entity_id = patient.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'patient' AND entity_id NOT IN (SELECT id FROM patient) GROUP BY entity, entity_id;
UPDATE app_user SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'app_user' AND w.entity_id = app_user.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'app_user' AND entity_id NOT IN (SELECT id FROM app_user) GROUP BY entity, entity_id;
-- The audit trail refuses updates; versions are bookkeeping, not the event.
DROP TRIGGER audit_event_is_append_only_update;
UPDATE audit_event SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'audit_event' AND w.entity_id = audit_event.id);
CREATE TRIGGER audit_event_is_append_only_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'audit_event' AND entity_id NOT IN (SELECT id FROM audit_event) GROUP BY entity, entity_id;
UPDATE security_alert SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'security_alert' AND w.entity_id = security_alert.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'security_alert' AND entity_id NOT IN (SELECT id FROM security_alert) GROUP BY entity, entity_id;
UPDATE provider SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'provider' AND w.entity_id = provider.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'provider' AND entity_id NOT IN (SELECT id FROM provider) GROUP BY entity, entity_id;
UPDATE schedule_exception SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'schedule_exception' AND w.entity_id = schedule_exception.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'schedule_exception' AND entity_id NOT IN (SELECT id FROM schedule_exception) GROUP BY entity, entity_id;
UPDATE appointment_type SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'appointment_type' AND w.entity_id = appointment_type.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'appointment_type' AND entity_id NOT IN (SELECT id FROM appointment_type) GROUP BY entity, entity_id;
UPDATE appointment SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'appointment' AND w.entity_id = appointment.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'appointment' AND entity_id NOT IN (SELECT id FROM appointment) GROUP BY entity, entity_id;
UPDATE allergy SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'allergy' AND w.entity_id = allergy.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'allergy' AND entity_id NOT IN (SELECT id FROM allergy) GROUP BY entity, entity_id;
UPDATE clinical_profile SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'clinical_profile' AND w.entity_id = clinical_profile.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'clinical_profile' AND entity_id NOT IN (SELECT id FROM clinical_profile) GROUP BY entity, entity_id;
UPDATE condition SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'condition' AND w.entity_id = condition.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'condition' AND entity_id NOT IN (SELECT id FROM condition) GROUP BY entity, entity_id;
UPDATE encounter SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'encounter' AND w.entity_id = encounter.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'encounter' AND entity_id NOT IN (SELECT id FROM encounter) GROUP BY entity, entity_id;
UPDATE encounter_amendment SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'encounter_amendment' AND w.entity_id = encounter_amendment.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'encounter_amendment' AND entity_id NOT IN (SELECT id FROM encounter_amendment) GROUP BY entity, entity_id;
UPDATE vitals SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'vitals' AND w.entity_id = vitals.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'vitals' AND entity_id NOT IN (SELECT id FROM vitals) GROUP BY entity, entity_id;
UPDATE lab_result SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'lab_result' AND w.entity_id = lab_result.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'lab_result' AND entity_id NOT IN (SELECT id FROM lab_result) GROUP BY entity, entity_id;
UPDATE prescription SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'prescription' AND w.entity_id = prescription.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'prescription' AND entity_id NOT IN (SELECT id FROM prescription) GROUP BY entity, entity_id;
UPDATE clinical_alert SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'clinical_alert' AND w.entity_id = clinical_alert.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'clinical_alert' AND entity_id NOT IN (SELECT id FROM clinical_alert) GROUP BY entity, entity_id;
UPDATE billing_service SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'billing_service' AND w.entity_id = billing_service.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'billing_service' AND entity_id NOT IN (SELECT id FROM billing_service) GROUP BY entity, entity_id;
UPDATE invoice SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'invoice' AND w.entity_id = invoice.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'invoice' AND entity_id NOT IN (SELECT id FROM invoice) GROUP BY entity, entity_id;
UPDATE invoice_line SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'invoice_line' AND w.entity_id = invoice_line.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'invoice_line' AND entity_id NOT IN (SELECT id FROM invoice_line) GROUP BY entity, entity_id;
UPDATE payment SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'payment' AND w.entity_id = payment.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'payment' AND entity_id NOT IN (SELECT id FROM payment) GROUP BY entity, entity_id;
UPDATE insurance_policy SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'insurance_policy' AND w.entity_id = insurance_policy.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'insurance_policy' AND entity_id NOT IN (SELECT id FROM insurance_policy) GROUP BY entity, entity_id;
UPDATE claim SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'claim' AND w.entity_id = claim.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'claim' AND entity_id NOT IN (SELECT id FROM claim) GROUP BY entity, entity_id;
UPDATE booking_overlap_accepted SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'booking_overlap_accepted' AND w.entity_id = booking_overlap_accepted.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'booking_overlap_accepted' AND entity_id NOT IN (SELECT id FROM booking_overlap_accepted) GROUP BY entity, entity_id;
UPDATE clinic_setting SET sync_versions = (SELECT json_group_object(field, version) FROM v1_winner w WHERE w.entity = 'clinic_setting' AND w.entity_id = clinic_setting.id);
INSERT INTO sync_held_row (entity, entity_id, fields, versions)
SELECT entity, entity_id, json_group_object(field, json(value)), json_group_object(field, version) FROM v1_winner
WHERE entity = 'clinic_setting' AND entity_id NOT IN (SELECT id FROM clinic_setting) GROUP BY entity, entity_id;

INSERT INTO sync_outbox (seq, change_id, entity, entity_id, fields, hlc, actor)
SELECT max(seq), min(change_id), entity, entity_id, json_group_object(field, json(value)), hlc, NULL
FROM (SELECT * FROM change_log
      WHERE origin = 'local' AND seq > coalesce((SELECT pushed_through FROM local_sync), 0) ORDER BY seq)
GROUP BY entity, entity_id, hlc;
-- New changes number on from the last one version 1 made, sent or not.
DELETE FROM sqlite_sequence WHERE name = 'sync_outbox';
INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', (SELECT coalesce(max(seq), 0) FROM change_log));

INSERT INTO sync_status_write (user_id, hlc, site_id, status, lifts)
SELECT entity_id, hlc, site_id,
       max(CASE WHEN field = 'status' THEN json_extract(value, '$') END),
       max(CASE WHEN field = 'status_lifts' THEN json_extract(value, '$') END)
FROM change_log WHERE entity = 'app_user' AND field IN ('status', 'status_lifts')
GROUP BY entity_id, hlc, site_id;

DROP TABLE v1_winner;
DROP TABLE change_log;
ALTER TABLE local_sync DROP COLUMN pushed_through;

