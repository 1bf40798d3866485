//! Operating the server: request ids, Prometheus metrics, security headers and CORS, and a
//! graceful stop that finishes the request in flight.
//!
//! `/metrics` is operator-facing and deliberately not in the OpenAPI document (like
//! `/openapi.json` and `/docs`); a route inventory test must list it as undocumented.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;

use paspor_api::clock::ManualClock;
use paspor_api::{Application, Config, Environment};
use paspor_persistence::outbox::{self, Channel, NewMessage};
use paspor_persistence::write_transaction;
use reqwest::Method;
use serde_json::json;

use crate::support::*;

/// The value of the sample `series` (name and labels exactly as exposed) in a scrape.
pub(crate) fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().expect("a number"))
        })
}

/// Scrapes `/metrics`, asserting the exposition format.
pub(crate) async fn scrape(app: &TestApp) -> String {
    let answer = app.get("/metrics").await;
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .header("content-type")
            .starts_with("text/plain; version=0.0.4"),
        "{}",
        answer.header("content-type")
    );
    String::from_utf8(answer.bytes).expect("text")
}

on_both_backends! {
    async fn a_callers_request_id_comes_back_and_problems_carry_the_same(app) {
        let longest = "a".repeat(64);
        for kept in ["mobile-7f3a.2", longest.as_str()] {
            let answer = app.request(Method::GET, "/v1/offices", &[("x-request-id", kept)]).await;
            assert_eq!(answer.status, 200);
            assert_eq!(answer.header("x-request-id"), kept);
        }
        // Forged log lines, markup and overlong ids are replaced by a fresh id.
        for malformed in ["two words", "<script>", "a\tb", &"x".repeat(300)] {
            let answer = app.request(Method::GET, "/health/live", &[("x-request-id", malformed)]).await;
            let id = answer.header("x-request-id");
            assert_ne!(id, malformed);
            assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        }
        // Problems of every origin (a handler, the router, an extractor, authentication)
        // carry the id of their answer, the caller's when given.
        let given = app.request(Method::GET, "/v1/offices/no-such-office", &[("x-request-id", "trace-1")]).await;
        assert_eq!(given.problem(404).request_id, "trace-1");
        let unknown = app.get("/v1/nowhere").await;
        unknown.problem(404);
        let invalid = app.get("/v1/validity?birth_date=yesterday&issue_date=2026-11-25").await;
        invalid.problem(400);
        let anonymous = app.get("/v1/me").await;
        anonymous.problem(401);
        let ids = [unknown.header("x-request-id"), invalid.header("x-request-id"), anonymous.header("x-request-id")];
        assert!(ids[0] != ids[1] && ids[1] != ids[2], "each request has its own id: {ids:?}");
    }
}

