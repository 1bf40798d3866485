//! The officers' work on an application at their office, from check-in to the decision:
//! the day's appointments, check-in by code and its refusals, the document check and its
//! 30-day deadline, biometrics, indicators, the interview, the decision and the hold a
//! postponement puts on the person, with the audit trail and the holder's notices at each
//! step, and who may do any of it.

use chrono::TimeDelta;
use paspor_domain::account::Role;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto as Status, AuditPage, AvailabilityDto, ChannelDto,
    CheckInCodeDto, DecisionOutcomeDto, DocumentKindDto, IndicatorCodeDto, IndicatorsDto,
    NikWarningCodeDto, OfficeApplicationDto, OfficeAppointmentsDto, SexDto, TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Answer, DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, book_new, draft,
    nth_nik, paid_application, pay,
};

/// Another seed office (Kantor Imigrasi Kelas II TPI Tanjung Pandan, WIB).
const OTHER_OFFICE_ID: &str = "0193a000-0000-7000-8000-000000000002";

/// The day after [`DATE`] (a Friday), also released at the start of every test.
const NEXT_DAY: &str = "2026-11-27";

async fn get(app: &TestApp, token: &str, path: &str) -> Answer {
    app.send(Method::GET, path, None, Some(token)).await
}

/// `POST` without an `Idempotency-Key` (the office routes take one optionally).
async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> Answer {
    app.send(Method::POST, path, Some(body), Some(token)).await
}

pub(crate) fn application_path(id: &str, rest: &str) -> String {
    format!("/v1/office/applications/{id}{rest}")
}

