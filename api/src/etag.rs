//! Entity tags for answers that clients poll: a hash of the body itself, so that a 304
//! is given exactly when nothing the client would see has changed (status, quote or
//! history alike), with no version bookkeeping to forget.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use paspor_app::entity_tag::strong_tag;

use crate::error::ApiError;

/// `200` with the JSON body and its `ETag`, or `304` when the request's `If-None-Match`
/// names that tag already. The answer is private to the caller and revalidated before
/// each use.
pub fn json_with_etag<T: Serialize>(
    request: &HttpRequest,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let tag = strong_tag(&bytes);
    Ok(json_or_not_modified(
        request,
        &tag,
        Bytes::from(bytes),
        HeaderValue::from_static("private, no-cache"),
    ))
}

/// `200` with the JSON `body`, or `304` when the request's `If-None-Match` names `tag`;
/// both carry the tag and `cache_control`.
pub fn json_or_not_modified(
    request: &HttpRequest,
    tag: &str,
    body: Bytes,
    cache_control: HeaderValue,
) -> HttpResponse {
    let cached = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| matches(value, tag));
    let mut response = if cached {
        HttpResponse::NotModified().finish()
    } else {
        HttpResponse::Ok()
            .content_type("application/json")
            .body(body)
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, cache_control);
    response
}

/// Whether an `If-None-Match` value (a list of tags, weak or strong, or `*`) names `tag`.
pub(crate) fn matches(if_none_match: &str, tag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
    })
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn if_none_match_lists_weak_and_star_are_understood() {
        let tag = "\"abc\"";
        assert!(matches("\"abc\"", tag));
        assert!(matches("W/\"abc\"", tag));
        assert!(matches("\"x\", \"abc\"", tag));
        assert!(matches("*", tag));
        assert!(!matches("\"abd\"", tag));
        assert!(!matches("abc", tag));
    }
}
