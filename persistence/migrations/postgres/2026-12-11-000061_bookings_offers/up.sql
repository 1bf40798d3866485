-- The waitlist offers alone, by application: a booking's look asks whether the draft holds
-- a live offer every time it finds a session full, which in a rush is most attempts. Its
-- predicate is written as the query writes it (`WHERE offer`, no parameter), so that a
-- plan made once per connection, while the table was small, can still prove it and use
-- it; given only the other indexes, such a plan read about 20 pages a call (issue 23).
CREATE INDEX bookings_offers ON bookings (application_id) WHERE offer;
