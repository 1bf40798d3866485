ALTER TABLE office_sessions DROP COLUMN walk_in_only;
DROP TABLE office_walk_in_only_days;
