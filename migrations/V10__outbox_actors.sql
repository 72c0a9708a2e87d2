-- The server authorizes every change by the user who made it (docs/sync.md, "Who may write
-- what"). Changes carried over from protocol 1 waited in the outbox without one. Every write
-- made here by a user also appended that user's audit event at the same clock, so the event
-- names the change's maker; a change with no such event (a failed login) is the site's own.
UPDATE sync_outbox
SET actor = (SELECT a.user_id FROM audit_event a
             WHERE a.hlc = sync_outbox.hlc AND a.user_id IS NOT NULL
               AND a.site_id = (SELECT site_id FROM local_site)
             LIMIT 1)
WHERE actor IS NULL;
