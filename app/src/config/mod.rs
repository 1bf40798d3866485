//! Configuration from `PASPOR_*` environment variables, with development defaults: the
//! [`Config`] struct and its assembly from the environment ([`Config::from_env`]).
//!
//! Every problem is collected and reported at once, one line each, so an operator fixes a
//! broken configuration in one go. Production mode refuses defaults that are only safe on a
//! developer's machine.
//!
//! [`Config::from_vars`] reads the plain numbers and flags itself (listen address, pool
//! size, cache times, workers, ...) and leaves what needs more to a file per concern:
//! `database` (the database URL, the documents folder's default), `documents` (the keys
//! documents are encrypted with, the S3-compatible bucket), `http` (the CORS
//! origins, the availability cache's and the shutdown's defaults), `auth` (sign-in, the
//! live-session check's default), `payments`, `mail` (the outbox, the SMTP URL check),
//! `webhooks`, `drills` (injected faults), `retention` (what is kept after closing). `variables` is the table `--help` prints,
//! `parse` the small parsers they all use, `tests` the unit tests.

mod auth;
mod database;
mod documents;
mod drills;
mod http;
mod mail;
mod parse;
mod payments;
mod privacy;
mod push;
mod reminders;
mod retention;
mod variables;
mod webhooks;
mod whatsapp;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

pub use auth::{AuthSettings, MIN_JWT_SECRET_BYTES};
pub use database::DEFAULT_DATABASE_URL;
pub use documents::{
    DEVELOPMENT_KEY_ID, DocumentSettings, S3Settings, development_keys, parse_keys,
};
pub use mail::OutboxConfig;
pub use payments::{DEVELOPMENT_PAYMENT_SECRET, LatePayments, PaymentSettings};
pub use privacy::{DEFAULT_PRIVACY_NOTICE_VERSION, PrivacySettings};
pub use push::PushSettings;
pub use reminders::ReminderSettings;
pub use retention::RetentionSettings;
pub use variables::{VARIABLES, Variable, variables_help};
pub use webhooks::WebhookSettings;
pub use whatsapp::{WhatsAppCloud, WhatsAppSettings};

