-- Payment notices refused because a field broke the contract, once their sender was
-- authenticated: kept for a system admin with what was received (its first bytes, control
-- characters escaped) and why. Nothing else is changed by such a notice.
CREATE TABLE rejected_payment_notices (
    id TEXT PRIMARY KEY,
    received_at TIMESTAMP NOT NULL,
    sender TEXT NOT NULL,
    status INTEGER NOT NULL,
    field TEXT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL,
    body_bytes BIGINT NOT NULL
);
CREATE INDEX rejected_payment_notices_received ON rejected_payment_notices (received_at, id);
