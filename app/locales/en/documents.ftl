# The documents a passport applicant brings: the name of each kind of document, why each
# is asked for, and the checklist's summary. Each message here is also in
# ../id/documents.ftl (the default language), with the same variables.

## The names of the kinds of document (the `kind` codes), with the Indonesian term.

kind-identity_card = Identity card (KTP)
kind-family_card = Family card (Kartu Keluarga)
kind-birth_certificate = Birth certificate (Akta Kelahiran)
kind-diploma = Diploma (Ijazah)
kind-marriage_book = Marriage book (Buku Nikah)
kind-old_passport = Old passport
kind-parent_identity_card = A parent's identity card (KTP)
kind-guardian_consent_letter = Consent letter of the parents or guardian
kind-labour_recommendation_letter = Recommendation letter of the labour office (Dinas Tenaga Kerja)
kind-court_decree = Court decree or official letter
kind-police_report = Police report of the loss

## Why each document is asked for (the `purpose` codes).

purpose-identity = The applicant's electronic identity card, still valid.
purpose-family_record = The family card that lists the applicant.
purpose-birth_record = A document that shows the applicant's name, place and date of birth, and parents' names.
purpose-marriage = The applicant's marriage book: an applicant under 17 who is married is served as an adult.
purpose-parent_identity = The father's or mother's (or guardian's) electronic identity card, still valid.
purpose-child_birth_certificate = The birth certificate of the child the passport is for.
purpose-parents_marriage = The parents' marriage book or marriage certificate; if they divorced, the divorce certificate and the court's custody decree.
purpose-parental_consent = A signed statement on stamp duty paper by both parents or the guardian, allowing the child a passport.
purpose-previous_passport = The passport being replaced, damaged or not.
purpose-loss_report = The police report of the passport's loss, from the station where it was reported.
purpose-change_of_data = The court decree or official's letter on which the change of name or data rests.
purpose-work_recommendation = The passport recommendation letter of the local labour office, for prospective Indonesian migrant workers.

## Additions to a hint, and the checklist's summary.

# $documents: the names of the documents taken in its place, comma-separated.
checklist-alternatives = Accepted in its place: { $documents }.
checklist-optional = Not required, but the officer may ask for it.
# $missing: how many required documents are not uploaded yet.
checklist-summary =
    { $missing ->
        [0] Every required document is uploaded.
        [one] One required document is not uploaded yet.
       *[other] { $missing } required documents are not uploaded yet.
    }
