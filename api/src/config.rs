//! Configuration from `PASPOR_*` environment variables, with development defaults.
//!
//! Every problem is collected and reported at once, one line each, so an operator fixes a
//! broken configuration in one go. Production mode refuses defaults that are only safe on a
//! developer's machine.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

/// Whether the service runs for development or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Readable logs, development defaults.
    Development,
    /// JSON logs; secrets and explicit settings required.
    Production,
}

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PASPOR_ENV`: `development` (default) or `production`.
    pub environment: Environment,
    /// `PASPOR_DATABASE_URL`: `sqlite://data/paspor.db` (default) or `postgres://...`.
    pub database_url: String,
    /// `PASPOR_LISTEN`: the address to listen on, default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// `PASPOR_DB_POOL_SIZE`: connections in the pool, default 10.
    pub pool_size: u32,
    /// `PASPOR_TARIFF_SCHEDULES`: comma-separated codes of the tariff schedules to switch on
    /// at start (e.g. `launch,validity_2024`); unset leaves the stored choice alone.
    pub tariff_schedules: Option<Vec<String>>,
    /// `PASPOR_SEED`: add the seed offices to a database without offices, and any built-in
    /// tariff schedule it lacks, at every start; default true.
    pub seed: bool,
    /// `PASPOR_SESSION_HORIZON_DAYS`: how many days ahead sessions are created, default 70.
    pub session_horizon_days: u32,
    /// `PASPOR_AVAILABILITY_CACHE_MS`: how long an availability answer is reused, default
    /// 1 s; 0 turns the cache off.
    pub availability_cache: Duration,
    /// `PASPOR_SESSION_CHECK_CACHE_MS`: how long a process remembers that a sign-in is
    /// live before asking the database again, default 1 s; a session ended in another
    /// process is refused here within it. 0 asks every time.
    pub session_check_cache: Duration,
    /// `PASPOR_BOOKING_PROOF_BITS`: the zero bits of the proof of work every booking must
    /// carry (see `crate::booking_proof`), 0 (off) by default, at most 24.
    pub booking_proof_bits: u8,
    /// `PASPOR_SWAGGER_UI`: serve Swagger UI at `/docs`; default true in development, false
    /// in production (the document stays at `/openapi.json` either way).
    pub swagger_ui: bool,
    /// `PASPOR_METRICS`: serve Prometheus metrics at `/metrics`, default true. The route is
    /// for operators, not in the published contract: keep it off the public network.
    pub metrics: bool,
    /// `PASPOR_CORS_ORIGINS`: the browser origins (`https://host[:port]`) allowed to call the
    /// API across origins, comma-separated; none by default (no CORS headers at all).
    pub cors_origins: Vec<String>,
    /// `PASPOR_SHUTDOWN_TIMEOUT_SECS`: on SIGTERM or SIGINT, how long requests in flight (and
    /// then the background jobs) have to finish before they are dropped, default 30.
    pub shutdown_timeout: Duration,
    /// Outgoing messages: `PASPOR_MAIL_FILE`, `PASPOR_SMTP_URL`, `PASPOR_MAIL_FROM`.
    pub outbox: OutboxConfig,
    /// `PASPOR_WORKERS`: HTTP worker threads, default the number of cores.
    pub workers: Option<usize>,
    /// `PASPOR_BLOCKING_THREADS`: threads that run database calls (and file writes) for
    /// the HTTP workers, in all; default the pool size plus 4.
    pub blocking_threads: Option<usize>,
    /// `PASPOR_STORAGE_DIR`: the folder uploaded documents are kept in, default
    /// `./data/documents`; created at the first upload. Instances sharing a database must
    /// share this folder too.
    pub storage_dir: PathBuf,
    /// Sign-in settings.
    pub auth: AuthSettings,
    /// Payment notices from the payment channel.
    pub payments: PaymentSettings,
    /// How often applications with lapsed unpaid bookings are marked expired (their places
    /// are free from the deadline on regardless): 10 s.
    pub expiry_interval: Duration,
    /// Bounds on slow, many and waiting clients (`PASPOR_CLIENT_TIMEOUT_SECS`, ...).
    pub limits: crate::limits::Limits,
    /// Outgoing webhooks to integrators.
    pub webhooks: WebhookSettings,
    /// `PASPOR_FAULT_AFTER_COMMIT`: a fault injected after keyed writes commit, for drills
    /// (`abort`, development only); off by default.
    pub fault_after_commit: crate::faults::AfterCommit,
}

/// Outgoing webhooks to integrators.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// `PASPOR_WEBHOOK_ALLOW_PRIVATE`: accept subscriber URLs whose host is (or resolves to)
    /// a loopback, private, link-local or other non-public address. Default false in
    /// production (such URLs would let an integrator make the server call its own network:
    /// SSRF), true in development, so that a receiver on the developer's machine works.
    pub allow_private: bool,
    /// Whether subscriber URLs must be `https://`: in production.
    pub require_https: bool,
    /// How often the delivery worker looks for due deliveries: 1 s.
    pub poll_interval: Duration,
    /// How long one delivery may take, connection included: 10 s.
    pub timeout: Duration,
}

