-- The outstanding balances report reads every open invoice and every payment. Covering indexes
-- let it read both in sequential passes over the indexes alone, instead of a random table page
-- (or several) for each of a million invoices (docs/billing.md, "Performance"). The columns of
-- the partial indexes' conditions are carried too, so the query never needs the table.
DROP INDEX invoice_open;
CREATE INDEX invoice_open
    ON invoice (issued_on, kind, patient_id, currency, total_minor, id, issued_at, voided_at, deleted_at)
    WHERE issued_at IS NOT NULL AND voided_at IS NULL AND deleted_at IS NULL;
DROP INDEX payment_by_invoice;
CREATE INDEX payment_by_invoice ON payment (invoice_id, amount_minor, deleted_at) WHERE deleted_at IS NULL;
