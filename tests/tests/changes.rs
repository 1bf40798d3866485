//! Rescheduling a paid appointment (once, no later than the day before) and cancelling an
//! application (before its appointment); places freed at once either way.

use chrono::TimeDelta;
use paspor_openapi::{
    ApplicationDto, ApplicationStatusDto, AvailabilityDto, PaymentAckDto, PaymentResultDto,
    SessionDto, TokenPairDto,
};
use serde_json::json;

use crate::support::{
    DATE, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft, nth_nik,
};

async fn sessions_on(app: &TestApp, date: &str) -> Vec<SessionDto> {
    let answer = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={date}&to={date}"
        ))
        .await;
    answer.parse::<AvailabilityDto>().days[0].sessions.clone()
}

fn remaining(sessions: &[SessionDto], index: usize) -> u32 {
    sessions[index].channels.regular.remaining
}

/// A paid application on the first session of [`DATE`]; returns (tokens, id).
async fn paid(app: &TestApp, email: &str, nik: &str) -> (TokenPairDto, String) {
    let tokens = app.applicant(email).await;
    let applicant = add_applicant(app, &tokens, nik).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.parse::<ApplicationDto>().id;
    let session = sessions_on(app, DATE).await[0].id.clone();
    let booked = app
        .post(
            &format!("/v1/applications/{id}/booking"),
            &json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session}),
            Some(access(&tokens)),
        )
        .await;
    let code = booked
        .parse::<ApplicationDto>()
        .booking
        .expect("a booking")
        .billing_code;
    let pay = app
        .post(&format!("/v1/dev/payments/{code}"), &json!({}), None)
        .await;
    assert_eq!(
        pay.parse::<PaymentAckDto>().result,
        PaymentResultDto::Applied,
        "{:#}",
        pay.json
    );
    (tokens, id)
}

on_both_backends! {
    async fn a_paid_appointment_moves_once(app) {
        let (tokens, id) = paid(&app, "pindah@example.com", &nth_nik(400)).await;
        let before = sessions_on(&app, DATE).await;
        assert_eq!(remaining(&before, 0), 49);
        let target = before[1].id.clone();
        let path = format!("/v1/applications/{id}/reschedule");
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": target});
        let moved = app.post(&path, &body, Some(access(&tokens))).await;
        assert_eq!(moved.status, 200, "{:#}", moved.json);
        let moved: ApplicationDto = moved.parse();
        assert_eq!(moved.status, ApplicationStatusDto::Paid);
        assert_eq!(moved.booking.as_ref().expect("a booking").session_id, target);
        let last = moved.history.last().unwrap();
        assert!(last.note.as_deref().unwrap().starts_with("rescheduled from 2026-11-26"), "{last:?}");
        let after = sessions_on(&app, DATE).await;
        assert_eq!((remaining(&after, 0), remaining(&after, 1)), (50, 49));

        let back = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": before[0].id});
        let twice = app.post(&path, &back, Some(access(&tokens))).await;
        assert!(twice.problem(409).detail.contains("only once"));
    }
}

on_both_backends! {
    async fn only_paid_appointments_move_and_not_on_the_day(app) {
        let tokens = app.applicant("belum@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(410)).await;
        let created = app.post("/v1/applications", &draft(&applicant), Some(access(&tokens))).await;
        let id = created.parse::<ApplicationDto>().id;
        let session = sessions_on(&app, DATE).await[1].id.clone();
        let body = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});
        let refused = app.post(&format!("/v1/applications/{id}/reschedule"), &body, Some(access(&tokens))).await;
        assert!(refused.problem(409).detail.contains("paid"));

        let (_, paid_id) = paid(&app, "hari@example.com", &nth_nik(411)).await;
        // The appointment day in Pangkalpinang (WIB) starts at 2026-11-25T17:00Z.
        app.clock.advance(TimeDelta::hours(14));
        let late = app.login("hari@example.com", PASSWORD).await;
        let refused = app
            .post(&format!("/v1/applications/{paid_id}/reschedule"), &body, Some(access(&late)))
            .await;
        assert!(refused.problem(409).detail.contains("day before"), "{:#}", refused.json);
    }
}

on_both_backends! {
    async fn cancelling_frees_the_place_and_the_person(app) {
        let (tokens, id) = paid(&app, "batal@example.com", &nth_nik(420)).await;
        assert_eq!(remaining(&sessions_on(&app, DATE).await, 0), 49);
        let path = format!("/v1/applications/{id}/cancel");
        let cancelled = app.post(&path, &json!(null), Some(access(&tokens))).await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
        let cancelled: ApplicationDto = cancelled.parse();
        assert_eq!(cancelled.status, ApplicationStatusDto::Cancelled);
        assert!(cancelled.booking.is_none(), "{cancelled:?}");
        assert_eq!(remaining(&sessions_on(&app, DATE).await, 0), 50);
        app.post(&path, &json!(null), Some(access(&tokens))).await.problem(409);
        let mail = app.wait_for_emails("batal@example.com", 4).await;
        assert!(mail.iter().any(|m| m["subject"].as_str().unwrap().contains("cancelled")));

        // The person may apply again; a draft can be cancelled too.
        let applicant = &cancelled.applicant_id;
        let again = app.post("/v1/applications", &draft(applicant), Some(access(&tokens))).await;
        assert_eq!(again.status, 201, "{:#}", again.json);
        let draft_id = again.parse::<ApplicationDto>().id;
        let gone = app.post(&format!("/v1/applications/{draft_id}/cancel"), &json!(null), Some(access(&tokens))).await;
        assert_eq!(gone.parse::<ApplicationDto>().status, ApplicationStatusDto::Cancelled);
        // Another account's application is not found.
        let stranger = app.applicant("asing@example.com").await;
        app.post(&path, &json!(null), Some(access(&stranger))).await.problem(404);
    }
}
