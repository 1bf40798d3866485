//! The configuration's unit tests: defaults, problems reported at once, and the variable
//! table kept in step with the code and the README.

use super::mail::check_smtp_url;
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
    assert_eq!(error.problems.len(), 7, "{error}");
    assert!(
        error
            .to_string()
            .contains("PASPOR_PAYMENT_WEBHOOK_SECRET is required")
    );
    assert!(
        error
            .to_string()
            .contains("PASPOR_DOCUMENT_KEYS is required")
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
        (
            "PASPOR_DOCUMENT_KEYS",
            "k1:c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzISE=",
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
/// the `get("...")` calls of the configuration's files, and every quoted name in the connection limits' code.
fn names_read() -> std::collections::BTreeSet<String> {
    fn code(source: &str) -> &str {
        &source[..source.find("#[cfg(test)]").unwrap_or(source.len())]
    }
    fn quoted_after<'a>(code: &'a str, marker: &'a str) -> impl Iterator<Item = &'a str> {
        code.split(marker)
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
    }
    let config = [
        include_str!("mod.rs"),
        include_str!("auth.rs"),
        include_str!("database.rs"),
        include_str!("documents.rs"),
        include_str!("drills.rs"),
        include_str!("http.rs"),
        include_str!("mail.rs"),
        include_str!("payments.rs"),
        include_str!("webhooks.rs"),
        include_str!("reminders.rs"),
        include_str!("retention.rs"),
        include_str!("push.rs"),
        include_str!("whatsapp.rs"),
        include_str!("privacy.rs"),
    ]
    .into_iter()
    .flat_map(|source| quoted_after(code(source), "get(\""))
    .map(str::to_owned);
    let limits = quoted_after(code(include_str!("../limits.rs")), "\"PASPOR_")
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
    let readme = include_str!("../../../README.md");
    for variable in VARIABLES {
        assert!(
            readme.contains(&format!("| `{}` |", variable.name)),
            "README.md's configuration table lacks {}",
            variable.name
        );
    }
}

#[test]
fn push_and_whatsapp_are_logged_unless_configured() {
    let config = Config::from_vars(&HashMap::new()).unwrap();
    assert!(config.push.fcm.is_none());
    assert_eq!(config.push.fcm_base_url, "https://fcm.googleapis.com");
    assert!(config.whatsapp.cloud.is_none());
}

#[test]
fn a_broken_push_or_whatsapp_setting_is_reported_without_its_secret() {
    let error = Config::from_vars(&vars(&[
        (
            "PASPOR_FCM_SERVICE_ACCOUNT",
            r#"{"project_id": "p", "client_email": "a@p.iam.gserviceaccount.com",
                "private_key": "-----BEGIN PRIVATE KEY-----\nsecret-key-material\n-----END PRIVATE KEY-----\n",
                "token_uri": "https://oauth2.googleapis.com/token"}"#,
        ),
        ("PASPOR_FCM_BASE_URL", "ftp://fcm.example"),
        ("PASPOR_WHATSAPP_ACCESS_TOKEN", "EAAG-secret-token"),
        ("PASPOR_WHATSAPP_API_VERSION", "latest"),
    ]))
    .unwrap_err();
    assert_eq!(error.problems.len(), 4, "{error}");
    let text = error.to_string();
    assert!(
        text.contains("PASPOR_FCM_SERVICE_ACCOUNT is not usable"),
        "{text}"
    );
    assert!(text.contains("PASPOR_FCM_BASE_URL"), "{text}");
    assert!(
        text.contains("PASPOR_WHATSAPP_PHONE_NUMBER_ID go together"),
        "{text}"
    );
    assert!(text.contains("PASPOR_WHATSAPP_API_VERSION"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let error = Config::from_vars(&vars(&[(
        "PASPOR_FCM_SERVICE_ACCOUNT_FILE",
        "/nonexistent/paspor/key.json",
    )]))
    .unwrap_err();
    assert!(error.to_string().contains("cannot be read"), "{error}");
}

#[test]
fn retention_periods_default_to_the_law_and_refuse_nonsense() {
    let config = Config::from_vars(&HashMap::new()).unwrap();
    assert_eq!(config.retention, RetentionSettings::default());
    assert_eq!(config.retention.interval, Duration::from_secs(86_400));
    assert_eq!(
        (
            config.retention.decision_years,
            config.retention.passport_years,
            config.retention.payment_years,
            config.retention.audit_years
        ),
        (10, 5, 10, 10)
    );
    let config = Config::from_vars(&vars(&[
        ("PASPOR_RETENTION_PAYMENT_YEARS", "12"),
        ("PASPOR_RETENTION_INTERVAL_SECS", "3600"),
    ]))
    .unwrap();
    assert_eq!(config.retention.payment_years, 12);
    assert_eq!(config.retention.interval, Duration::from_secs(3600));
    let error = Config::from_vars(&vars(&[
        ("PASPOR_RETENTION_DECISION_YEARS", "0"),
        ("PASPOR_RETENTION_AUDIT_YEARS", "ten"),
        ("PASPOR_RETENTION_INTERVAL_SECS", "0"),
    ]))
    .unwrap_err();
    assert_eq!(error.problems.len(), 3, "{error}");
    assert!(
        error
            .to_string()
            .contains("PASPOR_RETENTION_DECISION_YEARS")
    );
    assert!(error.to_string().contains("PASPOR_RETENTION_AUDIT_YEARS"));
}

#[test]
fn document_keys_are_required_in_production_and_checked_without_quoting_them() {
    let mut environment = production();
    environment.remove("PASPOR_DOCUMENT_KEYS");
    let error = Config::from_vars(&environment).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("PASPOR_DOCUMENT_KEYS is required in production"),
        "{error}"
    );
    let config = Config::from_vars(&HashMap::new()).unwrap();
    assert!(config.documents.development_key);
    assert_eq!(config.documents.keys.ids(), [DEVELOPMENT_KEY_ID]);
    assert!(config.documents.s3.is_none());

    let key = "c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzISE="; // 32 bytes
    let config = Config::from_vars(&vars(&[(
        "PASPOR_DOCUMENT_KEYS",
        &format!("k2:{key}, k1:{key}"),
    )]))
    .unwrap();
    assert!(!config.documents.development_key);
    assert_eq!(config.documents.keys.ids(), ["k2", "k1"]);
    for bad in [
        "k1".to_owned(),
        "k1:not base64!".to_owned(),
        "k1:c2hvcnQ=".to_owned(),
        format!("k1:{key},k1:{key}"),
        format!("bad id:{key}"),
    ] {
        let error = Config::from_vars(&vars(&[("PASPOR_DOCUMENT_KEYS", &bad)])).unwrap_err();
        assert!(
            error.to_string().contains("PASPOR_DOCUMENT_KEYS"),
            "{bad}: {error}"
        );
        assert!(!error.to_string().contains(key), "{error}");
    }
}

#[test]
fn an_s3_bucket_is_chosen_by_url() {
    let config = Config::from_vars(&vars(&[
        ("PASPOR_STORAGE_URL", "s3://paspor-documents/prod/"),
        ("PASPOR_S3_ENDPOINT", "http://minio:9000/"),
        ("PASPOR_S3_ACCESS_KEY_ID", "paspor"),
        ("PASPOR_S3_SECRET_ACCESS_KEY", "secret"),
    ]))
    .unwrap();
    let s3 = config.documents.s3.unwrap();
    assert_eq!(
        (s3.bucket.as_str(), s3.prefix.as_str()),
        ("paspor-documents", "prod")
    );
    assert_eq!(s3.endpoint.as_deref(), Some("http://minio:9000"));
    assert_eq!(s3.region, "us-east-1");
    assert!(s3.path_style);
    for bad in [
        "paspor-documents",
        "s3://",
        "s3://Bad_Bucket",
        "s3://ok-bucket/a b",
    ] {
        let error = Config::from_vars(&vars(&[("PASPOR_STORAGE_URL", bad)])).unwrap_err();
        assert!(
            error.to_string().contains("PASPOR_STORAGE_URL"),
            "{bad}: {error}"
        );
    }
    let error = Config::from_vars(&vars(&[
        ("PASPOR_STORAGE_URL", "s3://paspor-documents"),
        ("PASPOR_S3_ENDPOINT", "minio:9000"),
        ("PASPOR_S3_SECRET_ACCESS_KEY", "secret"),
        ("PASPOR_S3_SECRET_ACCESS_KEY_FILE", "/run/secrets/s3"),
    ]))
    .unwrap_err();
    assert_eq!(error.problems.len(), 2, "{error}");
    assert!(!error.to_string().contains("secret\""), "{error}");
}
