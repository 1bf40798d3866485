-- Back to `account_id NOT NULL` (refused while walk-ins without an account exist: the copy
-- fails its NOT NULL), rebuilding both tables the same way as up.sql.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE walk_ins;

CREATE TABLE applicants_new (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nik TEXT NOT NULL CHECK (length(nik) = 16),
    full_name TEXT NOT NULL,
    place_of_birth TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    address TEXT NOT NULL,
    father_name TEXT NOT NULL,
    mother_name TEXT NOT NULL,
    marital_status TEXT NOT NULL CHECK (marital_status IN ('single', 'married', 'divorced', 'widowed')),
    dual_citizen_child BOOLEAN NOT NULL,
    previous_passport_number TEXT NULL,
    guardian_nik TEXT NULL CHECK (guardian_nik IS NULL OR length(guardian_nik) = 16),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, nik)
);
INSERT INTO applicants_new (
    id, account_id, nik, full_name, place_of_birth, birth_date, sex, address, father_name,
    mother_name, marital_status, dual_citizen_child, previous_passport_number, guardian_nik,
    created_at, updated_at
)
SELECT
    id, account_id, nik, full_name, place_of_birth, birth_date, sex, address, father_name,
    mother_name, marital_status, dual_citizen_child, previous_passport_number, guardian_nik,
    created_at, updated_at
FROM applicants;
DROP TABLE applicants;
ALTER TABLE applicants_new RENAME TO applicants;
CREATE INDEX applicants_account ON applicants (account_id, created_at);

CREATE TABLE applications_new (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES users (id),
    applicant_id TEXT NOT NULL REFERENCES applicants (id),
    -- Copied from the applicant: the one-active-application rule is per person.
    nik TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Whether the application still counts as the person's one active application.
    active BOOLEAN NOT NULL,
    passport_kind TEXT NOT NULL CHECK (passport_kind IN ('electronic', 'non_electronic')),
    application_kind TEXT NOT NULL CHECK (application_kind IN ('new', 'replacement')),
    replacement_reason TEXT NULL,
    service TEXT NOT NULL CHECK (service IN ('regular', 'same_day')),
    travel_purpose TEXT NOT NULL,
    destination_country TEXT NOT NULL CHECK (length(destination_country) = 2),
    planned_departure DATE NULL,
    address_abroad TEXT NULL,
    length_of_stay_days INTEGER NULL CHECK (length_of_stay_days IS NULL OR length_of_stay_days > 0),
    contact_name TEXT NULL,
    contact_phone TEXT NULL,
    has_return_ticket BOOLEAN NULL,
    accommodation TEXT NULL,
    labour_recommendation_letter BOOLEAN NOT NULL,
    -- Bumped on every change: the ETag of the application.
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Added by 000010_reschedules.
    reschedules INTEGER NOT NULL DEFAULT 0
);
INSERT INTO applications_new (
    id, account_id, applicant_id, nik, status, active, passport_kind, application_kind,
    replacement_reason, service, travel_purpose, destination_country, planned_departure,
    address_abroad, length_of_stay_days, contact_name, contact_phone, has_return_ticket,
    accommodation, labour_recommendation_letter, version, created_at, updated_at, reschedules
)
SELECT
    id, account_id, applicant_id, nik, status, active, passport_kind, application_kind,
    replacement_reason, service, travel_purpose, destination_country, planned_departure,
    address_abroad, length_of_stay_days, contact_name, contact_phone, has_return_ticket,
    accommodation, labour_recommendation_letter, version, created_at, updated_at, reschedules
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_account ON applications (account_id, created_at);
-- At most one active application per person, enforced by the database under any concurrency.
CREATE UNIQUE INDEX applications_one_active_per_nik ON applications (nik) WHERE active;

CREATE TEMP TABLE walk_ins_foreign_key_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO walk_ins_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE walk_ins_foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
