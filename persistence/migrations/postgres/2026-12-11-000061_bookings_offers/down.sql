DROP INDEX bookings_offers;
