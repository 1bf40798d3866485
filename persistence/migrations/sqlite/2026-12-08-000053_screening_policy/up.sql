-- The trafficking screening policy as data: each change a new version, never edited (the
-- database refuses it); the newest is in force. Version 1 is the service's built-in default
-- (ages 17-45, Malaysia, Cambodia, Vietnam and the Middle East, tourist stays over 30 days).
--
-- Each recorded screening keeps the version it was judged by and what it found, so that a
-- decision can be explained later whatever the policy has become since.
CREATE TABLE screening_policies (
    version INTEGER PRIMARY KEY CHECK (version >= 1),
    watched_age_from INTEGER NOT NULL CHECK (watched_age_from BETWEEN 0 AND 120),
    watched_age_to INTEGER NOT NULL CHECK (watched_age_to BETWEEN 0 AND 120),
    long_tourist_stay_days INTEGER NOT NULL CHECK (long_tourist_stay_days BETWEEN 0 AND 3650),
    -- ISO 3166-1 alpha-2 codes separated by commas, in the order given; empty for none.
    watched_destinations TEXT NOT NULL,
    -- NULL for the built-in default, which no one set.
    created_at TIMESTAMP NULL,
    created_by TEXT NULL,
    CHECK (watched_age_from <= watched_age_to)
);
INSERT INTO screening_policies (version, watched_age_from, watched_age_to,
    long_tourist_stay_days, watched_destinations, created_at, created_by)
VALUES (1, 17, 45, 30, 'MY,KH,VN,SA,AE,QA,KW,BH,OM,YE,JO,IQ,SY,LB', NULL, NULL);

CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    policy_version INTEGER NOT NULL REFERENCES screening_policies (version),
    -- What was found: a JSON list of {"code", "reason"}, in the indicators' order.
    indicators TEXT NOT NULL,
    screened_at TIMESTAMP NOT NULL,
    -- The staff account that asked for it.
    screened_by TEXT NOT NULL
);
CREATE INDEX screenings_application ON screenings (application_id, screened_at);

CREATE TRIGGER screening_policies_no_update BEFORE UPDATE ON screening_policies
BEGIN
    SELECT RAISE(ABORT, 'screening policies are append-only');
END;
CREATE TRIGGER screening_policies_no_delete BEFORE DELETE ON screening_policies
BEGIN
    SELECT RAISE(ABORT, 'screening policies are append-only');
END;
CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'screenings are append-only');
END;
CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'screenings are append-only');
END;
