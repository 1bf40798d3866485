ALTER TABLE applications DROP COLUMN reschedules;
