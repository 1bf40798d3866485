DROP TABLE settlement_lines;
DROP TABLE settlement_reports;
ALTER TABLE bookings DROP COLUMN held_until;
