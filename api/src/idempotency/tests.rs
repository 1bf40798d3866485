//! The runner against a real (SQLite) database, through a test-only route whose write counts
//! how often it runs and can be told to fail or to wait: replays, refusals kept or
//! forgotten, a second request with the key while the first is in flight, server failures,
//! requests that go away, and keys of two accounts.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, ContentType};
use actix_web::{App, HttpRequest, HttpResponse, test, web};

use chrono::{DateTime, TimeDelta, Utc};
use paspor_domain::account::Role;
use paspor_openapi::PROBLEM_CONTENT_TYPE;
use paspor_persistence::accounts::refresh_tokens;
use paspor_persistence::accounts::users::{self, NewUser};
use paspor_persistence::{PoolSettings, connect_pool, run_migrations};
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::{
    Answer, IDEMPOTENCY_KEY, KEY_OPTIONAL, KEY_REQUIRED, KEY_TTL, KeyRule, Refusals,
    write as idempotency_write,
};
use crate::auth::Bearer;
use crate::error::ApiError;
use crate::extract::parse_json;
use paspor_app::auth::{CheckInKey, CodeKey, PasswordHasher, TokenKeys};
use paspor_app::clock::{Clock, ManualClock};
use paspor_app::db::Db;
use paspor_app::documents::DocumentStore;
use paspor_app::outbox::Outbox;
use paspor_app::state::AppState;
use paspor_app::write::Write;

/// What the test route's work does, and how often it ran.
#[derive(Default)]
struct Probe {
    calls: AtomicUsize,
    /// The next call answers 500.
    fail_next: AtomicBool,
    /// Calls wait for `release` once they have said `entered`.
    hold: AtomicBool,
    entered: Notify,
    release: Notify,
}

#[derive(serde::Deserialize)]
struct Thing {
    name: String,
}

/// `POST /things` (key required), `POST /things-maybe` (key optional) and `POST
/// /things-fresh` (key required, refusals forgotten): creates a "thing", refusing an empty
/// name with 400.
async fn create_thing(
    state: web::Data<AppState>,
    probe: web::Data<Probe>,
    Bearer(principal): Bearer,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let thing: Thing = parse_json(&request, &body)?;
    let rules = match request.path() {
        "/things" => KEY_REQUIRED,
        "/things-fresh" => (KeyRule::Required, Refusals::Forgotten),
        _ => KEY_OPTIONAL,
    };
    let probe = probe.into_inner();
    let work = Write::new(move |_conn| {
        let call = probe.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if probe.hold.load(Ordering::SeqCst) {
            probe.entered.notify_one();
            // On the blocking thread that runs the write, inside its transaction.
            tokio::runtime::Handle::current().block_on(probe.release.notified());
        }
        if probe.fail_next.swap(false, Ordering::SeqCst) {
            return Err(ApiError::internal(anyhow::anyhow!("the disk is full")));
        }
        if thing.name.is_empty() {
            return Err(ApiError::invalid_field("name", "must not be empty"));
        }
        Ok(json!({"name": thing.name, "call": call}))
    });
    idempotency_write(
        &state,
        &principal,
        &request,
        &body,
        rules,
        work,
        |thing: &Value| Answer::created(thing).at(format!("/things/{}", thing["call"])),
    )
    .await
}

struct Fixture {
    state: web::Data<AppState>,
    clock: ManualClock,
    probe: web::Data<Probe>,
    /// The signed-in accounts by name: (account id, session).
    accounts: HashMap<&'static str, (String, String)>,
    _dir: tempfile::TempDir,
}

