//! Building and running the HTTP server: migrations, pool, seed, routes, middleware,
//! background jobs. `Application::build` binds (port 0 for tests) and reports the port;
//! `run_until_stopped` serves until SIGTERM/SIGINT (or the handle) and shuts down in order.
//!
//! Middleware, outermost first: the request id (its span around everything), metrics (the
//! final status of every answer), security headers, problem bodies for bare errors, CORS,
//! control characters in paths and queries refused, JSON bodies that are not objects refused.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Condition, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use paspor_persistence::{PoolSettings, connect_pool, open_connection, run_migrations};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::json_body::{JsonBodies, require_json_objects};
use crate::openapi_doc::openapi_document;
use crate::problem::{ProblemKind, ensure_problem, no_route};
use crate::request_id::request_id;
use crate::route_table::RouteTable;
use crate::routes;
use crate::security_headers::{self, HeaderPolicy, security_headers};
use crate::uri_text::refuse_control_characters;
use paspor_app::auth::{CheckInKey, CodeKey, PasswordHasher, TokenKeys, sign_in_limit};
use paspor_app::availability_cache::AvailabilityCache;
use paspor_app::clock::Clock;
use paspor_app::config::Config;
use paspor_app::db::{Bounds, Db};
use paspor_app::documents::DocumentStore;
use paspor_app::mail::ConfiguredMailer;
use paspor_app::metrics::Metrics;
use paspor_app::outbox::{Outbox, Senders};
use paspor_app::push::ConfiguredPush;
use paspor_app::state::AppState;
use paspor_app::whatsapp::ConfiguredWhatsApp;
use paspor_app::{jobs, startup};

/// The largest request body any route of this version accepts.
const MAX_BODY_BYTES: usize = crate::limits::JSON_BODY_BYTES;

/// A built server, bound and ready to run.
pub struct Application {
    port: u16,
    server: Server,
    jobs: jobs::Jobs,
    shutdown_timeout: Duration,
}

impl Application {
    /// Migrates the database, prepares its data, and binds the listener.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let limits = &config.limits;
        let settings = PoolSettings {
            max_size: config.pool_size,
            connection_timeout: limits.pool_timeout,
            lock_timeout: limits.lock_timeout,
            connect_timeout: limits.db_connect_timeout,
            keepalive: limits.db_keepalive,
            statement_timeout: limits.db_statement_timeout,
            idle_in_transaction_timeout: limits.db_idle_in_transaction_timeout,
        };
        // With the connect timeout and keepalives too: a database that does not answer
        // fails the start instead of holding it.
        let url = settings.connection_url(&config.database_url);
        let report = tokio::task::spawn_blocking(move || run_migrations(&url)).await??;
        tracing::info!(
            applied = report.applied.len(),
            known = report.known,
            "migrations checked"
        );

        let url = config.database_url.clone();
        let (pool, backend) =
            tokio::task::spawn_blocking(move || connect_pool(&url, settings)).await??;
        let bounds = Bounds {
            call: limits.db_call_timeout,
            hang: limits.db_hang_timeout,
        };
        let url = config.database_url.clone();
        let mut db = Db::bounded(pool, backend, bounds, move || {
            open_connection(&url, &settings)
        });
        if config.read_pool_size > 0 {
            let url = config.database_url.clone();
            let reads = PoolSettings {
                max_size: config.read_pool_size,
                ..settings
            };
            let (pool, _) =
                tokio::task::spawn_blocking(move || connect_pool(&url, reads)).await??;
            db = db.with_reads_apart(pool)?;
        }

        let prepare_pool = db.pool().clone();
        let prepare_config = config.clone();
        let now = clock.now();
        tokio::task::spawn_blocking(move || {
            let mut conn = prepare_pool.get()?;
            startup::prepare_data(&mut conn, &prepare_config, now)
        })
        .await??;

