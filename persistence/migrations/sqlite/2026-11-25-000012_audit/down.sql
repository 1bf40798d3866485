DROP TABLE office_holidays;
DROP TRIGGER audit_records_no_delete;
DROP TRIGGER audit_records_no_update;
DROP TABLE audit_records;