/// Two applicants, each signed in once: their ids and sessions by name.
fn signed_in(
    pool: &paspor_persistence::DbPool,
    now: DateTime<Utc>,
) -> HashMap<&'static str, (String, String)> {
    let mut conn = pool.get().expect("a connection");
    ["siti", "budi"]
        .into_iter()
        .map(|name| {
            let email = format!("{name}@example.com");
            let id = users::insert(
                &mut conn,
                &NewUser {
                    email: &email,
                    phone: "+6281234567890",
                    full_name: name,
                    password_hash: "not a hash: nobody signs in here",
                    role: Role::Applicant,
                    office_id: None,
                    verified: true,
                    language: paspor_persistence::accounts::DEFAULT_LANGUAGE,
                },
                now,
            )
            .expect("an account");
            let session = format!("session-of-{name}");
            let expires = now + TimeDelta::days(30);
            refresh_tokens::insert(
                &mut conn,
                &id,
                &session,
                &format!("hash-{name}"),
                now,
                expires,
            )
            .expect("a session");
            (name, (id, session))
        })
        .collect()
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("paspor.db").display());
        run_migrations(&url).expect("migrations");
        let (pool, backend) = connect_pool(&url, PoolSettings::default()).expect("a pool");
        let start = DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z").unwrap();
        let clock = ManualClock::new(start.to_utc());
        let accounts = signed_in(&pool, start.to_utc());
        let secret = b"a test secret of at least thirty-two bytes";
        let state = AppState {
            db: Db::new(pool, backend),
            availability: paspor_app::availability_cache::AvailabilityCache::new(Duration::ZERO),
            documents: DocumentStore::folder(
                dir.path().join("documents"),
                paspor_app::config::development_keys(),
            ),
            clock: Arc::new(clock.clone()),
            outbox: Outbox::new(),
            tokens: TokenKeys::new(secret),
            passwords: PasswordHasher::new(1, Duration::from_secs(60)).expect("a hasher"),
            codes: CodeKey::derive(secret),
            check_in: CheckInKey::derive(secret),
            payment_secret: secrecy::SecretString::from("a payment secret of at least 32 bytes!"),
            late_payments: paspor_app::config::LatePayments::DEFAULT,
            metrics: paspor_app::metrics::Metrics::new(),
            session_horizon_days: 70,
            webhooks: paspor_app::config::Config::for_tests(&url).webhooks,
            sessions: paspor_app::auth::LiveSessions::new(Duration::ZERO),
            reference: paspor_app::reference_data::ReferenceData::new(Duration::ZERO),
            booking_proof: paspor_app::booking_proof::BookingProof::new(secret, 0),
            fault_after_commit: paspor_app::faults::AfterCommit::Off,
            retention: paspor_app::config::RetentionSettings::default(),
            privacy: paspor_app::config::PrivacySettings::default(),
        };
        Fixture {
            state: web::Data::new(state),
            clock,
            probe: web::Data::new(Probe::default()),
            accounts,
            _dir: dir,
        }
    }

    async fn app(
        &self,
    ) -> impl Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>
    {
        test::init_service(
            App::new()
                // Problems in the language the requests below ask for (English).
                .wrap(actix_web::middleware::from_fn(
                    crate::language::answer_language,
                ))
                .app_data(self.state.clone())
                .app_data(self.probe.clone())
                .route("/things", web::post().to(create_thing))
                .route("/things-maybe", web::post().to(create_thing))
                .route("/things-fresh", web::post().to(create_thing)),
        )
        .await
    }

    fn token(&self, account: &str) -> String {
        let now = self.clock.now();
        let (id, session) = &self.accounts[account];
        let (token, _) = self
            .state
            .tokens
            .issue(id, Role::Applicant, None, session, now)
            .expect("a token");
        token
    }

    fn calls(&self) -> usize {
        self.probe.calls.load(Ordering::SeqCst)
    }

    /// `POST path` as `account` with `body`, and the key when given.
    fn post(
        &self,
        path: &str,
        account: &str,
        key: Option<&str>,
        body: &Value,
    ) -> test::TestRequest {
        let mut request = test::TestRequest::post()
            .uri(path)
            .insert_header(("authorization", format!("Bearer {}", self.token(account))))
            .insert_header(ContentType::json())
            .insert_header(("accept-language", "en"))
            .set_payload(body.to_string());
        if let Some(key) = key {
            request = request.insert_header((IDEMPOTENCY_KEY.clone(), key));
        }
        request
    }
}

