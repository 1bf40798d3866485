-- Back to one rule per office: the first of its rules (the others are lost; a rule only
-- the new form knows, the month's last day, becomes the 28th).
ALTER TABLE offices ADD COLUMN release_kind TEXT NOT NULL DEFAULT 'weekly'
    CHECK (release_kind IN ('weekly', 'monthly', 'days_ahead'));
ALTER TABLE offices ADD COLUMN release_param INTEGER NOT NULL DEFAULT 5;
ALTER TABLE offices ADD COLUMN release_minute INTEGER NOT NULL DEFAULT 960
    CHECK (release_minute BETWEEN 0 AND 1439);
UPDATE offices SET
    release_kind = CASE release_rules::json -> 0 ->> 'kind'
        WHEN 'last_day_of_month' THEN 'monthly' ELSE release_rules::json -> 0 ->> 'kind' END,
    release_param = CASE release_rules::json -> 0 ->> 'kind'
        WHEN 'last_day_of_month' THEN 28 ELSE (release_rules::json -> 0 ->> 'param')::int END,
    release_minute = (release_rules::json -> 0 ->> 'minute')::int;
ALTER TABLE offices ALTER COLUMN release_kind DROP DEFAULT;
ALTER TABLE offices ALTER COLUMN release_param DROP DEFAULT;
ALTER TABLE offices ALTER COLUMN release_minute DROP DEFAULT;
ALTER TABLE offices DROP COLUMN release_rules;
