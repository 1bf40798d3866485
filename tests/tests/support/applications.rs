//! Applicants and drafts for tests, made through the API.

use paspor_openapi::{
    ApplicantDto, ApplicationDto, AvailabilityDto, PaymentAckDto, PaymentResultDto, TokenPairDto,
};
use reqwest::Method;
use serde_json::{Value, json};

use super::accounts::{SEED_OFFICE_ID, access};
use super::app::TestApp;

/// The `n`th of a series of valid NIKs, all of a man born 15 May 1990 in Jakarta.
pub fn nth_nik(n: usize) -> String {
    format!("317101150590{:04}", n % 10_000)
}

/// Adds an applicant (born 15 May 1990, male) with this NIK; returns its id.
pub async fn add_applicant(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let answer = app
        .post(
            "/v1/applicants",
            &json!({
                "nik": nik, "full_name": "Budi Santoso", "place_of_birth": "Jakarta",
                "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1, Pangkalpinang",
                "father_name": "Santoso", "mother_name": "Sri", "marital_status": "single",
                "dual_citizen_child": false, "previous_passport_number": null, "guardian_nik": null
            }),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.json);
    answer.parse::<ApplicantDto>().id
}

/// A draft for an electronic passport, regular service, a trip to Japan.
pub fn draft(applicant: &str) -> Value {
    json!({
        "applicant_id": applicant,
        "passport_kind": "electronic",
        "application_kind": "new",
        "service": "regular",
        "travel": {
            "purpose": "tourism", "destination_country": "JP", "planned_departure": "2027-03-01",
            "address_abroad": "Shinjuku, Tokyo", "length_of_stay_days": 10,
            "contact_name": "Tanaka", "contact_phone": "+81 3 1234 5678",
            "has_return_ticket": true, "accommodation": "Hotel Shinjuku"
        }
    })
}

/// A PNG's signature and a 1x1 header: what the server recognises a PNG by.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    bytes
}

/// Uploads a PNG as the application's document of `kind` (a code); returns the answer.
pub async fn upload_document(
    app: &TestApp,
    tokens: &TokenPairDto,
    id: &str,
    kind: &str,
) -> super::Answer {
    let bearer = format!("Bearer {}", access(tokens));
    app.request_body(
        Method::PUT,
        &format!("/v1/applications/{id}/documents/{kind}"),
        png(),
        &[("authorization", &bearer), ("content-type", "image/png")],
    )
    .await
}

/// Uploads what the person of [`add_applicant`] (an adult) must bring for a new passport:
/// identity card, family card, birth certificate. Without them an officer cannot find the
/// documents complete.
pub async fn upload_required_documents(app: &TestApp, tokens: &TokenPairDto, id: &str) {
    for kind in ["identity_card", "family_card", "birth_certificate"] {
        let uploaded = upload_document(app, tokens, id, kind).await;
        assert!(uploaded.status.is_success(), "{kind}: {:#}", uploaded.json);
    }
}

/// A released date with sessions ahead at the start of every test (Thursday 26 November
/// 2026; the test clock starts on Wednesday the 25th at 10:00 WIB).
pub const DATE: &str = "2026-11-26";

/// Books a new draft of the signed-in applicant for the person with this NIK, in the first
/// session of [`DATE`] at the seed office; returns (application id, billing code).
pub async fn book_new(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> (String, String) {
    let applicant = add_applicant(app, tokens, nik).await;
    let created = app
        .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.parse::<ApplicationDto>().id;
    let session = seed_session_on_date(app).await;
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(tokens)),
        )
        .await;
    assert_eq!(booked.status, 200, "{:#}", booked.json);
    let booking = booked.parse::<ApplicationDto>().booking.expect("a booking");
    (id, booking.billing_code)
}

/// Pays a billing code through the development payment simulator.
pub async fn pay(app: &TestApp, billing_code: &str) {
    let paid = app
        .post(
            &format!("/v1/dev/payments/{billing_code}"),
            &json!({}),
            None,
        )
        .await;
    assert_eq!(
        paid.parse::<PaymentAckDto>().result,
        PaymentResultDto::Applied,
        "{:#}",
        paid.json
    );
}

/// A new application of the signed-in applicant for the person with this NIK, booked on
/// [`DATE`] at the seed office and paid; returns its id.
pub async fn paid_application(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let (id, billing_code) = book_new(app, tokens, nik).await;
    pay(app, &billing_code).await;
    id
}

/// The id of the first session of [`DATE`] at the seed office, as availability shows it.
pub async fn seed_session_on_date(app: &TestApp) -> String {
    let days = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={DATE}&to={DATE}"
        ))
        .await;
    days.parse::<AvailabilityDto>().days[0].sessions[0]
        .id
        .clone()
}
