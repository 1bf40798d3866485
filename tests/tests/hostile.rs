//! Hostile HTTP input: bodies too large (with and without `Content-Length`), JSON nested
//! past any real need, bytes that are not UTF-8 wherever a client can put them, heads too
//! large, wrong media types, clients that send slowly or not at all, more connections than
//! the server keeps, and a database pool with no connection to give. Each is answered
//! within a bound (a problem+json wherever the application gets to answer) and the server
//! keeps serving everyone else.
//!
//! Where the database plays no part the test runs on SQLite only; the pool test runs on
//! both backends, and so does `nul`: a NUL in every text of every operation of the
//! document, refused at the edge (PostgreSQL cannot store one).

mod nul;
mod raw;

use std::time::Duration;

use paspor_api::Config;
use reqwest::Method;
use serde_json::json;
use tokio::io::AsyncWriteExt as _;

use crate::support::{SEED_OFFICE_ID, TestApp, TestDatabase, access, add_applicant, draft};
use raw::{RawAnswer, chunked, connect, read_to_close, request, send};

const REGISTER: &str = "/v1/auth/register";

async fn sqlite_app(adjust: impl FnOnce(&mut Config)) -> TestApp {
    TestApp::start_with(TestDatabase::sqlite(), adjust).await
}

/// The server still answers an ordinary request, reading the database.
async fn still_serving(app: &TestApp) {
    let offices = app.get("/v1/offices").await;
    assert_eq!(offices.status, 200, "{:#}", offices.json);
}

/// A JSON body of exactly `size` bytes: a register request padded with spaces.
fn json_of_size(size: usize) -> Vec<u8> {
    let mut body = br#"{"email":"x@example.com"}"#.to_vec();
    body.resize(size, b' ');
    body
}

#[actix_web::test]
async fn bodies_past_each_routes_limit_are_413_problems_with_or_without_a_length() {
    let app = sqlite_app(|_| {}).await;
    let json = ["Content-Type: application/json"];

    // JSON routes: 64 KiB, by `Content-Length` and chunked.
    let past = json_of_size(64 * 1024 + 1);
    let answer = send(
        &app,
        &request("POST", REGISTER.as_bytes(), &[json[0].as_bytes()], &past),
    )
    .await;
    answer.problem(413);
    let answer = send(&app, &chunked("POST", REGISTER, &json, &past)).await;
    answer.problem(413);
    // At the limit the body is read, and refused for what it says, not for its size.
    let at = json_of_size(64 * 1024);
    let answer = send(&app, &chunked("POST", REGISTER, &json, &at)).await;
    answer.problem(400);

    // Routes that read the raw body for their `Idempotency-Key`: the same 64 KiB.
    let tokens = app.applicant("besar@example.com").await;
    let bearer = format!("Authorization: Bearer {}", access(&tokens));
    let headers = [json[0], bearer.as_str(), "Idempotency-Key: big-1"];
    let answer = send(&app, &chunked("POST", "/v1/applications", &headers, &past)).await;
    answer.problem(413);

    // Payment notices are unauthenticated until their signature is checked: 16 KiB.
    let notice = request(
        "POST",
        b"/v1/payments/notifications",
        &[json[0].as_bytes()],
        &json_of_size(16 * 1024 + 1),
    );
    send(&app, &notice).await.problem(413);
    let notice = request(
        "POST",
        b"/v1/payments/notifications",
        &[json[0].as_bytes()],
        &json_of_size(16 * 1024),
    );
    send(&app, &notice).await.problem(401);
    let answer = send(
        &app,
        &chunked(
            "POST",
            "/v1/payments/notifications",
            &json,
            &json_of_size(17 * 1024),
        ),
    )
    .await;
    answer.problem(413);
    // A chunked body past the limit that then stops, unfinished: answered, and the
    // connection closed rather than kept to drain a rest that never comes.
    let mut stalled = chunked(
        "POST",
        "/v1/payments/notifications",
        &json,
        &json_of_size(17 * 1024),
    );
    stalled.truncate(stalled.len() - b"0\r\n\r\n".len());
    send(&app, &stalled).await.problem(413);

    // Documents: 5 MiB, chunked too (with a length it is tested with the documents).
    let applicant = add_applicant(&app, &tokens, "3171011505900001").await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    let id = created.json["id"].as_str().unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(5 * 1024 * 1024 + 1, b' ');
    let target = format!("/v1/applications/{id}/documents/diploma");
    let headers = ["Content-Type: application/pdf", bearer.as_str()];
    let answer = send(&app, &chunked("PUT", &target, &headers, &pdf)).await;
    answer.problem(413);
    still_serving(&app).await;
}

