//! Request parsing that answers problems: query strings that name the offending field, and
//! JSON bodies for handlers that need the raw bytes too.
//!
//! actix-web's `web::Query` reports "invalid digit found in string" without saying which
//! parameter; going through `serde_path_to_error` gives the field for the problem's
//! `errors` list.
//!
//! Handlers that take `Idempotency-Key` read the body as `web::Bytes` (its fingerprint is
//! over the exact bytes) and parse it with [`parse_json`], which refuses what `web::Json`
//! refuses with the same problems. The size limit is `web::Bytes`'s own (`PayloadConfig`).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, mime};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::problem::ProblemKind;

/// Typed query parameters; a parameter that does not parse is a 400 problem naming it.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(request.query_string()).map(QueryParams))
    }
}

fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let path = error.path().to_string();
        let field = if path == "." {
            field_named_in(&message)
        } else {
            Some(path)
        };
        match field {
            Some(field) => ApiError::invalid_field(field, message),
            None => ApiError::new(ProblemKind::Validation, message),
        }
    })
}

/// The JSON `body` of `request` as a `T`: 415 unless the content type is JSON (as
/// `web::Json` requires), 400 when the body is not JSON of that shape; with the same
/// problem details as the server's `JsonConfig` gives.
pub fn parse_json<T: DeserializeOwned>(request: &HttpRequest, body: &[u8]) -> Result<T, ApiError> {
    let is_json = request
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|mime| mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON));
    if !is_json {
        return Err(ApiError::new(
            ProblemKind::UnsupportedMediaType,
            JsonPayloadError::ContentType.to_string(),
        ));
    }
    serde_json::from_slice(body).map_err(|error| {
        ApiError::new(
            ProblemKind::MalformedBody,
            JsonPayloadError::Deserialize(error).to_string(),
        )
    })
}

/// serde reports a missing field at the root, naming it in back-quotes.
fn field_named_in(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Range {
        #[expect(dead_code, reason = "only parsing is tested")]
        from: chrono::NaiveDate,
        #[expect(dead_code, reason = "only parsing is tested")]
        count: Option<u32>,
    }

    fn problem(query: &str) -> String {
        let error = parse_query::<Range>(query).unwrap_err();
        format!("{error}")
    }

    #[test]
    fn the_bad_parameter_is_named() {
        assert!(
            problem("from=2026-13-01").starts_with("`from`"),
            "{}",
            problem("from=2026-13-01")
        );
        assert!(problem("from=2026-12-01&count=x").starts_with("`count`"));
        assert!(problem("count=1").starts_with("`from`"));
        assert!(parse_query::<Range>("from=2026-12-01&other=1").is_ok());
    }
}
