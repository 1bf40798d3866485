//! Request parsing that answers problems: query strings that name the offending field, and
//! JSON bodies for handlers that need the raw bytes too.
//!
//! actix-web's `web::Query` reports "invalid digit found in string" without saying which
//! parameter; going through `serde_path_to_error` gives the field for the problem's
//! `errors` list.
//!
//! Every JSON body goes through [`parse_json`]: directly, for handlers that take
//! `Idempotency-Key` and read the body as `web::Bytes` (its fingerprint is over the exact
//! bytes), or through the [`Json`] extractor, which the other handlers take instead of
//! `web::Json`. Either way the body is refused as `web::Json` would refuse it, with the same
//! problems, and a string holding a control character is refused naming its field
//! (`paspor_app::text_input`) before any handler sees it. The size limit is `web::Bytes`'s own
//! (`PayloadConfig`).

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, mime, web};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::problem::ProblemKind;
use paspor_app::locale::{Message, Text};
use paspor_app::parse_reason::{json_syntax, serde_reason};
use paspor_app::text_input;

/// A JSON request body, read and refused as [`parse_json`] does. Use it instead of
/// `web::Json`, whose text is not checked.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // The media type first, as `web::Json` does: a body of another type is not read.
        if let Err(error) = require_json(request) {
            return Box::pin(ready(Err(error.into())));
        }
        let request = request.clone();
        let body = web::Bytes::from_request(&request, payload);
        Box::pin(async move {
            let body = body.await?;
            Ok(Json(parse_json(&request, &body)?))
        })
    }
}

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
        let reason = serde_reason(&message);
        match field {
            Some(field) => ApiError::invalid_field(field, reason),
            None => ApiError::new(ProblemKind::Validation, reason),
        }
    })
}

/// The JSON `body` of `request` as a `T`: 415 unless the content type is JSON (as
/// `web::Json` requires), 400 when the body is not JSON of that shape (with the same
/// problem details as the server's `JsonConfig` gives) or a string in it holds a control
/// character (naming its field).
pub fn parse_json<T: DeserializeOwned>(request: &HttpRequest, body: &[u8]) -> Result<T, ApiError> {
    require_json(request)?;
    parse_json_body(body)
}

/// A JSON body as a `T`: its text checked first, so that a control character is named
/// where it is rather than read into a field.
fn parse_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    text_input::check_json(body)?;
    serde_json::from_slice(body)
        .map_err(|error| json_problem(&JsonPayloadError::Deserialize(error)))
}

/// 415 unless the request says its body is JSON (`application/json` or `…+json`).
fn require_json(request: &HttpRequest) -> Result<(), ApiError> {
    let is_json = request
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|mime| mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON));
    if !is_json {
        return Err(json_problem(&JsonPayloadError::ContentType));
    }
    Ok(())
}

