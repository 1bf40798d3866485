-- Integrator clients and their outgoing webhooks.
--
-- A client's secret is kept only as a SHA-256 hash (it is 256 random bits: no dictionary
-- to try). Revoking sets `revoked_at`; the row stays, for the audit trail and the log.
-- A subscription's signing secret is kept as given out: the server needs it to sign.
CREATE TABLE integrator_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP NULL
);
-- One active client per name, so that a retried creation cannot make a second one.
CREATE UNIQUE INDEX integrator_clients_active_name ON integrator_clients (name)
    WHERE revoked_at IS NULL;

CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES integrator_clients (id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP NULL
);
-- One active subscription per client and URL: a retried creation is refused, not doubled.
CREATE UNIQUE INDEX webhook_subscriptions_active_url ON webhook_subscriptions (client_id, url)
    WHERE deleted_at IS NULL;

-- An event as it is sent, byte for byte: every delivery and replay sends this body.
CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One event to one subscription. Claimed by a worker with a lease (`claimed_until`), like
-- the outbox; retried until `retry_until`.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_id TEXT NOT NULL REFERENCES webhook_events (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP NULL,
    retry_until TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP NULL,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);

-- Every attempt and its outcome: the HTTP status, or why nothing was answered.
CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at TIMESTAMP NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER NULL,
    error TEXT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
