-- The audit trail of staff actions, and each office's holidays.
--
-- Audit records are append-only: triggers refuse every UPDATE and DELETE, so that not even a
-- bug in a route can rewrite history. The actor is copied (not a foreign key): a record
-- outlives the account that made it.
CREATE TABLE audit_records (
    id TEXT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    office_id TEXT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before_state TEXT NULL,
    after_state TEXT NULL
);
CREATE INDEX audit_records_office ON audit_records (office_id, at, id);
CREATE INDEX audit_records_object ON audit_records (object_id, at);

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

-- Days an office is closed besides weekends (public holidays, collective leave).
CREATE TABLE office_holidays (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    holiday_date DATE NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (office_id, holiday_date)
);
