DROP TABLE applied_settings;
CREATE TABLE payments_old (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    billing_code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'unmatched', 'amount_mismatch')),
    application_id TEXT NULL REFERENCES applications (id),
    received_at TIMESTAMP NOT NULL
);
INSERT INTO payments_old (id, event_id, billing_code, amount, paid_at, status, application_id, received_at)
    SELECT id, event_id, billing_code, amount, paid_at,
           CASE status WHEN 'settled' THEN 'unmatched' ELSE status END,
           application_id, received_at
    FROM payments;
DROP TABLE payments;
ALTER TABLE payments_old RENAME TO payments;
CREATE INDEX payments_status ON payments (status, received_at);
ALTER TABLE office_sessions DROP COLUMN closed;
