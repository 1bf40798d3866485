//! The server under test, started in this process on port 0.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use paspor_api::clock::{Clock as _, ManualClock};
use paspor_api::faults::{AfterCommit, Stall};
use paspor_api::{Application, Config};
use paspor_openapi::Problem;
use paspor_persistence::{DbPool, PoolSettings, connect_pool};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::database::TestDatabase;

/// The instant every test starts at: Wednesday 25 November 2026, 10:00 in Jakarta (WIB).
pub const START: &str = "2026-11-25T03:00:00Z";

/// A running server, its database, and the clock it reads.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The server's clock: move it instead of sleeping.
    pub clock: ManualClock,
    /// Armed, the next keyed write commits and then never answers, as if the process died
    /// there: see [`TestApp::crash_and_restart`].
    pub stall: Arc<Stall>,
    client: reqwest::Client,
    server: actix_web::dev::ServerHandle,
    mail: Mail,
    documents: Documents,
    // Dropped last: the database outlives the server that uses it.
    database: Option<TestDatabase>,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as JSON (`Null` when empty or not JSON).
    pub json: Value,
    /// The body as sent.
    pub bytes: Vec<u8>,
}

impl Answer {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts this is a problem of `status` and returns its body, read as the contract's
    /// [`Problem`].
    #[track_caller]
    pub fn problem(&self, status: u16) -> Problem {
        assert_eq!(self.status.as_u16(), status, "{:#}", self.json);
        assert_eq!(
            self.header("content-type"),
            "application/problem+json",
            "{:#}",
            self.json
        );
        let problem: Problem = self.parse();
        assert_eq!(problem.status, status);
        assert!(problem.problem_type.starts_with("urn:paspor:problem:"));
        assert!(!problem.title.is_empty());
        assert!(!problem.detail.is_empty());
        assert_eq!(
            problem.request_id,
            self.header("x-request-id"),
            "problem and header ids differ"
        );
        problem
    }

    /// The fields named in a validation problem's `errors` (none when the body is no
    /// problem).
    pub fn error_fields(&self) -> Vec<String> {
        serde_json::from_slice::<Problem>(&self.bytes)
            .ok()
            .and_then(|problem| problem.errors)
            .map(|errors| errors.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }
}

/// Where a test server's email goes: a file in a folder of its own, not yet created, so
/// that the mailer must create it.
struct Mail {
    file: PathBuf,
    _dir: tempfile::TempDir,
}

impl Mail {
    fn new() -> Mail {
        let dir = tempfile::tempdir().expect("a temporary folder");
        Mail {
            file: dir.path().join("mail").join("outbox.jsonl"),
            _dir: dir,
        }
    }
}

/// Where a test server keeps uploaded documents: a folder of its own, not yet created, so
/// that the store must create it.
struct Documents {
    dir: PathBuf,
    _dir: tempfile::TempDir,
}

impl Documents {
    fn new() -> Documents {
        let dir = tempfile::tempdir().expect("a temporary folder");
        Documents {
            dir: dir.path().join("documents"),
            _dir: dir,
        }
    }
}

impl TestApp {
    /// Starts a server on `database` with the test settings.
    pub async fn start(database: TestDatabase) -> TestApp {
        TestApp::start_with(database, |_| {}).await
    }

    /// Starts a server on `database`, after `adjust` has changed the test settings.
    pub async fn start_with(database: TestDatabase, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_tests(database.url());
        let mut mail = Mail::new();
        config.outbox.mail_file = mail.file.clone();
        let mut documents = Documents::new();
        config.storage_dir = documents.dir.clone();
        let (fault, stall) = AfterCommit::stall();
        config.fault_after_commit = fault;
        adjust(&mut config);
        mail.file = config.outbox.mail_file.clone();
        documents.dir = config.storage_dir.clone();
        let clock = ManualClock::new(instant(START));
        let app = Application::build(config, Arc::new(clock.clone()))
            .await
            .expect("the server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let server = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            clock,
            stall,
            client: english_client(),
            server,
            mail,
            documents,
            database: Some(database),
        }
    }

    /// Another server on a database that a first one owns (it will not drop it).
    pub async fn start_sharing(url: &str) -> TestApp {
        TestApp::start_sharing_with(url, |_| {}).await
    }

    /// Another server on a database that a first one owns, after `adjust` has changed the
    /// test settings.
    pub async fn start_sharing_with(url: &str, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_tests(url);
        let mail = Mail::new();
        config.outbox.mail_file = mail.file.clone();
        let documents = Documents::new();
        config.storage_dir = documents.dir.clone();
        let (fault, stall) = AfterCommit::stall();
        config.fault_after_commit = fault;
        adjust(&mut config);
        let clock = ManualClock::new(instant(START));
        let app = Application::build(config, Arc::new(clock.clone()))
            .await
            .expect("the server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let server = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        TestApp {
            base,
            clock,
            stall,
            client: english_client(),
            server,
            mail,
            documents,
            database: None,
        }
    }