/// The check-in code the app shows for a paid application.
pub(crate) async fn check_in_code(app: &TestApp, tokens: &TokenPairDto, id: &str) -> String {
    let answer = get(
        app,
        access(tokens),
        &format!("/v1/applications/{id}/check-in-code"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<CheckInCodeDto>().code
}

/// Books a draft for a new applicant with this NIK at `office` on `date`, in its
/// `session`th session; `travel` replaces the draft's trip when given. Returns (id, billing
/// code).
async fn book_at(
    app: &TestApp,
    tokens: &TokenPairDto,
    nik: &str,
    (office, date, session): (&str, &str, usize),
    travel: Option<Value>,
) -> (String, String) {
    let applicant = add_applicant(app, tokens, nik).await;
    let mut body = draft(&applicant);
    if let Some(travel) = travel {
        body["travel"] = travel;
    }
    let created = app
        .post("/v1/applications", &body, Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    (
        id.clone(),
        book(app, tokens, &id, (office, date, session)).await,
    )
}

/// Books the draft `id` at `office` on `date` in its `session`th session; returns the
/// billing code.
async fn book(
    app: &TestApp,
    tokens: &TokenPairDto,
    id: &str,
    (office, date, session): (&str, &str, usize),
) -> String {
    let days = app
        .get(&format!(
            "/v1/offices/{office}/availability?from={date}&to={date}"
        ))
        .await;
    let availability: AvailabilityDto = days.parse();
    let session = availability.days[0]
        .sessions
        .get(session)
        .unwrap_or_else(|| panic!("no such session: {:#}", days.json))
        .id
        .clone();
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": office, "date": date, "session_id": session}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    booked
        .parse::<ApplicationDto>()
        .booking
        .expect("a booking")
        .billing_code
}

/// Moves the clock to the appointment day ([`DATE`], 10:00 WIB).
fn to_appointment_day(app: &TestApp) {
    app.clock.advance(TimeDelta::days(1));
}

/// An officer or office admin of `office`, signed in now.
async fn staff(app: &TestApp, email: &str, role: Role, office: &str) -> String {
    access(&app.staff(email, role, Some(office)).await).to_owned()
}

/// Signs in again (after the clock moved past the token's 15 minutes).
async fn again(app: &TestApp, email: &str) -> String {
    access(&app.login(email, PASSWORD).await).to_owned()
}

/// The documents an adult brings for a new passport, all shown at the counter.
pub(crate) fn all_presented() -> Value {
    json!({"missing": [], "presented": ["identity_card", "family_card", "birth_certificate"]})
}

/// Checks in the code and records complete documents (shown at the counter): the
/// application is in review.
async fn into_review(app: &TestApp, officer: &str, code: &str, id: &str) {
    let checked = post(app, officer, "/v1/office/check-ins", &json!({"code": code})).await;
    assert_eq!(status(&checked), Status::CheckedIn, "{:#}", checked.json);
    let complete = post(
        app,
        officer,
        &application_path(id, "/document-check"),
        &all_presented(),
    )
    .await;
    assert_eq!(status(&complete), Status::InReview, "{:#}", complete.json);
}

/// The office's view of an application, as answered.
fn view(answer: &Answer) -> OfficeApplicationDto {
    answer.parse()
}

/// Where the application of an office answer stands.
fn status(answer: &Answer) -> Status {
    view(answer).status
}

fn statuses(view: &OfficeApplicationDto) -> Vec<Status> {
    view.history.iter().map(|entry| entry.status).collect()
}

/// The audit records of an object, oldest first: (action, before, after).
async fn audit_of(
    app: &TestApp,
    office_admin: &str,
    object_id: &str,
) -> Vec<(String, Value, Value)> {
    let page = get(
        app,
        office_admin,
        &format!("/v1/office/audit?object_id={object_id}&per_page=100"),
    )
    .await;
    assert_eq!(page.status, 200, "{:#}", page.json);
    let mut records: Vec<_> = page
        .parse::<AuditPage>()
        .items
        .into_iter()
        .map(|record| {
            assert_eq!(record.office_id.as_deref(), Some(SEED_OFFICE_ID));
            assert_eq!(record.object_type, "application");
            (
                record.action,
                record.before.unwrap_or(Value::Null),
                record.after.unwrap_or(Value::Null),
            )
        })
        .collect();
    records.reverse();
    records
}

/// Waits for the `count`th email to `to` and returns it.
async fn nth_email(app: &TestApp, to: &str, count: usize) -> Value {
    let mail = app.wait_for_emails(to, count).await;
    assert_eq!(
        mail.len(),
        count,
        "exactly {count} emails to {to}: {mail:#?}"
    );
    mail[count - 1].clone()
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

on_both_backends! {
    async fn an_application_goes_from_check_in_to_approval(app) {
        let holder = "jalan@example.com";
        let tokens = app.applicant(holder).await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;
        let code = check_in_code(&app, &tokens, &id).await;
        // Registration code, booking, payment.
        nth_email(&app, holder, 3).await;
        // All the documents but the family card are uploaded.
        for kind in ["identity_card", "birth_certificate"] {
            assert!(upload_document(&app, &tokens, &id, kind).await.status.is_success());
        }

        to_appointment_day(&app);
        let officer = staff(&app, "petugas@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let admin = staff(&app, "kepala@imigrasi.example", Role::OfficeAdmin, SEED_OFFICE_ID).await;

        let day = get(&app, &officer, &format!("/v1/office/appointments?date={DATE}")).await;
        assert_eq!(day.status, 200, "{:#}", day.json);
        let appointments: OfficeAppointmentsDto = day.parse();
        let listed = &appointments.sessions[0].bookings[0];
        assert_eq!(listed.application_id, id);
        assert_eq!((listed.status, listed.paid), (Status::Paid, true));
        assert_eq!(listed.nik, nth_nik(1));
        assert_eq!(listed.full_name, "Budi Santoso");

        // Check-in.
        let checked = app.post("/v1/office/check-ins", &json!({"code": code}), Some(&officer)).await;
        assert_eq!(checked.status, 200, "{:#}", checked.json);
        let shown = view(&checked);
        assert_eq!(shown.status, Status::CheckedIn);
        let appointment = shown.appointment.as_ref().expect("an appointment");
        assert_eq!(appointment.office_id, SEED_OFFICE_ID);
        assert_eq!(appointment.date.to_string(), DATE);
        assert_eq!(shown.applicant.nik, nth_nik(1));
        assert_eq!(shown.applicant.guardian_nik, None);
        assert!(checked.json.as_object().unwrap().contains_key("decision"), "nulls are sent");
        assert!(shown.decision.is_none());
        assert!(shown.document_check.is_none());
        assert!(!shown.biometrics.captured);
        assert!(!shown.interview.recorded);
        assert_eq!(shown.history.last().unwrap().note.as_deref(), Some("checked in at Kantor Imigrasi Kelas I TPI Pangkalpinang"));
        let mail = nth_email(&app, holder, 4).await;
        assert!(mail["subject"].as_str().unwrap().contains("checked in"), "{mail:#}");

        // Documents: the family card is missing (named twice, counted once).
        let path = application_path(&id, "/document-check");
        let missing = post(&app, &officer, &path, &json!({"missing": ["family_card", "family_card"]})).await;
        assert_eq!(missing.status, 200, "{:#}", missing.json);
        let shown = view(&missing);
        assert_eq!(shown.status, Status::AwaitingDocuments);
        let check = shown.document_check.expect("a document check");
        assert_eq!(check.missing, [DocumentKindDto::FamilyCard]);
        assert_eq!((check.complete, check.deadline.map(|d| d.to_string())), (false, Some("2026-12-26".to_owned())));
        let mail = nth_email(&app, holder, 5).await;
        assert!(mail["subject"].as_str().unwrap().contains("Documents missing"), "{mail:#}");
        let body = mail["body"].as_str().unwrap();
        // The checklist's names and the office's long dates, in the account's language.
        assert!(body.contains("Family card (Kartu Keluarga)") && body.contains("Saturday, 26 December 2026"), "{body}");

        // Not in review yet: nothing to capture; an unknown kind is refused.
        let early = post(&app, &officer, &application_path(&id, "/biometrics"), &json!({"photo_reference": "P-1", "fingerprints_reference": "F-1", "station_id": "S-1"})).await;
        assert!(early.problem(409).detail.contains("awaiting_documents"));
        post(&app, &officer, &path, &json!({"missing": ["passport_photo"]})).await.problem(400);
        // Asking again for missing documents is not a move the application can make.
        let twice = post(&app, &officer, &path, &json!({"missing": ["diploma"]})).await;
        assert!(twice.problem(409).detail.contains("awaiting_documents"));

        // The applicant supplies it while it is awaited.
        let bearer = format!("Bearer {}", again(&app, holder).await);
        let uploaded = app
            .request_body(Method::PUT, &format!("/v1/applications/{id}/documents/family_card"), pdf(), &[("authorization", &bearer)])
            .await;
        assert!(uploaded.status.is_success(), "{:#}", uploaded.json);

        let complete = post(&app, &officer, &path, &json!({"missing": []})).await;
        let shown = view(&complete);
        assert_eq!(shown.status, Status::InReview, "{:#}", complete.json);
        let check = shown.document_check.expect("a document check");
        assert!(check.complete);
        assert_eq!(check.deadline, None);
        let kinds: Vec<_> = shown.documents.iter().map(|document| document.kind).collect();
        assert_eq!(kinds, [DocumentKindDto::IdentityCard, DocumentKindDto::FamilyCard, DocumentKindDto::BirthCertificate]);
        let mail = nth_email(&app, holder, 6).await;
        assert!(mail["subject"].as_str().unwrap().contains("complete"), "{mail:#}");

        // Biometrics, then a recapture that replaces it.
        let biometrics = application_path(&id, "/biometrics");
        let first = post(&app, &officer, &biometrics, &json!({"photo_reference": "PHOTO-1", "fingerprints_reference": "FP-1", "station_id": "PKP-1"})).await;
        assert_eq!(first.status, 200, "{:#}", first.json);
        assert!(view(&first).biometrics.captured);
        let recaptured = post(&app, &admin, &biometrics, &json!({"photo_reference": "PHOTO-2", "fingerprints_reference": "FP-2", "station_id": "PKP-2"})).await;
        let shown = view(&recaptured);
        assert_eq!(shown.biometrics.photo_reference.as_deref(), Some("PHOTO-2"));
        assert_eq!(shown.status, Status::InReview);

        // Indicators of a clean trip to Japan: only the age band (36 on departure).
        let indicators = get(&app, &officer, &application_path(&id, "/indicators")).await;
        assert_eq!(indicators.status, 200, "{:#}", indicators.json);
        let found: IndicatorsDto = indicators.parse();
        assert_eq!(found.indicators.len(), 1, "{:#}", indicators.json);
        assert_eq!(found.indicators[0].code, IndicatorCodeDto::WatchedAgeBand);
        assert!(found.nik_warnings.is_empty());
        assert!(found.earlier_postponements.is_empty());

        // Interview, then the decision. Recording nothing is well-formed but refused (422);
        // a blank answer breaks the schema (400).
        let nothing = post(&app, &officer, &application_path(&id, "/interview"), &json!({"answers": [], "notes": " "})).await;
        nothing.problem(422);
        assert_eq!(nothing.error_fields(), ["answers"]);
        let blank = post(&app, &officer, &application_path(&id, "/interview"), &json!({"answers": [{"question": "Why?", "answer": " "}]})).await;
        blank.problem(400);
        assert_eq!(blank.error_fields(), ["answers[0].answer"]);
        let interview = post(&app, &officer, &application_path(&id, "/interview"), &json!({
            "answers": [{"question": "Why Japan?", "answer": "Cherry blossom, ten days."}],
            "notes": "Consistent; return ticket shown."
        })).await;
        assert_eq!(interview.status, 200, "{:#}", interview.json);
        let recorded = view(&interview).interview;
        assert!(recorded.recorded);
        assert_eq!(recorded.answers[0].answer, "Cherry blossom, ten days.");

        let decision = application_path(&id, "/decision");
        let approved = app.post(&decision, &json!({"outcome": "approved", "notes": "All in order."}), Some(&officer)).await;
        assert_eq!(approved.status, 200, "{:#}", approved.json);
        let approved = view(&approved);
        assert_eq!(approved.status, Status::Approved);
        let decided = approved.decision.as_ref().expect("a decision");
        assert_eq!(decided.outcome, DecisionOutcomeDto::Approved);
        assert_eq!(decided.reason_code, None);
        assert_eq!(decided.notes.as_deref(), Some("All in order."));
        let mail = nth_email(&app, holder, 7).await;
        assert!(mail["subject"].as_str().unwrap().contains("approved"), "{mail:#}");
        // Decided once: a second decision finds it approved.
        let repeated = post(&app, &officer, &decision, &json!({"outcome": "approved"})).await;
        assert!(repeated.problem(409).detail.contains("approved"));

        assert_eq!(
            statuses(&approved),
            [Status::Draft, Status::AwaitingPayment, Status::Paid, Status::CheckedIn, Status::AwaitingDocuments, Status::InReview, Status::Approved]
        );
        let shown = get(&app, &officer, &application_path(&id, "")).await;
        assert_eq!(status(&shown), Status::Approved);

        // One audit record per action, refusals none.
        let trail = audit_of(&app, &admin, &id).await;
        let actions: Vec<&str> = trail.iter().map(|(action, _, _)| action.as_str()).collect();
        assert_eq!(actions, [
            "application.check_in",
            "application.document_check",
            "application.document_check",
            "application.biometrics",
            "application.biometrics",
            "application.interview",
            // The decision keeps the screening it was taken with, in its own transaction.
            "application.screening",
            "application.decision",
        ]);
        assert_eq!((trail[0].1["status"].as_str(), trail[0].2["status"].as_str()), (Some("paid"), Some("checked_in")));
        assert_eq!(trail[1].2["missing"], json!(["family_card"]));
        assert_eq!(trail[2].1["deadline"], "2026-12-26");
        assert_eq!(trail[3].1, Value::Null, "a first capture replaces nothing");
        assert_eq!((trail[4].1["photo_reference"].as_str(), trail[4].2["photo_reference"].as_str()), (Some("PHOTO-1"), Some("PHOTO-2")));
        assert_eq!(trail[6].2["policy_version"], 1);
        assert_eq!(trail[6].2["indicators"], json!(["watched_age_band"]));
        assert_eq!(trail[7].2["outcome"], "approved");
        assert_eq!(trail[7].2["screening_policy_version"], 1);
        assert_eq!(trail[7].2["screening_id"], trail[6].2["screening_id"]);
        // No more notices than the moves.
        assert_eq!(app.emails_to(holder).len(), 7);
    }
}

on_both_backends! {
    async fn check_in_refuses_forged_foreign_early_unpaid_moved_and_repeated_codes(app) {
        let tokens = app.applicant("antri@example.com").await;
        let here = paid_application(&app, &tokens, &nth_nik(11)).await;
        let here_code = check_in_code(&app, &tokens, &here).await;
        let (there, billing) = book_at(&app, &tokens, &nth_nik(12), (OTHER_OFFICE_ID, DATE, 0), None).await;
        pay(&app, &billing).await;
        let there_code = check_in_code(&app, &tokens, &there).await;
        let moved = paid_application(&app, &tokens, &nth_nik(13)).await;
        let moved_code = check_in_code(&app, &tokens, &moved).await;
        let cancelled = paid_application(&app, &tokens, &nth_nik(14)).await;
        let cancelled_code = check_in_code(&app, &tokens, &cancelled).await;

        // The day before: the code is genuine but for tomorrow.
        let officer = staff(&app, "scan@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let early = post(&app, &officer, "/v1/office/check-ins", &json!({"code": here_code})).await;
        assert!(early.problem(422).detail.contains("valid on 2026-11-26"));

        // Moved to the next day, and cancelled, before the appointment day.
        let days = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}/availability?from={NEXT_DAY}&to={NEXT_DAY}")).await;
        let rescheduled = app
            .post(
                &format!("/v1/applications/{moved}/reschedule"),
                &json!({"office_id": SEED_OFFICE_ID, "date": NEXT_DAY, "session_id": days.parse::<AvailabilityDto>().days[0].sessions[0].id}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(rescheduled.status, 200, "{:#}", rescheduled.json);
        let cancel = app.post(&format!("/v1/applications/{cancelled}/cancel"), &json!({}), Some(access(&tokens))).await;
        assert_eq!(cancel.parse::<ApplicationDto>().status, Status::Cancelled, "{:#}", cancel.json);

        to_appointment_day(&app);
        let officer = again(&app, "scan@imigrasi.example").await;
        let scan = |code: &str| json!({"code": code});

        // Forged and malformed codes.
        let mut forged = here_code.clone().into_bytes();
        let last = forged.len() - 1;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        for code in [forged.as_str(), "not-a-code", "", "a.b"] {
            let refused = post(&app, &officer, "/v1/office/check-ins", &scan(code)).await;
            assert!(refused.problem(422).detail.contains("not a valid check-in code"), "{code}");
        }
        post(&app, &officer, "/v1/office/check-ins", &json!({"kode": here_code})).await.problem(400);

        // Another office's code, which that office checks in.
        let foreign = post(&app, &officer, "/v1/office/check-ins", &scan(&there_code)).await;
        assert!(foreign.problem(422).detail.contains("another office"));
        let there_officer = staff(&app, "tanjung@imigrasi.example", Role::Officer, OTHER_OFFICE_ID).await;
        let theirs = post(&app, &there_officer, "/v1/office/check-ins", &scan(&there_code)).await;
        assert_eq!(status(&theirs), Status::CheckedIn, "{:#}", theirs.json);

        // A genuine code for today whose appointment moved to tomorrow.
        let later = post(&app, &officer, "/v1/office/check-ins", &scan(&moved_code)).await;
        assert!(later.problem(422).detail.contains(NEXT_DAY));
        // A cancelled application is no longer paid.
        let gone = post(&app, &officer, "/v1/office/check-ins", &scan(&cancelled_code)).await;
        assert!(gone.problem(409).detail.contains("cancelled"));

        // Once; the second scan finds it checked in.
        let first = post(&app, &officer, "/v1/office/check-ins", &scan(&here_code)).await;
        assert_eq!(status(&first), Status::CheckedIn, "{:#}", first.json);
        let second = post(&app, &officer, "/v1/office/check-ins", &scan(&here_code)).await;
        assert!(second.problem(409).detail.contains("checked_in"));
        // A retry with the same key replays the first answer instead.
        let key = "check-in-retry-1";
        let body = scan(&here_code);
        let replayed = app.post_with_key("/v1/office/check-ins", &body, Some(&officer), key).await;
        let replayed_again = app.post_with_key("/v1/office/check-ins", &body, Some(&officer), key).await;
        assert_eq!(replayed_again.header("idempotency-replayed"), "true");
        assert_eq!(replayed_again.status, replayed.status);

        let admin = staff(&app, "kepala-scan@imigrasi.example", Role::OfficeAdmin, SEED_OFFICE_ID).await;
        let trail = audit_of(&app, &admin, &here).await;
        assert_eq!(trail.len(), 1, "one check-in, one record: {trail:?}");
        for untouched in [&moved, &cancelled] {
            assert!(audit_of(&app, &admin, untouched).await.is_empty());
        }
    }
}

on_both_backends! {
    async fn missing_documents_not_supplied_in_30_days_refuse_the_application(app) {
        let holder = "lupa-berkas@example.com";
        let tokens = app.applicant(holder).await;
        let id = paid_application(&app, &tokens, &nth_nik(21)).await;
        let code = check_in_code(&app, &tokens, &id).await;
        to_appointment_day(&app);
        let officer = staff(&app, "berkas@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let checked = post(&app, &officer, "/v1/office/check-ins", &json!({"code": code})).await;
        assert_eq!(status(&checked), Status::CheckedIn, "{:#}", checked.json);
        let missing = post(&app, &officer, &application_path(&id, "/document-check"), &json!({"missing": ["birth_certificate", "identity_card"]})).await;
        let check = view(&missing).document_check.expect("a document check");
        // The family card, required and never uploaded, is missing too.
        assert_eq!(check.missing, [DocumentKindDto::IdentityCard, DocumentKindDto::FamilyCard, DocumentKindDto::BirthCertificate]);
        assert_eq!(check.deadline.map(|d| d.to_string()).as_deref(), Some("2026-12-26"));
        // Registration, booking, payment, check-in, documents missing.
        nth_email(&app, holder, 5).await;

        // Past the last day (26 December, midnight at the office).
        app.clock.advance(TimeDelta::days(31));
        let refusal = nth_email(&app, holder, 6).await;
        assert!(refusal["subject"].as_str().unwrap().contains("refused"), "{refusal:#}");
        assert!(refusal["body"].as_str().unwrap().contains("Saturday, 26 December 2026"));

        let officer = again(&app, "berkas@imigrasi.example").await;
        let shown = get(&app, &officer, &application_path(&id, "")).await;
        let refused = view(&shown);
        assert_eq!(refused.status, Status::Refused, "{:#}", shown.json);
        let last = refused.history.last().unwrap();
        assert_eq!(last.note.as_deref(), Some("missing documents not supplied by 2026-12-26"));
        assert_eq!(statuses(&refused).iter().filter(|s| **s == Status::Refused).count(), 1, "refused once");
        // Too late for the documents, and for the check.
        let late = post(&app, &officer, &application_path(&id, "/document-check"), &all_presented()).await;
        assert!(late.problem(409).detail.contains("refused"));
        let bearer = format!("Bearer {}", again(&app, holder).await);
        let upload = app
            .request_body(Method::PUT, &format!("/v1/applications/{id}/documents/identity_card"), pdf(), &[("authorization", &bearer)])
            .await;
        upload.problem(409);
        assert_eq!(app.emails_to(holder).len(), 6, "told once");
    }
}

on_both_backends! {
    async fn a_postponement_holds_the_person_until_its_date(app) {
        let holder = "tunda@example.com";
        let tokens = app.applicant(holder).await;
        let nik = nth_nik(31);
        let id = paid_application(&app, &tokens, &nik).await;
        let code = check_in_code(&app, &tokens, &id).await;
        to_appointment_day(&app);
        let officer = staff(&app, "wawancara@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        into_review(&app, &officer, &code, &id).await;

        let postponed = post(&app, &officer, &application_path(&id, "/decision"), &json!({
            "outcome": "postponed", "reason_code": "suspected_trafficking", "hold_until": NEXT_DAY,
            "notes": "Recruiter waiting outside; no return ticket."
        })).await;
        assert_eq!(postponed.status, 200, "{:#}", postponed.json);
        let shown = view(&postponed);
        assert_eq!(shown.status, Status::Postponed);
        let decision = shown.decision.as_ref().expect("a decision");
        assert_eq!(decision.reason_code.as_deref(), Some("suspected_trafficking"));
        assert_eq!(decision.reason.as_deref(), Some("suspected human trafficking (TPPO)"));
        assert_eq!(decision.hold_until.map(|d| d.to_string()).as_deref(), Some(NEXT_DAY));
        // Registration, booking, payment, check-in, documents complete, postponement.
        let mail = nth_email(&app, holder, 6).await;
        assert!(mail["subject"].as_str().unwrap().contains("postponed"), "{mail:#}");
        assert!(mail["body"].as_str().unwrap().contains("until Friday, 27 November 2026"), "{mail:#}");

        // The same person cannot apply again until then, from this account or another.
        let tokens = app.login(holder, PASSWORD).await;
        let applicant = shown.applicant.id.clone();
        let refused = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert!(refused.problem(422).detail.contains(&format!("until {NEXT_DAY}")));
        let relative = app.applicant("saudara@example.com").await;
        let theirs = add_applicant(&app, &relative, &nik).await;
        let refused = app.post("/v1/applications", &draft(&theirs), Some(access(&relative))).await;
        assert!(refused.problem(422).detail.contains(&format!("until {NEXT_DAY}")));
        // Someone else is not held.
        let other = add_applicant(&app, &tokens, &nth_nik(32)).await;
        assert_eq!(app.post("/v1/applications", &draft(&other), Some(access(&tokens))).await.status, 201);

        // From the hold's date on (Friday 27th, after the next week's release at 16:00).
        app.clock.advance(TimeDelta::hours(31));
        let tokens = app.login(holder, PASSWORD).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let second = created.parse::<ApplicationDto>().id;
        book(&app, &tokens, &second, (SEED_OFFICE_ID, "2026-11-30", 0)).await;

        // The officer sees the earlier postponement beside the new application.
        let officer = again(&app, "wawancara@imigrasi.example").await;
        let indicators = get(&app, &officer, &application_path(&second, "/indicators")).await;
        assert_eq!(indicators.status, 200, "{:#}", indicators.json);
        let earlier = indicators.parse::<IndicatorsDto>().earlier_postponements;
        assert_eq!(earlier.len(), 1, "{:#}", indicators.json);
        assert_eq!(earlier[0].application_id, id);
        assert_eq!(earlier[0].reason_code.as_deref(), Some("suspected_trafficking"));
        assert_eq!(earlier[0].hold_until.map(|d| d.to_string()).as_deref(), Some(NEXT_DAY));
        // The postponed application itself lists no earlier one.
        let own = get(&app, &officer, &application_path(&id, "/indicators")).await;
        assert!(own.parse::<IndicatorsDto>().earlier_postponements.is_empty());
    }
}

on_both_backends! {
    async fn decisions_need_their_reasons_a_bounded_hold_and_for_approval_the_checks(app) {
        let holder = "putusan@example.com";
        let tokens = app.applicant(holder).await;
        let held = paid_application(&app, &tokens, &nth_nik(41)).await;
        let held_code = check_in_code(&app, &tokens, &held).await;
        let refused = paid_application(&app, &tokens, &nth_nik(42)).await;
        let refused_code = check_in_code(&app, &tokens, &refused).await;
        to_appointment_day(&app);
        let officer = staff(&app, "putus@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let admin = staff(&app, "kepala-putus@imigrasi.example", Role::OfficeAdmin, SEED_OFFICE_ID).await;
        into_review(&app, &officer, &held_code, &held).await;
        let decide = |body: Value| {
            let path = application_path(&held, "/decision");
            let officer = officer.clone();
            let app = &app;
            async move { post(app, &officer, &path, &body).await }
        };

        // Approval needs the biometrics and an interview.
        let bare = decide(json!({"outcome": "approved"})).await;
        let detail = bare.problem(422).detail;
        assert!(detail.contains("biometrics") && detail.contains("interview"), "{detail}");
        let captured = post(&app, &officer, &application_path(&held, "/biometrics"), &json!({"photo_reference": "P", "fingerprints_reference": "F", "station_id": "S"})).await;
        assert_eq!(captured.status, 200, "{:#}", captured.json);
        let half = decide(json!({"outcome": "approved"})).await;
        let detail = half.problem(422).detail;
        assert!(detail.contains("interview") && !detail.contains("biometrics"), "{detail}");

        // Reasons and hold dates as each outcome needs them.
        let fields = [
            (json!({"outcome": "postponed", "hold_until": "2027-01-01"}), "reason_code"),
            (json!({"outcome": "postponed", "reason_code": "forged_documents", "hold_until": "2027-01-01"}), "reason_code"),
            (json!({"outcome": "postponed", "reason_code": "false_statements"}), "hold_until"),
            (json!({"outcome": "refused", "reason_code": "travel_ban", "hold_until": "2027-01-01"}), "hold_until"),
            (json!({"outcome": "refused"}), "reason_code"),
            (json!({"outcome": "approved", "reason_code": "travel_ban"}), "reason_code"),
        ];
        // Each is well-formed: the rules of the outcomes refuse them (422).
        for (body, field) in fields {
            let answer = decide(body.clone()).await;
            answer.problem(422);
            assert_eq!(answer.error_fields(), [field], "{body}");
        }
        decide(json!({"outcome": "deferred"})).await.problem(400);
        decide(json!({"outcome": "postponed", "reason_code": "false_statements", "hold_until": "2026-11-26", "notes": "x".repeat(2001)})).await.problem(400);

        // The hold: after today (26 November at the office), at most 2 years on.
        let postpone = |until: &str| json!({"outcome": "postponed", "reason_code": "false_statements", "hold_until": until});
        let today = decide(postpone("2026-11-26")).await;
        assert!(today.problem(422).detail.contains("after today"));
        let too_far = decide(postpone("2028-11-27")).await;
        assert!(too_far.problem(422).detail.contains("2028-11-26"));
        let longest = decide(postpone("2028-11-26")).await;
        assert_eq!(longest.status, 200, "{:#}", longest.json);
        let shown = view(&longest);
        assert_eq!(shown.status, Status::Postponed);
        assert_eq!(shown.decision.expect("a decision").hold_until.map(|d| d.to_string()).as_deref(), Some("2028-11-26"));
        let late = decide(json!({"outcome": "refused", "reason_code": "travel_ban"})).await;
        assert!(late.problem(409).detail.contains("postponed"));
        let decisions: Vec<_> = audit_of(&app, &admin, &held).await.into_iter().filter(|(action, _, _)| action == "application.decision").collect();
        assert_eq!(decisions.len(), 1, "refusals leave no record");
        assert_eq!(decisions[0].2["hold_until"], "2028-11-26");

        // A refusal tells the holder why.
        into_review(&app, &officer, &refused_code, &refused).await;
        let refusal = post(&app, &officer, &application_path(&refused, "/decision"), &json!({"outcome": "refused", "reason_code": "forged_documents"})).await;
        let shown = view(&refusal);
        assert_eq!(shown.status, Status::Refused, "{:#}", refusal.json);
        assert_eq!(shown.decision.expect("a decision").hold_until, None);
        let told = crate::support::eventually("the refusal email", || {
            app.emails_to(holder).into_iter().find(|mail| mail["subject"].as_str().is_some_and(|s| s.contains("refused")))
        })
        .await;
        assert!(told["body"].as_str().unwrap().contains("forged documents"), "{told:#}");
    }
}

on_both_backends! {
    async fn only_the_office_s_officers_and_admins_work_on_its_applications(app) {
        let tokens = app.applicant("peran@example.com").await;
        let id = paid_application(&app, &tokens, &nth_nik(51)).await;
        let officer = staff(&app, "peran-petugas@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let admin = staff(&app, "peran-kepala@imigrasi.example", Role::OfficeAdmin, SEED_OFFICE_ID).await;
        let elsewhere = staff(&app, "peran-lain@imigrasi.example", Role::Officer, OTHER_OFFICE_ID).await;
        let system = access(&app.staff("peran-admin@imigrasi.example", Role::SystemAdmin, None).await).to_owned();

        let biometrics = json!({"photo_reference": "P", "fingerprints_reference": "F", "station_id": "S"});
        let interview = json!({"answers": [{"question": "Q", "answer": "A"}]});
        let on_application: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, application_path(&id, ""), None),
            (Method::POST, application_path(&id, "/document-check"), Some(all_presented())),
            (Method::GET, application_path(&id, "/document-checklist"), None),
            (Method::POST, application_path(&id, "/biometrics"), Some(biometrics)),
            (Method::GET, application_path(&id, "/indicators"), None),
            (Method::POST, application_path(&id, "/interview"), Some(interview)),
            (Method::POST, application_path(&id, "/decision"), Some(json!({"outcome": "approved"}))),
        ];
        let mut every = on_application.clone();
        every.push((Method::GET, format!("/v1/office/appointments?date={DATE}"), None));
        every.push((Method::POST, "/v1/office/check-ins".to_owned(), Some(json!({"code": "x.y"}))));

        for (method, path, body) in &every {
            for token in [access(&tokens), system.as_str()] {
                app.send(method.clone(), path, body.as_ref(), Some(token)).await.problem(403);
            }
            app.send(method.clone(), path, body.as_ref(), None).await.problem(401);
        }
        // Another office's officer finds no such application.
        for (method, path, body) in &on_application {
            let answer = app.send(method.clone(), path, body.as_ref(), Some(&elsewhere)).await;
            assert!(answer.problem(404).detail.contains("your office"), "{path}");
        }
        let theirs = get(&app, &elsewhere, &format!("/v1/office/appointments?date={DATE}")).await;
        let appointments: OfficeAppointmentsDto = theirs.parse();
        assert_eq!(appointments.office_id, OTHER_OFFICE_ID);
        assert!(appointments.sessions.iter().all(|s| s.bookings.is_empty()));
        // This office's officers and admins see it; an unknown id is as absent.
        for token in [&officer, &admin] {
            assert_eq!(get(&app, token, &application_path(&id, "")).await.status, 200);
            assert_eq!(get(&app, token, &application_path(&id, "/indicators")).await.status, 200);
            assert_eq!(get(&app, token, &application_path(&id, "/document-checklist")).await.status, 200);
        }
        get(&app, &officer, &application_path("0193a000-0000-7000-8000-00000000dead", "")).await.problem(404);

        // Tokens expire after 15 minutes.
        app.clock.advance(TimeDelta::minutes(16));
        for (method, path, body) in &every {
            app.send(method.clone(), path, body.as_ref(), Some(&officer)).await.problem(401);
        }
    }
}

on_both_backends! {
    async fn indicators_point_at_a_watched_profile_and_nik_mismatches(app) {
        let tokens = app.applicant("kl@example.com").await;
        let nik = nth_nik(61);
        // The NIK encodes a man (day 15); the applicant is declared female.
        let added = app
            .post(
                "/v1/applicants",
                &json!({
                    "nik": nik, "full_name": "Sari Dewi", "place_of_birth": "Pangkalpinang",
                    "birth_date": "1990-05-15", "sex": "female", "address": "Jl. Melati 2, Pangkalpinang",
                    "father_name": "Darto", "mother_name": "Wati", "marital_status": "single",
                    "dual_citizen_child": false
                }),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(added.status, 201, "{:#}", added.json);
        let mut body = draft(&added.parse::<paspor_openapi::ApplicantDto>().id);
        body["travel"] = json!({
            "purpose": "tourism", "destination_country": "MY", "planned_departure": "2027-01-10",
            "address_abroad": "Jl. Bukit Bintang, Kuala Lumpur", "length_of_stay_days": 14,
            "contact_name": "Aminah", "contact_phone": "+60 3 1234 5678",
            "has_return_ticket": false, "accommodation": "Hotel Bintang"
        });
        let created = app.post("/v1/applications", &body, Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let id = created.parse::<ApplicationDto>().id;
        let billing = book(&app, &tokens, &id, (SEED_OFFICE_ID, DATE, 0)).await;
        pay(&app, &billing).await;

        let officer = staff(&app, "tppo@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let answer = get(&app, &officer, &application_path(&id, "/indicators")).await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
        let found: IndicatorsDto = answer.parse();
        let codes: Vec<IndicatorCodeDto> = found.indicators.iter().map(|i| i.code).collect();
        assert_eq!(codes, [IndicatorCodeDto::TouristWithoutReturnTicket, IndicatorCodeDto::WatchedAgeBand, IndicatorCodeDto::WatchedDestination]);
        assert_eq!(found.indicators[0].reason, "declared tourism to MY with no return ticket");
        assert!(found.indicators[1].reason.contains("aged 36"));
        assert_eq!(found.nik_warnings.len(), 1);
        assert_eq!(found.nik_warnings[0].code, NikWarningCodeDto::SexMismatch);
        assert!(found.earlier_postponements.is_empty());
        // The office view shows the trip as declared.
        let shown = view(&get(&app, &officer, &application_path(&id, "")).await);
        assert_eq!(shown.travel.destination_country, "MY");
        assert_eq!(shown.applicant.sex, SexDto::Female);
    }
}

on_both_backends! {
    async fn the_day_s_appointments_list_each_session_with_its_bookings_in_order(app) {
        let tokens = app.applicant("jadwal@example.com").await;
        let paid_first = paid_application(&app, &tokens, &nth_nik(71)).await;
        // Booked a second apart: the list follows the booking time.
        app.clock.advance(TimeDelta::seconds(1));
        let (unpaid, _) = book_new(&app, &tokens, &nth_nik(72)).await;
        app.clock.advance(TimeDelta::seconds(1));
        let (second_session, billing) = book_at(&app, &tokens, &nth_nik(73), (SEED_OFFICE_ID, DATE, 1), None).await;
        pay(&app, &billing).await;
        let cancelled = paid_application(&app, &tokens, &nth_nik(74)).await;
        let cancel = app.post(&format!("/v1/applications/{cancelled}/cancel"), &json!({}), Some(access(&tokens))).await;
        assert_eq!(cancel.status, 200, "{:#}", cancel.json);

        let officer = staff(&app, "jadwal@imigrasi.example", Role::Officer, SEED_OFFICE_ID).await;
        let day = get(&app, &officer, &format!("/v1/office/appointments?date={DATE}")).await;
        assert_eq!(day.status, 200, "{:#}", day.json);
        let appointments: OfficeAppointmentsDto = day.parse();
        assert_eq!((appointments.office_id.as_str(), appointments.date.to_string()), (SEED_OFFICE_ID, DATE.to_owned()));
        let sessions = &appointments.sessions;
        let starts: Vec<&str> = sessions.iter().map(|s| s.starts.as_str()).collect();
        assert_eq!(starts, ["08:00", "09:30", "11:00", "13:00"]);
        assert_eq!(sessions[0].ends, "09:30");
        let capacity = sessions[0].capacity;
        assert_eq!((capacity.regular, capacity.same_day, capacity.priority), (50, 9, 13));
        let ids = |session: &paspor_openapi::AppointmentSessionDto| -> Vec<String> {
            session.bookings.iter().map(|b| b.application_id.clone()).collect()
        };
        assert_eq!(ids(&sessions[0]), [paid_first.as_str(), unpaid.as_str()]);
        assert_eq!(ids(&sessions[1]), [second_session.as_str()]);
        assert!(ids(&sessions[2]).is_empty() && ids(&sessions[3]).is_empty());
        let unpaid_row = &sessions[0].bookings[1];
        assert_eq!((unpaid_row.paid, unpaid_row.status), (false, Status::AwaitingPayment));
        assert_eq!(unpaid_row.channel, ChannelDto::Regular);
        assert_eq!(unpaid_row.billing_code.as_deref().unwrap().len(), 15);

        let closed = get(&app, &officer, "/v1/office/appointments?date=2026-11-28").await;
        assert!(closed.parse::<OfficeAppointmentsDto>().sessions.is_empty(), "a Saturday");
        let missing = get(&app, &officer, "/v1/office/appointments").await;
        assert_eq!(missing.problem(400).errors.expect("errors")[0].field, "date");
        let invalid = get(&app, &officer, "/v1/office/appointments?date=2026-02-30").await;
        assert_eq!(invalid.problem(400).errors.expect("errors")[0].field, "date");
    }
}
