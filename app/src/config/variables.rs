//! The table of every variable the service reads, with its default and meaning: what
//! `paspor --help` prints.

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
/// [`Config::from_vars`](super::Config::from_vars) and with the README).
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
        "PASPOR_DB_READ_POOL_SIZE",
        "2",
        "database connections, each with a thread, kept apart for availability reads so that a rush of bookings does not hold them up (0 to 64; 0 shares the pool)",
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
        "PASPOR_REFERENCE_CACHE_MS",
        "5000",
        "how long a process remembers offices, the tariff schedules switched on and the booking limits, in milliseconds (0 to 60000; 0: off); an administrator's change made in another process is seen within it",
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
        "PASPOR_DOCUMENT_KEYS",
        "a development key in development (required in production)",
        "keys that encrypt documents at rest: `id:base64-of-32-bytes`, comma-separated; the first encrypts, all decrypt",
    ),
    var(
        "PASPOR_DOCUMENT_KEYS_FILE",
        "unset",
        "a file holding PASPOR_DOCUMENT_KEYS instead (a mounted secret)",
    ),
    var(
        "PASPOR_STORAGE_URL",
        "unset (the folder PASPOR_STORAGE_DIR)",
        "s3://bucket or s3://bucket/prefix: documents in an S3-compatible bucket shared by all instances",
    ),
    var(
        "PASPOR_S3_ENDPOINT",
        "AWS S3",
        "URL of the S3-compatible server, e.g. http://minio:9000",
    ),
    var(
        "PASPOR_S3_REGION",
        "us-east-1",
        "region the S3 requests are signed for",
    ),
    var(
        "PASPOR_S3_ACCESS_KEY_ID",
        "unset (the environment's or instance's credentials)",
        "S3 access key id",
    ),
    var(
        "PASPOR_S3_SECRET_ACCESS_KEY",
        "unset (the environment's or instance's credentials)",
        "S3 secret access key",
    ),
    var(
        "PASPOR_S3_SECRET_ACCESS_KEY_FILE",
        "unset",
        "a file holding PASPOR_S3_SECRET_ACCESS_KEY instead (a mounted secret)",
    ),
    var(
        "PASPOR_S3_PATH_STYLE",
        "true",
        "the bucket in the URL's path (MinIO and most S3-compatible servers) rather than its host",
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
        "PASPOR_PASSWORD_HASHING_MAX_WAIT_MS",
        "2000",
        "milliseconds a sign-in, registration or password change may expect to wait for a hashing thread before it is answered 503 with Retry-After (1 to 60000)",
    ),
    var(
        "PASPOR_PAYMENT_WEBHOOK_SECRET",
        "a fixed development value (required in production)",
        "HMAC key of payment notices, at least 32 bytes",
    ),
    var(
        "PASPOR_PAYMENT_GRACE_MINUTES",
        "30",
        "minutes an unpaid booking's place stays held past its deadline for a late notice (0-1440)",
    ),
    var(
        "PASPOR_SETTLEMENT_MOVE_DAYS",
        "30",
        "days a reconciled payment whose place was taken looks ahead for another (0-365)",
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
    var(
        "PASPOR_REMINDER_INTERVAL_SECS",
        "60",
        "how often the reminder job looks for due reminders (1-3600)",
    ),
    var(
        "PASPOR_REMINDER_PAYMENT_LEAD_MINUTES",
        "30",
        "remind an unpaid booking's holder this long before its payment deadline (1-119)",
    ),
    var(
        "PASPOR_REMINDER_APPOINTMENT_LEAD_HOURS",
        "24",
        "remind an appointment's holder this long before it starts (1-72)",
    ),
    var(
        "PASPOR_REMINDER_COLLECTION_LEAD_DAYS",
        "7",
        "remind a ready passport's holder this many days before its last collection day (1-29)",
    ),
    var(
        "PASPOR_RETENTION_INTERVAL_SECS",
        "86400",
        "how often the retention job erases what was kept past its period (1-604800)",
    ),
    var(
        "PASPOR_RETENTION_DECISION_YEARS",
        "10",
        "years a decided application of a closed account is kept after its decision (1-100)",
    ),
    var(
        "PASPOR_RETENTION_PASSPORT_YEARS",
        "5",
        "years an issued passport's record and holder identity are kept after its expiry (1-100)",
    ),
    var(
        "PASPOR_RETENTION_PAYMENT_YEARS",
        "10",
        "years a payment record is kept after it was paid (1-100)",
    ),
    var(
        "PASPOR_RETENTION_AUDIT_YEARS",
        "10",
        "years a record of the audit trail is kept (1-100)",
    ),
    var(
        "PASPOR_PRIVACY_NOTICE_VERSION",
        "2026-12-01",
        "the version of the privacy notice in force, recorded as agreed to at each registration (1-32 visible ASCII characters)",
    ),
    var(
        "PASPOR_EXPORT_POLL_MS",
        "1000",
        "how often the export builder looks for requested copies of a person's data (10-60000)",
    ),
    var(
        "PASPOR_EXPORT_TTL_DAYS",
        "7",
        "how many days a ready export's archive is kept before it is deleted (1-30)",
    ),
    var(
        "PASPOR_FCM_SERVICE_ACCOUNT_FILE",
        "unset (push notices are logged)",
        "path of the Firebase service-account key (JSON) that push notices are sent with through FCM",
    ),
    var(
        "PASPOR_FCM_SERVICE_ACCOUNT",
        "unset",
        "the Firebase service-account key's JSON itself, instead of a file",
    ),
    var(
        "PASPOR_FCM_BASE_URL",
        "https://fcm.googleapis.com",
        "FCM's base URL (messages go to {base}/v1/projects/{project}/messages:send)",
    ),
    var(
        "PASPOR_WHATSAPP_ACCESS_TOKEN",
        "unset (WhatsApp messages go to the mail file in development, the log in production)",
        "the WhatsApp Business Cloud API access token (a system user's), with PASPOR_WHATSAPP_PHONE_NUMBER_ID",
    ),
    var(
        "PASPOR_WHATSAPP_PHONE_NUMBER_ID",
        "unset",
        "the id Meta gave the sending WhatsApp number",
    ),
    var(
        "PASPOR_WHATSAPP_BASE_URL",
        "https://graph.facebook.com",
        "the Cloud API's base URL",
    ),
    var(
        "PASPOR_WHATSAPP_API_VERSION",
        "v21.0",
        "the Graph API version in the Cloud API's paths",
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
