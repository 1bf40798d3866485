DROP TRIGGER screenings_no_update ON screenings;
CREATE TRIGGER screenings_no_update BEFORE UPDATE OR DELETE ON screenings
    FOR EACH ROW EXECUTE FUNCTION screening_append_only();
DROP TRIGGER audit_records_no_update ON audit_records;
CREATE TRIGGER audit_records_no_update BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
DROP FUNCTION append_only_unless_erasure_permitted();
DROP TABLE erasure_permits;
DROP TABLE pending_file_deletions;
DROP TABLE retention_holds;
