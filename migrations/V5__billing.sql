-- Billing (docs/billing.md). Every table syncs: UUIDv7 ids, site_id, hlc, tombstones, written
-- only through the store's WriteTx, no foreign keys between synced tables. Money is an integer
-- count of minor units in the invoice's currency. Lines and payments are append-only once the
-- invoice is issued; balances are computed from them, never stored.

-- The fee schedule: what the clinic charges for.
CREATE TABLE billing_service (
    id            TEXT PRIMARY KEY NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    price_minor   INTEGER NOT NULL CHECK (price_minor >= 0),
    tax_rate_bp   INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    -- The appointment type it is billed for: an invoice from such an appointment starts with it.
    appointment_type_id TEXT,
    site_id       TEXT NOT NULL,
    hlc           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);

-- An invoice or a credit note. Its fields change only as a draft; issuing numbers it
-- (<SITE>-<YEAR>-<NNNNN>: the site code keeps numbers apart across sites without asking
-- anyone) and fixes its total; voiding records when and why.
CREATE TABLE invoice (
    id                 TEXT PRIMARY KEY NOT NULL,
    patient_id         TEXT NOT NULL,
    appointment_id     TEXT,
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    credits_invoice_id TEXT,
    number             TEXT,
    currency           TEXT NOT NULL,
    notes              TEXT,
    due_days           INTEGER NOT NULL,
    total_minor        INTEGER,
    issued_at          TEXT,
    issued_on          TEXT,
    due_on             TEXT,
    voided_at          TEXT,
    void_reason        TEXT,
    created_by         TEXT NOT NULL,
    site_id            TEXT NOT NULL,
    hlc                TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX invoice_by_patient ON invoice (patient_id, created_at) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX invoice_by_number ON invoice (number) WHERE number IS NOT NULL;
-- An invoice's credit notes (its balance, and the outstanding report, look them up per invoice).
CREATE INDEX invoice_by_credited ON invoice (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL AND deleted_at IS NULL;
-- Open invoices for the outstanding-balances report, oldest first.
CREATE INDEX invoice_open ON invoice (issued_on) WHERE issued_at IS NOT NULL AND voided_at IS NULL AND deleted_at IS NULL;

CREATE TABLE invoice_line (
    id               TEXT PRIMARY KEY NOT NULL,
    invoice_id       TEXT NOT NULL,
    position         INTEGER NOT NULL,
    service_id       TEXT,
    code             TEXT,
    description      TEXT NOT NULL,
    quantity         INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    discount_bp      INTEGER NOT NULL,
    tax_rate_bp      INTEGER NOT NULL,
    site_id          TEXT NOT NULL,
    hlc              TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX invoice_line_by_invoice ON invoice_line (invoice_id, position) WHERE deleted_at IS NULL;

-- A payment (positive) or a refund (negative, with its reason). Never changed.
CREATE TABLE payment (
    id            TEXT PRIMARY KEY NOT NULL,
    invoice_id    TEXT NOT NULL,
    patient_id    TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'insurance')),
    reference     TEXT,
    received_on   TEXT NOT NULL,
    refund_reason TEXT,
    recorded_by   TEXT NOT NULL,
    site_id       TEXT NOT NULL,
    hlc           TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE INDEX payment_by_invoice ON payment (invoice_id) WHERE deleted_at IS NULL;
-- The day's payments by method (cash-up).
CREATE INDEX payment_by_day ON payment (received_on) WHERE deleted_at IS NULL;

CREATE TABLE insurance_policy (
    id           TEXT PRIMARY KEY NOT NULL,
    patient_id   TEXT NOT NULL,
    payer        TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    group_number TEXT,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    site_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
);
CREATE INDEX insurance_policy_by_patient ON insurance_policy (patient_id) WHERE deleted_at IS NULL;

-- A claim to the payer for one invoice.
CREATE TABLE claim (
    id             TEXT PRIMARY KEY NOT NULL,
    invoice_id     TEXT NOT NULL,
    policy_id      TEXT NOT NULL,
    patient_id     TEXT NOT NULL,
    claimed_minor  INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'partially_approved', 'denied', 'paid')),
    approved_minor INTEGER,
    paid_minor     INTEGER,
    denial_reason  TEXT,
    site_id        TEXT NOT NULL,
    hlc            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX claim_by_invoice ON claim (invoice_id) WHERE deleted_at IS NULL;
CREATE INDEX claim_by_status ON claim (status) WHERE deleted_at IS NULL;
