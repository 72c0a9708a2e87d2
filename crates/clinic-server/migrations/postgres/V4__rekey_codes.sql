-- A code made by `clinic-server site rekey` gives a new token to one existing site; an
-- ordinary code (for_site NULL) enrols a new site only (issue 17).
ALTER TABLE enrolment_code ADD COLUMN for_site TEXT;
