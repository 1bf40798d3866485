//! Security headers on every response, and CORS for the browser origins an operator allows.
//!
//! The API answers JSON to apps, not pages to browsers, so its content policy forbids
//! everything (`default-src 'none'`): a response that a browser is tricked into rendering
//! can run nothing and be framed nowhere. Swagger UI is a page and gets a policy of its own
//! that lets it load its own scripts and styles. Answers to authenticated requests are not
//! stored by caches unless the route chose its own caching (ETag revalidation); answers
//! that hold a secret are never stored, authenticated or not ([`no_store`]).

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};

use crate::request_id::X_REQUEST_ID;

/// The content policy of API answers: nothing may load, nothing may frame them.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The content policy of Swagger UI: its own scripts, styles (it sets inline styles) and
/// images (some are `data:` URIs), and the document it fetches; still never framed.
pub const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' \
     'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

/// HSTS for production, where the service is reached over HTTPS only (a year, as browsers'
/// preload lists expect).
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// What the headers depend on, shared with the middleware through `app_data`.
#[derive(Debug, Clone, Copy)]
pub struct HeaderPolicy {
    /// Send `Strict-Transport-Security` (production).
    pub hsts: bool,
}

/// The middleware (for `actix_web::middleware::from_fn`). A header a route set itself is
/// left alone.
pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let policy = request
        .app_data::<web::Data<HeaderPolicy>>()
        .map_or(HeaderPolicy { hsts: false }, |policy| *policy.get_ref());
    let authenticated = request.headers().contains_key(header::AUTHORIZATION);
    let docs = request.path() == "/docs" || request.path().starts_with("/docs/");
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    set_default(headers, header::REFERRER_POLICY, "no-referrer");
    set_default(
        headers,
        header::CONTENT_SECURITY_POLICY,
        if docs { DOCS_CSP } else { API_CSP },
    );
    if policy.hsts {
        set_default(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    // A shared cache must never keep one account's answer for another.
    if authenticated {
        set_default(headers, header::CACHE_CONTROL, "no-store");
    }
    Ok(response)
}

/// What every answer holding a secret (an access or refresh token, a client or signing
/// secret, a check-in code) gets: `Cache-Control: no-store`, so that no cache (a proxy's, a
/// browser's, an HTTP library's) keeps it, whether the request carried a token or not (a
/// sign-in does not).
pub fn no_store(mut response: HttpResponse) -> HttpResponse {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// CORS for `origins` (exact `scheme://host[:port]` values, checked by the configuration).
/// Preflights from other origins are refused; their plain requests are served without CORS
/// headers, so that browsers keep their answers from the calling page. Credentials (cookies)
/// are not allowed: the API authenticates with bearer tokens.
pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_NONE_MATCH,
            header::IF_MATCH,
            HeaderName::from_static("idempotency-key"),
            X_REQUEST_ID.clone(),
        ])
        .expose_headers([
            X_REQUEST_ID.clone(),
            header::LOCATION,
            header::ETAG,
            header::RETRY_AFTER,
            header::ALLOW,
            HeaderName::from_static("idempotency-replayed"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
