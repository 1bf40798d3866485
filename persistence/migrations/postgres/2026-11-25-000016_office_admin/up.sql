-- Office administration.
--
-- A session on a day an office declares a holiday is closed rather than deleted: bookings
-- that lapsed or were cancelled still point at it (their billing codes must keep matching
-- late payments). Closed sessions are not shown or bookable; removing the holiday reopens
-- them.
ALTER TABLE office_sessions ADD COLUMN closed BOOLEAN NOT NULL DEFAULT FALSE;

-- A payment that matched nothing is settled by an admin: refunded, or credited to an
-- application. Who settled it, when, how and why are kept on the payment.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('applied', 'unmatched', 'amount_mismatch', 'settled'));
ALTER TABLE payments ADD COLUMN settlement_resolution TEXT NULL
    CHECK (settlement_resolution IN ('refunded', 'applied'));
ALTER TABLE payments ADD COLUMN settlement_note TEXT NULL;
-- Copied, not a foreign key: like the audit trail, the record outlives the account.
ALTER TABLE payments ADD COLUMN settled_by TEXT NULL;
ALTER TABLE payments ADD COLUMN settled_at TIMESTAMP NULL;
ALTER TABLE payments ADD CONSTRAINT payments_settled_has_settlement
    CHECK ((status = 'settled') = (settlement_resolution IS NOT NULL AND settled_by IS NOT NULL AND settled_at IS NOT NULL));

-- Settings taken from the environment at start, with the value last applied: a restart with
-- the same environment leaves alone what an admin changed since (the tariff switch).
CREATE TABLE applied_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
