-- The people an account applies for (the holder and family members, at most 5 in all),
-- their applications with status history, and one active application per NIK.
CREATE TABLE applicants (
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
CREATE INDEX applicants_account ON applicants (account_id, created_at);

CREATE TABLE applications (
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
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX applications_account ON applications (account_id, created_at);
-- At most one active application per person, enforced by the database under any concurrency.
CREATE UNIQUE INDEX applications_one_active_per_nik ON applications (nik) WHERE active;

CREATE TABLE application_history (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX application_history_application ON application_history (application_id, at);