#[actix_web::test]
async fn json_nested_past_any_need_is_400_without_exhausting_the_stack() {
    let app = sqlite_app(|_| {}).await;
    let tokens = app.applicant("dalam@example.com").await;
    let bearer = format!("Bearer {}", access(&tokens));
    // As deep as fits in 64 KiB: tens of thousands of levels, at the top and inside a
    // field. Every request type names its fields and refuses others, so the parser stops
    // at the first level that does not fit; what it does read is capped at serde_json's
    // 128 levels (`extract`'s unit tests).
    let bodies = [
        "[".repeat(60_000),
        "{\"a\":".repeat(12_000),
        format!("{{\"email\":{}", "[".repeat(60_000)),
        format!(
            "{{\"applicant_id\":\"x\",\"travel\":{}",
            "{\"a\":".repeat(12_000)
        ),
    ];
    for body in bodies {
        let answer = app
            .request_body(
                Method::POST,
                REGISTER,
                body.clone(),
                &[("content-type", "application/json")],
            )
            .await;
        answer.problem(400);
        let answer = app
            .request_body(
                Method::POST,
                "/v1/applications",
                body,
                &[
                    ("content-type", "application/json"),
                    ("authorization", &bearer),
                    ("idempotency-key", "deep-1"),
                ],
            )
            .await;
        answer.problem(400);
    }
    // 100,000 levels: its first byte already says it is no JSON object (the schema asks for
    // one), so it is refused before its depth (or its size) matters.
    let answer = app
        .request_body(
            Method::POST,
            REGISTER,
            "[".repeat(100_000),
            &[("content-type", "application/json")],
        )
        .await;
    answer.problem(400);
    still_serving(&app).await;
}

