DROP TABLE office_holidays;
DROP TABLE audit_records;
DROP FUNCTION audit_records_append_only();