/// The problem of a JSON body that could not be read as its operation's type (for
/// `parse_json` and the server's `JsonConfig` alike), in the reader's language.
pub fn json_problem(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::ContentType => ApiError::new(
            ProblemKind::UnsupportedMediaType,
            Message::new("problem-json-content-type"),
        ),
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::new(
            ProblemKind::PayloadTooLarge,
            Message::new("problem-body-too-large").with("limit", *limit),
        ),
        JsonPayloadError::Deserialize(error) | JsonPayloadError::Serialize(error)
            if error.is_syntax() || error.is_eof() =>
        {
            // serde_json reports a body nested too deep as a syntax error.
            let reason = if error.to_string().starts_with("recursion limit exceeded") {
                Message::new("parse-json-too-deep").into()
            } else {
                json_syntax(error.line(), error.column())
            };
            ApiError::new(
                ProblemKind::MalformedBody,
                Message::new("problem-json-unreadable").with("reason", reason),
            )
        }
        JsonPayloadError::Deserialize(error) | JsonPayloadError::Serialize(error) => ApiError::new(
            ProblemKind::MalformedBody,
            Message::new("problem-json-shape").with("reason", serde_reason(&error.to_string())),
        ),
        other => ApiError::new(
            ProblemKind::MalformedBody,
            Message::new("problem-json-unreadable")
                .with("reason", Text::Verbatim(other.to_string())),
        ),
    }
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

    mod properties {
        //! Dates and other parameters arrive as text from anyone: parsing never panics,
        //! whatever the bytes; a date is taken exactly when chrono reads it as one, after
        //! percent-decoding; every real date round-trips through its `YYYY-MM-DD` form.

        use actix_web::ResponseError as _;
        use actix_web::http::StatusCode;
        use actix_web::http::header::CONTENT_TYPE;
        use chrono::{Datelike as _, NaiveDate};
        use paspor_openapi::ValidityQuery;
        use proptest::prelude::*;
        use serde_json::Value;

        use super::super::{parse_json, parse_query};

        fn encoded(text: &str) -> String {
            form_urlencoded::byte_serialize(text.as_bytes()).collect()
        }

        fn real_date() -> impl Strategy<Value = NaiveDate> {
            (-100_000i64..100_000).prop_map(|days| {
                NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() + chrono::TimeDelta::days(days)
            })
        }

        fn json_request() -> actix_web::HttpRequest {
            actix_web::test::TestRequest::default()
                .insert_header((CONTENT_TYPE, "application/json"))
                .to_http_request()
        }

        #[derive(Debug, serde::Deserialize)]
        struct Dated {
            date: NaiveDate,
        }

        proptest! {
            #[test]
            fn arbitrary_query_strings_never_panic(query in any::<String>()) {
                let _ = parse_query::<ValidityQuery>(&query);
            }

            #[test]
            fn query_shaped_garbage_is_refused_or_read_as_chrono_reads_it(
                pairs in proptest::collection::vec(
                    ("(birth_date|issue_date|married|x)", "[ -~]{0,14}"),
                    0..4,
                ),
            ) {
                let query = pairs
                    .iter()
                    .map(|(name, value)| format!("{name}={}", encoded(value)))
                    .collect::<Vec<_>>()
                    .join("&");
                if let Ok(read) = parse_query::<ValidityQuery>(&query) {
                    let (_, birth) = pairs.iter().rev().find(|(name, _)| name == "birth_date").unwrap();
                    prop_assert_eq!(Ok(read.birth_date), birth.parse::<NaiveDate>());
                }
            }

            #[test]
            fn a_date_parameter_is_what_chrono_reads(text in any::<String>()) {
                let read = parse_query::<ValidityQuery>(&format!("birth_date={}", encoded(&text)));
                match text.parse::<NaiveDate>() {
                    Ok(date) => prop_assert_eq!(read.map(|q| q.birth_date).ok(), Some(date)),
                    Err(_) => {
                        let problem = read.unwrap_err().to_string();
                        prop_assert!(problem.starts_with("`birth_date`"), "{}", problem);
                    }
                }
            }

            #[test]
            fn real_dates_round_trip(date in real_date()) {
                let text = date.format("%Y-%m-%d").to_string();
                let read = parse_query::<ValidityQuery>(&format!("birth_date={text}&issue_date={text}"))
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(read.birth_date, date);
                prop_assert_eq!(read.issue_date, Some(date));
                let body = format!(r#"{{"date":"{text}"}}"#);
                let dated: Dated = parse_json(&json_request(), body.as_bytes())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(dated.date, date);
            }

            #[test]
            fn days_past_the_month_are_refused(
                year in 1900i32..2200,
                month in 1u32..=12,
                extra in 1u32..=3,
            ) {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }
                .unwrap();
                let last = next.pred_opt().unwrap().day();
                let text = format!("{year:04}-{month:02}-{:02}", last + extra);
                let query = format!("birth_date={text}");
                prop_assert!(parse_query::<ValidityQuery>(&query).is_err());
                let body = format!(r#"{{"date":"{text}"}}"#);
                prop_assert!(parse_json::<Dated>(&json_request(), body.as_bytes()).is_err());
            }

            #[test]
            fn arbitrary_json_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
                let _ = parse_json::<Dated>(&json_request(), &body);
                let _ = parse_json::<Value>(&json_request(), &body);
            }
        }

        #[test]
        fn deep_nesting_is_refused_without_exhausting_the_stack() {
            for open in ["[", "{\"a\":"] {
                let body = open.repeat(100_000);
                let error = parse_json::<Value>(&json_request(), body.as_bytes()).unwrap_err();
                assert_eq!(error.status_code(), StatusCode::BAD_REQUEST, "{error}");
                assert!(error.to_string().contains("recursion limit"), "{error}");
            }
            // serde_json's limit is 128 levels: real bodies are a handful deep.
            let fine = format!("{}{}", "[".repeat(127), "]".repeat(127));
            assert!(parse_json::<Value>(&json_request(), fine.as_bytes()).is_ok());
        }

        #[test]
        fn invalid_utf8_in_a_body_is_malformed_not_a_failure() {
            let error =
                parse_json::<Dated>(&json_request(), b"{\"date\":\"\xff\xfe\"}").unwrap_err();
            assert_eq!(error.status_code(), StatusCode::BAD_REQUEST, "{error}");
        }
    }
}