#[actix_web::test]
async fn bytes_that_are_not_utf8_are_refused_never_a_server_failure() {
    let app = sqlite_app(|_| {}).await;
    let tokens = app.applicant("biner@example.com").await;
    let bearer = format!("Authorization: Bearer {}", access(&tokens));
    let json = b"Content-Type: application/json".as_slice();

    // In a JSON body, through `web::Json` and through the raw-body parser.
    let body = b"{\"email\":\"\xff\xfe@example.com\",\"password\":\"x\"}";
    send(&app, &request("POST", REGISTER.as_bytes(), &[json], body))
        .await
        .problem(400);
    let body = b"{\"applicant_id\":\"\xc0\xaf\"}";
    let headers = [json, bearer.as_bytes(), b"Idempotency-Key: utf8-1"];
    send(&app, &request("POST", b"/v1/applications", &headers, body))
        .await
        .problem(400);

    // In a path segment, percent-encoded: not a resource, never a failure.
    for target in [
        &b"/v1/offices/%FF%FE"[..],
        b"/v1/applications/%C0%AF",
        b"/v1/applicants/%ED%A0%80",
    ] {
        let answer = send(&app, &request("GET", target, &[bearer.as_bytes()], b"")).await;
        assert!(matches!(answer.status, 400 | 404), "{}", answer.head);
        answer.problem(answer.status);
    }
    // In a query string, percent-encoded: the parameter is named.
    let answer = send(
        &app,
        &request("GET", b"/v1/validity?birth_date=%FF%FE", &[], b""),
    )
    .await;
    let problem = answer.problem(400);
    assert_eq!(problem["errors"][0]["field"], "birth_date", "{problem:#}");
    let target = format!("/v1/offices/{SEED_OFFICE_ID}/availability?from=%C3%28&to=2026-12-01");
    send(&app, &request("GET", target.as_bytes(), &[], b""))
        .await
        .problem(400);

    // Raw in the request line: HTTP itself refuses it, before the application (bare 400).
    for target in [
        &b"/v1/offices/\xff\xfe"[..],
        b"/v1/validity?birth_date=\xff",
    ] {
        let answer = send(&app, &request("GET", target, &[], b"")).await;
        assert_eq!(answer.status, 400, "{}", answer.head);
    }

    // In headers the application reads.
    let answer = send(
        &app,
        &request(
            "GET",
            b"/v1/me",
            &[b"Authorization: Bearer \xff\xfe\xfd"],
            b"",
        ),
    )
    .await;
    answer.problem(401);
    let answer = send(
        &app,
        &request("GET", b"/v1/me", &[b"Authorization: \xc3\xa9\xff"], b""),
    )
    .await;
    answer.problem(401);
    let headers = [json, bearer.as_bytes(), b"Idempotency-Key: \xff\xfekey"];
    let body = draft("0193a111-2222-7333-8444-555566667777").to_string();
    let answer = send(
        &app,
        &request("POST", b"/v1/applications", &headers, body.as_bytes()),
    )
    .await;
    let problem = answer.problem(400);
    assert_eq!(
        problem["errors"][0]["field"], "idempotency-key",
        "{problem:#}"
    );
    let headers = [json, b"Paspor-Signature: t=\xff,v1=\xfe".as_slice()];
    send(
        &app,
        &request("POST", b"/v1/payments/notifications", &headers, b"{}"),
    )
    .await
    .problem(401);
    let answer = send(
        &app,
        &request("GET", b"/health/live", &[b"X-Request-Id: \xff\xfe"], b""),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.head);
    let id = answer
        .head
        .lines()
        .find_map(|line| line.strip_prefix("x-request-id: "))
        .unwrap();
    assert!(
        uuid::Uuid::parse_str(id.trim()).is_ok(),
        "a fresh id replaces the caller's: {id}"
    );
    still_serving(&app).await;
}

#[actix_web::test]
async fn huge_heads_are_answered_431_and_the_server_keeps_serving() {
    let app = sqlite_app(|_| {}).await;
    // 100 KB of one header fits in actix-web's 128 KiB head buffer: the application answers.
    let padding = format!("X-Padding: {}", "a".repeat(100_000));
    let answer = send(
        &app,
        &request("GET", b"/health/live", &[padding.as_bytes()], b""),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.head);
    let huge_token = format!("Authorization: Bearer {}", "a".repeat(100_000));
    send(
        &app,
        &request("GET", b"/v1/me", &[huge_token.as_bytes()], b""),
    )
    .await
    .problem(401);

    // Past it, and past 96 headers, actix-web answers 431 itself (without a body) and closes.
    let padding = format!("X-Padding: {}", "a".repeat(200_000));
    let answer = send(
        &app,
        &request("GET", b"/health/live", &[padding.as_bytes()], b""),
    )
    .await;
    assert_eq!(answer.status, 431, "{}", answer.head);
    let many: Vec<String> = (0..500).map(|n| format!("X-Header-{n}: {n}")).collect();
    let many: Vec<&[u8]> = many.iter().map(|line| line.as_bytes()).collect();
    let answer = send(&app, &request("GET", b"/health/live", &many, b"")).await;
    assert_eq!(answer.status, 431, "{}", answer.head);
    // A megabyte of head is cut off at the buffer's size, not read whole.
    let padding = format!("X-Padding: {}", "a".repeat(1024 * 1024));
    let answer = send(
        &app,
        &request("GET", b"/health/live", &[padding.as_bytes()], b""),
    )
    .await;
    assert!(matches!(answer.status, 0 | 431), "{}", answer.head);
    still_serving(&app).await;
}

