-- The phones an account receives push notices on. A token names one app install, so it
-- belongs to one account at a time: whoever registered it last. It is looked up by its
-- SHA-256 (hex), because a token may be 4096 characters and PostgreSQL cannot index text
-- that long.
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform TEXT NOT NULL CHECK (platform IN ('android', 'ios')),
    token TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX devices_account ON devices (account_id, updated_at);
