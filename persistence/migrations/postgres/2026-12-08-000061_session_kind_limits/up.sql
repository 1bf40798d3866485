-- An office's optional limit per passport kind on the app bookings of a session, set on
-- its weekly templates (copied into the dated sessions they make) and on dated sessions.
-- NULL is no limit: every existing office and session stays as it was.
ALTER TABLE session_templates ADD COLUMN kind_limit_electronic INTEGER;
ALTER TABLE session_templates ADD COLUMN kind_limit_non_electronic INTEGER;
ALTER TABLE office_sessions ADD COLUMN kind_limit_electronic INTEGER;
ALTER TABLE office_sessions ADD COLUMN kind_limit_non_electronic INTEGER;
