-- An admin may unlink this site from its server (docs/sync.md, "Unlinking"). The link's row
-- stays, marked, so enrolling again later sends everything this site made to the new server.
ALTER TABLE local_sync ADD COLUMN unlinked_at TEXT;

-- Unlinking raises a security alert of its own kind. SQLite cannot widen a CHECK in place, so
-- the table is rebuilt with the same columns and rows (no trigger or foreign key names it).
CREATE TABLE security_alert_v11 (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('break_the_glass', 'site_unlinked')),
    user_id         TEXT NOT NULL,
    username        TEXT NOT NULL,
    patient_id      TEXT,
    reason          TEXT NOT NULL,
    audit_event_id  TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    site_id         TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    sync_versions   TEXT
);
INSERT INTO security_alert_v11 (id, kind, user_id, username, patient_id, reason, audit_event_id, raised_at,
    acknowledged_at, acknowledged_by, site_id, hlc, created_at, updated_at, deleted_at, sync_versions)
SELECT id, kind, user_id, username, patient_id, reason, audit_event_id, raised_at,
    acknowledged_at, acknowledged_by, site_id, hlc, created_at, updated_at, deleted_at, sync_versions
FROM security_alert;
DROP TABLE security_alert;
ALTER TABLE security_alert_v11 RENAME TO security_alert;
CREATE INDEX security_alert_open ON security_alert (raised_at) WHERE acknowledged_at IS NULL;
