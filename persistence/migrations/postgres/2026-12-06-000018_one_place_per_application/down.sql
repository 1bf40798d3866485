-- The repair's releases and audit records stay: they record what happened.
DROP INDEX bookings_one_place_per_application;
