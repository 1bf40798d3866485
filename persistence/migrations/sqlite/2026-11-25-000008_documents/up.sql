-- The documents of an application (identity card, family card, ...), at most one of each
-- kind: the file lives in the document store under `storage_key`, a name the server made
-- up (never the client's), and is recorded here only once it is completely written.
CREATE TABLE application_documents (
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('identity_card', 'family_card', 'birth_certificate', 'diploma', 'marriage_book')),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    -- SHA-256 of the content, hex: the ETag, and a check on the stored file.
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    uploaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind)
);