impl WebhookSettings {
    fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        environment: Environment,
        problems: &mut Vec<String>,
    ) -> WebhookSettings {
        let production = environment == Environment::Production;
        WebhookSettings {
            allow_private: flag(
                get("PASPOR_WEBHOOK_ALLOW_PRIVATE"),
                "PASPOR_WEBHOOK_ALLOW_PRIVATE",
                !production,
                problems,
            ),
            require_https: production,
            poll_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }

    /// Development settings polled often, so that tests wait little; private addresses
    /// allowed, so that a test's receiver on 127.0.0.1 works.
    fn for_tests() -> WebhookSettings {
        WebhookSettings {
            allow_private: true,
            require_https: false,
            poll_interval: Duration::from_millis(50),
            timeout: Duration::from_secs(10),
        }
    }
}

/// How payment notices are verified.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// `PASPOR_PAYMENT_WEBHOOK_SECRET`: the HMAC-SHA256 key the payment channel signs its
    /// notices with, at least 32 bytes; required in production. In development it defaults
    /// to [`DEVELOPMENT_PAYMENT_SECRET`], which the development payment simulator uses.
    pub webhook_secret: SecretString,
}

/// The payment secret in development, known so that local tools can sign notices.
pub const DEVELOPMENT_PAYMENT_SECRET: &str = "development-payment-webhook-secret-0123456789";

/// How accounts sign in and how hard they may try.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// `PASPOR_JWT_SECRET`: the HS256 key of access tokens, at least 32 bytes. Required in
    /// production; in development a random one is made at start (tokens die with the
    /// process).
    pub jwt_secret: Option<SecretString>,
    /// `PASPOR_AUTH_RATE_PER_MINUTE`: requests a client address may make per minute to the
    /// register, login, code, reset, password-change and token endpoints, default 30
    /// (bursts of 10).
    pub rate_per_minute: u32,
    /// `PASPOR_PASSWORD_HASHING_SLOTS`: password hashes computed at once (threads of their
    /// own), default the number of cores, so that a login storm cannot take every thread.
    pub hashing_slots: Option<usize>,
}

/// The shortest JWT secret accepted: 256 bits, HS256's own key size.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// One variable the service reads: its name, its default, and what it means.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    /// The name, e.g. `PASPOR_LISTEN`.
    pub name: &'static str,
    /// The value used when it is unset.
    pub default: &'static str,
    /// What it sets.
    pub meaning: &'static str,
}

const fn var(name: &'static str, default: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        default,
        meaning,
    }
}