/// An answer, read whole.
struct Reply {
    status: u16,
    headers: actix_web::http::header::HeaderMap,
    body: web::Bytes,
}

impl Reply {
    async fn of(response: ServiceResponse) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = test::read_body(response).await;
        Reply {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// Asserts a problem of `status` and returns its body.
    #[track_caller]
    fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.json());
        assert_eq!(self.header("content-type"), PROBLEM_CONTENT_TYPE);
        let problem = self.json();
        assert_eq!(problem["status"], status);
        problem
    }
}

async fn send<S>(app: &S, request: test::TestRequest) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    Reply::of(test::call_service(app, request.to_request()).await).await
}

#[actix_web::test]
async fn a_retry_replays_the_first_answer_without_running_the_handler_again() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    let first = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    let again = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;

    assert_eq!(first.status, 201);
    assert_eq!(first.json(), json!({"name": "paspor", "call": 1}));
    assert_eq!(first.header("idempotency-replayed"), "");
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body, "byte for byte");
    assert_eq!(again.header("location"), "/things/1");
    assert_eq!(again.header("content-type"), first.header("content-type"));
    assert_eq!(again.header("idempotency-replayed"), "true");
    assert_eq!(fixture.calls(), 1);
}

#[actix_web::test]
async fn the_same_key_with_another_body_is_422() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let first = send(
        &app,
        fixture.post("/things", "siti", Some("k-1"), &json!({"name": "a"})),
    )
    .await;
    let other = send(
        &app,
        fixture.post("/things", "siti", Some("k-1"), &json!({"name": "b"})),
    )
    .await;

    assert_eq!(first.status, 201);
    let problem = other.problem(422);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("different request")
    );
    assert_eq!(fixture.calls(), 1);
}

#[actix_web::test]
async fn a_request_with_a_key_in_flight_waits_and_replays_the_first_answer() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    fixture.probe.hold.store(true, Ordering::SeqCst);
    let first = send(&app, fixture.post("/things", "siti", Some("k-1"), &body));
    let meanwhile = async {
        fixture.probe.entered.notified().await;
        fixture.probe.hold.store(false, Ordering::SeqCst);
        let second = send(&app, fixture.post("/things", "siti", Some("k-1"), &body));
        let release = async {
            // Let the second reach the key (it then waits for the first's transaction);
            // if it has not yet, it finds the first's answer once it gets there.
            tokio::time::sleep(Duration::from_millis(100)).await;
            fixture.probe.release.notify_one();
        };
        tokio::join!(second, release).0
    };
    let (first, second) = tokio::join!(first, meanwhile);

    assert_eq!(first.status, 201);
    assert_eq!((second.status, &second.body), (201, &first.body));
    assert_eq!(second.header("idempotency-replayed"), "true");
    assert_eq!(fixture.calls(), 1, "the work ran once");
}

#[actix_web::test]
async fn a_server_failure_is_not_kept_and_the_retry_does_the_work() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    fixture.probe.fail_next.store(true, Ordering::SeqCst);
    let failed = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    let retried = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;

    failed.problem(500);
    assert_eq!(retried.status, 201);
    assert_eq!(retried.json()["call"], 2);
    assert_eq!(
        retried.header("idempotency-replayed"),
        "",
        "the work was done again"
    );
    assert_eq!(fixture.calls(), 2);
}

#[actix_web::test]
async fn a_refusal_is_an_answer_and_is_replayed() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": ""});
    let refused = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    let again = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;

    assert_eq!(refused.problem(400)["errors"][0]["field"], "name");
    again.problem(400);
    assert_eq!(again.body, refused.body);
    assert_eq!(again.header("idempotency-replayed"), "true");
    assert_eq!(again.header("cache-control"), "no-store");
    assert_eq!(fixture.calls(), 1);
}

