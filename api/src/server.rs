//! Building and running the HTTP server: migrations, pool, seed, routes, middleware,
//! background jobs. `Application::build` binds (port 0 for tests) and reports the port.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use paspor_persistence::{PoolSettings, connect_pool, run_migrations};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::{CheckInKey, CodeKey, PasswordHasher, TokenKeys, sign_in_limiter};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::documents::DocumentStore;
use crate::error::ApiError;
use crate::json_body::{JsonBodies, require_json_objects};
use crate::mail::ConfiguredMailer;
use crate::openapi_doc::openapi_document;
use crate::outbox::{Outbox, Senders};
use crate::problem::{ProblemKind, ensure_problem, no_route};
use crate::push::LogPushSender;
use crate::request_id::request_id;
use crate::routes::{self, RouteTable};
use crate::state::AppState;
use crate::{jobs, startup};

/// The largest request body any route of this version accepts.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// A built server, bound and ready to run.
pub struct Application {
    port: u16,
    server: Server,
    jobs: jobs::Jobs,
}

impl Application {
    /// Migrates the database, prepares its data, and binds the listener.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let url = config.database_url.clone();
        let report = tokio::task::spawn_blocking(move || run_migrations(&url)).await??;
        tracing::info!(
            applied = report.applied.len(),
            known = report.known,
            "migrations checked"
        );

        let settings = PoolSettings {
            max_size: config.pool_size,
            ..PoolSettings::default()
        };
        let url = config.database_url.clone();
        let (pool, backend) =
            tokio::task::spawn_blocking(move || connect_pool(&url, settings)).await??;
        let db = Db::new(pool, backend);

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
        // No push service is configured yet: notices are logged and count as delivered.
        tracing::info!(to = "log", "push delivery");
        let outbox = Outbox::new();
        let secret = jwt_secret(&config);
        let hashing_slots = config.auth.hashing_slots.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
        });
        let passwords =
            tokio::task::spawn_blocking(move || PasswordHasher::new(hashing_slots)).await??;
        let state = AppState {
            db: db.clone(),
            documents: DocumentStore::new(config.storage_dir.clone()),
            clock: clock.clone(),
            outbox: outbox.clone(),
            tokens: TokenKeys::new(&secret),
            passwords,
            codes: CodeKey::derive(&secret),
            check_in: CheckInKey::derive(&secret),
            payment_secret: config.payments.webhook_secret.clone(),
        };
        let limiter = sign_in_limiter(config.auth.rate_per_minute);
        let doc = openapi_document();
        let route_table = web::Data::new(RouteTable::from_doc(&doc));
        let json_bodies = web::Data::new(JsonBodies::from_doc(&doc));
        let swagger_ui = config.swagger_ui;
        let development = config.environment == crate::config::Environment::Development;
        let listener = TcpListener::bind(config.listen)?;
        let port = listener.local_addr()?.port();
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
                .app_data(json_bodies.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(
                    web::JsonConfig::default()
                        .limit(MAX_BODY_BYTES)
                        .error_handler(|error, _| {
                            let kind = match &error {
                                actix_web::error::JsonPayloadError::ContentType => {
                                    ProblemKind::UnsupportedMediaType
                                }
                                actix_web::error::JsonPayloadError::OverflowKnownLength {
                                    ..
                                }
                                | actix_web::error::JsonPayloadError::Overflow { .. } => {
                                    ProblemKind::PayloadTooLarge
                                }
                                _ => ProblemKind::MalformedBody,
                            };
                            ApiError::new(kind, error.to_string()).into()
                        }),
                )
                .app_data(web::PathConfig::default().error_handler(|error, _| {
                    ApiError::new(ProblemKind::Validation, error.to_string()).into()
                }))
                .into_utoipa_app()
                .configure(routes::configure(limiter.clone()))
                .into_app()
                .default_service(web::to(no_route));

            let app = if swagger_ui {
                app.service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc.clone()))
            } else {
                let raw = doc.clone();
                app.route(
                    "/openapi.json",
                    web::get().to(move || {
                        let raw = raw.clone();
                        async move { web::Json(raw) }
                    }),
                )
            };
            app.wrap(from_fn(require_json_objects))
                .wrap(ErrorHandlers::new().default_handler(ensure_problem))
                .wrap(from_fn(request_id))
        })
        .listen(listener)?
        .shutdown_timeout(30);
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        let server = server.run();
        let jobs = jobs::Jobs::start(
            db,
            clock,
            config.session_horizon_days,
            Senders {
                mail: mailer,
                push: LogPushSender,
            },
            outbox,
            config.outbox.poll_interval,
            config.expiry_interval,
        );
        tracing::info!(port, database = backend.name(), "listening");
        Ok(Application { port, server, jobs })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (SIGINT/SIGTERM, or through its handle), then
    /// stops the background jobs.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let outcome = self.server.await;
        self.jobs.stop(Duration::from_secs(5)).await;
        outcome
    }
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
            crate::auth::new_refresh_token().into_bytes()
        }
    }
}
