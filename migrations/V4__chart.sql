-- The patient chart (docs/chart.md). Every table syncs: UUIDv7 ids, site_id, hlc, tombstones,
-- written only through the store's WriteTx, no foreign keys between synced tables. Clinical
-- entries (encounters once signed, amendments, vitals, lab results, prescriptions' details) are
-- append-only; only the fields named mutable below change after creation.

-- Allergies: substance, reaction, severity and status change (last writer wins per field).
CREATE TABLE allergy (
    id          TEXT PRIMARY KEY NOT NULL,
    patient_id  TEXT NOT NULL,
    substance   TEXT NOT NULL,
    reaction    TEXT,
    severity    TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'life_threatening')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'entered_in_error')),
    noted_on    TEXT,
    recorded_by TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX allergy_by_patient ON allergy (patient_id) WHERE deleted_at IS NULL;

-- One row per patient (its id is the patient's id, so two sites writing it merge field by
-- field): the explicit "no known allergies" answer and the family and social history.
CREATE TABLE clinical_profile (
    id                 TEXT PRIMARY KEY NOT NULL,
    no_known_allergies INTEGER NOT NULL DEFAULT 0 CHECK (no_known_allergies IN (0, 1)),
    family_history     TEXT,
    social_history     TEXT,
    history_updated_at TEXT,
    site_id            TEXT NOT NULL,
    hlc                TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);

CREATE TABLE condition (
    id          TEXT PRIMARY KEY NOT NULL,
    patient_id  TEXT NOT NULL,
    problem     TEXT NOT NULL,
    code        TEXT,
    onset       TEXT,
    status      TEXT NOT NULL CHECK (status IN ('active', 'resolved')),
    resolved_on TEXT,
    recorded_by TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX condition_by_patient ON condition (patient_id) WHERE deleted_at IS NULL;

-- A visit note. The note's fields change only while signed_at is empty; diagnoses is a JSON
-- array of {code, description} so a list changes as a whole.
CREATE TABLE encounter (
    id             TEXT PRIMARY KEY NOT NULL,
    patient_id     TEXT NOT NULL,
    provider_id    TEXT NOT NULL,
    appointment_id TEXT,
    reason         TEXT NOT NULL,
    subjective     TEXT,
    objective      TEXT,
    assessment     TEXT,
    plan           TEXT,
    diagnoses      TEXT NOT NULL,
    signed_at      TEXT,
    site_id        TEXT NOT NULL,
    hlc            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX encounter_by_patient ON encounter (patient_id, created_at) WHERE deleted_at IS NULL;

-- A correction of a signed note: the whole corrected note, never changed.
CREATE TABLE encounter_amendment (
    id           TEXT PRIMARY KEY NOT NULL,
    encounter_id TEXT NOT NULL,
    patient_id   TEXT NOT NULL,
    reason       TEXT NOT NULL,
    subjective   TEXT,
    objective    TEXT,
    assessment   TEXT,
    plan         TEXT,
    diagnoses    TEXT NOT NULL,
    amendment_reason TEXT NOT NULL,
    amended_by   TEXT NOT NULL,
    site_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
);
CREATE INDEX encounter_amendment_by_patient ON encounter_amendment (patient_id, encounter_id) WHERE deleted_at IS NULL;

-- Vital signs in whole fixed units (tenths of a degree, millimetres, grams).
CREATE TABLE vitals (
    id                       TEXT PRIMARY KEY NOT NULL,
    patient_id               TEXT NOT NULL,
    taken_at                 TEXT NOT NULL,
    systolic_mmhg            INTEGER,
    diastolic_mmhg           INTEGER,
    pulse_per_min            INTEGER,
    temperature_tenths_c     INTEGER,
    respiratory_rate_per_min INTEGER,
    spo2_percent             INTEGER,
    height_mm                INTEGER,
    weight_g                 INTEGER,
    bmi_tenths               INTEGER,
    recorded_by              TEXT NOT NULL,
    site_id                  TEXT NOT NULL,
    hlc                      TEXT NOT NULL,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    deleted_at               TEXT
);
CREATE INDEX vitals_by_patient ON vitals (patient_id, taken_at) WHERE deleted_at IS NULL;

-- A lab result; numbers are kept as the exact text entered, with the flag worked out on entry.
CREATE TABLE lab_result (
    id            TEXT PRIMARY KEY NOT NULL,
    patient_id    TEXT NOT NULL,
    test          TEXT NOT NULL,
    value_kind    TEXT NOT NULL CHECK (value_kind IN ('numeric', 'text')),
    value         TEXT NOT NULL,
    unit          TEXT,
    reference_low TEXT,
    reference_high TEXT,
    critical_low  TEXT,
    critical_high TEXT,
    flag          TEXT NOT NULL,
    collected_on  TEXT,
    recorded_by   TEXT NOT NULL,
    site_id       TEXT NOT NULL,
    hlc           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE INDEX lab_result_by_patient ON lab_result (patient_id, created_at) WHERE deleted_at IS NULL;

-- A prescription. Its details never change; status and stop_reason move it along.
CREATE TABLE prescription (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL,
    encounter_id    TEXT,
    medication      TEXT NOT NULL,
    strength        TEXT,
    dose            TEXT NOT NULL,
    route           TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    duration_days   INTEGER,
    quantity        INTEGER,
    refills         INTEGER NOT NULL,
    instructions    TEXT,
    status          TEXT NOT NULL CHECK (status IN ('active', 'completed', 'stopped')),
    stop_reason     TEXT,
    override_reason TEXT,
    prescriber_id   TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX prescription_by_patient ON prescription (patient_id, created_at) WHERE deleted_at IS NULL;

-- An abnormal or critical lab result raised for a doctor; acknowledging it closes it.
CREATE TABLE clinical_alert (
    id              TEXT PRIMARY KEY NOT NULL,
    patient_id      TEXT NOT NULL,
    lab_result_id   TEXT NOT NULL,
    flag            TEXT NOT NULL,
    message         TEXT NOT NULL,
    for_user_id     TEXT,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    site_id         TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX clinical_alert_open ON clinical_alert (patient_id) WHERE acknowledged_at IS NULL AND deleted_at IS NULL;
