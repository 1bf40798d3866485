DROP TABLE waitlist_entries;
ALTER TABLE bookings DROP COLUMN offer;
