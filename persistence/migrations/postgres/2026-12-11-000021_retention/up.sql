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
CREATE FUNCTION append_only_unless_erasure_permitted() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM erasure_permits WHERE table_name = TG_TABLE_NAME AND row_key = OLD.id
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER audit_records_no_update ON audit_records;
CREATE TRIGGER audit_records_no_update BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION append_only_unless_erasure_permitted();
DROP TRIGGER screenings_no_update ON screenings;
CREATE TRIGGER screenings_no_update BEFORE UPDATE OR DELETE ON screenings
    FOR EACH ROW EXECUTE FUNCTION append_only_unless_erasure_permitted();