/// Every variable this service reads, for `--help` (a unit test keeps it in step with
/// [`Config::from_vars`] and with the README).
pub const VARIABLES: &[Variable] = &[
    var(
        "PASPOR_ENV",
        "development",
        "development (readable logs) or production (JSON logs; secrets and explicit settings required)",
    ),
    var(
        "PASPOR_DATABASE_URL",
        "sqlite://data/paspor.db (required in production)",
        "the database: a SQLite file, or postgres://user@host/db",
    ),
    var(
        "PASPOR_LISTEN",
        "127.0.0.1:8080",
        "the address to listen on",
    ),
    var(
        "PASPOR_DB_POOL_SIZE",
        "10",
        "database connections in the pool (1 to 200)",
    ),
    var(
        "PASPOR_TARIFF_SCHEDULES",
        "unset (keep the stored choice)",
        "tariff schedules to switch on at start, e.g. launch,validity_2024",
    ),
    var(
        "PASPOR_SEED",
        "true",
        "add the seed offices to a database without offices, and any missing built-in tariff schedule",
    ),
    var(
        "PASPOR_SESSION_HORIZON_DAYS",
        "70",
        "how many days ahead sessions are created for each office (1 to 400)",
    ),
    var(
        "PASPOR_AVAILABILITY_CACHE_MS",
        "1000",
        "how long an availability answer is reused, in milliseconds (0 to 60000; 0: off)",
    ),
    var(
        "PASPOR_BOOKING_PROOF_BITS",
        "0",
        "the proof of work a booking must carry, in leading zero bits of SHA-256 (0: off; 1 to 24: each booking needs a solved challenge)",
    ),
    var(
        "PASPOR_SESSION_CHECK_CACHE_MS",
        "1000",
        "how long a process trusts that a sign-in is live before asking the database again, in milliseconds (0 to 5000); a session ended elsewhere is refused within it",
    ),
    var(
        "PASPOR_SWAGGER_UI",
        "true in development, false in production",
        "serve Swagger UI at /docs",
    ),
    var(
        "PASPOR_METRICS",
        "true",
        "serve Prometheus metrics at /metrics (keep it off the public network)",
    ),
    var(
        "PASPOR_CORS_ORIGINS",
        "none (no CORS headers)",
        "browser origins allowed across origins, comma-separated, e.g. https://app.example.go.id (https only in production)",
    ),
    var(
        "PASPOR_SHUTDOWN_TIMEOUT_SECS",
        "30",
        "on SIGTERM/SIGINT, seconds for requests in flight, then background jobs, to finish (1 to 3600)",
    ),
    var(
        "PASPOR_MAIL_FILE",
        "./data/outbox.jsonl",
        "file that email is appended to as JSON lines when no SMTP URL is set",
    ),
    var(
        "PASPOR_SMTP_URL",
        "unset (required in production)",
        "SMTP relay for email: smtps://user:pass@host:465 or smtp://...:587?tls=required",
    ),
    var(
        "PASPOR_MAIL_FROM",
        "Paspor <no-reply@paspor.example>",
        "the sender of every email",
    ),
    var(
        "PASPOR_WORKERS",
        "one per core",
        "HTTP worker threads (1 to 256)",
    ),
    var(
        "PASPOR_BLOCKING_THREADS",
        "the pool size plus 4",
        "threads that run database calls and file writes (1 to 1024)",
    ),
    var(
        "PASPOR_STORAGE_DIR",
        "./data/documents",
        "folder for uploaded documents, shared by all instances on one database",
    ),
    var(
        "PASPOR_JWT_SECRET",
        "random per start in development (required in production)",
        "key of access tokens, at least 32 bytes",
    ),
    var(
        "PASPOR_AUTH_RATE_PER_MINUTE",
        "30",
        "requests per minute a client address may make to sign-in endpoints",
    ),
    var(
        "PASPOR_PASSWORD_HASHING_SLOTS",
        "one per core",
        "password hashes computed at once (1 to 256)",
    ),
    var(
        "PASPOR_PAYMENT_WEBHOOK_SECRET",
        "a fixed development value (required in production)",
        "HMAC key of payment notices, at least 32 bytes",
    ),
    var(
        "PASPOR_CLIENT_TIMEOUT_SECS",
        "10",
        "seconds a new connection has to send its request head before 408",
    ),
    var(
        "PASPOR_BODY_TIMEOUT_SECS",
        "120",
        "seconds a request body has to arrive before 408",
    ),
    var(
        "PASPOR_MAX_CONNECTIONS",
        "2048",
        "open connections per worker before new ones wait in the backlog",
    ),
    var(
        "PASPOR_BACKLOG",
        "1024",
        "connections queued by the kernel before accept",
    ),
    var(
        "PASPOR_KEEP_ALIVE_SECS",
        "5",
        "seconds an idle connection is kept for a next request; 0 closes after each",
    ),
    var(
        "PASPOR_DB_POOL_TIMEOUT_SECS",
        "5",
        "seconds a request waits for a database connection before 503",
    ),
    var(
        "PASPOR_DB_LOCK_TIMEOUT_SECS",
        "10",
        "seconds a statement waits for a database lock before 503",
    ),
    var(
        "PASPOR_DB_CONNECT_TIMEOUT_SECS",
        "5",
        "seconds opening a PostgreSQL connection may take (2 to 60; a connect_timeout in the URL wins)",
    ),
    var(
        "PASPOR_DB_KEEPALIVE_SECS",
        "10",
        "seconds of silence before TCP keepalive probes on PostgreSQL connections (three more unanswered close one)",
    ),
    var(
        "PASPOR_DB_STATEMENT_TIMEOUT_SECS",
        "30",
        "seconds one PostgreSQL statement may run before the server cancels it (503)",
    ),
    var(
        "PASPOR_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS",
        "60",
        "seconds PostgreSQL keeps a transaction whose client went quiet before rolling it back",
    ),
    var(
        "PASPOR_DB_CALL_TIMEOUT_SECS",
        "60",
        "seconds a request waits for any one database call before 503, whatever else bounds it",
    ),
    var(
        "PASPOR_DB_HANG_TIMEOUT_MS",
        "1000",
        "milliseconds the database may leave a ping unanswered while calls wait before they are answered 503 (and readiness's bound)",
    ),
    var(
        "PASPOR_WEBHOOK_ALLOW_PRIVATE",
        "false in production, true otherwise",
        "allow webhook URLs on loopback, private or link-local addresses (SSRF guard off)",
    ),
    var(
        "PASPOR_FAULT_AFTER_COMMIT",
        "off",
        "a drill's fault: `abort` ends the process right after a keyed write commits, before its answer (refused in production)",
    ),
    var("RUST_LOG", "info", "log filter, e.g. info,paspor_api=debug"),
];

/// The `Environment variables:` section of `paspor --help`.
pub fn variables_help() -> String {
    let mut help = String::from("Environment variables:\n");
    for variable in VARIABLES {
        help.push_str(&format!(
            "  {}  [default: {}]\n      {}\n",
            variable.name, variable.default, variable.meaning
        ));
    }
    help
}

/// The default embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/paspor.db";

