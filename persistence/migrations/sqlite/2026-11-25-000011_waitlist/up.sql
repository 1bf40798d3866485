-- The waitlist: applications waiting for a place at an office within a date range. A freed
-- place is offered to the first in line as a booking row marked `offer`, held 15 minutes
-- (it counts against the capacity like any hold) until the applicant books it.
ALTER TABLE bookings ADD COLUMN offer BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE waitlist_entries (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    office_id TEXT NOT NULL REFERENCES offices (id),
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('regular', 'same_day')),
    status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'lapsed', 'withdrawn')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX waitlist_entries_line ON waitlist_entries (status, created_at);
