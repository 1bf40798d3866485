//! Logging: readable lines in development, one JSON object per line in production (for a
//! log pipeline); `RUST_LOG` filters. Every line logged while a request is handled carries
//! its request id, through the request's span (see `crate::request_id`): in JSON as
//! `span.request_id` (and in `spans`), in development as `request{request_id=...}`.
//!
//! A client's malformed request is the client's fault, not the server's: actix-http
//! reports one it cannot parse (an invalid header, a head too large) or that never
//! completes as an ERROR (`stream error: request parse error: invalid Header provided`),
//! which would page whoever watches errors for something a stranger sent. Such events are
//! written as WARN with `fault=client` instead ([`ClientFaults`]).

use std::fmt;

use tracing::callsite::Callsite;
use tracing::field::{Field, Visit};
use tracing::metadata::Kind;
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::registry::LookupSpan;

use paspor_app::config::Environment;

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
                .map_event_format(ClientFaults)
                .finish(),
        ),
        Environment::Development => Box::new(
            builder
                .with_target(false)
                .with_ansi(ansi)
                .map_event_format(ClientFaults)
                .finish(),
        ),
    }
}

/// An event formatter that writes actix-http's reports of clients' malformed requests as
/// warnings of the client's fault, and every other event as the formatter it wraps does.
#[derive(Debug, Clone)]
pub struct ClientFaults<F>(pub F);

impl<S, N, F> FormatEvent<S, N> for ClientFaults<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let Some(what) = client_fault(event) else {
            return self.0.format_event(ctx, writer, event);
        };
        let fields = CLIENT_FAULT.fields();
        let (Some(message), Some(fault)) = (fields.field("message"), fields.field("fault")) else {
            return self.0.format_event(ctx, writer, event);
        };
        let text = format!("a client sent a malformed request: {what}");
        let values: [(&Field, Option<&dyn tracing::Value>); 2] =
            [(&message, Some(&text)), (&fault, Some(&"client"))];
        let values = fields.value_set(&values);
        self.0
            .format_event(ctx, writer, &Event::new(&CLIENT_FAULT, &values))
    }
}

/// What the client did wrong, if `event` is actix-http reporting a request it refused
/// because of the client: one it could not parse, or one whose head never completed.
fn client_fault(event: &Event<'_>) -> Option<String> {
    let metadata = event.metadata();
    if *metadata.level() != Level::ERROR || !metadata.target().starts_with("actix_http::") {
        return None;
    }
    let mut message = MessageText(None);
    event.record(&mut message);
    let what = message.0?.strip_prefix("stream error: ")?.to_owned();
    let clients = [
        "request parse error",
        "request did not complete within the specified timeout",
    ];
    clients
        .iter()
        .any(|prefix| what.starts_with(prefix))
        .then_some(what)
}

/// The `message` of an event, as text.
struct MessageText(Option<String>);

impl Visit for MessageText {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// Where the re-levelled events come from, for their static metadata. Never registered:
/// these events are only formatted, never dispatched.
struct ClientFaultCallsite;

static CLIENT_FAULT_CALLSITE: ClientFaultCallsite = ClientFaultCallsite;

static CLIENT_FAULT: Metadata<'static> = tracing_core::metadata! {
    name: "client fault",
    target: "actix_http::h1::dispatcher",
    level: Level::WARN,
    fields: &["message", "fault"],
    callsite: &CLIENT_FAULT_CALLSITE,
    kind: Kind::EVENT,
};

impl Callsite for ClientFaultCallsite {
    fn set_interest(&self, _: Interest) {}

    fn metadata(&self) -> &Metadata<'_> {
        &CLIENT_FAULT
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

    /// Serves one connection with actix-http's HTTP/1 dispatcher on this thread (so that the
    /// test's subscriber sees what it logs), sends `head` on it, and returns the answer and
    /// what was logged.
    async fn log_of_one_connection(
        environment: Environment,
        head: &'static [u8],
    ) -> (String, String) {
        use actix_web::dev::{Service as _, ServiceFactory as _, fn_service};
        use std::io::{Read as _, Write as _};

        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = subscriber(environment, EnvFilter::new("info"), false, move || {
            writer.clone()
        });
        let _guard = tracing::subscriber::set_default(subscriber);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            stream.write_all(head).unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            String::from_utf8_lossy(&answer).into_owned()
        });
        let (stream, _) = listener.accept().await.unwrap();
        let factory = actix_http::HttpService::build()
            .h1(fn_service(|_: actix_http::Request| async {
                Ok::<_, std::convert::Infallible>(actix_http::Response::ok())
            }))
            .tcp();
        let service = factory.new_service(()).await.unwrap();
        let _ = service.call(stream).await;
        (client.join().unwrap(), captured.text())
    }

    #[actix_web::test]
    async fn a_clients_malformed_request_is_a_warning_of_the_clients_fault() {
        let (answer, log) = log_of_one_connection(
            Environment::Production,
            b"GET /v1/offices HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\x00b\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        let lines: Vec<Value> = log
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();
        let reports: Vec<&Value> = lines
            .iter()
            .filter(|line| {
                line["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("invalid Header provided"))
            })
            .collect();
        assert_eq!(reports.len(), 1, "{log}");
        assert_eq!(reports[0]["level"], "WARN", "{log}");
        assert_eq!(reports[0]["fault"], "client", "{log}");
        assert_eq!(
            reports[0]["message"],
            "a client sent a malformed request: request parse error: invalid Header provided"
        );
        assert!(!log.contains("\"ERROR\""), "{log}");

        let (_, log) = log_of_one_connection(
            Environment::Development,
            b"GET /v1/offices HTTP/1.1\r\nHost: x\r\nX: \x01\r\n\r\n",
        )
        .await;
        assert!(
            log.contains("WARN") && log.contains("fault=\"client\"") && !log.contains("ERROR"),
            "{log}"
        );
    }

    #[actix_web::test]
    async fn other_errors_keep_their_level() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = subscriber(
            Environment::Production,
            EnvFilter::new("info"),
            false,
            move || writer.clone(),
        );
        let _guard = tracing::subscriber::set_default(subscriber);
        tracing::error!(target: "actix_http::h1::dispatcher", "stream error: {}", "I/O error: broken pipe");
        tracing::error!(target: "paspor_api::db", "stream error: request parse error: not actix's");
        let log = captured.text();
        assert_eq!(log.matches("\"ERROR\"").count(), 2, "{log}");
        assert!(!log.contains("fault"), "{log}");
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