use auth::{DEFAULT_SESSION_CHECK_CACHE, auth_settings};
use database::{DEFAULT_STORAGE_DIR, database_url};
use drills::fault_after_commit;
use http::{
    DEFAULT_AVAILABILITY_CACHE, DEFAULT_REFERENCE_CACHE, DEFAULT_SHUTDOWN_TIMEOUT, cors_origins,
};
use parse::{flag, parse, ranged};
use payments::payment_settings;

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
    /// `PASPOR_DB_READ_POOL_SIZE`: connections (and threads) of their own for the reads
    /// every client makes (availability, the check that a sign-in is live), default 2; 0
    /// shares the pool.
    pub read_pool_size: u32,
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
    /// `PASPOR_REFERENCE_CACHE_MS`: how long a process remembers offices, the tariff
    /// schedules switched on and the booking limits, default 5 s; a change made in another
    /// process is seen here within it. 0 reads the database every time.
    pub reference_cache: Duration,
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
    /// How documents are kept: the keys that encrypt them (`PASPOR_DOCUMENT_KEYS`) and the
    /// S3-compatible bucket that replaces the folder (`PASPOR_STORAGE_URL`, `PASPOR_S3_*`).
    pub documents: DocumentSettings,
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
    /// When reminders go out and how often they are looked for (`PASPOR_REMINDER_*`).
    pub reminders: ReminderSettings,
    /// How long what the law keeps after an account closes is kept, and how often the
    /// retention job looks (`PASPOR_RETENTION_*`).
    pub retention: RetentionSettings,
    /// The privacy notice in force and the exports' timing (`PASPOR_PRIVACY_NOTICE_VERSION`,
    /// `PASPOR_EXPORT_*`).
    pub privacy: PrivacySettings,
    /// Push notices: FCM's service account (`PASPOR_FCM_SERVICE_ACCOUNT_FILE`, ...).
    pub push: PushSettings,
    /// WhatsApp notices: the Cloud API account (`PASPOR_WHATSAPP_ACCESS_TOKEN`, ...).
    pub whatsapp: WhatsAppSettings,
}

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
        let database_url = database_url(get("PASPOR_DATABASE_URL"), environment, &mut problems);
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
        let read_pool_size = ranged(
            get("PASPOR_DB_READ_POOL_SIZE"),
            "PASPOR_DB_READ_POOL_SIZE",
            0..=64,
            &mut problems,
        )
        .unwrap_or(2);
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
        let reference_cache = ranged(
            get("PASPOR_REFERENCE_CACHE_MS"),
            "PASPOR_REFERENCE_CACHE_MS",
            0..=60_000,
            &mut problems,
        )
        .map_or(DEFAULT_REFERENCE_CACHE, |ms| {
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
        let documents = DocumentSettings::from_vars(&get, environment, &mut problems);
        let auth = auth_settings(&get, environment, &mut problems);
        let payments = payment_settings(&get, environment, &mut problems);
        let limits = crate::limits::Limits::from_vars(&get, &mut problems);
        let webhooks = WebhookSettings::from_vars(&get, environment, &mut problems);
        let fault_after_commit =
            fault_after_commit(get("PASPOR_FAULT_AFTER_COMMIT"), environment, &mut problems);
        let reminders = ReminderSettings::from_vars(&get, &mut problems);
        let retention = RetentionSettings::from_vars(&get, &mut problems);
        let privacy = PrivacySettings::from_vars(&get, &mut problems);
        let push = PushSettings::from_vars(&get, &mut problems);
        let whatsapp = WhatsAppSettings::from_vars(&get, &mut problems);
        if problems.is_empty() {
            Ok(Config {
                environment,
                database_url,
                listen,
                pool_size,
                read_pool_size,
                tariff_schedules,
                seed,
                session_horizon_days,
                availability_cache,
                session_check_cache,
                reference_cache,
                booking_proof_bits,
                swagger_ui,
                metrics,
                cors_origins,
                shutdown_timeout,
                outbox,
                workers,
                blocking_threads,
                storage_dir,
                documents,
                auth,
                payments,
                expiry_interval: Duration::from_secs(10),
                limits,
                webhooks,
                fault_after_commit,
                reminders,
                retention,
                privacy,
                push,
                whatsapp,
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
            read_pool_size: 2,
            tariff_schedules: None,
            seed: true,
            session_horizon_days: 70,
            availability_cache: DEFAULT_AVAILABILITY_CACHE,
            session_check_cache: DEFAULT_SESSION_CHECK_CACHE,
            reference_cache: DEFAULT_REFERENCE_CACHE,
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
            documents: DocumentSettings::for_tests(),
            auth: AuthSettings {
                jwt_secret: Some(SecretString::from(
                    "test-secret-that-is-at-least-32-bytes-long",
                )),
                // Every test client is 127.0.0.1: the limit is tested on its own.
                rate_per_minute: 100_000,
                hashing_slots: None,
                // Tests race sign-ins on a busy machine: none is refused for waiting, except
                // where a test asks for it.
                hashing_max_wait: Duration::from_secs(60),
            },
            payments: PaymentSettings {
                webhook_secret: SecretString::from(DEVELOPMENT_PAYMENT_SECRET),
                // The place is free at the deadline, as before the grace period: the tests
                // of the grace period set one.
                late: LatePayments {
                    grace: chrono::TimeDelta::zero(),
                    ..LatePayments::DEFAULT
                },
            },
            expiry_interval: Duration::from_millis(50),
            limits: crate::limits::Limits::default(),
            webhooks: WebhookSettings::for_tests(),
            fault_after_commit: crate::faults::AfterCommit::Off,
            // Not looked for within a test's life, so that no reminder joins the emails other
            // tests count; the reminders' tests ask for them every 50 ms.
            reminders: ReminderSettings {
                interval: Duration::from_secs(3600),
                ..ReminderSettings::default()
            },
            // Daily, as in production: not within a test's life; the retention tests ask
            // for a pass every 50 ms.
            retention: RetentionSettings::default(),
            // Exports are built within a test's patience.
            privacy: PrivacySettings {
                export_poll: Duration::from_millis(50),
                ..PrivacySettings::default()
            },
            push: PushSettings::for_tests(),
            whatsapp: WhatsAppSettings::default(),
        }
    }
}

#[cfg(test)]
mod tests;
