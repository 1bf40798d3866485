-- Until when a decided application of a closed account is kept (the later of its decision
-- plus the decision's years and its passport's expiry plus the passport's years); the
-- retention job erases it, and what is kept with it, once that instant passed. One hold per
-- application: the job that deletes it is the one that erases.
CREATE TABLE retention_holds (
    application_id TEXT PRIMARY KEY,
    kept_until TIMESTAMP NOT NULL,
    held_at TIMESTAMP NOT NULL
);
CREATE INDEX retention_holds_by_end ON retention_holds (kept_until);

-- Document files whose rows were erased, still to be deleted from the store: recorded in
-- the erasure's transaction, forgotten once the store deleted them, so that a failure is
-- tried again instead of leaving a scan behind.
CREATE TABLE pending_file_deletions (
    storage_key TEXT PRIMARY KEY,
    since TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);

-- Audit records and screenings stay append-only, except for the rows an erasure permits in
-- its own transaction (the retention job once their period ended): the permit is written,
-- the rows deleted and the permit removed in one transaction, so no other one ever sees it.
CREATE TABLE erasure_permits (
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    PRIMARY KEY (table_name, row_key)
);
DROP TRIGGER audit_records_no_delete;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
WHEN NOT EXISTS (
    SELECT 1 FROM erasure_permits WHERE table_name = 'audit_records' AND row_key = OLD.id
)
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
DROP TRIGGER screenings_no_delete;
CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
WHEN NOT EXISTS (
    SELECT 1 FROM erasure_permits WHERE table_name = 'screenings' AND row_key = OLD.id
)
BEGIN
    SELECT RAISE(ABORT, 'screenings are append-only');
END;
