//! Walk-ins at the office: officers and office admins register people who come without an
//! app booking (priority applicants, lost or damaged passports after an examination,
//! same-day service) and list a day's walk-ins of their office.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use paspor_openapi::{PageQuery, Problem, WalkInCreateRequest, WalkInDto, WalkInPage, WalkInQuery};

use crate::auth::AdmittedWith;
use crate::error::ApiError;
use crate::extract::{QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_REQUIRED};
use crate::security_headers::no_store;
use paspor_app::office::OfficeStaff;
use paspor_app::office::walk_ins;
use paspor_app::state::AppState;

/// Registers a walk-in at the caller's office for today (the office's date). A priority
/// walk-in must meet a ground of the office's priority policy on that date (else 422 with
/// the reason) and is served from the priority quota; a lost or damaged passport is
/// replaced from the regular quota with its penalty (waived after a disaster); a same-day
/// walk-in comes from the same-day quota with its surcharge. The place is taken in the
/// session asked for, or the first of today not over with one left; the walk-in then awaits
/// payment of its billing code for 2 hours, and its check-in code is printed on the queue
/// ticket, to scan once paid.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = WalkInCreateRequest,
    params(("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key and body replays the first answer (24 hours)")),
    responses(
        (status = 201, description = "Registered: the walk-in, awaiting payment, with its place, billing code, fee and check-in code (replayed with `Idempotency-Replayed: true` for a repeated key)", body = WalkInDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 400, description = "A field breaks the schema (the person, the trip, the examination reference, the session id; a rule's refusals follow in `errors`), or the Idempotency-Key is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins register walk-ins", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No place left today (or in the session asked for) in the walk-in's quota, the person already has an active application, or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refuses a well-formed field (a birth date after today, a NIK whose encoded date or sex disagrees, a replacement given for another kind or missing for a replacement, priority grounds for another kind; each named in `errors`), the person is not eligible for priority service on the visit date (the detail says why), the session is not one of today's at this office or is over, the office has no e-passport books, no tariff can price it, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/walk-ins")]
pub async fn register_walk_in(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: WalkInCreateRequest = parse_json(&request, &body)?;
    let work = walk_ins::register_walk_in(&state, &staff, input);
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_REQUIRED,
        work,
        Answer::created,
    )
    .await
    .map(no_store)
}

/// The walk-ins of one day at the caller's office, in the order they were registered, each
/// with its application's status, place, payment and check-in code.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(WalkInQuery, PageQuery),
    responses(
        (status = 200, description = "A page of the day's walk-ins", body = WalkInPage,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins read walk-ins", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/walk-ins")]
pub async fn list_office_walk_ins(
    state: web::Data<AppState>,
    AdmittedWith(staff, (QueryParams(query), QueryParams(paging))): AdmittedWith<
        OfficeStaff,
        (QueryParams<WalkInQuery>, QueryParams<PageQuery>),
    >,
) -> Result<HttpResponse, ApiError> {
    let walk_ins = walk_ins::list_walk_ins(&state, &staff, query.date, paging).await?;
    // Each walk-in carries its check-in code.
    Ok(no_store(HttpResponse::Ok().json(walk_ins)))
}
