//! Problem bodies (RFC 9457) for every error the server answers, including the ones
//! actix-web produces itself: bad JSON, bad query strings, oversized bodies, unknown
//! routes and wrong methods. Each is written in the request's language (see
//! [`crate::language`]): the title and detail are messages of `app/locales/*/problems.ftl`,
//! the type, status and field names stay the same in every language.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, web};
use paspor_app::FieldReason;
use paspor_app::locale::{Language, Message, Text};
use paspor_openapi::{FieldError, PROBLEM_CONTENT_TYPE, Problem};

use crate::language::current_language;
use crate::request_id::current_request_id;
use crate::route_table::RouteTable;

/// The kinds of problem this service answers with. Each has a stable type URI
/// (`urn:paspor:problem:<slug>`), a title and a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// 400: a parameter or field is invalid.
    Validation,
    /// 400: the body is not valid JSON of the expected shape.
    MalformedBody,
    /// 401: no valid credentials: a missing, malformed, expired or foreign token, or a
    /// wrong email or password.
    Unauthorized,
    /// 403: the caller is known but may not do this.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 405: the resource exists but not with this method.
    MethodNotAllowed,
    /// 413: the body is larger than this route accepts.
    PayloadTooLarge,
    /// 415: the body's media type is not accepted.
    UnsupportedMediaType,
    /// 409: the request conflicts with the resource's current state.
    Conflict,
    /// 422: well-formed, but a business rule refuses it.
    Unprocessable,
    /// 428: the request needs a proof of work it did not carry (see `booking_proof`).
    ProofRequired,
    /// 412: a conditional change (`If-Match`) names a version that is no longer current.
    PreconditionFailed,
    /// 428: a change that must be conditional came without `If-Match`.
    PreconditionRequired,
    /// 429: too many requests from this client or for this account; see `Retry-After`.
    TooManyRequests,
    /// 500: unexpected failure.
    Internal,
    /// 503: a dependency (the database, the document store) is unreachable.
    Unavailable,
    /// 507: the document store is full.
    InsufficientStorage,
    /// Any other status actix-web produced on its own.
    Other(StatusCode),
}

impl ProblemKind {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::Validation | ProblemKind::MalformedBody => StatusCode::BAD_REQUEST,
            ProblemKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ProblemKind::Forbidden => StatusCode::FORBIDDEN,
            ProblemKind::NotFound => StatusCode::NOT_FOUND,
            ProblemKind::Conflict => StatusCode::CONFLICT,
            ProblemKind::ProofRequired | ProblemKind::PreconditionRequired => {
                StatusCode::PRECONDITION_REQUIRED
            }
            ProblemKind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ProblemKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ProblemKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ProblemKind::InsufficientStorage => StatusCode::INSUFFICIENT_STORAGE,
            ProblemKind::Other(status) => status,
        }
    }

    /// The last part of the type URI.
    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::Validation => "validation",
            ProblemKind::MalformedBody => "malformed-body",
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::NotFound => "not-found",
            ProblemKind::Conflict => "conflict",
            ProblemKind::ProofRequired => "proof-required",
            ProblemKind::PreconditionFailed => "precondition-failed",
            ProblemKind::PreconditionRequired => "precondition-required",
            ProblemKind::TooManyRequests => "too-many-requests",
            ProblemKind::MethodNotAllowed => "method-not-allowed",
            ProblemKind::PayloadTooLarge => "payload-too-large",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::Unprocessable => "unprocessable",
            ProblemKind::Internal => "internal",
            ProblemKind::Unavailable => "unavailable",
            ProblemKind::InsufficientStorage => "insufficient-storage",
            ProblemKind::Other(_) => "http",
        }
    }

    /// The short human summary, in `language`.
    pub fn title(self, language: Language) -> String {
        let message = match self {
            ProblemKind::Other(status) => {
                Message::new("problem-title-http").with("status", status.as_u16())
            }
            kind => Message::new(format!("problem-title-{}", kind.slug())),
        };
        message.render(language)
    }

    /// What a problem of this kind says when nothing more precise is known (actix-web's
    /// own refusals, whose words are English).
    pub fn general_detail(self) -> Text {
        match self {
            ProblemKind::Other(status) => {
                Message::new("problem-title-http").with("status", status.as_u16())
            }
            kind => Message::new(format!("problem-detail-{}", kind.slug())),
        }
        .into()
    }
}

