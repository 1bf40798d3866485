//! Every error is a problem: unknown routes, wrong methods, bad parameters, oversized
//! bodies; and every answer carries a request id.

use reqwest::Method;

on_both_backends! {
    async fn unknown_routes_and_wrong_methods_are_problems(app) {
        let unknown = app.get("/v1/passports-of-the-moon").await;
        unknown.problem(404);

        let wrong = app.request(Method::POST, "/v1/quote", &[]).await;
        wrong.problem(405);
        assert_eq!(wrong.header("allow"), "GET");
        let wrong = app.request(Method::DELETE, "/v1/offices/0193a000-0000-7000-8000-000000000001", &[]).await;
        wrong.problem(405);
        assert_eq!(wrong.header("allow"), "GET");
    }
}

on_both_backends! {
    async fn a_too_large_body_is_a_problem(app) {
        let big = "x".repeat(200 * 1024);
        let response = reqwest::Client::new()
            .post(format!("{}/v1/quote", app.base))
            .header("content-type", "application/json")
            .body(big)
            .send()
            .await
            .unwrap();
        // No route of this version takes a body: the method is refused before the body.
        assert!(matches!(response.status().as_u16(), 405 | 413), "{}", response.status());
        assert_eq!(response.headers()["content-type"], "application/problem+json");
    }
}

on_both_backends! {
    async fn the_request_id_is_kept_when_well_formed_and_made_otherwise(app) {
        let kept = app.request(Method::GET, "/health/live", &[("x-request-id", "app-7f3a.retry:2")]).await;
        assert_eq!(kept.header("x-request-id"), "app-7f3a.retry:2");

        let replaced = app.request(Method::GET, "/health/live", &[("x-request-id", "has spaces")]).await;
        let id = replaced.header("x-request-id");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");

        let fresh = app.get("/v1/offices/nothing").await;
        let body = fresh.problem(404);
        assert_eq!(body.request_id, fresh.header("x-request-id"));
        let other = app.get("/v1/offices/nothing").await;
        assert_ne!(other.header("x-request-id"), fresh.header("x-request-id"));
    }
}
