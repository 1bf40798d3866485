//! The language of an answer that holds text for people: negotiated from the request's
//! `Accept-Language` (Indonesian unless the reader asks for English; a header that names
//! nothing known, or is malformed, is never refused), and announced with `Content-Language`
//! and `Vary: Accept-Language`, so that caches keep the languages apart.
//!
//! Problems are written where the request is no longer at hand (`ResponseError` sees only
//! the error), so the middleware [`answer_language`] keeps the request's language for the
//! task that serves it, as the request id is kept, and [`current_language`] reads it.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpRequest, HttpResponse};
use paspor_app::locale::{Language, negotiate};
use serde::Serialize;

/// The language the caller reads, from `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptLanguage(pub Language);

impl FromRequest for AcceptLanguage {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(AcceptLanguage(asked_for(request.headers()))))
    }
}

/// The language the request's `Accept-Language` headers ask for.
fn asked_for(headers: &HeaderMap) -> Language {
    // Several headers are one list (RFC 9110 §5.3); a value that is not visible ASCII
    // asks for nothing.
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .filter_map(|value| value.to_str().ok())
        .collect();
    let header = (!values.is_empty()).then(|| values.join(","));
    negotiate(header.as_deref())
}

tokio::task_local! {
    static LANGUAGE: Language;
}

/// The language of the request being served on this task (the default outside one).
pub fn current_language() -> Language {
    LANGUAGE
        .try_with(|language| *language)
        .unwrap_or(Language::DEFAULT)
}

/// The middleware (for `actix_web::middleware::from_fn`) that keeps the request's language
/// for everything that answers it, problems above all.
pub async fn answer_language(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    let language = asked_for(request.headers());
    // `call` runs in the scope too: inner middleware such as the rate limit answer from it.
    LANGUAGE
        .scope(language, async move { next.call(request).await })
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// `200` with the JSON `body`, written in `language`.
pub fn json_in<T: Serialize>(language: Language, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, language.tag()))
        .append_header((header::VARY, "Accept-Language"))
        .json(body)
}
