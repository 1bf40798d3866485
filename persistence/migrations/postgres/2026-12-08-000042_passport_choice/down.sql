ALTER TABLE offices DROP COLUMN electronic_only;
ALTER TABLE applications DROP COLUMN office_id;
ALTER TABLE applications DROP COLUMN validity_years;
