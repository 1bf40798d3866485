-- Which application each expired or cancelled one was started again as: one restart per
-- application, held by the primary key however many requests race. The new draft may be
-- deleted later (no foreign key on it), and the old one still counts as restarted.
CREATE TABLE application_restarts (
    from_application_id TEXT PRIMARY KEY REFERENCES applications (id),
    to_application_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
