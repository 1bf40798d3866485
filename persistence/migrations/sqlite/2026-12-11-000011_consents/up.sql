-- What each account holder agreed to, and when they withdrew it: a record per grant, kept
-- after its withdrawal (the history is the proof). At most one open record per account and
-- purpose, held by the partial unique index however many requests race.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    version TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE UNIQUE INDEX consents_one_open ON consents (user_id, purpose) WHERE withdrawn_at IS NULL;
CREATE INDEX consents_of_user ON consents (user_id, granted_at);
