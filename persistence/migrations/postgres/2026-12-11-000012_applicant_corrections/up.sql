-- Each correction of an applicant's data: which fields (names only: the old and new values
-- are personal data, the applicant row holds the new ones), who made it (the person or an
-- officer, with the office), when and why. No foreign key: removing an applicant removes its
-- corrections with it.
CREATE TABLE applicant_corrections (
    id TEXT PRIMARY KEY,
    applicant_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    officer_id TEXT,
    office_id TEXT,
    reason TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX applicant_corrections_of_applicant ON applicant_corrections (applicant_id, at);
