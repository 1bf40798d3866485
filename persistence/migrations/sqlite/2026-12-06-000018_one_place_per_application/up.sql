-- One place per application, by construction.
--
-- Until this version concurrent bookings of one draft could each take a place (the booking
-- did not lock the application; SQLite serialised its writers, but a database moved from
-- PostgreSQL may hold such rows). First the repair: an application holding more than one
-- live booking (not given back, not a waitlist offer) keeps one, the paid one or else the
-- earliest, and the others are given back now, their places free at once, each with an
-- audit record by the system. Then the partial unique index that allows one such booking
-- per application from here on, whatever a future caller forgets.
CREATE TEMPORARY TABLE repair_extra_bookings AS
SELECT id, office_id, application_id, billing_code FROM (
    SELECT b.id, s.office_id, b.application_id, b.billing_code,
           ROW_NUMBER() OVER (
               PARTITION BY b.application_id
               ORDER BY (b.hold_deadline IS NULL) DESC, b.created_at, b.id
           ) AS place
    FROM bookings b
    JOIN office_sessions s ON s.id = b.session_id
    WHERE b.application_id IS NOT NULL AND b.released_at IS NULL AND b.offer = FALSE
) WHERE place > 1;

INSERT INTO audit_records (id, at, actor_id, actor_role, office_id, action, object_type,
                           object_id, before_state, after_state)
SELECT 'repair-' || id, strftime('%Y-%m-%d %H:%M:%f', 'now'), 'system', 'system', office_id,
       'booking.release_duplicate', 'booking', id,
       json_object('application_id', application_id, 'billing_code', billing_code,
                   'released', json('false')),
       json_object('application_id', application_id, 'billing_code', billing_code,
                   'released', json('true'), 'reason', 'a second place held by one application')
FROM repair_extra_bookings;

UPDATE bookings SET released_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE id IN (SELECT id FROM repair_extra_bookings);

DROP TABLE repair_extra_bookings;

CREATE UNIQUE INDEX bookings_one_place_per_application ON bookings (application_id)
    WHERE released_at IS NULL AND offer = FALSE;