        let mailer = ConfiguredMailer::from_config(&config.outbox)?;
        tracing::info!(to = mailer.describe(), "email delivery");
        let push = ConfiguredPush::from_config(&config.push).map_err(anyhow::Error::msg)?;
        tracing::info!(to = push.describe(), "push delivery");
        // Not refused like a missing secret: a deployment may have no app to push to yet
        // (docker-compose), and email still reaches everyone. Said loudly instead.
        if config.environment == paspor_app::config::Environment::Production
            && config.push.fcm.is_none()
        {
            tracing::warn!(
                "no FCM service account (PASPOR_FCM_SERVICE_ACCOUNT_FILE): push notices are only logged"
            );
        }
        // Without a WhatsApp account, development writes messages (codes included) to the
        // mail file, as it does email; production only logs them.
        let development_file = (config.environment == paspor_app::config::Environment::Development)
            .then(|| config.outbox.mail_file.clone());
        let whatsapp = ConfiguredWhatsApp::from_config(&config.whatsapp, development_file)
            .map_err(anyhow::Error::msg)?;
        tracing::info!(to = whatsapp.describe(), "whatsapp delivery");
        let documents = DocumentStore::configured(config.storage_dir.clone(), &config.documents)?;
        tracing::info!(to = documents.describe(), "document store");
        if config.documents.development_key {
            tracing::warn!(
                "PASPOR_DOCUMENT_KEYS is unset: documents are encrypted with the DEVELOPMENT key, \
                 which is no secret (production refuses to start without PASPOR_DOCUMENT_KEYS)"
            );
        }
        let outbox = Outbox::new();
        let metrics = Metrics::new();
        let secret = jwt_secret(&config);
        let hashing_slots = config.auth.hashing_slots.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
        });
        let hashing_max_wait = config.auth.hashing_max_wait;
        let passwords = tokio::task::spawn_blocking(move || {
            PasswordHasher::new(hashing_slots, hashing_max_wait)
        })
        .await??;
        let state = AppState {
            db: db.clone(),
            availability: AvailabilityCache::new(config.availability_cache),
            documents,
            clock: clock.clone(),
            outbox: outbox.clone(),
            tokens: TokenKeys::new(&secret),
            passwords,
            codes: CodeKey::derive(&secret),
            check_in: CheckInKey::derive(&secret),
            payment_secret: config.payments.webhook_secret.clone(),
            late_payments: config.payments.late,
            metrics: metrics.clone(),
            session_horizon_days: config.session_horizon_days,
            webhooks: config.webhooks.clone(),
            sessions: paspor_app::auth::LiveSessions::new(config.session_check_cache),
            reference: paspor_app::reference_data::ReferenceData::new(config.reference_cache),
            booking_proof: paspor_app::booking_proof::BookingProof::new(
                &secret,
                config.booking_proof_bits,
            ),
            fault_after_commit: config.fault_after_commit.clone(),
            retention: config.retention,
            privacy: config.privacy.clone(),
        };
        // The retention job deletes erased documents' files from the same store.
        let documents_for_retention = state.documents.clone();
        let webhook_sender = paspor_app::webhooks::WebhookSender::new(&config.webhooks)?;
        if !config.webhooks.allow_private
            && config.environment == paspor_app::config::Environment::Development
        {
            tracing::info!("webhooks to private addresses are refused (SSRF guard on)");
        } else if config.webhooks.allow_private
            && config.environment == paspor_app::config::Environment::Production
        {
            tracing::warn!(
                "PASPOR_WEBHOOK_ALLOW_PRIVATE is on: integrators may point webhooks at this \
                 server's own network"
            );
        }
        let limit = sign_in_limit(config.auth.rate_per_minute);
        let doc = openapi_document();
        let route_table = web::Data::new(RouteTable::from_doc(&doc));
        let json_bodies = web::Data::new(JsonBodies::from_doc(&doc));
        // Served as the bytes written once: the document's tree, cloned into each worker as
        // before, held tens of megabytes of every process's memory.
        let doc_json = web::Bytes::from(serde_json::to_vec(&doc)?);
        drop(doc);
        let swagger_ui = config.swagger_ui;
        let development = config.environment == paspor_app::config::Environment::Development;
        let production = config.environment == paspor_app::config::Environment::Production;
        let header_policy = web::Data::new(HeaderPolicy { hsts: production });
        let metrics_data = web::Data::new(metrics.clone());
        let serve_metrics = config.metrics;
        let cors_origins = config.cors_origins.clone();
        let listener = crate::limits::listener(config.listen, config.limits.backlog)?;
        let body_timeout = config.limits.body_timeout;
        let port = listener.local_addr()?.port();
        // The export builder reads documents through the same store the routes do.
        let export_store = state.documents.clone();
        let state_data = web::Data::new(state);

        let mut server = HttpServer::new(move || {
            // Development tools stay out of production and out of the published contract;
            // registered before the `/v1` scope, which would otherwise take their paths.
            let app = if development {
                App::new().route(
                    "/v1/dev/payments/{billing_code}",
                    web::post().to(routes::dev::simulate_payment),
                )
            } else {
                App::new()
            };
            let app = app
                .app_data(state_data.clone())
                .app_data(route_table.clone())
                .app_data(metrics_data.clone())
                .app_data(header_policy.clone())
                .app_data(json_bodies.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(
                    web::JsonConfig::default()
                        .limit(MAX_BODY_BYTES)
                        .error_handler(|error, _| crate::extract::json_problem(&error).into()),
                )
                .app_data(web::PathConfig::default().error_handler(|error, _| {
                    let reason = match &error {
                        actix_web::error::PathError::Deserialize(error) => {
                            paspor_app::parse_reason::serde_reason(&error.to_string())
                        }
                        other => paspor_app::locale::Text::Verbatim(other.to_string()),
                    };
                    let detail = paspor_app::locale::Message::new("problem-path-unreadable")
                        .with("reason", reason);
                    ApiError::new(ProblemKind::Validation, detail).into()
                }))
                .into_utoipa_app()
                .configure(routes::configure(limit))
                .into_app()
                .default_service(web::to(no_route));

            let doc_json = doc_json.clone();
            let app = app.route(
                "/openapi.json",
                web::get().to(move || {
                    let body = doc_json.clone();
                    async move {
                        actix_web::HttpResponse::Ok()
                            .content_type(actix_web::http::header::ContentType::json())
                            .body(body)
                    }
                }),
            );
            let app = if swagger_ui {
                // Swagger UI's pages live under `/docs/`; `/docs`, as people type it,
                // redirects there. They read the document served above.
                app.route("/docs", web::get().to(to_swagger_ui)).service(
                    SwaggerUi::new("/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::new(["/openapi.json"])),
                )
            } else {
                app
            };
            // Operator-facing, outside the published contract (and so outside the `/v1`
            // document): see `paspor_app::metrics`.
            let app = if serve_metrics {
                app.route("/metrics", web::get().to(routes::metrics::scrape))
            } else {
                app
            };
            // Without configured origins there is no CORS layer at all: no CORS headers, and
            // requests carrying an `Origin` are served like any other.
            app.wrap(from_fn(require_json_objects))
                .wrap(from_fn(refuse_control_characters))
                .wrap(Condition::new(
                    !cors_origins.is_empty(),
                    security_headers::cors(&cors_origins),
                ))
                .wrap(ErrorHandlers::new().default_handler(ensure_problem))
                // Outside the problem handler: what replaces a plain error answer must still
                // carry the unread body that makes the connection close.
                .wrap(crate::limits::BodyDeadline::new(body_timeout))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(crate::request_metrics::record))
                // Inside the request id, outside everything that may answer with a problem.
                .wrap(from_fn(crate::language::answer_language))
                .wrap(from_fn(request_id))
        })
        .worker_max_blocking_threads(blocking_threads_per_worker(&config))
        .keep_alive(config.limits.keep_alive)
        .client_request_timeout(config.limits.client_request_timeout)
        .client_disconnect_timeout(config.limits.client_disconnect_timeout)
        .max_connections(config.limits.max_connections)
        .listen(listener)?
        // Signals are ours (see `stop_on_signals`): actix's own treat SIGINT as a forced stop
        // and stop the runtime before the background jobs have finished.
        .disable_signals()
        .shutdown_timeout(config.shutdown_timeout.as_secs());
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        let server = server.run();
        // The jobs' statements are counted apart from the requests' (`/metrics`).
        let db = db.counted_apart();
        let (outbox_for_reminders, metrics_for_reminders) = (outbox.clone(), metrics.clone());
        let metrics_for_retention = metrics.clone();
        let metrics_for_exports = metrics.clone();
        let mut jobs = jobs::Jobs::start(
            db.clone(),
            clock.clone(),
            config.session_horizon_days,
            Senders {
                mail: mailer,
                push,
                whatsapp,
            },
            outbox,
            config.outbox.poll_interval,
            config.expiry_interval,
            metrics,
        );
        jobs.start_reminders(
            db.clone(),
            clock.clone(),
            outbox_for_reminders,
            config.reminders,
            metrics_for_reminders,
        );
        jobs.start_retention(
            db.clone(),
            clock.clone(),
            documents_for_retention,
            config.retention,
            metrics_for_retention,
        );
        jobs.start_exports(
            db.clone(),
            clock.clone(),
            export_store,
            config.privacy.clone(),
            metrics_for_exports,
        );
        jobs.start_webhook_delivery(db, clock, webhook_sender, &config.webhooks);
        tracing::info!(port, database = backend.name(), "listening");
        Ok(Application {
            port,
            server,
            jobs,
            shutdown_timeout: config.shutdown_timeout,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (SIGTERM or SIGINT, or `handle().stop(true)`),
    /// then stops the background jobs. A graceful stop closes the listener at once, lets
    /// the requests in flight finish (at most `PASPOR_SHUTDOWN_TIMEOUT_SECS`, after which
    /// they are dropped), then gives the jobs as long again to finish their pass.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let signals = actix_web::rt::spawn(stop_on_signals(self.server.handle()));
        let outcome = self.server.await;
        signals.abort();
        tracing::info!("HTTP server stopped; stopping the background jobs");
        self.jobs.stop(self.shutdown_timeout).await;
        tracing::info!("stopped");
        outcome
    }
}

/// Each HTTP worker's share of `PASPOR_BLOCKING_THREADS`. Database calls run on these
/// threads and each needs one of the pool's connections, so many more threads than
/// connections only wait for one: actix's default (512 in all) let a booking rush spawn
/// 500 threads contending for 10 connections, and the switching between them cost a third
/// of the throughput (measured, docs/PERFORMANCE.md).
fn blocking_threads_per_worker(config: &Config) -> usize {
    let workers = config.workers.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let total = config
        .blocking_threads
        .unwrap_or(config.pool_size as usize + 4);
    total.div_ceil(workers.max(1)).max(1)
}

/// Waits for SIGTERM or SIGINT and starts a graceful stop; a second signal while that is
/// under way ends the process at once (an operator's "now").
async fn stop_on_signals(handle: ServerHandle) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::warn!(
            "signal handlers could not be installed: stop the server through its handle"
        );
        return;
    };
    let name = tokio::select! {
        _ = terminate.recv() => "SIGTERM",
        _ = interrupt.recv() => "SIGINT",
    };
    tracing::info!(
        signal = name,
        "stopping: no new connections; requests in flight finish; signal again to stop at once"
    );
    // The command is sent at once; its completion is `run_until_stopped`'s business.
    drop(handle.stop(true));
    let name = tokio::select! {
        _ = terminate.recv() => "SIGTERM",
        _ = interrupt.recv() => "SIGINT",
    };
    tracing::warn!(signal = name, "second signal: exiting without finishing");
    std::process::exit(1);
}

/// The configured JWT secret, or (development only: configuration refuses its absence in
/// production) a random one that lives as long as the process.
fn jwt_secret(config: &Config) -> Vec<u8> {
    use secrecy::ExposeSecret as _;
    match &config.auth.jwt_secret {
        Some(secret) => secret.expose_secret().as_bytes().to_vec(),
        None => {
            tracing::warn!(
                "PASPOR_JWT_SECRET is not set: using a random secret; tokens and emailed codes \
                 stop working when the process restarts"
            );
            paspor_app::auth::new_refresh_token().into_bytes()
        }
    }
}

/// `/docs` to `/docs/`, where Swagger UI's page and its assets are.
async fn to_swagger_ui() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}