on_both_backends! {
    async fn metrics_count_requests_by_route_pattern_and_status(app) {
        let office = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await;
        assert_eq!(office.status, 200);
        let missing = app.get("/v1/offices/0193a000-0000-7000-8000-00000000ffff").await;
        missing.problem(404);
        let again = app.get(&format!("/v1/offices/{SEED_OFFICE_ID}")).await;
        assert_eq!(again.status, 200);
        app.get("/wp-admin/setup.php").await.problem(404);

        let text = scrape(&app).await;
        let route = r#"method="GET",route="/v1/offices/{id}""#;
        assert_eq!(sample(&text, &format!(r#"paspor_http_requests_total{{{route},status="200"}}"#)), Some(2.0), "{text}");
        assert_eq!(sample(&text, &format!(r#"paspor_http_requests_total{{{route},status="404"}}"#)), Some(1.0), "{text}");
        assert_eq!(
            sample(&text, &format!(r#"paspor_http_request_duration_seconds_count{{{route},status="200"}}"#)),
            Some(2.0),
            "{text}"
        );
        assert_eq!(
            sample(&text, &format!(r#"paspor_http_request_duration_seconds_bucket{{{route},status="200",le="+Inf"}}"#)),
            Some(2.0),
            "{text}"
        );
        assert_eq!(
            sample(&text, r#"paspor_http_requests_total{method="GET",route="unmatched",status="404"}"#),
            Some(1.0),
            "{text}"
        );
        assert!(!text.contains(SEED_OFFICE_ID) && !text.contains("wp-admin"), "raw paths never become labels");

        // The pool as configured for tests (8), and the scrape's own request in flight.
        assert_eq!(sample(&text, "paspor_db_pool_max_connections"), Some(8.0));
        let open = sample(&text, "paspor_db_pool_connections").expect("open connections");
        let idle = sample(&text, "paspor_db_pool_idle_connections").expect("idle connections");
        assert!((1.0..=8.0).contains(&open) && idle <= open, "{open} open, {idle} idle");
        assert_eq!(sample(&text, "paspor_http_requests_in_flight"), Some(1.0));
        assert_eq!(sample(&text, "paspor_database_up"), Some(1.0));

        // Operator-facing: not part of the published contract.
        let doc = app.get("/openapi.json").await;
        assert!(doc.json["paths"].get("/metrics").is_none());
    }
}

on_both_backends! {
    async fn metrics_count_bookings_payments_job_runs_and_the_outbox_backlog(app) {
        let text = scrape(&app).await;
        assert_eq!(sample(&text, "paspor_bookings_total"), Some(0.0));
        assert_eq!(sample(&text, "paspor_outbox_pending_messages"), Some(0.0));

        let tokens = app.applicant("ani@example.id").await;
        paid_application(&app, &tokens, &nth_nik(1)).await;
        let text = scrape(&app).await;
        assert_eq!(sample(&text, "paspor_bookings_total"), Some(1.0), "{text}");
        assert_eq!(sample(&text, r#"paspor_payment_notices_total{outcome="applied"}"#), Some(1.0), "{text}");

        // Once the payment's own messages are out, messages not due until tomorrow (by the
        // server's clock) make the whole backlog.
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        eventually("the payment's messages delivered", || {
            (outbox::pending_count(&mut conn).unwrap() == 0).then_some(())
        })
        .await;
        let tomorrow = app.clock.now() + chrono::TimeDelta::days(1);
        for n in 0..3 {
            write_transaction(&mut conn, |conn| {
                outbox::enqueue(
                    conn,
                    &NewMessage {
                        channel: Channel::Email,
                        recipient: format!("later{n}@example.id"),
                        subject: "Later".to_owned(),
                        body: "Not yet".to_owned(),
                        code: None,
                    },
                    tomorrow,
                )
            })
            .unwrap();
        }
        assert_eq!(outbox::pending_count(&mut conn).unwrap(), 3);
        let text = scrape(&app).await;
        assert_eq!(sample(&text, "paspor_outbox_pending_messages"), Some(3.0), "{text}");

        // The delivery and expiry jobs run every 50 ms in tests: their passes are counted.
        let mut last = String::new();
        for _ in 0..500 {
            last = scrape(&app).await;
            let delivered = sample(&last, r#"paspor_job_runs_total{job="outbox_delivery",outcome="ok"}"#);
            let expired = sample(&last, r#"paspor_job_runs_total{job="booking_expiry",outcome="ok"}"#);
            if delivered.is_some_and(|n| n >= 1.0) && expired.is_some_and(|n| n >= 1.0) {
                return;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("job runs never counted:\n{last}");
    }
}

#[actix_web::test]
async fn metrics_can_be_switched_off() {
    let app = TestApp::start_with(TestDatabase::sqlite(), |config| config.metrics = false).await;
    app.get("/metrics").await.problem(404);
    assert_eq!(app.get("/health/live").await.status, 200);
}

/// The headers every answer carries.
#[track_caller]
fn assert_hardened(answer: &Answer, csp: &str) {
    assert_eq!(answer.header("x-content-type-options"), "nosniff");
    assert_eq!(answer.header("x-frame-options"), "DENY");
    assert_eq!(answer.header("referrer-policy"), "no-referrer");
    assert_eq!(answer.header("content-security-policy"), csp);
}

const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

#[actix_web::test]
async fn every_answer_carries_security_headers_and_authenticated_ones_are_not_stored() {
    let app = TestApp::start(TestDatabase::sqlite()).await;
    let offices = app.get("/v1/offices").await;
    assert_eq!(offices.status, 200);
    assert_hardened(&offices, API_CSP);
    assert_eq!(
        offices.header("cache-control"),
        "",
        "public data may be cached"
    );
    assert_eq!(
        offices.header("strict-transport-security"),
        "",
        "not over plain development HTTP"
    );

    let problem = app.get("/v1/nowhere").await;
    problem.problem(404);
    assert_hardened(&problem, API_CSP);
    let metrics = app.get("/metrics").await;
    assert_hardened(&metrics, API_CSP);

    // Swagger UI is a page: it may load its own scripts and styles, still never be framed.
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status, 200);
    let docs_csp = docs.header("content-security-policy");
    assert!(
        docs_csp.contains("script-src 'self'") && docs_csp.contains("frame-ancestors 'none'"),
        "{docs_csp}"
    );
    assert!(
        !docs_csp.contains("unsafe-eval")
            && !docs_csp.contains("script-src 'self' 'unsafe-inline'"),
        "{docs_csp}"
    );
    assert_eq!(docs.header("x-frame-options"), "DENY");
    for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-initializer.js"] {
        let answer = app.get(asset).await;
        assert_eq!(answer.status, 200, "{asset}");
        assert_eq!(
            answer.header("content-security-policy"),
            docs_csp,
            "{asset}"
        );
    }

    // Answers to a signed-in caller are private: no-store, unless the route chose its own.
    let tokens = app.applicant("sari@example.id").await;
    let me = app
        .request(
            Method::GET,
            "/v1/me",
            &[("authorization", &format!("Bearer {}", access(&tokens)))],
        )
        .await;
    assert_eq!(me.status, 200);
    assert_hardened(&me, API_CSP);
    assert_eq!(me.header("cache-control"), "no-store");
    let applicant = add_applicant(&app, &tokens, &nth_nik(7)).await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.json["id"].as_str().unwrap();
    let application = app
        .request(
            Method::GET,
            &format!("/v1/applications/{id}"),
            &[("authorization", &format!("Bearer {}", access(&tokens)))],
        )
        .await;
    assert_eq!(application.status, 200);
    assert_eq!(
        application.header("cache-control"),
        "private, no-cache",
        "the route's own revalidation"
    );
    assert_hardened(&application, API_CSP);
}

#[actix_web::test]
async fn production_adds_hsts_and_keeps_swagger_ui_off() {
    let app = TestApp::start_with(TestDatabase::sqlite(), |config| {
        config.environment = Environment::Production;
        // What `PASPOR_ENV=production` defaults to.
        config.swagger_ui = false;
    })
    .await;
    let offices = app.get("/v1/offices").await;
    assert_eq!(offices.status, 200);
    assert_hardened(&offices, API_CSP);
    assert_eq!(
        offices.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    app.get("/docs/").await.problem(404);
    let doc = app.get("/openapi.json").await;
    assert_eq!(doc.status, 200, "the contract stays published");
    assert_eq!(
        doc.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let simulator = app.request(Method::POST, "/v1/dev/payments/123", &[]).await;
    assert_eq!(simulator.status, 404, "no payment simulator in production");
}

/// A preflight for a booking from `origin`.
async fn preflight(app: &TestApp, origin: &str) -> Answer {
    app.request(
        Method::OPTIONS,
        "/v1/applications/x/booking",
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization, content-type, idempotency-key",
            ),
        ],
    )
    .await
}

#[actix_web::test]
async fn without_configured_origins_there_are_no_cors_headers() {
    let app = TestApp::start(TestDatabase::sqlite()).await;
    let answer = app
        .request(
            Method::GET,
            "/v1/offices",
            &[("origin", "https://app.example.go.id")],
        )
        .await;
    assert_eq!(
        answer.status, 200,
        "a request with an Origin is served as any other"
    );
    assert!(
        answer
            .headers
            .keys()
            .all(|name| !name.as_str().starts_with("access-control-")),
        "{:?}",
        answer.headers
    );
    let preflight = preflight(&app, "https://app.example.go.id").await;
    assert!(preflight.status.is_client_error(), "{}", preflight.status);
    assert_eq!(preflight.header("access-control-allow-origin"), "");
}

#[actix_web::test]
async fn configured_origins_alone_get_cors() {
    const ALLOWED: &str = "https://app.example.go.id";
    let app = TestApp::start_with(TestDatabase::sqlite(), |config| {
        config.cors_origins = vec![ALLOWED.to_owned(), "http://localhost:3000".to_owned()];
    })
    .await;

    let allowed = preflight(&app, ALLOWED).await;
    assert_eq!(allowed.status, 200, "{:?}", allowed.headers);
    assert_eq!(allowed.header("access-control-allow-origin"), ALLOWED);
    assert!(
        allowed
            .header("access-control-allow-methods")
            .contains("POST")
    );
    let headers = allowed
        .header("access-control-allow-headers")
        .to_ascii_lowercase();
    assert!(
        headers.contains("idempotency-key") && headers.contains("authorization"),
        "{headers}"
    );
    assert_eq!(
        allowed.header("access-control-allow-credentials"),
        "",
        "bearer tokens, not cookies"
    );

    let refused = preflight(&app, "https://evil.example").await;
    refused.problem(400);
    assert_eq!(refused.header("access-control-allow-origin"), "");

    let read = app
        .request(Method::GET, "/v1/offices", &[("origin", ALLOWED)])
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("access-control-allow-origin"), ALLOWED);
    assert!(
        read.header("access-control-expose-headers")
            .to_ascii_lowercase()
            .contains("x-request-id")
    );
    // A problem for an allowed page is readable by it too.
    let problem = app
        .request(Method::GET, "/v1/me", &[("origin", ALLOWED)])
        .await;
    problem.problem(401);
    assert_eq!(problem.header("access-control-allow-origin"), ALLOWED);

    let other = app
        .request(
            Method::GET,
            "/v1/offices",
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(
        other.status, 200,
        "served, but the browser keeps it from the page"
    );
    assert_eq!(other.header("access-control-allow-origin"), "");
}

/// The body of a registration padded with spaces, so that it can be sent in two parts.
fn registration() -> String {
    let body = json!({
        "email": "lambat@example.id",
        "phone": "0812-3456-7890",
        "full_name": "Slow Sender",
        "password": "a passphrase long enough for the rules"
    })
    .to_string();
    format!("{body}{}", " ".repeat(256))
}

/// Starts a server on `database`, sends a request whose last byte is held back, stops the
/// server gracefully while that request is in flight, then sends the last byte: the
/// request is answered, new connections are refused, and the server stops cleanly.
async fn a_graceful_stop_finishes_the_request_in_flight(database: TestDatabase) {
    let folder = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(database.url());
    config.outbox.mail_file = folder.path().join("outbox.jsonl");
    config.storage_dir = folder.path().join("documents");
    let clock = ManualClock::new(instant("2026-11-25T03:00:00Z"));
    let app = Application::build(config, Arc::new(clock))
        .await
        .expect("the server starts");
    let port = app.port();
    let handle = app.handle();
    let running = actix_web::rt::spawn(app.run_until_stopped());

    let body = registration();
    let (head_sent, head_arrived) = futures::channel::oneshot::channel();
    let (go, wait_for_go) = std::sync::mpsc::channel::<()>();
    let slow = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        let (all_but_last, last) = body.as_bytes().split_at(body.len() - 1);
        write!(
            stream,
            "POST /v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             X-Request-Id: slow-1\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(all_but_last).unwrap();
        let held_since = std::time::Instant::now();
        head_sent.send(()).unwrap();
        wait_for_go.recv().unwrap();
        let held = held_since.elapsed();
        stream.write_all(last).unwrap();
        let mut answer = String::new();
        let read = stream.read_to_string(&mut answer);
        // Told in a failure: a stop that dropped the request instead of finishing it.
        let how = format!(
            "held back {held:?}, read {read:?} after {:?}",
            held_since.elapsed()
        );
        (answer, how)
    });
    head_arrived.await.unwrap();

    // A client without a connection pool: an idle kept-alive connection would hold the
    // stop back until its keep-alive lapses.
    let scraper = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let metrics = format!("http://127.0.0.1:{port}/metrics");
    let mut in_flight = 0.0;
    for _ in 0..2000 {
        let text = scraper
            .get(&metrics)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // The scrape itself, and the held-back request.
        in_flight = sample(&text, "paspor_http_requests_in_flight").unwrap_or(0.0);
        if in_flight >= 2.0 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        in_flight >= 2.0,
        "the held-back request never reached the server"
    );

    // What SIGTERM does.
    let stopping = actix_web::rt::spawn(handle.stop(true));
    let mut refused = false;
    for _ in 0..2000 {
        if TcpStream::connect(("127.0.0.1", port)).is_err() {
            refused = true;
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(refused, "new connections are refused once stopping");

    go.send(()).unwrap();
    let (answer, how) = actix_web::rt::task::spawn_blocking(move || slow.join().unwrap())
        .await
        .unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 202"),
        "the request in flight was not finished ({how}): {answer:?}"
    );
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id: slow-1"),
        "{answer}"
    );
    stopping.await.unwrap();
    running
        .await
        .unwrap()
        .expect("the server and its jobs stop without error");
    drop(database);
}

mod graceful_stop {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        a_graceful_stop_finishes_the_request_in_flight(TestDatabase::sqlite()).await;
    }

    #[actix_web::test]
    async fn postgres() {
        if let Some(database) = TestDatabase::postgres("graceful_stop") {
            a_graceful_stop_finishes_the_request_in_flight(database).await;
        }
    }
}
