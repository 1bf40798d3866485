DROP TRIGGER screenings_no_delete;
CREATE TRIGGER screenings_no_delete BEFORE DELETE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'screenings are append-only');
END;
DROP TRIGGER audit_records_no_delete;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
DROP TABLE erasure_permits;
DROP TABLE pending_file_deletions;
DROP TABLE retention_holds;
