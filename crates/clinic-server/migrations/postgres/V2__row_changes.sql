-- Sync protocol 2: one change is one row's write (its fields as a JSON object), not one field.
-- Version 1's field changes are grouped by the write they were part of (same row, clock and
-- site); each group keeps the highest sequence number of its parts, so a site's cursor from
-- before the upgrade never skips one (a part it had is applied again, which changes nothing).
CREATE TABLE row_change (
    org_id      TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    change_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,          -- JSON object: field to text value or null
    hlc         TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    actor       TEXT,                   -- the user who made the write; null for the system's
    received_at TEXT NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, change_id)
);

INSERT INTO row_change (org_id, seq, change_id, entity, entity_id, fields, hlc, site_id, actor, received_at)
SELECT org_id, max(seq), min(change_id), entity, entity_id, json_object_agg(field, value ORDER BY seq)::text, hlc, site_id,
       NULL, max(received_at)
FROM change
GROUP BY org_id, entity, entity_id, hlc, site_id;

DROP TABLE change;
ALTER TABLE row_change RENAME TO change;
CREATE INDEX change_by_row ON change (org_id, entity, entity_id);
