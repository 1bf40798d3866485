DROP TABLE phone_codes;
ALTER TABLE users DROP COLUMN whatsapp_opted_in_at;
ALTER TABLE users DROP COLUMN phone_verified_at;
DELETE FROM outbox_messages WHERE channel = 'whatsapp';
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_channel_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_channel_check
    CHECK (channel IN ('email', 'push'));
