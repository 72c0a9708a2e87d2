-- Staff accounts (synced: a user can log in at every site of the clinic).
CREATE TABLE app_user (
    id                   TEXT PRIMARY KEY NOT NULL,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'doctor', 'nurse', 'front_desk', 'billing')),
    status               TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    -- Changes whenever the password is set (not on a rehash); a session from before it ends.
    password_changed_at  TEXT NOT NULL,
    site_id              TEXT NOT NULL,
    hlc                  TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT
);

-- The audit trail (synced, append-only). Each site's events form a hash chain by seq.
CREATE TABLE audit_event (
    id          TEXT PRIMARY KEY NOT NULL,
    seq         INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    user_id     TEXT,
    username    TEXT,
    role        TEXT,
    action      TEXT NOT NULL,
    entity      TEXT,
    entity_id   TEXT,
    patient_id  TEXT,
    detail      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    UNIQUE (site_id, seq)
);
CREATE INDEX audit_event_by_time ON audit_event (occurred_at, seq);
CREATE INDEX audit_event_by_patient ON audit_event (patient_id, occurred_at) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_by_user ON audit_event (user_id, occurred_at);
CREATE INDEX audit_event_by_action ON audit_event (action, occurred_at);
-- Append-only: the app never changes or removes an event; the hash chain shows it if anyone
-- with the key does so behind the app's back.
CREATE TRIGGER audit_event_is_append_only_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_event_is_append_only_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- The end of this site's own chain, so that removing its newest events shows too. Local.
CREATE TABLE local_audit_head (
    site_id TEXT PRIMARY KEY,
    seq     INTEGER NOT NULL,
    hash    TEXT NOT NULL
) WITHOUT ROWID;

-- Alerts for admins (break-the-glass now; more kinds later). Synced.
CREATE TABLE security_alert (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('break_the_glass')),
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
    deleted_at      TEXT
);
CREATE INDEX security_alert_open ON security_alert (raised_at) WHERE acknowledged_at IS NULL;

-- Failed logins per typed username (hashed, so unknown names are throttled the same way and
-- nothing typed is kept). Local to this site.
CREATE TABLE local_login_throttle (
    login_key    TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT
) WITHOUT ROWID;

-- This site's settings (automatic lock time). Local: a shared front-desk PC and a doctor's
-- laptop may want different ones.
CREATE TABLE local_setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