#[actix_web::test]
async fn without_a_key_a_route_that_requires_one_answers_400_and_others_just_run() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    let refused = send(&app, fixture.post("/things", "siti", None, &body)).await;
    let problem = refused.problem(400);
    assert_eq!(
        problem["detail"],
        "this request needs an Idempotency-Key header"
    );
    assert_eq!(problem["errors"][0]["field"], "idempotency-key");
    assert_eq!(fixture.calls(), 0);

    for call in [1, 2] {
        let answer = send(&app, fixture.post("/things-maybe", "siti", None, &body)).await;
        assert_eq!(answer.json()["call"], call, "no key, no replay");
    }
}

#[actix_web::test]
async fn a_malformed_key_is_400_naming_the_header() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    let too_long = "k".repeat(256);
    for key in ["", "with space", "tab\there", too_long.as_str()] {
        let answer = send(
            &app,
            fixture.post("/things-maybe", "siti", Some(key), &body),
        )
        .await;
        let problem = answer.problem(400);
        assert_eq!(problem["errors"][0]["field"], "idempotency-key", "{key:?}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("visible ASCII"),
            "{key:?}"
        );
    }
    let longest = "k".repeat(255);
    let answer = send(&app, fixture.post("/things", "siti", Some(&longest), &body)).await;
    assert_eq!(answer.status, 201, "255 characters are allowed");
    let twice = fixture
        .post("/things", "siti", Some("k-1"), &body)
        .append_header((IDEMPOTENCY_KEY.clone(), "k-2"));
    send(&app, twice).await.problem(400);
    assert_eq!(fixture.calls(), 1);
}

#[actix_web::test]
async fn two_accounts_use_the_same_key_independently() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let siti = send(
        &app,
        fixture.post("/things", "siti", Some("k-1"), &json!({"name": "a"})),
    )
    .await;
    let budi = send(
        &app,
        fixture.post("/things", "budi", Some("k-1"), &json!({"name": "b"})),
    )
    .await;
    let siti_again = send(
        &app,
        fixture.post("/things", "siti", Some("k-1"), &json!({"name": "a"})),
    )
    .await;

    assert_eq!((siti.status, budi.status), (201, 201));
    assert_eq!(budi.json(), json!({"name": "b", "call": 2}));
    assert_eq!(siti_again.body, siti.body);
    assert_eq!(fixture.calls(), 2);
}

#[actix_web::test]
async fn a_key_is_kept_for_a_day() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    fixture.clock.advance(KEY_TTL - TimeDelta::seconds(1));
    let within = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    fixture.clock.advance(TimeDelta::seconds(1));
    let after = send(
        &app,
        fixture.post("/things", "siti", Some("k-1"), &json!({"name": "x"})),
    )
    .await;

    assert_eq!(within.header("idempotency-replayed"), "true");
    assert_eq!(after.status, 201, "an expired key is a new key");
    assert_eq!(after.json(), json!({"name": "x", "call": 2}));
}

#[actix_web::test]
async fn a_refusal_of_a_route_that_forgets_refusals_is_judged_afresh() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": ""});
    let refused = send(
        &app,
        fixture.post("/things-fresh", "siti", Some("k-1"), &body),
    )
    .await;
    let again = send(
        &app,
        fixture.post("/things-fresh", "siti", Some("k-1"), &body),
    )
    .await;

    refused.problem(400);
    again.problem(400);
    assert_eq!(
        again.header("idempotency-replayed"),
        "",
        "nothing kept: judged again"
    );
    assert_eq!(fixture.calls(), 2);
}

