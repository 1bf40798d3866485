-- The days an office serves walk-ins only (the app cannot serve it that day): no session of
-- the day can be booked in the app, bookings already held stay valid, and walk-ins are
-- registered as usual. The reason is kept in both languages for the app to show.
CREATE TABLE office_walk_in_only_days (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    walk_in_date DATE NOT NULL,
    reason_id TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (office_id, walk_in_date)
);

-- Marked on the day's sessions too, so that availability and booking read it with the
-- session they read anyway, and the session's lock orders a booking against the marking.
ALTER TABLE office_sessions ADD COLUMN walk_in_only BOOLEAN NOT NULL DEFAULT FALSE;
