-- Idempotency keys: the first answer to a POST that creates or pays, kept for a day so
-- that a client retrying with the same `Idempotency-Key` gets it again instead of a second
-- booking or payment.
--
-- A row is inserted before the handler runs (status NULL: in flight) and completed with the
-- answer afterwards; the primary key makes two concurrent requests with one key race for a
-- single insert. `account_id` is the caller's id as its token names it; there is no foreign
-- key, because rows leave by expiry, not with an account, and callers other than users
-- (integrators) will use keys too.
CREATE TABLE idempotency_keys (
    account_id TEXT NOT NULL,
    key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- SHA-256 (hex) of method, path and body: the same key with another request is refused.
    request_hash TEXT NOT NULL,
    status INTEGER NULL CHECK (status IS NULL OR status BETWEEN 100 AND 599),
    -- A JSON array of [name, value] pairs.
    response_headers TEXT NULL,
    response_body BLOB NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
