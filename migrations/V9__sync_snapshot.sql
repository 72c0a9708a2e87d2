-- A joining site's first sync copies the clinic's records as they stand (a snapshot) instead of
-- replaying every change since the clinic began. While one is under way it is kept here, so a
-- cut snapshot resumes where it stopped: the server database it comes from, the server sequence
-- the pulls start after once it is done, the last record applied (table, then id), and how many
-- records were applied of how many. All NULL when no snapshot is under way.
ALTER TABLE local_sync ADD COLUMN snapshot_epoch TEXT;
ALTER TABLE local_sync ADD COLUMN snapshot_as_of INTEGER;
ALTER TABLE local_sync ADD COLUMN snapshot_after_entity TEXT;
ALTER TABLE local_sync ADD COLUMN snapshot_after_id TEXT;
ALTER TABLE local_sync ADD COLUMN snapshot_total INTEGER;
ALTER TABLE local_sync ADD COLUMN snapshot_done INTEGER;
