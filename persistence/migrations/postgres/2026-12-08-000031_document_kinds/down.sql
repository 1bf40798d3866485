ALTER TABLE application_document_checks DROP COLUMN presented;
-- Documents of the newer kinds are removed with their kinds.
DELETE FROM application_documents WHERE kind NOT IN ('identity_card', 'family_card',
    'birth_certificate', 'diploma', 'marriage_book');
ALTER TABLE application_documents DROP CONSTRAINT application_documents_kind_check;
ALTER TABLE application_documents ADD CONSTRAINT application_documents_kind_check
    CHECK (kind IN ('identity_card', 'family_card', 'birth_certificate', 'diploma',
        'marriage_book'));
