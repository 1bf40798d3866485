DROP TABLE phone_codes;
ALTER TABLE users DROP COLUMN whatsapp_opted_in_at;
ALTER TABLE users DROP COLUMN phone_verified_at;
CREATE TABLE outbox_messages_rebuilt (
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
INSERT INTO outbox_messages_rebuilt (id, channel, recipient, subject, body, code, status,
    attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at)
SELECT id, channel, recipient, subject, body, code, status, attempts, next_attempt_at,
    claimed_until, last_error, created_at, sent_at
FROM outbox_messages WHERE channel <> 'whatsapp';
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_rebuilt RENAME TO outbox_messages;
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);