/// The problem answer of `kind`, carrying the current request's id, written in the
/// current request's language.
pub fn problem_response(kind: ProblemKind, detail: &Text, errors: &[FieldReason]) -> HttpResponse {
    problem_in(current_language(), kind, detail, errors)
}

/// The problem answer of `kind` written in `language`.
pub fn problem_in(
    language: Language,
    kind: ProblemKind,
    detail: &Text,
    errors: &[FieldReason],
) -> HttpResponse {
    let errors: Vec<FieldError> = errors
        .iter()
        .map(|error| FieldError {
            field: error.field.clone(),
            message: error.reason.render(language),
        })
        .collect();
    let problem = Problem {
        problem_type: format!("urn:paspor:problem:{}", kind.slug()),
        title: kind.title(language),
        status: kind.status().as_u16(),
        detail: detail.render(language),
        request_id: current_request_id(),
        errors: (!errors.is_empty()).then_some(errors),
    };
    HttpResponse::build(kind.status())
        .insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_LANGUAGE, language.tag()))
        .insert_header((header::VARY, "Accept-Language"))
        .body(serde_json::to_vec(&problem).unwrap_or_default())
}

/// Last line of defence: any 4xx or 5xx answer that is not already a problem (actix-web's
/// own plain-text errors) is replaced by one of the same status.
pub fn ensure_problem<B>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            value
                .as_bytes()
                .starts_with(PROBLEM_CONTENT_TYPE.as_bytes())
        });
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let kind = match status {
        StatusCode::UNAUTHORIZED => ProblemKind::Unauthorized,
        StatusCode::FORBIDDEN => ProblemKind::Forbidden,
        StatusCode::NOT_FOUND => ProblemKind::NotFound,
        StatusCode::CONFLICT => ProblemKind::Conflict,
        StatusCode::TOO_MANY_REQUESTS => ProblemKind::TooManyRequests,
        StatusCode::METHOD_NOT_ALLOWED => ProblemKind::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ProblemKind::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemKind::UnsupportedMediaType,
        StatusCode::INTERNAL_SERVER_ERROR => ProblemKind::Internal,
        StatusCode::SERVICE_UNAVAILABLE => ProblemKind::Unavailable,
        StatusCode::INSUFFICIENT_STORAGE => ProblemKind::InsufficientStorage,
        other => ProblemKind::Other(other),
    };
    // actix-web's own words are English and not this service's: each kind says its own.
    let (request, old) = response.into_parts();
    let mut replacement = problem_response(kind, &kind.general_detail(), &[]);
    // CORS headers too, so that a browser page may read the problem.
    for name in [
        header::ALLOW,
        header::RETRY_AFTER,
        header::WWW_AUTHENTICATE,
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
    ] {
        if let Some(value) = old.headers().get(&name) {
            replacement.headers_mut().insert(name, value.clone());
        }
    }
    // Kept besides the problem's own `Vary: Accept-Language`.
    for value in old.headers().get_all(header::VARY) {
        replacement
            .headers_mut()
            .append(header::VARY, value.clone());
    }
    let replaced: ServiceResponse<EitherBody<B, BoxBody>> =
        ServiceResponse::new(request, replacement).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(replaced))
}

/// The answer to a request no route matched: 405 with `Allow` when the path exists with
/// other methods, else 404.
pub async fn no_route(request: HttpRequest) -> HttpResponse {
    let allowed = request
        .app_data::<web::Data<RouteTable>>()
        .and_then(|table| table.allowed_methods(request.path()));
    match allowed {
        Some(methods) => {
            let mut response = problem_response(
                ProblemKind::MethodNotAllowed,
                &Message::new("problem-method-not-allowed")
                    .with("method", request.method().as_str())
                    .with("path", request.path())
                    .with("allowed", methods.as_str())
                    .into(),
                &[],
            );
            if let Ok(value) = HeaderValue::from_str(&methods) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        None => problem_response(
            ProblemKind::NotFound,
            &Message::new("problem-no-route")
                .with("path", request.path())
                .into(),
            &[],
        ),
    }
}
