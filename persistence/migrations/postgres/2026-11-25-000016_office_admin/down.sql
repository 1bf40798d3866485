DROP TABLE applied_settings;
ALTER TABLE payments DROP CONSTRAINT payments_settled_has_settlement;
ALTER TABLE payments DROP COLUMN settled_at;
ALTER TABLE payments DROP COLUMN settled_by;
ALTER TABLE payments DROP COLUMN settlement_note;
ALTER TABLE payments DROP COLUMN settlement_resolution;
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
UPDATE payments SET status = 'unmatched' WHERE status = 'settled';
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('applied', 'unmatched', 'amount_mismatch'));
ALTER TABLE office_sessions DROP COLUMN closed;
