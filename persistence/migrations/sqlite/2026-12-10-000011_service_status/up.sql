-- The service's status as a system admin sets it (normal, degraded or maintenance, with a
-- message in each language), one row that every api process reads, so that all answer the
-- same. Normal and silent to begin with; `since` stays empty until an admin sets it.
CREATE TABLE service_status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL CHECK (state IN ('normal', 'degraded', 'maintenance')),
    message_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    since TIMESTAMP NULL
);
INSERT INTO service_status (id, state, message_id, message_en, since)
VALUES (1, 'normal', '', '', NULL);
