ALTER TABLE payments DROP COLUMN channel;
ALTER TABLE payments DROP COLUMN ntpn;
