//! The documents each person must bring: the checklist of an application (required,
//! optional, uploaded, missing) for an adult's first passport, a minor's, and a lost
//! passport's walk-in; what uploading changes; its texts in Indonesian or English as
//! `Accept-Language` asks, the codes the same in both; who may read it; and the officer's
//! document check held to the same rule (complete refused while a required document is
//! neither uploaded nor presented, and nothing changed by the refusal).

use diesel::prelude::*;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicantDto, ApplicantGroupDto, ApplicationDto, DocumentChecklistDto, DocumentKindDto as K,
    DocumentList, DocumentNeedDto, DocumentPurposeDto as P, LanguageDto, OfficeApplicationDto,
    TokenPairDto, WalkInDto,
};
use paspor_persistence::schema::{application_document_checks, audit_records};
use reqwest::Method;
use serde_json::{Value, json};

use crate::office_walk_ins::{person, walk_in};
use crate::support::{
    AT_ONCE, Answer, DATE, SEED_OFFICE_ID, TestApp, access, add_applicant, at_once, draft, nth_nik,
    paid_application, pay, seed_session_on_date, split, upload_document,
};

/// Today at the seed office when every test starts (Wednesday, 10:00 WIB).
const TODAY: &str = "2026-11-25";

fn checklist_path(id: &str) -> String {
    format!("/v1/applications/{id}/document-checklist")
}

fn office_checklist_path(id: &str) -> String {
    format!("/v1/office/applications/{id}/document-checklist")
}

fn check_path(id: &str) -> String {
    format!("/v1/office/applications/{id}/document-check")
}

/// `GET path` with a bearer token and extra headers (no `Accept-Language` but theirs).
async fn get(app: &TestApp, token: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let bearer = format!("Bearer {token}");
    let mut all = vec![("authorization", bearer.as_str())];
    all.extend_from_slice(headers);
    app.request_unlabelled(Method::GET, path, &all).await
}

/// The checklist as answered, which must be a 200 in `language`.
#[track_caller]
fn read(answer: &Answer, language: &str) -> DocumentChecklistDto {
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    assert_eq!(answer.header("content-language"), language);
    assert!(
        answer.header("vary").contains("Accept-Language"),
        "{:?}",
        answer.headers
    );
    answer.parse()
}

/// The checklist of one of the caller's applications, in Indonesian (no `Accept-Language`).
async fn checklist(app: &TestApp, tokens: &TokenPairDto, id: &str) -> DocumentChecklistDto {
    let bearer = format!("Bearer {}", access(tokens));
    let path = checklist_path(id);
    let answer = app
        .request_unlabelled(Method::GET, &path, &[("authorization", bearer.as_str())])
        .await;
    read(&answer, "id")
}

/// (purpose, requirement, kind) of each item, in order.
fn lines(checklist: &DocumentChecklistDto) -> Vec<(P, DocumentNeedDto, K)> {
    checklist
        .items
        .iter()
        .map(|item| (item.purpose, item.requirement, item.kind))
        .collect()
}

