-- Walk-ins registered at the office: people with no app account (priority applicants,
-- lost or damaged passports after an examination, same-day walk-ins). Their applicant and
-- application belong to no account.
ALTER TABLE applicants ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE applications ALTER COLUMN account_id DROP NOT NULL;

-- One row per walk-in: why it was served from which quota, and who registered it. The
-- registering officer is copied, not a foreign key, as in the audit trail.
CREATE TABLE walk_ins (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    office_id TEXT NOT NULL REFERENCES offices (id),
    -- The office-local date of the visit (the day it was registered).
    visit_date DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('priority', 'replacement_examination', 'same_day')),
    -- The priority grounds met, comma-separated codes ('' unless kind is priority).
    priority_grounds TEXT NOT NULL,
    -- The loss or damage came from a disaster (no penalty).
    disaster BOOLEAN NOT NULL,
    -- The examination report (BAP) number of a lost or damaged passport.
    examination_reference TEXT NULL,
    registered_by TEXT NOT NULL,
    registered_at TIMESTAMP NOT NULL
);
CREATE INDEX walk_ins_office_day ON walk_ins (office_id, visit_date, registered_at);
