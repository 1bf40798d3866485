DROP INDEX applications_nik;
DROP TABLE booking_limits;
