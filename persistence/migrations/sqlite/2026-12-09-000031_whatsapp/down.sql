DROP TABLE phone_codes;
ALTER TABLE users DROP COLUMN whatsapp_opted_in_at;
ALTER TABLE users DROP COLUMN phone_verified_at;
DELETE FROM outbox_messages WHERE channel = 'whatsapp';
ALTER TABLE outbox_messages RENAME COLUMN channel TO channel_with_whatsapp;
ALTER TABLE outbox_messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'push'));
UPDATE outbox_messages SET channel = channel_with_whatsapp;
ALTER TABLE outbox_messages DROP COLUMN channel_with_whatsapp;
