-- The transactional outbox: messages to send (email now, push later), inserted in the same
-- transaction as the change that causes them and delivered afterwards by a worker.
--
-- A worker claims a message by setting `claimed_until` (a lease): while that lies in the
-- future no other worker takes it; if the worker dies, the lease lapses and the message is
-- retried. `code` and `body` are cleared once the message is delivered or given up, because
-- they carry one-time codes.
CREATE TABLE outbox_messages (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'push')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    code TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);
