ALTER TABLE office_sessions DROP COLUMN kind_limit_non_electronic;
ALTER TABLE office_sessions DROP COLUMN kind_limit_electronic;
ALTER TABLE session_templates DROP COLUMN kind_limit_non_electronic;
ALTER TABLE session_templates DROP COLUMN kind_limit_electronic;
