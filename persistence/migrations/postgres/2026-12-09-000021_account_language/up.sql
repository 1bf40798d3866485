-- The language an account reads what is sent to it later (emails, push, reminders) in:
-- 'id' (Bahasa Indonesia, the default) or 'en'.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'id';
