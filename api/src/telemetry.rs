//! Logging: readable lines in development, one JSON object per line in production (for a
//! log pipeline); `RUST_LOG` filters. Every line logged while a request is handled carries
//! its request id, through the request's span (see `crate::request_id`): in JSON as
//! `span.request_id` (and in `spans`), in development as `request{request_id=...}`.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::Environment;

/// Installs the global subscriber, writing to standard error, once; later calls do nothing.
pub fn init(environment: Environment) {
    use std::io::IsTerminal as _;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only for a person at a terminal, not in a file or a container's log.
    let ansi = std::io::stderr().is_terminal();
    let _ = tracing::subscriber::set_global_default(subscriber(
        environment,
        filter,
        ansi,
        std::io::stderr,
    ));
}

/// The subscriber of `environment`, writing to `writer` (with colours if `ansi`).
pub fn subscriber<W>(
    environment: Environment,
    filter: EnvFilter,
    ansi: bool,
    writer: W,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match environment {
        Environment::Production => Box::new(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(true)
                .finish(),
        ),
        Environment::Development => Box::new(builder.with_target(false).with_ansi(ansi).finish()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};
    use serde_json::Value;

    use super::*;
    use crate::request_id::request_id;

    /// Captured log output.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    async fn handler() -> HttpResponse {
        tracing::info!(step = 1, "working");
        tracing::warn!("something odd");
        HttpResponse::Ok().finish()
    }

    /// Sends one request with `id` through the request-id middleware under a subscriber of
    /// `environment`, and returns what was logged.
    async fn log_of_one_request(environment: Environment, id: &str) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = subscriber(environment, EnvFilter::new("info"), false, move || {
            writer.clone()
        });
        // The actix test runtime is one thread: a thread-local subscriber sees everything.
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .route("/work", web::get().to(handler))
                .wrap(from_fn(request_id)),
        )
        .await;
        let request = test::TestRequest::get()
            .uri("/work")
            .insert_header(("x-request-id", id))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.headers().get("x-request-id").unwrap(), id);
        captured.text()
    }

    #[actix_web::test]
    async fn in_production_every_line_of_a_request_is_json_with_its_id() {
        let log = log_of_one_request(Environment::Production, "drill-42").await;
        let lines: Vec<Value> = log
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();
        assert_eq!(
            lines.len(),
            3,
            "two from the handler, one `answered`: {log}"
        );
        for line in &lines {
            assert_eq!(line["span"]["request_id"], "drill-42", "{line}");
            assert_eq!(line["spans"][0]["request_id"], "drill-42", "{line}");
            assert!(line["level"].is_string() && line["timestamp"].is_string());
        }
        assert_eq!(lines[0]["message"], "working");
        assert_eq!(lines[0]["step"], 1);
        assert_eq!(lines[2]["message"], "answered");
        assert_eq!(lines[2]["status"], 200);
    }

    #[actix_web::test]
    async fn in_development_every_line_of_a_request_names_its_id() {
        let log = log_of_one_request(Environment::Development, "drill-43").await;
        assert_eq!(log.lines().count(), 3, "{log}");
        for line in log.lines() {
            assert!(line.contains("request_id=drill-43"), "{line}");
            assert!(!line.starts_with('{'), "readable, not JSON: {line}");
        }
    }
}
