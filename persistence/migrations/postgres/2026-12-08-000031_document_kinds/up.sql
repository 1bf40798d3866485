-- The documents offices ask for beyond the first five (issue 24): the old passport, a
-- parent's identity card, the parents' or guardian's consent, the labour office's
-- recommendation, a court decree or official letter, the police report of a loss.
ALTER TABLE application_documents DROP CONSTRAINT application_documents_kind_check;
ALTER TABLE application_documents ADD CONSTRAINT application_documents_kind_check
    CHECK (kind IN ('identity_card', 'family_card', 'birth_certificate', 'diploma',
        'marriage_book', 'old_passport', 'parent_identity_card', 'guardian_consent_letter',
        'labour_recommendation_letter', 'court_decree', 'police_report'));

-- The kinds the officer saw at the counter without an upload (a walk-in's, say),
-- comma-separated codes; they count as supplied for the check.
ALTER TABLE application_document_checks ADD COLUMN presented TEXT NOT NULL DEFAULT '';
