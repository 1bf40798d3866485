//! The applicant's whole journey in one test, as the mobile app walks it: register, add the
//! person, draft, upload documents, book, pay by signed notice, reschedule, and get the
//! check-in code.

use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AvailabilityDto, CheckInCodeDto, DocumentList,
    PaymentAckDto, PaymentResultDto,
};
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
        let id = created.parse::<ApplicationDto>().id;

        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec();
        for kind in ["identity_card", "family_card", "birth_certificate"] {
            let uploaded = app
                .request_body(Method::PUT, &format!("/v1/applications/{id}/documents/{kind}"), pdf.clone(), &[("authorization", &bearer)])
                .await;
            assert!(uploaded.status.is_success(), "{kind}: {:#}", uploaded.json);
        }
        let listed = app.send(Method::GET, &format!("/v1/applications/{id}/documents"), None, Some(access(&tokens))).await;
        assert_eq!(listed.parse::<DocumentList>().items.len(), 3);

        let day = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}/availability?from=2026-11-26&to=2026-11-26")).await;
        let sessions = day.parse::<AvailabilityDto>().days[0].sessions.clone();
        let booked = app
            .post(
                &format!("/v1/applications/{id}/booking"),
                &json!({"office_id": SEED_OFFICE_ID, "date": "2026-11-26", "session_id": sessions[0].id}),
                Some(access(&tokens)),
            )
            .await;
        let application: ApplicationDto = booked.parse();
        assert_eq!(application.status, ApplicationStatusDto::AwaitingPayment, "{:#}", booked.json);
        let code = application.booking.expect("a booking").billing_code;

        let notice = json!({"event_id": "journey-1", "billing_code": code, "amount": 650000, "paid_at": "2026-11-25T03:00:00Z"});
        let paid = notify(&app, &notice).await;
        assert_eq!(paid.parse::<PaymentAckDto>().result, PaymentResultDto::Applied, "{:#}", paid.json);

        let moved = app
            .post(
                &format!("/v1/applications/{id}/reschedule"),
                &json!({"office_id": SEED_OFFICE_ID, "date": "2026-11-26", "session_id": sessions[1].id}),
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        let moved: ApplicationDto = moved.parse();
        assert_eq!(moved.booking.as_ref().expect("a booking").session_id, sessions[1].id);

        let check_in = app.send(Method::GET, &format!("/v1/applications/{id}/check-in-code"), None, Some(access(&tokens))).await;
        assert_eq!(check_in.status, 200, "{:#}", check_in.json);
        let check_in: CheckInCodeDto = check_in.parse();
        assert_eq!(check_in.application_id, id);
        assert_eq!(check_in.office_id, SEED_OFFICE_ID);
        assert_eq!(check_in.date.to_string(), "2026-11-26");
        let statuses: Vec<_> = moved.history.iter().map(|h| h.status).collect();
        assert_eq!(
            statuses,
            [
                ApplicationStatusDto::Draft,
                ApplicationStatusDto::AwaitingPayment,
                ApplicationStatusDto::Paid,
                ApplicationStatusDto::Paid,
            ]
        );
    }
}
