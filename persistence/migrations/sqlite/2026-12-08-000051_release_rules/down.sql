-- Back to one rule per office: the first of its rules (the others are lost; a rule only
-- the new form knows, the month's last day, becomes the 28th).
ALTER TABLE offices ADD COLUMN release_kind TEXT NOT NULL DEFAULT 'weekly'
    CHECK (release_kind IN ('weekly', 'monthly', 'days_ahead'));
ALTER TABLE offices ADD COLUMN release_param INTEGER NOT NULL DEFAULT 5;
ALTER TABLE offices ADD COLUMN release_minute INTEGER NOT NULL DEFAULT 960
    CHECK (release_minute BETWEEN 0 AND 1439);
UPDATE offices SET
    release_kind = CASE json_extract(release_rules, '$[0].kind')
        WHEN 'last_day_of_month' THEN 'monthly' ELSE json_extract(release_rules, '$[0].kind') END,
    release_param = CASE json_extract(release_rules, '$[0].kind')
        WHEN 'last_day_of_month' THEN 28 ELSE json_extract(release_rules, '$[0].param') END,
    release_minute = json_extract(release_rules, '$[0].minute');
ALTER TABLE offices DROP COLUMN release_rules;
