//! Liveness and readiness.

on_both_backends! {
    async fn live_and_ready_name_the_database(app) {
        let expected = if app.database_url().starts_with("postgres") { "postgresql" } else { "sqlite" };
        for path in ["/health/live", "/health/ready"] {
            let answer = app.get(path).await;
            assert_eq!(answer.status, 200, "{path}: {:#}", answer.json);
            assert_eq!(answer.json["status"], "ok");
            assert_eq!(answer.json["database"], expected);
        }
    }
}
