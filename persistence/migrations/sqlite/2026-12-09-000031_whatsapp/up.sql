-- WhatsApp notices: a third outbox channel; an account's phone number verified by a code
-- sent to it, and the person's opt-in to WhatsApp notices (its time; NULL once withdrawn).
--
-- SQLite cannot change a CHECK constraint, so the channel column is replaced by one with
-- the new check (renamed, added anew, copied, dropped) rather than the table rebuilt:
-- columns other migrations add to the outbox stay as they are. The default only lets the
-- column be added to a table with rows; every message names its channel.
ALTER TABLE outbox_messages RENAME COLUMN channel TO channel_before_whatsapp;
ALTER TABLE outbox_messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'push', 'whatsapp'));
UPDATE outbox_messages SET channel = channel_before_whatsapp;
ALTER TABLE outbox_messages DROP COLUMN channel_before_whatsapp;

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
