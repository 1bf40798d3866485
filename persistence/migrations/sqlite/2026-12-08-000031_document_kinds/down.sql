ALTER TABLE application_document_checks DROP COLUMN presented;
CREATE TABLE application_documents_old (
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('identity_card', 'family_card', 'birth_certificate', 'diploma', 'marriage_book')),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    uploaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind)
);
-- Documents of the newer kinds are removed with their kinds.
INSERT INTO application_documents_old (application_id, kind, media_type, size_bytes, sha256,
    storage_key, uploaded_at)
SELECT application_id, kind, media_type, size_bytes, sha256, storage_key, uploaded_at
FROM application_documents
WHERE kind IN ('identity_card', 'family_card', 'birth_certificate', 'diploma', 'marriage_book');
DROP TABLE application_documents;
ALTER TABLE application_documents_old RENAME TO application_documents;
