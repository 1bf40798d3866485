DROP TABLE payments;
DROP INDEX bookings_application;
DROP INDEX bookings_billing_code;
ALTER TABLE bookings DROP COLUMN amount;
ALTER TABLE bookings DROP COLUMN billing_code;
ALTER TABLE bookings DROP COLUMN application_id;
