-- WhatsApp notices: a third outbox channel; an account's phone number verified by a code
-- sent to it, and the person's opt-in to WhatsApp notices (its time; NULL once withdrawn).
--
-- SQLite cannot change a CHECK constraint: the outbox table is rebuilt with the new one.
-- No other table refers to it, and it has one index.
CREATE TABLE outbox_messages_rebuilt (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'push', 'whatsapp')),
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
FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_rebuilt RENAME TO outbox_messages;
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);

ALTER TABLE users ADD COLUMN phone_verified_at TIMESTAMP;
ALTER TABLE users ADD COLUMN whatsapp_opted_in_at TIMESTAMP;

-- Codes sent to a phone number, stored only as keyed hashes, each bound to the number it
-- was sent to: a code proves that number and no other.
CREATE TABLE phone_codes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    spent_at TIMESTAMP
);
CREATE INDEX phone_codes_user ON phone_codes (user_id, issued_at);
