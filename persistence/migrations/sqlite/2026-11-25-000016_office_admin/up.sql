-- Office administration.
--
-- A session on a day an office declares a holiday is closed rather than deleted: bookings
-- that lapsed or were cancelled still point at it (their billing codes must keep matching
-- late payments). Closed sessions are not shown or bookable; removing the holiday reopens
-- them.
ALTER TABLE office_sessions ADD COLUMN closed BOOLEAN NOT NULL DEFAULT FALSE;

-- A payment that matched nothing is settled by an admin: refunded, or credited to an
-- application. Who settled it, when, how and why are kept on the payment. SQLite cannot
-- change a CHECK constraint in place, so the table is rebuilt (nothing references it).
CREATE TABLE payments_new (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    billing_code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'unmatched', 'amount_mismatch', 'settled')),
    application_id TEXT NULL REFERENCES applications (id),
    received_at TIMESTAMP NOT NULL,
    settlement_resolution TEXT NULL CHECK (settlement_resolution IN ('refunded', 'applied')),
    settlement_note TEXT NULL,
    -- Copied, not a foreign key: like the audit trail, the record outlives the account.
    settled_by TEXT NULL,
    settled_at TIMESTAMP NULL,
    CHECK ((status = 'settled') = (settlement_resolution IS NOT NULL AND settled_by IS NOT NULL AND settled_at IS NOT NULL))
);
INSERT INTO payments_new (id, event_id, billing_code, amount, paid_at, status, application_id, received_at)
    SELECT id, event_id, billing_code, amount, paid_at, status, application_id, received_at FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_status ON payments (status, received_at);

-- Settings taken from the environment at start, with the value last applied: a restart with
-- the same environment leaves alone what an admin changed since (the tariff switch).
CREATE TABLE applied_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