/// Everything wrong with the environment, one line per problem.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n{}", .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError {
    /// One sentence per problem.
    pub problems: Vec<String>,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(&std::env::vars().collect())
    }

    /// Reads settings from the given variables (the process environment, or a test's).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let mut problems = Vec::new();
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let environment = match get("PASPOR_ENV") {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                problems.push(format!(
                    "PASPOR_ENV is {other:?}: it must be `development` or `production`"
                ));
                Environment::Development
            }
        };
        let database_url = match get("PASPOR_DATABASE_URL") {
            Some(url) => url.to_owned(),
            None if environment == Environment::Production => {
                problems.push(
                    "PASPOR_DATABASE_URL is required in production (e.g. postgres://paspor@db/paspor)"
                        .to_owned(),
                );
                String::new()
            }
            None => DEFAULT_DATABASE_URL.to_owned(),
        };
        let listen = parse(
            get("PASPOR_LISTEN"),
            "PASPOR_LISTEN",
            "an address like 0.0.0.0:8080",
            &mut problems,
        )
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let pool_size = ranged(
            get("PASPOR_DB_POOL_SIZE"),
            "PASPOR_DB_POOL_SIZE",
            1..=200,
            &mut problems,
        )
        .unwrap_or(10);
        let tariff_schedules = get("PASPOR_TARIFF_SCHEDULES").map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let seed = flag(get("PASPOR_SEED"), "PASPOR_SEED", true, &mut problems);
        let session_horizon_days = ranged(
            get("PASPOR_SESSION_HORIZON_DAYS"),
            "PASPOR_SESSION_HORIZON_DAYS",
            1..=400,
            &mut problems,
        )
        .unwrap_or(70);
        // The interactive console is a development convenience; production opts in.
        let availability_cache = ranged(
            get("PASPOR_AVAILABILITY_CACHE_MS"),
            "PASPOR_AVAILABILITY_CACHE_MS",
            0..=60_000,
            &mut problems,
        )
        .map_or(DEFAULT_AVAILABILITY_CACHE, |ms| {
            Duration::from_millis(u64::from(ms))
        });
        let session_check_cache = ranged(
            get("PASPOR_SESSION_CHECK_CACHE_MS"),
            "PASPOR_SESSION_CHECK_CACHE_MS",
            0..=5_000,
            &mut problems,
        )
        .map_or(DEFAULT_SESSION_CHECK_CACHE, |ms| {
            Duration::from_millis(u64::from(ms))
        });
        let booking_proof_bits = ranged(
            get("PASPOR_BOOKING_PROOF_BITS"),
            "PASPOR_BOOKING_PROOF_BITS",
            0..=24,
            &mut problems,
        )
        .map_or(0, |bits| u8::try_from(bits).unwrap_or(0));
        let swagger_ui = flag(
            get("PASPOR_SWAGGER_UI"),
            "PASPOR_SWAGGER_UI",
            environment == Environment::Development,
            &mut problems,
        );
        let metrics = flag(get("PASPOR_METRICS"), "PASPOR_METRICS", true, &mut problems);
        let cors_origins = cors_origins(get("PASPOR_CORS_ORIGINS"), environment, &mut problems);
        let shutdown_timeout = ranged(
            get("PASPOR_SHUTDOWN_TIMEOUT_SECS"),
            "PASPOR_SHUTDOWN_TIMEOUT_SECS",
            1..=3600,
            &mut problems,
        )
        .map_or(DEFAULT_SHUTDOWN_TIMEOUT, |secs| {
            Duration::from_secs(u64::from(secs))
        });
        let outbox = OutboxConfig::from_vars(&get, environment, &mut problems);
        let workers = ranged(
            get("PASPOR_WORKERS"),
            "PASPOR_WORKERS",
            1..=256,
            &mut problems,
        )
        .map(|n| n as usize);
        let blocking_threads = ranged(
            get("PASPOR_BLOCKING_THREADS"),
            "PASPOR_BLOCKING_THREADS",
            1..=1024,
            &mut problems,
        )
        .map(|n| n as usize);
        let storage_dir = PathBuf::from(get("PASPOR_STORAGE_DIR").unwrap_or(DEFAULT_STORAGE_DIR));
        let auth = auth_settings(&get, environment, &mut problems);
        let payments = payment_settings(&get, environment, &mut problems);
        let limits = crate::limits::Limits::from_vars(&get, &mut problems);
        let webhooks = WebhookSettings::from_vars(&get, environment, &mut problems);
        let fault_after_commit =
            fault_after_commit(get("PASPOR_FAULT_AFTER_COMMIT"), environment, &mut problems);
        if problems.is_empty() {
            Ok(Config {
                environment,
                database_url,
                listen,
                pool_size,
                tariff_schedules,
                seed,
                session_horizon_days,
                availability_cache,
                session_check_cache,
                booking_proof_bits,
                swagger_ui,
                metrics,
                cors_origins,
                shutdown_timeout,
                outbox,
                workers,
                blocking_threads,
                storage_dir,
                auth,
                payments,
                expiry_interval: Duration::from_secs(10),
                limits,
                webhooks,
                fault_after_commit,
            })
        } else {
            Err(ConfigError { problems })
        }
    }

    /// Development settings on the given database, listening on a free port of 127.0.0.1:
    /// what the black-box tests start.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            environment: Environment::Development,
            database_url: database_url.to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            pool_size: 8,
            tariff_schedules: None,
            seed: true,
            session_horizon_days: 70,
            availability_cache: DEFAULT_AVAILABILITY_CACHE,
            session_check_cache: DEFAULT_SESSION_CHECK_CACHE,
            booking_proof_bits: 0,
            swagger_ui: true,
            metrics: true,
            cors_origins: Vec::new(),
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            outbox: OutboxConfig::for_tests(),
            workers: Some(2),
            blocking_threads: None,
            // The black-box tests give each server a folder of its own.
            storage_dir: PathBuf::from(DEFAULT_STORAGE_DIR),
            auth: AuthSettings {
                jwt_secret: Some(SecretString::from(
                    "test-secret-that-is-at-least-32-bytes-long",
                )),
                // Every test client is 127.0.0.1: the limit is tested on its own.
                rate_per_minute: 100_000,
                hashing_slots: None,
            },
            payments: PaymentSettings {
                webhook_secret: SecretString::from(DEVELOPMENT_PAYMENT_SECRET),
            },
            expiry_interval: Duration::from_millis(50),
            limits: crate::limits::Limits::default(),
            webhooks: WebhookSettings::for_tests(),
            fault_after_commit: crate::faults::AfterCommit::Off,
        }
    }
}

