-- The reminders sent, one row each: the key makes each reminder go out once, however many
-- api processes look for due ones at once (the row is inserted in the transaction that
-- enqueues the reminder's messages; a second insert fails and rolls its copy back).
-- `occasion` names what the reminder is about: the booking's session for an appointment
-- (a new one after a reschedule), the booking for a payment deadline, the passport for
-- its collection.
CREATE TABLE reminders_sent (
    kind TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id),
    occasion TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, application_id, occasion)
);
