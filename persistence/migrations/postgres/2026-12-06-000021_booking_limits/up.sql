-- The limits a booking must pass besides a free place (holding brokers back), one row a
-- system admin changes; the service's defaults to begin with.
CREATE TABLE booking_limits (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    lapses_before_cooldown INTEGER NOT NULL CHECK (lapses_before_cooldown >= 0),
    lapse_window_days INTEGER NOT NULL CHECK (lapse_window_days >= 1),
    cooldown_days INTEGER NOT NULL CHECK (cooldown_days >= 0),
    holds_per_account INTEGER NOT NULL CHECK (holds_per_account >= 1),
    bookings_per_release INTEGER NOT NULL CHECK (bookings_per_release >= 1),
    updated_at TIMESTAMP NULL
);
INSERT INTO booking_limits (id, lapses_before_cooldown, lapse_window_days, cooldown_days,
    holds_per_account, bookings_per_release, updated_at)
VALUES (1, 2, 30, 7, 5, 10, NULL);
-- A person's applications, active or not, are looked up by NIK (their lapses and
-- cancellations then by application, in history's own index).
CREATE INDEX applications_nik ON applications (nik);