/// `PASPOR_FAULT_AFTER_COMMIT`: `off` (the default) or `abort`, which production refuses.
fn fault_after_commit(
    value: Option<&str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> crate::faults::AfterCommit {
    use crate::faults::AfterCommit;
    match value {
        None | Some("off") => AfterCommit::Off,
        Some("abort") if environment == Environment::Production => {
            problems.push(
                "PASPOR_FAULT_AFTER_COMMIT=abort is a drill's fault and is refused in production"
                    .to_owned(),
            );
            AfterCommit::Off
        }
        Some("abort") => AfterCommit::Abort,
        Some(other) => {
            problems.push(format!(
                "PASPOR_FAULT_AFTER_COMMIT is {other:?}: it must be `off` or `abort`"
            ));
            AfterCommit::Off
        }
    }
}

/// How long a process trusts a sign-in found live unless `PASPOR_SESSION_CHECK_CACHE_MS`
/// says otherwise: one database read a second per token in use at most, and a session
/// ended in another process refused within a second.
const DEFAULT_SESSION_CHECK_CACHE: Duration = Duration::from_secs(1);

/// How long an availability answer is reused unless `PASPOR_AVAILABILITY_CACHE_MS` says
/// otherwise: long enough to absorb a release-day storm of refreshes, short enough that
/// the places shown are the present ones.
const DEFAULT_AVAILABILITY_CACHE: Duration = Duration::from_secs(1);

/// How long requests in flight have to finish on SIGTERM unless
/// `PASPOR_SHUTDOWN_TIMEOUT_SECS` says otherwise.
const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Where uploaded documents are kept unless `PASPOR_STORAGE_DIR` says otherwise.
const DEFAULT_STORAGE_DIR: &str = "./data/documents";

/// Where development email goes when no SMTP relay is set.
const DEFAULT_MAIL_FILE: &str = "./data/outbox.jsonl";

/// The sender of every email unless `PASPOR_MAIL_FROM` says otherwise.
const DEFAULT_MAIL_FROM: &str = "Paspor <no-reply@paspor.example>";

/// Where outgoing messages go and how often the outbox is looked at.
#[derive(Debug, Clone)]
pub struct OutboxConfig {
    /// `PASPOR_MAIL_FILE`: the file email is appended to, one JSON line each, when no SMTP
    /// relay is set (development); default `./data/outbox.jsonl`.
    pub mail_file: PathBuf,
    /// `PASPOR_SMTP_URL`: the SMTP relay (`smtps://user:pass@host:465`, or
    /// `smtp://...:587?tls=required` for STARTTLS); when set, email goes there. Required in
    /// production. Secret, as it holds a password: its `Debug` shows nothing.
    pub smtp_url: Option<SecretString>,
    /// `PASPOR_MAIL_FROM`: the sender of every email, a valid mailbox; default
    /// `Paspor <no-reply@paspor.example>`.
    pub mail_from: String,
    /// How often the delivery worker looks for due messages when nobody wakes it: 1 s.
    pub poll_interval: Duration,
}

impl OutboxConfig {
    fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        environment: Environment,
        problems: &mut Vec<String>,
    ) -> OutboxConfig {
        let production = environment == Environment::Production;
        let smtp_url = get("PASPOR_SMTP_URL");
        // Problems never repeat the URL: it holds a password.
        match smtp_url.map(|url| (url, check_smtp_url(url))) {
            None if production => problems.push(
                "PASPOR_SMTP_URL is required in production \
                 (e.g. smtps://user:password@smtp.example.com:465)"
                    .to_owned(),
            ),
            None => {}
            Some((_, Err(reason))) => {
                problems.push(format!(
                    "PASPOR_SMTP_URL is not a usable SMTP URL: {reason}"
                ));
            }
            // lettre speaks plain text on `smtp://` unless told to require TLS.
            Some((url, Ok(()))) => {
                let plain = url.starts_with("smtp://") && !url.contains("tls=required");
                if production && plain && url.contains('@') {
                    problems.push(
                        "PASPOR_SMTP_URL would send its password unencrypted: \
                         use smtps:// or add ?tls=required"
                            .to_owned(),
                    );
                }
            }
        }
        let mail_from = get("PASPOR_MAIL_FROM").unwrap_or(DEFAULT_MAIL_FROM);
        if let Err(error) = mail_from.parse::<lettre::message::Mailbox>() {
            problems.push(format!(
                "PASPOR_MAIL_FROM is {mail_from:?}: it must be a mailbox \
                 like `Paspor <no-reply@example.go.id>` ({error})"
            ));
        }
        OutboxConfig {
            mail_file: PathBuf::from(get("PASPOR_MAIL_FILE").unwrap_or(DEFAULT_MAIL_FILE)),
            smtp_url: smtp_url.map(SecretString::from),
            mail_from: mail_from.to_owned(),
            poll_interval: Duration::from_secs(1),
        }
    }

    /// Email to the default file (the black-box tests give each server its own), looked
    /// for often so that tests wait little.
    fn for_tests() -> OutboxConfig {
        OutboxConfig {
            mail_file: PathBuf::from(DEFAULT_MAIL_FILE),
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            poll_interval: Duration::from_millis(50),
        }
    }
}

/// Whether `url` names a relay lettre can use, checked without connecting. The reason never
/// repeats the URL, which holds a password.
fn check_smtp_url(url: &str) -> Result<(), String> {
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
        .map(drop)
        .map_err(|error| error.to_string())
}

