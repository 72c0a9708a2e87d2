-- The server's copy of the clinic's data, one row per record: every field ever written to it
-- with its winning value (fields, a JSON object) and each one's version (versions, a JSON object
-- from field to "<hlc>@<site>", "*" standing for every field not named). It replaces the table
-- of one row per field, so a push reads and writes one row per record it touches.
CREATE TABLE row_state (
    org_id    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fields    TEXT NOT NULL,
    versions  TEXT NOT NULL,
    PRIMARY KEY (org_id, entity, entity_id)
);

INSERT INTO row_state (org_id, entity, entity_id, fields, versions)
SELECT org_id, entity, entity_id, json_object_agg(field, value)::text, json_object_agg(field, hlc || '@' || site_id)::text
FROM field_state
GROUP BY org_id, entity, entity_id;

DROP TABLE field_state;
