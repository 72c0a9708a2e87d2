-- This installation: which site it is and its clock. Local only, never synced.
CREATE TABLE local_site (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    site_id     TEXT NOT NULL,
    site_code   TEXT NOT NULL,
    site_name   TEXT NOT NULL,
    clinic_name TEXT NOT NULL,
    hlc_last    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Per-site counters for human-readable numbers (medical record numbers, later invoices).
CREATE TABLE local_sequence (
    name       TEXT PRIMARY KEY,
    last_value INTEGER NOT NULL
) WITHOUT ROWID;

-- Field-level change capture (design.md §3, §5): one row per changed field, written in the
-- same transaction as the change itself. `origin` keeps pulled changes from being echoed back.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    change_id   TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,          -- JSON: a string or null
    hlc         TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('local', 'sync')),
    recorded_at TEXT NOT NULL
);
CREATE INDEX change_log_by_entity ON change_log (entity, entity_id, field, hlc);

-- Synced: every synced table has id (UUIDv7 text), site_id, hlc, created_at, updated_at, deleted_at.
CREATE TABLE patient (
    id                             TEXT PRIMARY KEY NOT NULL,
    mrn                            TEXT NOT NULL UNIQUE,
    given_name                     TEXT NOT NULL,
    middle_name                    TEXT,
    family_name                    TEXT NOT NULL,
    preferred_name                 TEXT,
    date_of_birth                  TEXT NOT NULL,
    sex                            TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    phone                          TEXT,
    email                          TEXT,
    address_line1                  TEXT,
    address_line2                  TEXT,
    city                           TEXT,
    region                         TEXT,
    postal_code                    TEXT,
    country                        TEXT,
    blood_group                    TEXT CHECK (blood_group IN ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
    emergency_contact_name         TEXT,
    emergency_contact_relationship TEXT,
    emergency_contact_phone        TEXT,
    insurance_provider             TEXT,
    insurance_policy_number        TEXT,
    insurance_group_number         TEXT,
    notes                          TEXT,
    site_id                        TEXT NOT NULL,
    hlc                            TEXT NOT NULL,
    created_at                     TEXT NOT NULL,
    updated_at                     TEXT NOT NULL,
    deleted_at                     TEXT
);
-- List orders: one index over every patient and a partial one over active patients, so a page
-- deep in the list skips rows inside the index without reading the table.
CREATE INDEX patient_by_family_name ON patient (family_name COLLATE NOCASE, given_name COLLATE NOCASE, id);
CREATE INDEX patient_by_given_name ON patient (given_name COLLATE NOCASE, family_name COLLATE NOCASE, id);
CREATE INDEX patient_by_date_of_birth ON patient (date_of_birth, id);
CREATE INDEX patient_by_updated_at ON patient (updated_at DESC, id);
CREATE INDEX active_patient_by_family_name ON patient (family_name COLLATE NOCASE, given_name COLLATE NOCASE, id)
    WHERE deleted_at IS NULL;
CREATE INDEX active_patient_by_given_name ON patient (given_name COLLATE NOCASE, family_name COLLATE NOCASE, id)
    WHERE deleted_at IS NULL;
CREATE INDEX active_patient_by_date_of_birth ON patient (date_of_birth, id) WHERE deleted_at IS NULL;
CREATE INDEX active_patient_by_updated_at ON patient (updated_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX active_patient_by_mrn ON patient (mrn) WHERE deleted_at IS NULL;

-- Search index (local, derived, rebuilt from patient rows). FTS5 needs integer rowids and a
-- plain rowid can change on VACUUM, so each patient gets a stable document number here.
CREATE TABLE search_doc (
    doc        INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL UNIQUE REFERENCES patient (id)
);
-- Names, email and identifiers: word and prefix matching, accents folded.
CREATE VIRTUAL TABLE patient_search USING fts5 (
    names, email, ids,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Phone digits: trigram index, so any run of three or more digits finds the number.
CREATE VIRTUAL TABLE patient_phone_search USING fts5 (digits, tokenize = 'trigram');
-- Distinct folded name words, the candidates for typo-tolerant matching.
CREATE TABLE search_vocab (
    term   TEXT PRIMARY KEY,
    length INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX search_vocab_by_length ON search_vocab (length, term);
