-- What officers record about an application at its office: the document check, the
-- biometrics captured (references only: the service keeps no raw biometrics), the interview
-- and the decision. One row of each per application: a later check, capture or interview
-- replaces the earlier one (the audit trail keeps both), and a decision is taken once.
-- Staff are named by account id, copied rather than referenced, like the audit trail.
CREATE TABLE application_document_checks (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    -- The kinds found missing, comma-separated codes; empty when the documents are complete.
    missing TEXT NOT NULL,
    -- The last day the missing documents may be supplied, and the instant it passes
    -- (midnight after it, at the office), which the deadline job compares with now.
    deadline DATE NULL,
    due_at TIMESTAMP NULL,
    checked_at TIMESTAMP NOT NULL,
    checked_by TEXT NOT NULL
);
CREATE INDEX application_document_checks_due ON application_document_checks (due_at);

CREATE TABLE application_biometrics (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    photo_reference TEXT NOT NULL,
    fingerprints_reference TEXT NOT NULL,
    station_id TEXT NOT NULL,
    captured_at TIMESTAMP NOT NULL,
    captured_by TEXT NOT NULL
);

CREATE TABLE application_interviews (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    -- A JSON array of {"question": ..., "answer": ...}, in the order asked.
    answers TEXT NOT NULL,
    notes TEXT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL
);

-- The NIK is copied so that a person's postponements (and the hold on new applications
-- they impose) are found without going through the applications.
CREATE TABLE application_decisions (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    nik TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'postponed', 'refused')),
    reason_code TEXT NULL,
    hold_until DATE NULL,
    notes TEXT NULL,
    decided_at TIMESTAMP NOT NULL,
    decided_by TEXT NOT NULL,
    CHECK ((outcome = 'postponed') = (hold_until IS NOT NULL))
);
CREATE INDEX application_decisions_nik ON application_decisions (nik, outcome, hold_until);
