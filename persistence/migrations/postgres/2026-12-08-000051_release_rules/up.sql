-- Several release rules per office (e.g. on the 15th and on the month's last day), each for
-- some days of the month: kept as a JSON list in the office's row (persistence's
-- release_rules.rs reads and writes it), so that reading an office stays one statement.
-- Each office's single rule becomes the one rule for every day of the month.
ALTER TABLE offices ADD COLUMN release_rules TEXT NOT NULL DEFAULT '[]';
UPDATE offices SET release_rules = '[{"kind":"' || release_kind || '","param":' || release_param
    || ',"minute":' || release_minute || ',"first_day":1,"last_day":31}]';
ALTER TABLE offices ALTER COLUMN release_rules DROP DEFAULT;
ALTER TABLE offices DROP COLUMN release_kind;
ALTER TABLE offices DROP COLUMN release_param;
ALTER TABLE offices DROP COLUMN release_minute;
