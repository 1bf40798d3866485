-- The documents offices ask for beyond the first five (issue 24): the old passport, a
-- parent's identity card, the parents' or guardian's consent, the labour office's
-- recommendation, a court decree or official letter, the police report of a loss.
--
-- SQLite cannot change a CHECK constraint: the table is rebuilt with the wider one, the
-- rows copied, the old table dropped and the new one renamed. Nothing refers to
-- application_documents, so nothing cascades, and it has no index beyond its keys.
CREATE TABLE application_documents_new (
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('identity_card', 'family_card', 'birth_certificate',
        'diploma', 'marriage_book', 'old_passport', 'parent_identity_card',
        'guardian_consent_letter', 'labour_recommendation_letter', 'court_decree',
        'police_report')),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    -- SHA-256 of the content, hex: the ETag, and a check on the stored file.
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    uploaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind)
);
INSERT INTO application_documents_new (application_id, kind, media_type, size_bytes, sha256,
    storage_key, uploaded_at)
SELECT application_id, kind, media_type, size_bytes, sha256, storage_key, uploaded_at
FROM application_documents;
DROP TABLE application_documents;
ALTER TABLE application_documents_new RENAME TO application_documents;

-- The kinds the officer saw at the counter without an upload (a walk-in's, say),
-- comma-separated codes; they count as supplied for the check.
ALTER TABLE application_document_checks ADD COLUMN presented TEXT NOT NULL DEFAULT '';