/// A new draft of the signed-in applicant for the person `body` (an applicant's JSON).
async fn draft_for(app: &TestApp, tokens: &TokenPairDto, body: &Value) -> String {
    let added = app.post("/v1/applicants", body, Some(access(tokens))).await;
    assert_eq!(added.status, 201, "{:#}", added.json);
    let applicant = added.parse::<ApplicantDto>().id;
    let created = app
        .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

/// Books the draft in the first session of [`DATE`] at the seed office.
async fn book(app: &TestApp, tokens: &TokenPairDto, id: &str) {
    let session = seed_session_on_date(app).await;
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
}

/// Uploads `kind` and expects it stored.
async fn uploaded(app: &TestApp, tokens: &TokenPairDto, id: &str, kind: &str) {
    let answer = upload_document(app, tokens, id, kind).await;
    assert!(answer.status.is_success(), "{kind}: {:#}", answer.json);
}

/// An officer of the seed office, signed in.
async fn officer(app: &TestApp, email: &str) -> String {
    access(&app.staff(email, Role::Officer, Some(SEED_OFFICE_ID)).await).to_owned()
}

/// The office's view of an application.
async fn office_view(app: &TestApp, officer: &str, id: &str) -> OfficeApplicationDto {
    let answer = get(app, officer, &format!("/v1/office/applications/{id}"), &[]).await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse()
}

/// The document check's audit records of application `id`, and whether it has a stored
/// check, straight from the database.
fn recorded_checks(app: &TestApp, id: &str) -> (i64, i64) {
    let mut conn = app.pool().get().expect("a connection");
    let audits = audit_records::table
        .filter(audit_records::object_id.eq(id))
        .filter(audit_records::action.eq("application.document_check"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let checks = application_document_checks::table
        .find(id)
        .count()
        .get_result(&mut conn)
        .unwrap();
    (audits, checks)
}

on_both_backends! {
    async fn an_adults_first_passport_needs_identity_family_and_birth_records(app) {
        let tokens = app.applicant("dewasa@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(1)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let id = created.parse::<ApplicationDto>().id;

        let empty = checklist(&app, &tokens, &id).await;
        assert_eq!(empty.application_id, id);
        assert_eq!(empty.applicant_group, ApplicantGroupDto::Adult);
        assert_eq!(empty.as_of.to_string(), TODAY, "a draft is judged today");
        assert_eq!(empty.language, LanguageDto::Id);
        assert_eq!(lines(&empty), [
            (P::Identity, DocumentNeedDto::Required, K::IdentityCard),
            (P::FamilyRecord, DocumentNeedDto::Required, K::FamilyCard),
            (P::BirthRecord, DocumentNeedDto::Required, K::BirthCertificate),
        ]);
        assert_eq!(empty.items[2].alternatives, [K::Diploma, K::MarriageBook]);
        let labels: Vec<&str> = empty.items.iter().map(|item| item.label.as_str()).collect();
        assert_eq!(labels, ["KTP", "Kartu Keluarga", "Akta Kelahiran"]);
        assert!(empty.items[2].hint.contains("Ijazah, Buku Nikah"), "{}", empty.items[2].hint);
        assert!(!empty.complete);
        assert_eq!(empty.missing, [K::IdentityCard, K::FamilyCard, K::BirthCertificate]);
        assert!(empty.items.iter().all(|item| item.missing && !item.uploaded && item.uploaded_kind.is_none()));
        assert_eq!(empty.summary, "3 dokumen wajib belum diunggah.");

        // Uploading changes it: a diploma stands in for the birth certificate, and a
        // document it does not ask for (a police report) is kept but meets nothing.
        uploaded(&app, &tokens, &id, "identity_card").await;
        uploaded(&app, &tokens, &id, "diploma").await;
        uploaded(&app, &tokens, &id, "police_report").await;
        let some = checklist(&app, &tokens, &id).await;
        assert_eq!(some.missing, [K::FamilyCard]);
        assert_eq!(some.items[2].uploaded_kind, Some(K::Diploma));
        assert!(some.items[2].uploaded && !some.items[2].missing);
        assert_eq!(some.summary, "1 dokumen wajib belum diunggah.");

        uploaded(&app, &tokens, &id, "family_card").await;
        let complete = checklist(&app, &tokens, &id).await;
        assert!(complete.complete);
        assert!(complete.missing.is_empty());
        assert_eq!(complete.summary, "Semua dokumen wajib sudah diunggah.");

        // The new kinds are documents like the first five: listed in the order of kinds.
        let listed = get(&app, access(&tokens), &format!("/v1/applications/{id}/documents"), &[]).await;
        let kinds: Vec<K> = listed.parse::<DocumentList>().items.into_iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [K::IdentityCard, K::FamilyCard, K::Diploma, K::PoliceReport]);
        let fetched = get(&app, access(&tokens), &format!("/v1/applications/{id}/documents/police_report"), &[]).await;
        assert_eq!(fetched.status, 200);
        upload_document(&app, &tokens, &id, "passport_photo").await.problem(400);
    }
}

on_both_backends! {
    async fn a_minor_brings_the_parents_papers_and_turns_adult_on_the_17th_birthday(app) {
        let tokens = app.applicant("orangtua@example.com").await;
        let child = draft_for(&app, &tokens, &person("2015-03-01", true, 1)).await;
        let minor = checklist(&app, &tokens, &child).await;
        assert_eq!(minor.applicant_group, ApplicantGroupDto::Minor);
        assert_eq!(lines(&minor), [
            (P::ParentIdentity, DocumentNeedDto::Required, K::ParentIdentityCard),
            (P::FamilyRecord, DocumentNeedDto::Required, K::FamilyCard),
            (P::ChildBirthCertificate, DocumentNeedDto::Required, K::BirthCertificate),
            (P::ParentsMarriage, DocumentNeedDto::Required, K::MarriageBook),
            (P::ParentalConsent, DocumentNeedDto::Required, K::GuardianConsentLetter),
        ]);
        // Divorced parents show the court's custody decree instead.
        assert_eq!(minor.items[3].alternatives, [K::CourtDecree]);
        assert!(minor.items[2].alternatives.is_empty(), "a child's birth certificate has no stand-in");
        let labels: Vec<&str> = minor.items.iter().map(|item| item.label.as_str()).collect();
        assert_eq!(labels[0], "KTP orang tua");
        assert_eq!(labels[4], "Surat Izin dari orang tua/wali");
        uploaded(&app, &tokens, &child, "court_decree").await;
        let decree = checklist(&app, &tokens, &child).await;
        assert_eq!(decree.items[3].uploaded_kind, Some(K::CourtDecree));
        assert_eq!(decree.missing, [K::ParentIdentityCard, K::FamilyCard, K::BirthCertificate, K::GuardianConsentLetter]);

        // 16 today, 17 on the appointment's day: a child's documents for the draft, an
        // adult's once the appointment is booked.
        let almost = draft_for(&app, &tokens, &person("2009-11-26", false, 2)).await;
        let today = checklist(&app, &tokens, &almost).await;
        assert_eq!((today.applicant_group, today.as_of.to_string().as_str()), (ApplicantGroupDto::Minor, TODAY));
        book(&app, &tokens, &almost).await;
        let booked = checklist(&app, &tokens, &almost).await;
        assert_eq!((booked.applicant_group, booked.as_of.to_string().as_str()), (ApplicantGroupDto::Adult, DATE));
        assert_eq!(booked.items[0].kind, K::IdentityCard);
        // The office judges it on the same day, whenever it reads.
        let officer = officer(&app, "usia@imigrasi.example").await;
        let at_office = read(&get(&app, &officer, &office_checklist_path(&almost), &[]).await, "id");
        assert_eq!((at_office.applicant_group, at_office.as_of.to_string().as_str()), (ApplicantGroupDto::Adult, DATE));
    }
}

on_both_backends! {
    async fn a_lost_passport_is_checked_against_its_own_list_at_the_counter(app) {
        let officer = officer(&app, "bap@imigrasi.example").await;
        let mut body = walk_in("replacement_examination", person("1985-06-15", false, 7));
        body["passport_kind"] = json!("non_electronic");
        body["replacement"] = json!({"reason": "lost", "disaster": false, "examination_reference": "BAP/021/IMI.8/XI/2026"});
        let registered = app.post("/v1/office/walk-ins", &body, Some(&officer)).await;
        assert_eq!(registered.status, 201, "{:#}", registered.json);
        let walk_in: WalkInDto = registered.parse();
        let id = walk_in.application_id.clone();
        pay(&app, &walk_in.booking.as_ref().expect("a booking").billing_code).await;
        let code = walk_in.check_in_code.as_ref().expect("a check-in code").code.clone();
        let checked = app.post("/v1/office/check-ins", &json!({"code": code}), Some(&officer)).await;
        assert_eq!(checked.status, 200, "{:#}", checked.json);

        // The office reads the same checklist, in English on request.
        let answer = get(&app, &officer, &office_checklist_path(&id), &[("accept-language", "en-GB,en;q=0.8")]).await;
        let list = read(&answer, "en");
        assert_eq!(list.applicant_group, ApplicantGroupDto::Adult);
        assert_eq!(list.as_of.to_string(), TODAY);
        assert_eq!(lines(&list), [
            (P::Identity, DocumentNeedDto::Required, K::IdentityCard),
            (P::FamilyRecord, DocumentNeedDto::Required, K::FamilyCard),
            (P::BirthRecord, DocumentNeedDto::Required, K::BirthCertificate),
            (P::LossReport, DocumentNeedDto::Required, K::PoliceReport),
        ]);
        assert_eq!(list.items[3].label, "Police report of the loss");
        assert_eq!(list.summary, "4 required documents are not uploaded yet.");

        // A walk-in uploads nothing: what is shown at the counter counts, and nothing less.
        let check = check_path(&id);
        let without_report = json!({"missing": [], "presented": ["identity_card", "family_card", "marriage_book"]});
        let refused = app.post(&check, &without_report, Some(&officer)).await;
        let problem = refused.problem(422);
        let errors = problem.errors.expect("errors");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "missing");
        assert!(errors[0].message.contains("police_report"), "{}", errors[0].message);
        assert!(!errors[0].message.contains("family_card"), "{}", errors[0].message);
        // Only what this application asks for may be named.
        let unasked = app.post(&check, &json!({"missing": ["old_passport"], "presented": ["identity_card", "identity_card", "labour_recommendation_letter"]}), Some(&officer)).await;
        assert_eq!(unasked.problem(422).errors.expect("errors").iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["missing[0]", "presented[2]"]);
        let both = app.post(&check, &json!({"missing": ["police_report"], "presented": ["police_report"]}), Some(&officer)).await;
        assert_eq!(both.problem(422).errors.expect("errors")[0].field, "presented[0]");
        assert_eq!(recorded_checks(&app, &id), (0, 0), "a refused check records nothing");
        assert_eq!(office_view(&app, &officer, &id).await.status, paspor_openapi::ApplicationStatusDto::CheckedIn);

        let all = json!({"missing": [], "presented": ["identity_card", "family_card", "marriage_book", "police_report"]});
        let complete = app.post(&check, &all, Some(&officer)).await;
        assert_eq!(complete.status, 200, "{:#}", complete.json);
        let view: OfficeApplicationDto = complete.parse();
        assert_eq!(view.status, paspor_openapi::ApplicationStatusDto::InReview);
        let recorded = view.document_check.expect("a document check");
        assert!(recorded.complete);
        assert_eq!(recorded.presented, [K::IdentityCard, K::FamilyCard, K::MarriageBook, K::PoliceReport]);
        assert_eq!(recorded_checks(&app, &id), (1, 1));
    }
}

on_both_backends! {
    async fn the_officer_cannot_find_documents_complete_while_a_required_one_is_missing(app) {
        let tokens = app.applicant("berkas-kurang@example.com").await;
        let id = paid_application(&app, &tokens, &nth_nik(11)).await;
        uploaded(&app, &tokens, &id, "identity_card").await;
        let code = crate::office_processing::check_in_code(&app, &tokens, &id).await;
        app.clock.advance(chrono::TimeDelta::days(1));
        let officer = officer(&app, "periksa@imigrasi.example").await;
        let checked = app.post("/v1/office/check-ins", &json!({"code": code}), Some(&officer)).await;
        assert_eq!(checked.status, 200, "{:#}", checked.json);
        let check = check_path(&id);

        let refused = app.post(&check, &json!({"missing": []}), Some(&officer)).await;
        let problem = refused.problem(422);
        let message = &problem.errors.expect("errors")[0];
        assert_eq!(message.field, "missing");
        assert!(message.message.contains("family_card; birth_certificate (or diploma, marriage_book)"), "{}", message.message);
        // Bad input is refused by the schema, and changes nothing either.
        let long = "x".repeat(10 * 1024);
        for body in [
            json!({"missing": ["family_card\u{0}"]}),
            json!({"missing": [long]}),
            json!({"missing": [], "presented": "identity_card"}),
            json!({"missing": [], "presented": [42]}),
            json!({"missing": [], "shown": []}),
        ] {
            let answer = app.post(&check, &body, Some(&officer)).await;
            assert_eq!(answer.problem(400).status, 400, "{body}");
        }
        assert_eq!(recorded_checks(&app, &id), (0, 0));
        let view = office_view(&app, &officer, &id).await;
        assert_eq!(view.status, paspor_openapi::ApplicationStatusDto::CheckedIn);
        assert!(view.document_check.is_none());

        // The same officer, at once, many times: every complete check refused, none recorded.
        let complete = json!({"missing": []});
        let answers = at_once((0..AT_ONCE).map(|_| app.post(&check, &complete, Some(&officer)))).await;
        let answered = split("complete checks with documents missing", &answers, &[]);
        assert!(answered.refused.iter().all(|answer| answer.status == 422), "{:?}", answered.statuses());
        assert_eq!(recorded_checks(&app, &id), (0, 0));

        // Named missing, the rule adds the other: the applicant is told of both.
        let missing = app.post(&check, &json!({"missing": ["family_card"]}), Some(&officer)).await;
        assert_eq!(missing.status, 200, "{:#}", missing.json);
        let recorded = missing.parse::<OfficeApplicationDto>().document_check.expect("a check");
        assert_eq!(recorded.missing, [K::FamilyCard, K::BirthCertificate]);

        // Supplied within the 30 days: now it may be found complete.
        let tokens = app.login("berkas-kurang@example.com", crate::support::PASSWORD).await;
        uploaded(&app, &tokens, &id, "family_card").await;
        uploaded(&app, &tokens, &id, "marriage_book").await;
        let officer = access(&app.login("periksa@imigrasi.example", crate::support::PASSWORD).await).to_owned();
        let complete = app.post(&check, &json!({"missing": []}), Some(&officer)).await;
        assert_eq!(complete.status, 200, "{:#}", complete.json);
        assert_eq!(recorded_checks(&app, &id), (2, 1));
    }
}

on_both_backends! {
    async fn the_texts_follow_accept_language_and_the_codes_do_not(app) {
        let tokens = app.applicant("bahasa@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(3)).await;
        let id = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await.parse::<ApplicationDto>().id;
        let path = checklist_path(&id);
        let token = access(&tokens);

        let indonesian = read(&get(&app, token, &path, &[]).await, "id");
        let english = read(&get(&app, token, &path, &[("accept-language", "en")]).await, "en");
        assert_eq!(english.language, LanguageDto::En);
        assert_eq!(english.items[0].label, "Identity card (KTP)");
        assert_eq!(english.summary, "3 required documents are not uploaded yet.");
        for (headers, language) in [
            (vec![("accept-language", "id")], "id"),
            (vec![("accept-language", "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7")], "id"),
            (vec![("accept-language", "fr, en;q=0.5")], "en"),
            (vec![("accept-language", "en;q=0, de")], "id"),
            (vec![("accept-language", "klingon;q=abc, ;;;, *")], "id"),
            (vec![("accept-language", &*"x".repeat(1000))], "id"),
            (vec![("accept-language", "fr"), ("accept-language", "en")], "en"),
        ] {
            let answer = get(&app, token, &path, &headers).await;
            let answered = read(&answer, language);
            assert_eq!(answered.language, if language == "en" { LanguageDto::En } else { LanguageDto::Id }, "{headers:?}");
        }

        // Only the texts differ.
        let codes = |answer: &DocumentChecklistDto| {
            let mut value = serde_json::to_value(answer).unwrap();
            for item in value["items"].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().retain(|name, _| name != "label" && name != "hint");
            }
            value.as_object_mut().unwrap().retain(|name, _| name != "summary" && name != "language");
            value
        };
        assert_eq!(codes(&indonesian), codes(&english));
        assert_ne!(indonesian.items[1].hint, english.items[1].hint);
    }
}

on_both_backends! {
    async fn only_the_owner_reads_the_checklist_and_only_the_office_s_staff_theirs(app) {
        let owner = app.applicant("pemilik@example.com").await;
        let id = paid_application(&app, &owner, &nth_nik(21)).await;
        let path = checklist_path(&id);
        assert_eq!(get(&app, access(&owner), &path, &[]).await.status, 200);

        let stranger = app.applicant("orang-lain@example.com").await;
        assert!(get(&app, access(&stranger), &path, &[("accept-language", "en")]).await.problem(404).detail.contains("application"));
        for unknown in ["0193a000-0000-7000-8000-00000000dead".to_owned(), "x".repeat(1000)] {
            get(&app, access(&owner), &checklist_path(&unknown), &[]).await.problem(404);
        }
        get(&app, access(&owner), &checklist_path("%00"), &[]).await.problem(400);
        app.request(Method::GET, &path, &[]).await.problem(401);
        let officer = officer(&app, "bukan-pemohon@imigrasi.example").await;
        get(&app, &officer, &path, &[]).await.problem(403);

        // The office's own: its staff, not applicants, not another office's.
        let office_path = office_checklist_path(&id);
        assert_eq!(get(&app, &officer, &office_path, &[]).await.status, 200);
        get(&app, access(&owner), &office_path, &[]).await.problem(403);
        let elsewhere = access(&app.staff("lain@imigrasi.example", Role::Officer, Some("0193a000-0000-7000-8000-000000000002")).await).to_owned();
        get(&app, &elsewhere, &office_path, &[]).await.problem(404);
        let mut other = app.post("/v1/applicants", &person("1990-01-01", false, 9), Some(access(&stranger))).await.json;
        other = app.post("/v1/applications", &draft(other["id"].as_str().unwrap()), Some(access(&stranger))).await.json;
        get(&app, &officer, &office_checklist_path(other["id"].as_str().unwrap()), &[]).await.problem(404);
    }
}
