-- Sync with the clinic's server (docs/sync.md). Local tables hold this site's side of it; two new
-- synced tables hold the clinic-wide settings and the double bookings staff decided to keep.

-- A re-enable names the disable it lifts ("<hlc>@<site>"), so a disable made elsewhere that the
-- admin had not seen still wins (design.md §5: security wins).
ALTER TABLE app_user ADD COLUMN status_lifts TEXT;

-- Made at first run and kept in the OS keychain too: a copy of this database on another
-- computer (or a restored copy) does not carry the keychain's entry, and the server refuses a
-- site token presented by another installation.
ALTER TABLE local_site ADD COLUMN install_id TEXT;

-- This site's link to the server. One row once enrolled. The site token itself is in the OS
-- keychain, never here.
CREATE TABLE local_sync (
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url       TEXT NOT NULL,
    -- SHA-256 of the server's certificate when it is self-signed and pinned; NULL for a
    -- certificate the system trusts.
    cert_fingerprint TEXT,
    org_id           TEXT NOT NULL,
    org_name         TEXT NOT NULL,
    enrolled_at      TEXT NOT NULL,
    -- The server database's identity and how far this site has pulled from it.
    epoch            TEXT,
    cursor           INTEGER NOT NULL DEFAULT 0,
    -- The server's newest sequence when the last page was pulled (the initial pull's progress).
    server_head      INTEGER NOT NULL DEFAULT 0,
    -- The last change_log seq the server has answered for.
    pushed_through   INTEGER NOT NULL DEFAULT 0,
    -- Set once the first full pull has finished (a joining site waits for it before login).
    initialised_at   TEXT,
    last_synced_at   TEXT,
    last_error       TEXT,
    last_error_at    TEXT
);

-- The clinic's other sites as the server lists them, so lists can say where a record was made.
CREATE TABLE local_known_site (
    site_id   TEXT PRIMARY KEY,
    site_code TEXT NOT NULL,
    site_name TEXT NOT NULL
) WITHOUT ROWID;

-- Changes made here waiting for the server, found without walking the pulled ones.
CREATE INDEX change_log_local ON change_log (seq) WHERE origin = 'local';

-- Changes the server refused (pushed from here) or that could not be stored here (pulled), for
-- admins to see. A refused change never blocks the ones behind it.
CREATE TABLE local_sync_problem (
    change_id   TEXT PRIMARY KEY,
    direction   TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    noticed_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Double bookings a pull brought in (two sites booked one provider at overlapping times while
-- apart). Derived and local: listed until the pair no longer overlaps or is accepted.
CREATE TABLE local_booking_conflict (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    other_id       TEXT NOT NULL,
    detected_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Synced: a double booking that staff decided to keep (both appointments stand).
CREATE TABLE booking_overlap_accepted (
    id                   TEXT PRIMARY KEY NOT NULL,
    appointment_id       TEXT NOT NULL,
    other_appointment_id TEXT NOT NULL,
    accepted_by          TEXT NOT NULL,
    note                 TEXT,
    site_id              TEXT NOT NULL,
    hlc                  TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT
);
CREATE INDEX booking_overlap_accepted_by_pair ON booking_overlap_accepted (appointment_id, other_appointment_id);

-- Synced: settings that hold for the whole clinic (time zone, opening hours, billing), one row
-- per key whose id is derived from the key, so two sites setting one key merge field by field.
CREATE TABLE clinic_setting (
    id         TEXT PRIMARY KEY NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    site_id    TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE UNIQUE INDEX clinic_setting_by_key ON clinic_setting (key);
