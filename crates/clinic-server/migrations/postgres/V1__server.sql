-- The sync server's database (PostgreSQL, for a clinic group outgrowing one machine). Organisations are isolated: every
-- row below an organisation carries its id and every query names it.

-- This database's identity: sites that synced with another (a restored backup) start over.
CREATE TABLE server_meta (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    epoch      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE organisation (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    -- The last sequence number given to one of its changes; taken inside the push transaction.
    last_seq   BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- One-time enrolment codes, stored hashed.
CREATE TABLE enrolment_code (
    code_hash    TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisation (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    used_by_site TEXT
);

-- A site is one installation of the app. Its token is stored hashed and bound to its install id.
CREATE TABLE site (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisation (id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    install_id     TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    enrolled_at    TEXT NOT NULL,
    last_seen_at   TEXT,
    revoked_at     TEXT,
    -- The newest position in its own log the site has sent: an older one later means a copy.
    last_local_seq BIGINT NOT NULL DEFAULT 0,
    UNIQUE (org_id, code)
);

-- Every accepted change, in the organisation's order.
CREATE TABLE change (
    org_id      TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    change_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    hlc         TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, change_id)
);
CREATE INDEX change_by_field ON change (org_id, entity, entity_id, field);

-- The winning value of every field: the server's copy of the clinic's data.
CREATE TABLE field_state (
    org_id    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    value     TEXT,
    hlc       TEXT NOT NULL,
    site_id   TEXT NOT NULL,
    PRIMARY KEY (org_id, entity, entity_id, field)
);

-- Values that no two rows may share (a username), and the row holding each.
CREATE TABLE unique_value (
    org_id    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    field     TEXT NOT NULL,
    value     TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (org_id, entity, field, value)
);
