-- Refused while walk-ins without an account exist (the NOT NULL fails).
DROP TABLE walk_ins;
ALTER TABLE applications ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE applicants ALTER COLUMN account_id SET NOT NULL;
