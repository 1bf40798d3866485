//! The language of an answer that holds text for people: negotiated from the request's
//! `Accept-Language` (Indonesian unless the reader asks for English; a header that names
//! nothing known, or is malformed, is never refused), and announced with `Content-Language`
//! and `Vary: Accept-Language`, so that caches keep the languages apart.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use paspor_app::locale::{Language, negotiate};
use serde::Serialize;

/// The language the caller reads, from `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptLanguage(pub Language);

impl FromRequest for AcceptLanguage {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Several headers are one list (RFC 9110 §5.3); a value that is not visible ASCII
        // asks for nothing.
        let values: Vec<&str> = request
            .headers()
            .get_all(header::ACCEPT_LANGUAGE)
            .filter_map(|value| value.to_str().ok())
            .collect();
        let header = (!values.is_empty()).then(|| values.join(","));
        ready(Ok(AcceptLanguage(negotiate(header.as_deref()))))
    }
}

/// `200` with the JSON `body`, written in `language`.
pub fn json_in<T: Serialize>(language: Language, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, language.tag()))
        .append_header((header::VARY, "Accept-Language"))
        .json(body)
}