#[actix_web::test]
async fn wrong_media_types_are_415_and_missing_bodies_400() {
    let app = sqlite_app(|_| {}).await;
    let register = json!({"email": "tipe@example.com", "phone": "081234567890", "full_name": "Tipe", "password": "kopi tubruk di pagi hari"});
    let text = register.to_string();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
    ] {
        let answer = app
            .request_body(
                Method::POST,
                REGISTER,
                text.clone(),
                &[("content-type", content_type)],
            )
            .await;
        answer.problem(415);
    }
    // No media type at all is not JSON either.
    app.request_body(Method::POST, REGISTER, text.clone(), &[])
        .await
        .problem(415);
    // JSON announced, nothing sent.
    let empty = app
        .request_body(
            Method::POST,
            REGISTER,
            "",
            &[("content-type", "application/json")],
        )
        .await;
    empty.problem(400);

    // The same on a route that reads the raw body.
    let tokens = app.applicant("tipe2@example.com").await;
    let bearer = format!("Bearer {}", access(&tokens));
    let body = draft("nobody").to_string();
    let answer = app
        .request_body(
            Method::POST,
            "/v1/applications",
            body,
            &[
                ("content-type", "text/plain"),
                ("authorization", &bearer),
                ("idempotency-key", "t-1"),
            ],
        )
        .await;
    answer.problem(415);
    let answer = app
        .request_body(
            Method::POST,
            "/v1/applications",
            "",
            &[
                ("content-type", "application/json"),
                ("authorization", &bearer),
                ("idempotency-key", "t-2"),
            ],
        )
        .await;
    answer.problem(400);
}

