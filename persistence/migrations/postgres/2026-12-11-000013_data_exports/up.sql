-- A person's request for a copy of their data, and the archive built for it. The archive is
-- kept in the row (any api process serves it) until it expires, 7 days after it was ready;
-- then the bytes go and the row stays as "expired". One export in progress per account,
-- held by the partial unique index.
CREATE TABLE data_exports (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL,
    steps_done INTEGER NOT NULL,
    steps_total INTEGER NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    ready_at TIMESTAMP,
    expires_at TIMESTAMP,
    archive BYTEA,
    archive_bytes BIGINT
);
CREATE UNIQUE INDEX data_exports_one_in_progress ON data_exports (account_id)
    WHERE state IN ('pending', 'building');
CREATE INDEX data_exports_by_state ON data_exports (state, requested_at);
