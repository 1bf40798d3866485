-- Passports issued for approved applications, and their hand-overs.
--
-- The number is unique (the server draws it at random and draws again on a clash); an
-- application has at most one passport. `collect_by` is fixed at issuance: 30 days after
-- the ready date. The holder's name and NIK are copied: the book carries what was true
-- when it was printed, whatever the applicant's record says later.
CREATE TABLE passports (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    office_id TEXT NOT NULL REFERENCES offices (id),
    kind TEXT NOT NULL CHECK (kind IN ('electronic', 'non_electronic')),
    chip BOOLEAN NOT NULL,
    holder_name TEXT NOT NULL,
    holder_nik TEXT NOT NULL,
    issue_date DATE NOT NULL,
    expiry_date DATE NOT NULL,
    ready_date DATE NOT NULL,
    collect_by DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('issued', 'ready', 'collected', 'cancelled')),
    issued_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (expiry_date > issue_date AND ready_date >= issue_date AND collect_by >= ready_date)
);
-- What the collection job looks for: books still to be made ready or collected, by date.
CREATE INDEX passports_due ON passports (status, ready_date);

-- Who received a passport, what the officer checked, and who handed it over. One per
-- passport; the NIK, family card and power of attorney only where the recipient needs them.
CREATE TABLE passport_hand_overs (
    passport_id TEXT PRIMARY KEY REFERENCES passports (id),
    recipient TEXT NOT NULL CHECK (recipient IN ('holder', 'family_member', 'proxy')),
    recipient_name TEXT NOT NULL,
    recipient_nik TEXT NULL,
    family_card_number TEXT NULL,
    power_of_attorney_reference TEXT NULL,
    officer_id TEXT NOT NULL,
    handed_over_at TIMESTAMP NOT NULL
);
