-- Who looked: each read of an application's document by an officer or office admin. The
-- applicant sees the office and when; the staff account is kept for the audit. No foreign
-- key on the application: erasing an account's data decides what becomes of these rows.
CREATE TABLE document_reads (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    office_id TEXT NOT NULL,
    staff_account_id TEXT NOT NULL,
    read_at TIMESTAMP NOT NULL
);
CREATE INDEX document_reads_by_application ON document_reads (application_id, read_at, id);
