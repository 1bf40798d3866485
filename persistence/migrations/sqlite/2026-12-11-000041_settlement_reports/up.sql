-- A grace period after the payment deadline: an unpaid booking's place stays held (counted
-- against its session) until held_until, though its application expired at the deadline,
-- so that a payment made in time whose notice is late finds its place. NULL: the place is
-- held as long as hold_deadline says (offers, paid bookings, bookings made before this).
ALTER TABLE bookings ADD COLUMN held_until TIMESTAMP;

-- The payment channel's daily settlement reports, each imported once (by its content's
-- SHA-256): who imported it, when, and what became of its lines.
CREATE TABLE settlement_reports (
    id TEXT PRIMARY KEY NOT NULL,
    content_sha256 TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    line_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX settlement_reports_content ON settlement_reports (content_sha256);

-- One line of a report: what it said and what became of it (pending until reconciled).
CREATE TABLE settlement_lines (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES settlement_reports (id),
    line_number INTEGER NOT NULL,
    billing_code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    ntpn TEXT NOT NULL,
    paid_at TIMESTAMP NOT NULL,
    channel TEXT,
    outcome TEXT NOT NULL,
    reason TEXT,
    application_id TEXT,
    session_id TEXT,
    reconciled_at TIMESTAMP
);
CREATE UNIQUE INDEX settlement_lines_of_report ON settlement_lines (report_id, line_number);
CREATE INDEX settlement_lines_by_outcome ON settlement_lines (outcome, reconciled_at, id);
