//! Applicants and drafts for tests, made through the API.

use serde_json::{Value, json};

use super::accounts::access;
use super::app::TestApp;

/// The `n`th of a series of valid NIKs, all of a man born 15 May 1990 in Jakarta.
pub fn nth_nik(n: usize) -> String {
    format!("317101150590{:04}", n % 10_000)
}

/// Adds an applicant (born 15 May 1990, male) with this NIK; returns its id.
pub async fn add_applicant(app: &TestApp, tokens: &Value, nik: &str) -> String {
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
    answer.json["id"].as_str().unwrap().to_owned()
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
