//! A request id on every request: taken from a well-formed `X-Request-Id` header or made
//! anew, put on the response, on every log line of the request (through its span), and in
//! every problem body, so that a client's report can be matched to the log.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

/// The header that carries the request id both ways.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled on this task (empty outside a request).
pub fn current_request_id() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_default()
}

/// A caller's id is kept when it is short and plain, so it cannot forge log lines.
fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The middleware (for `actix_web::middleware::from_fn`).
pub async fn request_id(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| well_formed(id))
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.path(),
    );
    let started = Instant::now();
    // Handler and extractor errors arrive here already rendered as responses (inside the
    // scope, so their problem bodies carry the id); only middleware failures come as `Err`.
    // `call` itself runs inside the scope too: inner middleware such as the rate limit
    // answer synchronously from it.
    let mut response = REQUEST_ID
        .scope(
            id.clone(),
            async move { next.call(request).await }.instrument(span.clone()),
        )
        .await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(X_REQUEST_ID.clone(), value);
    }
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| tracing::info!(status, elapsed_ms, "answered"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::well_formed;

    #[test]
    fn only_plain_short_ids_are_taken_from_callers() {
        assert!(well_formed("0193a1c2-7a3e-7c51-9d2a-5f0e8b7c6d21"));
        assert!(well_formed("trace:abc.123_x"));
        assert!(!well_formed(""));
        assert!(!well_formed("a b"));
        assert!(!well_formed("line\nbreak"));
        assert!(!well_formed(&"x".repeat(129)));
    }

    proptest! {
        /// Whatever a caller sends, the check never panics, and only ids that cannot break
        /// a log line (no spaces, quotes, control characters, at most 128 bytes) are kept.
        #[test]
        fn only_safe_ids_are_kept(id in prop_oneof![any::<String>(), "[ -~\t\r\n]{0,140}"]) {
            if well_formed(&id) {
                prop_assert!(id.len() <= 128 && !id.is_empty());
                prop_assert!(id.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'));
            }
        }

        #[test]
        fn plain_ids_are_kept(id in "[A-Za-z0-9._:-]{1,128}") {
            prop_assert!(well_formed(&id));
        }
    }
}
