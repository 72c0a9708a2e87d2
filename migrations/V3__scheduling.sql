-- Scheduling (docs/scheduling.md). Every table here syncs: UUIDv7 ids, site_id, hlc,
-- tombstones, written only through the store's WriteTx. No foreign keys between synced tables:
-- a pull may bring an appointment before the patient it names.

-- A doctor or nurse who sees patients. weekly_hours is a JSON array of {weekday, start, end}
-- (clinic wall clock), one field so that a week's pattern changes as a whole under sync.
CREATE TABLE provider (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT,
    display_name TEXT NOT NULL,
    specialty    TEXT,
    colour       TEXT NOT NULL,
    room         TEXT,
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    weekly_hours TEXT NOT NULL,
    site_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
);

-- One-off changes to a provider's week: leave (whole days) and extra sessions.
CREATE TABLE schedule_exception (
    id          TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('leave', 'extra')),
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    start_time  TEXT,
    end_time    TEXT,
    reason      TEXT,
    site_id     TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX schedule_exception_by_provider ON schedule_exception (provider_id, end_date) WHERE deleted_at IS NULL;

CREATE TABLE appointment_type (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    default_minutes INTEGER NOT NULL,
    colour          TEXT NOT NULL,
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),
    site_id         TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);

-- starts_at / ends_at are UTC instants written as fixed-width 'YYYY-MM-DDTHH:MM:SSZ', so text
-- order is time order and range scans use the indexes.
CREATE TABLE appointment (
    id            TEXT PRIMARY KEY NOT NULL,
    patient_id    TEXT NOT NULL,
    provider_id   TEXT NOT NULL,
    type_id       TEXT,
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    reason        TEXT,
    notes         TEXT,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show')),
    cancel_reason TEXT,
    series_id     TEXT,
    checked_in_at TEXT,
    reminded_at   TEXT,
    created_by    TEXT,
    site_id       TEXT NOT NULL,
    hlc           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
-- A provider's diary (day and week views, conflict checks, free slots).
CREATE INDEX appointment_by_provider ON appointment (provider_id, starts_at) WHERE deleted_at IS NULL;
-- A patient's appointments (history, patient double-booking).
CREATE INDEX appointment_by_patient ON appointment (patient_id, starts_at) WHERE deleted_at IS NULL;
-- Everyone's day (today's queue, reminders).
CREATE INDEX appointment_by_start ON appointment (starts_at) WHERE deleted_at IS NULL;
