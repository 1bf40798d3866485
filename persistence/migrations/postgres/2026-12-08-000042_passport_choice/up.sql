-- The validity an applicant chose on a draft (NULL: the longest the rules give them), and
-- the office the draft is for, if named (its kinds of passport are checked against it).
ALTER TABLE applications ADD COLUMN validity_years INTEGER NULL;
ALTER TABLE applications ADD COLUMN office_id TEXT NULL REFERENCES offices (id);
-- An office that issues electronic passports only offers no non-electronic passport.
ALTER TABLE offices ADD COLUMN electronic_only BOOLEAN NOT NULL DEFAULT FALSE;
