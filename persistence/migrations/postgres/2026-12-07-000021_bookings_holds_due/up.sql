-- The expiry job's reads (unpaid holds and offers whose deadline has passed and that are
-- not given back yet) by deadline, over the few rows still waiting on one: a paid place
-- keeps no deadline. Without it each run scanned every booking ever made (issue 23).
CREATE INDEX bookings_holds_due ON bookings (hold_deadline)
    WHERE released_at IS NULL AND hold_deadline IS NOT NULL;
