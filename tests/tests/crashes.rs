//! A crash between a keyed write's commit and its answer: the server commits the work and
//! the answer for its `Idempotency-Key` together, then dies before sending it (the test
//! arms a stall at that point and stops the server at once); a new server on the same
//! database answers the client's retry with the original answer, and the work is done
//! once. One test per route that takes a key.

use serde_json::{Value, json};

use crate::support::*;

/// Sends `POST path` with `key` and `body` as `token`, lets the server commit it and die
/// before answering, starts a new server on the same database, and sends it again: returns
/// the new server and the retry's answer, which must be the original one replayed.
async fn crash_then_retry(
    app: TestApp,
    path: &str,
    body: &Value,
    token: &str,
    key: &str,
) -> (TestApp, Answer) {
    app.stall.arm();
    let request = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send();
    // Its client gets no answer: the server stops under it.
    let in_flight = actix_web::rt::spawn(request);
    app.stall.committed().await;
    let app = app.crash_and_restart().await;
    in_flight.abort();
    let retry = app.post_with_key(path, body, Some(token), key).await;
    assert_eq!(
        retry.header("idempotency-replayed"),
        "true",
        "{:#}",
        retry.json
    );
    (app, retry)
}

on_both_backends! {
    async fn a_cancel_that_committed_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("batal@example.com").await;
        let id = paid_application(&app, &tokens, &nth_nik(1)).await;
        let path = format!("/v1/applications/{id}/cancel");
        let (app, retry) = crash_then_retry(app, &path, &json!({}), access(&tokens), "cancel-1").await;
        assert_eq!(retry.status, 200, "{:#}", retry.json);
        assert_eq!(retry.json["status"], "cancelled");
        assert_eq!(retry.json["id"], id.as_str());
        // Cancelled once: one history entry, and a new key is refused as it should be.
        let history = retry.json["history"].as_array().unwrap();
        assert_eq!(history.iter().filter(|entry| entry["status"] == "cancelled").count(), 1);
        let again = app.post_with_key(&path, &json!({}), Some(access(&tokens)), "cancel-2").await;
        assert!(again.problem(409)["detail"].as_str().unwrap().contains("cancelled"));
    }
}

on_both_backends! {
    async fn a_draft_created_before_a_crash_is_answered_on_retry(app) {
        let tokens = app.applicant("draf@example.com").await;
        let applicant = add_applicant(&app, &tokens, &nth_nik(2)).await;
        let body = draft(&applicant);
        let (app, retry) = crash_then_retry(app, "/v1/applications", &body, access(&tokens), "draft-1").await;
        assert_eq!(retry.status, 201, "{:#}", retry.json);
        let id = retry.json["id"].as_str().unwrap();
        assert_eq!(retry.header("location"), format!("/v1/applications/{id}"));
        let list = app.send(reqwest::Method::GET, "/v1/applications", None, Some(access(&tokens))).await;
        assert_eq!(list.json["total"], 1, "created once: {:#}", list.json);
    }
}