    /// Stops this server and starts another on the same database with adjusted settings,
    /// as an operator restarting with a changed environment would.
    pub async fn restart_with(mut self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        self.server.stop(true).await;
        let database = self.database.take().expect("a database");
        TestApp::start_with(database, adjust).await
    }

    /// Stops this server at once, as a crash would (a request in flight is dropped
    /// unanswered), and starts another on the same database with the test settings, its
    /// clock where this one's was.
    pub async fn crash_and_restart(mut self) -> TestApp {
        self.server.stop(false).await;
        let database = self.database.take().expect("a database");
        let now = self.clock.now();
        let app = TestApp::start(database).await;
        app.clock.set(now);
        app
    }

    /// A pool on the server's database, to arrange what the API cannot yet create.
    pub fn pool(&self) -> DbPool {
        connect_pool(
            self.database_url(),
            PoolSettings {
                max_size: 4,
                ..PoolSettings::default()
            },
        )
        .expect("a pool on the test database")
        .0
    }

    /// The file this server's email is written to (it exists once the first is sent).
    pub fn mail_file(&self) -> &Path {
        &self.mail.file
    }

    /// The folder this server keeps uploaded documents in (it exists once the first is).
    pub fn storage_dir(&self) -> &Path {
        &self.documents.dir
    }

    /// The emails written so far, one JSON object each, oldest first.
    pub fn mail(&self) -> Vec<Value> {
        match std::fs::read_to_string(self.mail_file()) {
            Ok(text) => text
                .lines()
                .map(|line| serde_json::from_str(line).expect("each line is JSON"))
                .collect(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => panic!("reading {}: {error}", self.mail_file().display()),
        }
    }

    /// The database's URL.
    pub fn database_url(&self) -> &str {
        self.database.as_ref().map_or("", TestDatabase::url)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Answer {
        self.request(Method::GET, path, &[]).await
    }

    /// A request with a JSON body, and extra headers.
    pub async fn request_json(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.dispatch(self.builder(method, path).json(body), headers)
            .await
    }

    /// A request with a raw body (signed text, file bytes), and extra headers.
    pub async fn request_body(
        &self,
        method: Method,
        path: &str,
        body: impl Into<reqwest::Body>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.dispatch(self.builder(method, path).body(body), headers)
            .await
    }

    fn builder(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// Adds the headers, sends, and reads the answer whole.
    async fn dispatch(
        &self,
        mut request: reqwest::RequestBuilder,
        headers: &[(&str, &str)],
    ) -> Answer {
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Answer::read(request.send().await.expect("the server answers")).await
    }

    /// `POST path` with a JSON body from another client address of this machine (any of
    /// 127.0.0.0/8), as a client elsewhere would.
    pub async fn post_from(&self, source: std::net::IpAddr, path: &str, body: &Value) -> Answer {
        let client = reqwest::Client::builder()
            .default_headers(english_headers())
            .local_address(source)
            .build()
            .expect("a client bound to the address");
        let request = client.post(format!("{}{path}", self.base)).json(body);
        Answer::read(request.send().await.expect("the server answers")).await
    }

    /// Any request, with extra headers.
    pub async fn request(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.dispatch(self.builder(method, path), headers).await
    }

    /// Any request, with extra headers, from a client that sends no `Accept-Language` of its
    /// own (the others ask for English): what a reader gets who asks for no language.
    pub async fn request_unlabelled(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let request = reqwest::Client::new().request(method, format!("{}{path}", self.base));
        self.dispatch(request, headers).await
    }

    /// [`TestApp::request_body`] from a client that sends no `Accept-Language` of its own.
    pub async fn request_unlabelled_body(
        &self,
        method: Method,
        path: &str,
        body: impl Into<reqwest::Body>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let request = reqwest::Client::new()
            .request(method, format!("{}{path}", self.base))
            .body(body);
        self.dispatch(request, headers).await
    }
}

/// The tests' client: it asks for English, in which the tests read problems' details; a
/// test of the language sends its own `Accept-Language` (which replaces this one) or uses
/// [`TestApp::request_unlabelled`].
fn english_client() -> reqwest::Client {
    reqwest::Client::builder()
        .default_headers(english_headers())
        .build()
        .expect("a client")
}

fn english_headers() -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static("en"),
    );
    headers
}

impl Answer {
    /// Reads a response whole.
    async fn read(response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            json,
            bytes: bytes.to_vec(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop without waiting: the runtime ends with the test.
        drop(self.server.stop(false));
    }
}

/// An RFC 3339 instant.
pub fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 instant")
        .to_utc()
}
