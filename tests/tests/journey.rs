//! The applicant's whole journey in one test, as the mobile app walks it: register, add the
//! person, draft, upload documents, book, pay by signed notice, reschedule, and get the
//! check-in code.

use reqwest::Method;
use serde_json::json;

use crate::support::{SEED_OFFICE_ID, access, add_applicant, draft, nth_nik};

on_both_backends! {
    async fn register_apply_upload_book_pay_reschedule_and_check_in(app) {
        let tokens = app.applicant("perjalanan@example.com").await;
        let bearer = format!("Bearer {}", access(&tokens));
        let applicant = add_applicant(&app, &tokens, &nth_nik(900)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        let id = created.json["id"].as_str().unwrap().to_owned();

        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec();
        for kind in ["identity_card", "family_card", "birth_certificate"] {
            let uploaded = app
                .request_body(Method::PUT, &format!("/v1/applications/{id}/documents/{kind}"), pdf.clone(), &[("authorization", &bearer)])
                .await;
            assert!(uploaded.status.is_success(), "{kind}: {:#}", uploaded.json);
        }
        let listed = app.send(Method::GET, &format!("/v1/applications/{id}/documents"), None, Some(access(&tokens))).await;
        assert_eq!(listed.json["items"].as_array().unwrap().len(), 3);

        let day = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}/availability?from=2026-11-26&to=2026-11-26")).await;
        let sessions = day.json["days"][0]["sessions"].as_array().unwrap().clone();
        let booked = app
            .post(
                &format!("/v1/applications/{id}/booking"),
                &json!({"office_id": SEED_OFFICE_ID, "date": "2026-11-26", "session_id": sessions[0]["id"]}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(booked.json["status"], "awaiting_payment", "{:#}", booked.json);
        let code = booked.json["booking"]["billing_code"].as_str().unwrap();

        let notice = json!({"event_id": "journey-1", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"});
        let paid = notify(&app, &notice).await;
        assert_eq!(paid.json["result"], "applied", "{:#}", paid.json);

        let moved = app
            .post(
                &format!("/v1/applications/{id}/reschedule"),
                &json!({"office_id": SEED_OFFICE_ID, "date": "2026-11-26", "session_id": sessions[1]["id"]}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        assert_eq!(moved.json["booking"]["session_id"], sessions[1]["id"]);

        let check_in = app.send(Method::GET, &format!("/v1/applications/{id}/check-in-code"), None, Some(access(&tokens))).await;
        assert_eq!(check_in.status, 200, "{:#}", check_in.json);
        assert_eq!(check_in.json["application_id"], id.as_str());
        assert_eq!(check_in.json["office_id"], SEED_OFFICE_ID);
        assert_eq!(check_in.json["date"], "2026-11-26");
        let statuses: Vec<_> = moved.json["history"].as_array().unwrap().iter().map(|h| h["status"].clone()).collect();
        assert_eq!(statuses, ["draft", "awaiting_payment", "paid", "paid"]);
    }
}