fn auth_settings<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> AuthSettings {
    let jwt_secret = match get("PASPOR_JWT_SECRET") {
        Some(secret) if secret.len() < MIN_JWT_SECRET_BYTES => {
            problems.push(format!(
                "PASPOR_JWT_SECRET is {} bytes long: it must be at least {MIN_JWT_SECRET_BYTES} \
                 (e.g. `openssl rand -base64 48`)",
                secret.len()
            ));
            None
        }
        Some(secret) => Some(SecretString::from(secret)),
        None if environment == Environment::Production => {
            problems.push(
                "PASPOR_JWT_SECRET is required in production (at least 32 random bytes, \
                 e.g. `openssl rand -base64 48`)"
                    .to_owned(),
            );
            None
        }
        None => None,
    };
    let rate_per_minute = ranged(
        get("PASPOR_AUTH_RATE_PER_MINUTE"),
        "PASPOR_AUTH_RATE_PER_MINUTE",
        1..=1_000_000,
        problems,
    )
    .unwrap_or(30);
    let hashing_slots = ranged(
        get("PASPOR_PASSWORD_HASHING_SLOTS"),
        "PASPOR_PASSWORD_HASHING_SLOTS",
        1..=256,
        problems,
    )
    .map(|n| n as usize);
    AuthSettings {
        jwt_secret,
        rate_per_minute,
        hashing_slots,
    }
}

fn payment_settings<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> PaymentSettings {
    let secret = match get("PASPOR_PAYMENT_WEBHOOK_SECRET") {
        Some(secret) if secret.len() < MIN_JWT_SECRET_BYTES => {
            problems.push(format!(
                "PASPOR_PAYMENT_WEBHOOK_SECRET is {} bytes long: it must be at least \
                 {MIN_JWT_SECRET_BYTES}",
                secret.len()
            ));
            DEVELOPMENT_PAYMENT_SECRET
        }
        Some(secret) => secret,
        None if environment == Environment::Production => {
            problems.push(
                "PASPOR_PAYMENT_WEBHOOK_SECRET is required in production: the secret shared \
                 with the payment channel"
                    .to_owned(),
            );
            DEVELOPMENT_PAYMENT_SECRET
        }
        None => DEVELOPMENT_PAYMENT_SECRET,
    };
    PaymentSettings {
        webhook_secret: SecretString::from(secret),
    }
}

/// The origins of `PASPOR_CORS_ORIGINS`: each exactly `scheme://host[:port]` as a browser
/// sends it in `Origin` (no path, no trailing slash, no wildcard), https in production.
fn cors_origins(
    value: Option<&str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let Some(list) = value else {
        return Vec::new();
    };
    let mut origins = Vec::new();
    for origin in list.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        match origin_problem(origin, environment) {
            Some(reason) => problems.push(format!("PASPOR_CORS_ORIGINS has {origin:?}: {reason}")),
            None => origins.push(origin.to_owned()),
        }
    }
    origins
}

/// Why `origin` cannot be an allowed CORS origin, if it cannot.
fn origin_problem(origin: &str, environment: Environment) -> Option<&'static str> {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return Some("an origin is scheme://host[:port], e.g. https://app.example.go.id");
    };
    if !matches!(scheme, "https" | "http") {
        return Some("the scheme must be https (or http in development)");
    }
    if scheme == "http" && environment == Environment::Production {
        return Some("production allows only https origins");
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    if !host_ok || !port_ok {
        return Some(
            "an origin is scheme://host[:port] with no path, slash, wildcard or credentials",
        );
    }
    None
}

fn parse<T: std::str::FromStr>(
    value: Option<&str>,
    name: &str,
    expected: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let value = value?;
    match value.parse() {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            problems.push(format!("{name} is {value:?}: it must be {expected}"));
            None
        }
    }
}

fn ranged(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<String>,
) -> Option<u32> {
    let expected = format!("a whole number from {} to {}", range.start(), range.end());
    let parsed = parse::<u32>(value, name, &expected, problems)?;
    if range.contains(&parsed) {
        Some(parsed)
    } else {
        problems.push(format!("{name} is {parsed}: it must be {expected}"));
        None
    }
}