#[actix_web::test]
async fn a_client_sending_its_head_slowly_is_cut_off_while_others_are_served() {
    let app =
        sqlite_app(|config| config.limits.client_request_timeout = Duration::from_secs(1)).await;
    let (mut reader, mut writer) = connect(&app).await.into_split();
    // One byte every 200 ms, for at most 60 s: far slower than the head's deadline.
    let drip = actix_web::rt::spawn(async move {
        let head = format!(
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: {}",
            "s".repeat(300)
        );
        for byte in head.bytes() {
            if writer.write_all(&[byte]).await.is_err() {
                return true;
            }
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
        false
    });
    // Meanwhile everyone else is served.
    for _ in 0..3 {
        still_serving(&app).await;
    }
    let mut read = Vec::new();
    tokio::time::timeout(raw::PATIENCE, async {
        use tokio::io::AsyncReadExt as _;
        let mut buffer = [0u8; 1024];
        while let Ok(n @ 1..) = reader.read(&mut buffer).await {
            read.extend_from_slice(&buffer[..n]);
        }
    })
    .await
    .expect("the slow connection is closed by the server");
    let answer = RawAnswer::parse(&read);
    assert_eq!(answer.status, 408, "{}", answer.head);
    assert!(
        drip.await.unwrap(),
        "the server stopped reading before the head was complete"
    );
    still_serving(&app).await;
}

#[actix_web::test]
async fn a_body_that_stops_arriving_is_answered_408_and_the_connection_closed() {
    let app = sqlite_app(|config| config.limits.body_timeout = Duration::from_secs(1)).await;
    // A length promised and never sent.
    let mut stream = connect(&app).await;
    let head = "POST /v1/auth/register HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"email\":";
    stream.write_all(head.as_bytes()).await.unwrap();
    still_serving(&app).await;
    let answer = RawAnswer::parse(&read_to_close(&mut stream).await);
    let problem = answer.problem(408);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("did not arrive"),
        "{problem:#}"
    );
    assert!(answer.has_header("connection", "close"), "{}", answer.head);

    // Chunked, a chunk started and never finished, on the document route.
    let tokens = app.applicant("lambat@example.com").await;
    let applicant = add_applicant(&app, &tokens, "3171011505900002").await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.json["id"].as_str().unwrap();
    let mut stream = connect(&app).await;
    let head = format!(
        "PUT /v1/applications/{id}/documents/diploma HTTP/1.1\r\nHost: localhost\r\n\
         Authorization: Bearer {}\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n%PDF-1.7\n",
        access(&tokens)
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = RawAnswer::parse(&read_to_close(&mut stream).await);
    answer.problem(408);
    still_serving(&app).await;
}

#[actix_web::test]
async fn connections_past_the_limit_wait_until_one_closes() {
    let app = sqlite_app(|config| {
        config.workers = Some(1);
        config.limits.max_connections = 2;
        // Long enough that the idle connections below are closed by the test, not the server.
        config.limits.client_request_timeout = Duration::from_secs(120);
    })
    .await;
    let idle = [connect(&app).await, connect(&app).await];
    let waiting = app.get("/health/live");
    futures::pin_mut!(waiting);
    // While both places are taken, the third connection is not served: it waits in the
    // backlog (if the limit were not applied it would be answered at once).
    let early = tokio::time::timeout(Duration::from_millis(500), waiting.as_mut()).await;
    assert!(
        early.is_err(),
        "served past the connection limit: {early:?}"
    );
    drop(idle);
    let answer = tokio::time::timeout(raw::PATIENCE, waiting)
        .await
        .expect("served once a place is free");
    assert_eq!(answer.status, 200);
}

/// The statement that keeps every writer out of the accounts table while it is held: one
/// connection of the test's own holds it, so the server's requests that write wait.
fn lock_out_writers(app: &TestApp) -> paspor_persistence::PooledConnection {
    use diesel::connection::SimpleConnection as _;
    let mut conn = app.pool().get().expect("a connection of the test's own");
    let statement = if app.database_url().starts_with("postgres") {
        "BEGIN; LOCK TABLE users IN EXCLUSIVE MODE;"
    } else {
        "BEGIN IMMEDIATE;"
    };
    conn.batch_execute(statement).expect("the lock");
    conn
}

/// One pooled connection, held by a request that waits for a lock: every other request
/// that needs the database is answered 503 with `Retry-After` once the pool's wait is
/// over, instead of queueing without bound; all are served again once it is free.
async fn pool_exhaustion(app: TestApp) {
    use diesel::connection::SimpleConnection as _;
    still_serving(&app).await;
    let mut lock = lock_out_writers(&app);
    let account = json!({"email": "antri@example.com", "phone": "081234567891", "full_name": "Antri", "password": "kopi tubruk di pagi hari"});
    let register = app.post(REGISTER, &account, None);
    let others = async {
        let mut refused = None;
        for _ in 0..200 {
            let answer = app.get("/v1/offices").await;
            if answer.status == 503 {
                refused = Some(answer);
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        lock.batch_execute("COMMIT;").expect("the lock is let go");
        refused.expect("a request waiting for the only connection is refused")
    };
    let (registered, refused): (_, crate::support::Answer) = futures::join!(register, others);
    refused.problem(503);
    assert_eq!(refused.header("retry-after"), "5");
    // The request that held the connection finishes; had a background job held it, the
    // request was refused like the others.
    assert!(
        matches!(registered.status.as_u16(), 202 | 503),
        "{:#}",
        registered.json
    );
    if registered.status == 503 {
        registered.problem(503);
    }
    let mut served = false;
    for _ in 0..200 {
        if app.get("/v1/offices").await.status == 200 {
            served = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(served, "served again once the connection is free");
}

fn one_connection(config: &mut Config) {
    config.pool_size = 1;
    config.limits.pool_timeout = Duration::from_millis(300);
}

/// A write kept waiting for a lock past the lock timeout is answered 503 with
/// `Retry-After` (PostgreSQL would otherwise wait without bound, SQLite answered 500), and
/// the same request succeeds once the lock is gone.
async fn lock_wait(app: TestApp) {
    use diesel::connection::SimpleConnection as _;
    let account = json!({"email": "kunci@example.com", "phone": "081234567892", "full_name": "Kunci", "password": "kopi tubruk di pagi hari"});
    let mut lock = lock_out_writers(&app);
    let refused = app.post(REGISTER, &account, None).await;
    lock.batch_execute("COMMIT;").expect("the lock is let go");
    let problem = refused.problem(503);
    assert!(
        !problem.detail.contains("lock"),
        "nothing internal is told: {problem:#?}"
    );
    assert_eq!(refused.header("retry-after"), "5");
    let registered = app.post(REGISTER, &account, None).await;
    assert_eq!(registered.status, 202, "{:#}", registered.json);
}

fn short_lock_wait(config: &mut Config) {
    config.limits.lock_timeout = Duration::from_secs(1);
}

/// Runs a test body on SQLite and on PostgreSQL with adjusted settings.
macro_rules! on_both_backends_with {
    ($name:ident, $adjust:expr, $body:expr) => {
        mod $name {
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                $body(TestApp::start_with(TestDatabase::sqlite(), $adjust).await).await;
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(database) = TestDatabase::postgres(stringify!($name)) {
                    $body(TestApp::start_with(database, $adjust).await).await;
                }
            }
        }
    };
}

on_both_backends_with!(
    a_request_waiting_for_a_database_connection_is_a_503_problem,
    one_connection,
    pool_exhaustion
);

on_both_backends_with!(
    a_write_waiting_too_long_for_a_lock_is_a_503_problem,
    short_lock_wait,
    lock_wait
);

#[actix_web::test]
async fn fields_a_client_may_not_set_are_refused_not_ignored() {
    let app = sqlite_app(|_| {}).await;
    // A role, a verified flag or an id sent along with a registration.
    for (field, value) in [
        ("role", json!("system_admin")),
        ("email_verified", json!(true)),
        ("id", json!("mine")),
    ] {
        let mut body = json!({"email": "massal@example.com", "phone": "081234567893", "full_name": "Massal", "password": "kopi tubruk di pagi hari"});
        body[field] = value;
        let answer = app.post(REGISTER, &body, None).await;
        let problem = answer.problem(400);
        assert!(problem.detail.contains(field), "{problem:#?}");
    }
    let tokens = app.applicant("massal@example.com").await;
    let me = app
        .send(
            Method::PATCH,
            "/v1/me",
            Some(&json!({"role": "system_admin"})),
            Some(access(&tokens)),
        )
        .await;
    me.problem(400);
    let shown = app
        .send(Method::GET, "/v1/me", None, Some(access(&tokens)))
        .await;
    assert_eq!(shown.json["role"], "applicant", "{:#}", shown.json);

    // An application's status, price or owner are the service's to set.
    let applicant = add_applicant(&app, &tokens, "3171011505900003").await;
    let created = app
        .post(
            "/v1/applications",
            &draft(&applicant),
            Some(access(&tokens)),
        )
        .await;
    let id = created.json["id"].as_str().unwrap();
    for patch in [
        json!({"status": "approved"}),
        json!({"total": 0}),
        json!({"account_id": "someone"}),
    ] {
        let answer = app
            .send(
                Method::PATCH,
                &format!("/v1/applications/{id}"),
                Some(&patch),
                Some(access(&tokens)),
            )
            .await;
        answer.problem(400);
    }
    let mut forged = draft(&applicant);
    forged["status"] = json!("paid");
    app.post("/v1/applications", &forged, Some(access(&tokens)))
        .await
        .problem(400);
    let shown = app
        .send(
            Method::GET,
            &format!("/v1/applications/{id}"),
            None,
            Some(access(&tokens)),
        )
        .await;
    assert_eq!(shown.json["status"], "draft", "{:#}", shown.json);
}
