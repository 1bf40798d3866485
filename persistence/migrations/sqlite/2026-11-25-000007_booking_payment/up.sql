-- A booking belongs to an application and carries its billing code and amount; payment
-- notices are kept whatever became of them (applied, unmatched, wrong amount).
ALTER TABLE bookings ADD COLUMN application_id TEXT NULL REFERENCES applications (id);
ALTER TABLE bookings ADD COLUMN billing_code TEXT NULL;
ALTER TABLE bookings ADD COLUMN amount BIGINT NULL;
CREATE UNIQUE INDEX bookings_billing_code ON bookings (billing_code);
CREATE INDEX bookings_application ON bookings (application_id);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    billing_code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'unmatched', 'amount_mismatch')),
    application_id TEXT NULL REFERENCES applications (id),
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_status ON payments (status, received_at);