fn flag(value: Option<&str>, name: &str, default: bool, problems: &mut Vec<String>) -> bool {
    match value {
        None => default,
        Some("true" | "1" | "yes" | "on") => true,
        Some("false" | "0" | "no" | "off") => false,
        Some(other) => {
            problems.push(format!("{name} is {other:?}: it must be true or false"));
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_empty_environment_gives_the_development_defaults() {
        let config = Config::from_vars(&HashMap::new()).unwrap();
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.pool_size, 10);
        assert!(config.seed);
        assert_eq!(config.tariff_schedules, None);
        assert_eq!(config.storage_dir, PathBuf::from("./data/documents"));
        let config = Config::from_vars(&vars(&[("PASPOR_STORAGE_DIR", "/srv/paspor/docs")]));
        assert_eq!(
            config.unwrap().storage_dir,
            PathBuf::from("/srv/paspor/docs")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let error = Config::from_vars(&vars(&[
            ("PASPOR_ENV", "production"),
            ("PASPOR_SMTP_URL", "smtps://paspor:secret@smtp.example.com"),
            ("PASPOR_LISTEN", "nowhere"),
            ("PASPOR_DB_POOL_SIZE", "0"),
            ("PASPOR_SEED", "maybe"),
        ]))
        .unwrap_err();
        assert_eq!(error.problems.len(), 6, "{error}");
        assert!(
            error
                .to_string()
                .contains("PASPOR_PAYMENT_WEBHOOK_SECRET is required")
        );
        assert!(error.to_string().contains("PASPOR_JWT_SECRET is required"));
        assert!(
            error
                .to_string()
                .contains("PASPOR_DATABASE_URL is required in production")
        );
        assert!(error.to_string().contains("PASPOR_LISTEN"));
    }

    #[test]
    fn a_short_jwt_secret_is_refused() {
        let error = Config::from_vars(&vars(&[("PASPOR_JWT_SECRET", "too-short")])).unwrap_err();
        assert!(error.to_string().contains("at least 32"), "{error}");
        let config = Config::from_vars(&vars(&[(
            "PASPOR_JWT_SECRET",
            "0123456789abcdef0123456789abcdef",
        )]))
        .unwrap();
        assert!(config.auth.jwt_secret.is_some());
    }

    #[test]
    fn tariff_schedules_are_a_comma_separated_list() {
        let config = Config::from_vars(&vars(&[(
            "PASPOR_TARIFF_SCHEDULES",
            "launch, validity_2024",
        )]))
        .unwrap();
        assert_eq!(
            config.tariff_schedules,
            Some(vec!["launch".to_owned(), "validity_2024".to_owned()])
        );
    }

    #[test]
    fn email_goes_to_a_file_unless_an_smtp_relay_is_set() {
        let config = Config::from_vars(&HashMap::new()).unwrap();
        assert_eq!(
            config.outbox.mail_file,
            PathBuf::from("./data/outbox.jsonl")
        );
        assert!(config.outbox.smtp_url.is_none());
        assert_eq!(config.outbox.mail_from, "Paspor <no-reply@paspor.example>");
        assert_eq!(config.outbox.poll_interval, Duration::from_secs(1));
    }

    #[test]
    fn private_webhook_addresses_are_refused_in_production_unless_allowed() {
        let settings = |environment, pairs: &[(&str, &str)]| {
            let vars = vars(pairs);
            let get = |name: &str| vars.get(name).map(String::as_str);
            let mut problems = Vec::new();
            let settings = WebhookSettings::from_vars(&get, environment, &mut problems);
            (settings, problems)
        };
        let (production, problems) = settings(Environment::Production, &[]);
        assert!(problems.is_empty());
        assert!(!production.allow_private);
        assert!(production.require_https);
        let (development, _) = settings(Environment::Development, &[]);
        assert!(development.allow_private);
        assert!(!development.require_https);
        let (allowed, _) = settings(
            Environment::Production,
            &[("PASPOR_WEBHOOK_ALLOW_PRIVATE", "true")],
        );
        assert!(allowed.allow_private);
        let (_, problems) = settings(
            Environment::Development,
            &[("PASPOR_WEBHOOK_ALLOW_PRIVATE", "sometimes")],
        );
        assert!(
            problems[0].contains("PASPOR_WEBHOOK_ALLOW_PRIVATE"),
            "{problems:?}"
        );
    }

    /// The outbox settings alone, so that other production requirements do not interfere.
    fn outbox(environment: Environment, pairs: &[(&str, &str)]) -> (OutboxConfig, Vec<String>) {
        let vars = vars(pairs);
        let get = |name: &str| vars.get(name).map(String::as_str);
        let mut problems = Vec::new();
        let config = OutboxConfig::from_vars(&get, environment, &mut problems);
        (config, problems)
    }

    #[test]
    fn smtp_urls_are_checked_without_connecting() {
        assert!(check_smtp_url("smtps://user:secret@smtp.example.com:465").is_ok());
        assert!(check_smtp_url("smtp://user:secret@smtp.example.com:587?tls=required").is_ok());
        let error = check_smtp_url("imap://user:secret@mail.example.com").unwrap_err();
        assert!(!error.contains("secret"), "{error}");
    }

    #[test]
    fn production_needs_an_encrypted_smtp_relay() {
        let (_, missing) = outbox(Environment::Production, &[]);
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].starts_with("PASPOR_SMTP_URL is required in production"));
        let plain = "smtp://u:secret@mail.example.com:587";
        let (_, problems) = outbox(Environment::Production, &[("PASPOR_SMTP_URL", plain)]);
        assert!(problems[0].contains("unencrypted"), "{problems:?}");
        let (_, problems) = outbox(Environment::Development, &[("PASPOR_SMTP_URL", plain)]);
        assert!(
            problems.is_empty(),
            "a development relay may be plain: {problems:?}"
        );
        for url in [
            "smtps://u:secret@mail.example.com:465",
            "smtp://u:secret@mail.example.com:587?tls=required",
            "smtp://relay.internal:25",
        ] {
            let (config, problems) = outbox(Environment::Production, &[("PASPOR_SMTP_URL", url)]);
            assert!(problems.is_empty(), "{url}: {problems:?}");
            let shown = format!("{config:?}");
            assert!(
                !shown.contains("secret"),
                "the password is never shown: {shown}"
            );
        }
    }

    #[test]
    fn a_bad_sender_or_relay_is_reported_without_the_password() {
        let error = Config::from_vars(&vars(&[
            ("PASPOR_MAIL_FROM", "not an address"),
            ("PASPOR_SMTP_URL", "imap://u:secret@mail.example.com"),
        ]))
        .unwrap_err();
        assert_eq!(error.problems.len(), 2, "{error}");
        assert!(error.to_string().contains("PASPOR_MAIL_FROM"));
        assert!(error.to_string().contains("PASPOR_SMTP_URL"));
        assert!(!error.to_string().contains("secret"), "{error}");
    }

    /// A complete production environment, so that one test can break one thing at a time.
    fn production() -> HashMap<String, String> {
        vars(&[
            ("PASPOR_ENV", "production"),
            ("PASPOR_DATABASE_URL", "postgres://paspor@db/paspor"),
            (
                "PASPOR_SMTP_URL",
                "smtps://paspor:secret@smtp.example.com:465",
            ),
            ("PASPOR_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            (
                "PASPOR_PAYMENT_WEBHOOK_SECRET",
                "fedcba9876543210fedcba9876543210",
            ),
        ])
    }

    #[test]
    fn operability_settings_have_safe_defaults() {
        let config = Config::from_vars(&HashMap::new()).unwrap();
        assert!(config.swagger_ui, "development shows the console");
        assert!(config.metrics);
        assert!(config.cors_origins.is_empty(), "no CORS unless asked");
        assert_eq!(config.shutdown_timeout, Duration::from_secs(30));

        let config = Config::from_vars(&production()).unwrap();
        assert!(
            !config.swagger_ui,
            "production hides the console unless asked"
        );
        assert!(config.metrics);
        let mut opted_in = production();
        opted_in.insert("PASPOR_SWAGGER_UI".into(), "true".into());
        opted_in.insert("PASPOR_METRICS".into(), "off".into());
        opted_in.insert("PASPOR_SHUTDOWN_TIMEOUT_SECS".into(), "120".into());
        let config = Config::from_vars(&opted_in).unwrap();
        assert!(config.swagger_ui);
        assert!(!config.metrics);
        assert_eq!(config.shutdown_timeout, Duration::from_secs(120));
    }

    #[test]
    fn cors_origins_are_exact_origins() {
        let config = Config::from_vars(&vars(&[(
            "PASPOR_CORS_ORIGINS",
            "https://app.example.go.id, http://localhost:3000,",
        )]))
        .unwrap();
        assert_eq!(
            config.cors_origins,
            vec!["https://app.example.go.id", "http://localhost:3000"]
        );

        let error = Config::from_vars(&vars(&[(
            "PASPOR_CORS_ORIGINS",
            "*,https://app.example.go.id/,app.example.go.id,ftp://x.example,https://u@x.example,https://x.example:99999",
        )]))
        .unwrap_err();
        assert_eq!(error.problems.len(), 6, "{error}");
        assert!(
            error
                .problems
                .iter()
                .all(|p| p.starts_with("PASPOR_CORS_ORIGINS has "))
        );

        let mut plain = production();
        plain.insert(
            "PASPOR_CORS_ORIGINS".into(),
            "http://app.example.go.id".into(),
        );
        let error = Config::from_vars(&plain).unwrap_err();
        assert_eq!(error.problems.len(), 1, "{error}");
        assert!(error.problems[0].contains("only https"), "{error}");
    }

    #[test]
    fn a_shutdown_timeout_out_of_range_or_a_bad_flag_is_refused() {
        let error = Config::from_vars(&vars(&[
            ("PASPOR_SHUTDOWN_TIMEOUT_SECS", "0"),
            ("PASPOR_METRICS", "sometimes"),
            ("PASPOR_SWAGGER_UI", "2"),
        ]))
        .unwrap_err();
        assert_eq!(error.problems.len(), 3, "{error}");
        assert!(error.problems[0].contains("PASPOR_SWAGGER_UI"), "{error}");
        assert!(error.problems[1].contains("PASPOR_METRICS"), "{error}");
        assert!(
            error.problems[2].starts_with("PASPOR_SHUTDOWN_TIMEOUT_SECS is 0"),
            "{error}"
        );
        // One problem per line, each on its own: what the operator reads.
        assert_eq!(error.to_string().lines().count(), 4, "{error}");
    }

    /// The names `from_vars` and its helpers read, taken from the sources that read them:
    /// this file's `get("...")` calls, and every quoted name in the connection limits' code.
    fn names_read() -> std::collections::BTreeSet<String> {
        fn code(source: &str) -> &str {
            &source[..source.find("#[cfg(test)]").unwrap_or(source.len())]
        }
        fn quoted_after<'a>(code: &'a str, marker: &'a str) -> impl Iterator<Item = &'a str> {
            code.split(marker)
                .skip(1)
                .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        }
        let config = quoted_after(code(include_str!("config.rs")), "get(\"").map(str::to_owned);
        let limits = quoted_after(code(include_str!("limits/mod.rs")), "\"PASPOR_")
            .map(|rest| format!("PASPOR_{rest}"));
        config.chain(limits).collect()
    }

    #[test]
    fn every_variable_read_is_in_the_help_and_nothing_else_is() {
        let read = names_read();
        assert!(read.len() >= 20, "the scan found too little: {read:?}");
        let documented: std::collections::BTreeSet<String> = VARIABLES
            .iter()
            .map(|v| v.name.to_owned())
            .filter(|name| name != "RUST_LOG")
            .collect();
        assert_eq!(read, documented);
        let help = variables_help();
        for variable in VARIABLES {
            assert!(help.contains(variable.name), "{}", variable.name);
            assert!(help.contains(variable.default), "{}", variable.name);
            assert!(help.contains(variable.meaning), "{}", variable.name);
        }
    }

    #[test]
    fn the_readme_documents_every_variable() {
        let readme = include_str!("../../README.md");
        for variable in VARIABLES {
            assert!(
                readme.contains(&format!("| `{}` |", variable.name)),
                "README.md's configuration table lacks {}",
                variable.name
            );
        }
    }
}
