DROP INDEX bookings_holds_due;