#[actix_web::test]
async fn a_request_that_goes_away_still_commits_its_work_and_answer_for_the_retry() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let body = json!({"name": "paspor"});
    fixture.probe.hold.store(true, Ordering::SeqCst);
    // The client disconnects while the work waits: actix drops the handler's future, but
    // the write goes on on its blocking thread and commits with its answer.
    tokio::select! {
        _ = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)) => {
            panic!("the held request answered");
        }
        () = fixture.probe.entered.notified() => {}
    }
    fixture.probe.hold.store(false, Ordering::SeqCst);
    fixture.probe.release.notify_one();

    // The retry waits for the first's transaction if it is still open, then replays it.
    let retry = send(&app, fixture.post("/things", "siti", Some("k-1"), &body)).await;
    assert_eq!(retry.status, 201);
    assert_eq!(retry.json()["call"], 1, "the first's answer");
    assert_eq!(retry.header("idempotency-replayed"), "true");
    assert_eq!(fixture.calls(), 1, "the work ran once");
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_a_problem_like_the_json_extractors() {
    let fixture = Fixture::new();
    let app = fixture.app().await;
    let malformed = fixture
        .post("/things", "siti", Some("k-1"), &json!({}))
        .set_payload("{\"name\":");
    let problem = send(&app, malformed).await.problem(400);
    assert_eq!(problem["type"], "urn:paspor:problem:malformed-body");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("the body is not valid JSON")
    );
    let text = fixture
        .post("/things", "siti", Some("k-1"), &json!({"name": "a"}))
        .insert_header((CONTENT_TYPE, "text/plain"));
    send(&app, text).await.problem(415);
    let problem_json = fixture
        .post("/things", "siti", Some("k-1"), &json!({"name": "a"}))
        .insert_header((CONTENT_TYPE, "application/merge-patch+json"));
    assert_eq!(
        send(&app, problem_json).await.status,
        201,
        "+json suffixes are JSON"
    );
    assert_eq!(fixture.calls(), 1);
}

mod properties {
    //! The `Idempotency-Key` header is read before anything else of the request: whatever
    //! bytes it holds, reading it never panics, and a key is taken exactly when it is 1 to
    //! 255 visible ASCII characters, as it is.

    use actix_web::http::header::HeaderValue;
    use proptest::prelude::*;

    use super::super::{IDEMPOTENCY_KEY, MAX_KEY_LEN, idempotency_key};

    /// The header's value as a request carries it; `None` for bytes no request can carry
    /// (the HTTP parser refuses control characters other than tab before any handler runs).
    fn read(bytes: &[u8]) -> Option<Result<Option<String>, String>> {
        let value = HeaderValue::from_bytes(bytes).ok()?;
        let request = actix_web::test::TestRequest::default()
            .insert_header((IDEMPOTENCY_KEY.clone(), value))
            .to_http_request();
        Some(idempotency_key(&request).map_err(|error| error.to_string()))
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_are_a_key_only_when_plain(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            if let Some(outcome) = read(&bytes) {
                let plain = (1..=MAX_KEY_LEN).contains(&bytes.len())
                    && bytes.iter().all(u8::is_ascii_graphic);
                match outcome {
                    Ok(Some(key)) => {
                        prop_assert!(plain, "{:?} taken", bytes);
                        prop_assert_eq!(key.as_bytes(), &bytes[..]);
                    }
                    Ok(None) => prop_assert!(false, "a sent header was not seen"),
                    Err(problem) => {
                        prop_assert!(!plain, "{:?} refused", bytes);
                        prop_assert!(problem.contains("idempotency-key"), "{}", problem);
                    }
                }
            }
        }

        #[test]
        fn plain_keys_are_taken_as_sent(key in "[!-~]{1,255}") {
            prop_assert_eq!(read(key.as_bytes()), Some(Ok(Some(key))));
        }

        #[test]
        fn keys_past_the_limit_are_refused(key in "[!-~]{256,400}") {
            prop_assert!(matches!(read(key.as_bytes()), Some(Err(_))));
        }
    }
}
