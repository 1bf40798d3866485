-- How many times a paid application moved its appointment (once is allowed).
ALTER TABLE applications ADD COLUMN reschedules INTEGER NOT NULL DEFAULT 0;
