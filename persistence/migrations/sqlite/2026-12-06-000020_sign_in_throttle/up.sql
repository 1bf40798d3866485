-- Failed sign-ins counted per account subject (SHA-256 of the email address tried, so that
-- addresses without an account are counted alike and not kept in the clear) and client
-- address, or '*' for every address together; the addresses an account signed in from;
-- and the per-address rate limits every api process shares (GCRA: the theoretical arrival
-- time of the next request).
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    address TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    since TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP NULL,
    PRIMARY KEY (subject, address)
);
CREATE INDEX sign_in_failures_since ON sign_in_failures (since);

CREATE TABLE sign_in_addresses (
    account_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    last_success_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, address)
);

CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    next_at TIMESTAMP NOT NULL
);
CREATE INDEX rate_limits_next_at ON rate_limits (next_at);
