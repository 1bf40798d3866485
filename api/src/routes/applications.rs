//! The applicant's applications: drafts created, changed and deleted, applications read
//! back (with `ETag`, so the app can poll cheaply), booked, and their check-in codes.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use paspor_app::auth::Applicant;
use paspor_openapi::{
    ApplicationCreateRequest, ApplicationDto, ApplicationPage, ApplicationPatch,
    BookingChallengeDto, BookingRequest, CheckInCodeDto, DocumentChecklistDto, PageQuery, Problem,
    WaitlistDto, WaitlistRequest,
};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::etag::json_with_etag;
use crate::extract::{Json, QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_REQUIRED, KeyRule, Refusals};
use crate::language::{AcceptLanguage, json_in};
use crate::security_headers::no_store;
use paspor_app::state::AppState;
use paspor_app::{applications, documents};

/// Creates a draft for one of the account's applicants. A person has at most one active
/// application: a second is refused naming the first.
#[utoipa::path(
    operation_id = "create_application",
    tag = "applications",
    security(("bearer" = [])),
    request_body = ApplicationCreateRequest,
    params(("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key and body replays the first answer (24 hours)")),
    responses(
        (status = 201, description = "The draft", body = ApplicationDto,
            headers(("Location" = String, description = "The draft's address"))),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The person already has an active application, or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The applicant is none of the account's, the replacement reason does not fit the kind, a lost or damaged passport is replaced at the office only, the office named is unknown or does not offer the passport kind (`passport_kind`), the validity chosen is not offered to the applicant (`validity_years`), or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    AdmittedWith(applicant, body): AdmittedWith<Applicant, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: ApplicationCreateRequest = parse_json(&request, &body)?;
    let draft = applications::create_draft(&state, &applicant, input);
    idempotency::write(
        &state,
        &applicant,
        &request,
        &body,
        KEY_REQUIRED,
        draft,
        |draft| Answer::created(draft).at(format!("/v1/applications/{}", draft.id)),
    )
    .await
}

/// The account's applications, newest first.
#[utoipa::path(
    operation_id = "list_applications",
    tag = "applications",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of applications", body = ApplicationPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    AdmittedWith(applicant, QueryParams(paging)): AdmittedWith<Applicant, QueryParams<PageQuery>>,
) -> Result<web::Json<ApplicationPage>, ApiError> {
    Ok(web::Json(
        applications::list_applications(&state, &applicant, paging).await?,
    ))
}

/// One application with its status, quote and history. Send the `ETag` back in
/// `If-None-Match` to get a 304 while nothing changed.
#[utoipa::path(
    operation_id = "show_application",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the copy the client holds")
    ),
    responses(
        (status = 200, description = "The application", body = ApplicationDto,
            headers(("ETag" = String, description = "Changes whenever the body would"))),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let application = applications::show_application(&state, &applicant, id.into_inner()).await?;
    json_with_etag(&request, &application)
}

/// Changes a draft; absent fields stay as they are.
#[utoipa::path(
    operation_id = "update_application",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    request_body = ApplicationPatch,
    responses(
        (status = 200, description = "The draft as changed", body = ApplicationDto),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is no longer a draft", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The replacement reason does not fit the kind, a lost or damaged passport is replaced at the office only, the office named is unknown or does not offer the passport kind (`passport_kind`), or the validity chosen is not offered to the applicant (`validity_years`)", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    AdmittedWith(applicant, Json(patch)): AdmittedWith<Applicant, Json<ApplicationPatch>>,
    id: web::Path<String>,
) -> Result<web::Json<ApplicationDto>, ApiError> {
    Ok(web::Json(
        applications::update_draft(&state, &applicant, id.into_inner(), patch).await?,
    ))
}

/// Deletes a draft.
#[utoipa::path(
    operation_id = "delete_application",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is no longer a draft", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    applications::delete_draft(&state, &applicant, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Books a place for a draft in a released session with a free place of its service's
/// channel, and issues the 15-digit billing code with the amount and a 2-hour deadline.
#[utoipa::path(
    operation_id = "book_application",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt. A booking made is kept for its key, committed with the booking: a retry with the same key and body replays it (24 hours). A refusal books nothing and is not kept: a retry with that key is judged afresh. A retry while the first request is being answered waits for it and replays its answer"),
        ("Paspor-Proof" = Option<String>, Header, description = "When the operator asks bookings for a proof of work (`bits` of `GET /v1/applications/{id}/booking-challenge` above 0): `<challenge>:<nonce>`, where SHA-256 of that text starts with `bits` zero bits")
    ),
    request_body = BookingRequest,
    responses(
        (status = 200, description = "Booked: the application, awaiting payment, with its booking (replayed with `Idempotency-Replayed: true` for a repeated key)", body = ApplicationDto),
        (status = 428, description = "A proof of work is required and missing, not for this draft, expired or not solved", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A limit that holds brokers back: this person's bookings lapsed or were cancelled too often lately, or the account holds as many places awaiting payment as it may (`Retry-After` says when it may book again)", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The session is full or not released yet (the detail gives the release time), the application is not a draft, or a request with this Idempotency-Key is still in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The office is unknown, the session is not of that office and date or has started, the office does not offer the draft's passport kind (out of e-passport books, or electronic passports only: `passport_kind`), the draft's validity is no longer offered (`validity_years`), no tariff can price the application, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/{id}/booking")]
pub async fn book(
    state: web::Data<AppState>,
    AdmittedWith(applicant, body): AdmittedWith<Applicant, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: BookingRequest = parse_json(&request, &body)?;
    let proof = request
        .headers()
        .get("paspor-proof")
        .and_then(|value| value.to_str().ok());
    let booking = applications::book(&state, &applicant, id.into_inner(), input, proof)?;
    // A refusal is not kept: a retry once a place frees may book with the same key.
    let rules = (KeyRule::Required, Refusals::Forgotten);
    idempotency::write(
        &state,
        &applicant,
        &request,
        &body,
        rules,
        booking,
        Answer::ok,
    )
    .await
}

/// Moves a paid application's appointment to another released session with a free place:
/// once, and no later than the day before the appointment. The old place is freed at once.
/// A paid application without a place (its payment was reconciled late from the settlement
/// report when no place near was free) takes one here, which does not use up its move.
#[utoipa::path(
    operation_id = "reschedule_application",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key and body replays the first answer (24 hours)")
    ),
    request_body = BookingRequest,
    responses(
        (status = 200, description = "Rescheduled: the application with its new booking", body = ApplicationDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid, rescheduled already, too late (the day of the appointment), the session is full or not released, or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The office is unknown, the session is not of that office and date, has started or is the one booked, the office does not offer the passport kind (`passport_kind`), or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/{id}/reschedule")]
pub async fn reschedule(
    state: web::Data<AppState>,
    AdmittedWith(applicant, body): AdmittedWith<Applicant, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: BookingRequest = parse_json(&request, &body)?;
    let moved = applications::reschedule(&state, &applicant, id.into_inner(), input);
    idempotency::write(
        &state,
        &applicant,
        &request,
        &body,
        KEY_REQUIRED,
        moved,
        Answer::ok,
    )
    .await
}

/// Cancels an application before its appointment (a draft, or one awaiting payment or
/// paid). Its place returns to the pool at once; fees are not refunded.
#[utoipa::path(
    operation_id = "cancel_application",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key replays the first answer (24 hours)")
    ),
    responses(
        (status = 200, description = "Cancelled: the application as it now stands", body = ApplicationDto),
        (status = 400, description = "The Idempotency-Key is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It can no longer be cancelled (checked in or later, or the appointment day has come), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/{id}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cancelled = applications::cancel(&state, &applicant, id.into_inner());
    // No body: the key alone names the attempt.
    idempotency::write(
        &state,
        &applicant,
        &request,
        &[],
        KEY_REQUIRED,
        cancelled,
        Answer::ok,
    )
    .await
}

/// Puts a draft in line for a place at an office within a date range (joining again
/// replaces the former entry). When a place there frees, the first in line is offered it,
/// held 15 minutes and notified; book that session to accept.
#[utoipa::path(
    operation_id = "join_waitlist",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    request_body = WaitlistRequest,
    responses(
        (status = 201, description = "In line", body = WaitlistDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A range in the past, reversed or longer than 62 days, or an unknown office", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Only a draft waits for a place", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/{id}/waitlist")]
pub async fn join_waitlist(
    state: web::Data<AppState>,
    AdmittedWith(applicant, Json(body)): AdmittedWith<Applicant, Json<WaitlistRequest>>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let entry = applications::join_waitlist(&state, &applicant, id.into_inner(), body).await?;
    Ok(HttpResponse::Created().json(entry))
}

/// The application's place in the waitlist, with the place offered while one is.
#[utoipa::path(
    operation_id = "show_waitlist",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "Its place in line", body = WaitlistDto),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account, or it never joined the waitlist", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/waitlist")]
pub async fn show_waitlist(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<WaitlistDto>, ApiError> {
    Ok(web::Json(
        applications::show_waitlist(&state, &applicant, id.into_inner()).await?,
    ))
}

/// The check-in code of a paid application, for the app to show as a QR code at the office.
/// It names the application, the office and the date, is signed by the service, and is
/// valid on the appointment's date only, from local midnight to local midnight at the
/// office (`valid_from` to `valid_until`).
#[utoipa::path(
    operation_id = "show_check_in_code",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The check-in code", body = CheckInCodeDto,
            headers(("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret"))),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not paid (the detail gives its status), or has no booking", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/check-in-code")]
pub async fn check_in_code(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = applications::check_in_code(&state, &applicant, id.into_inner()).await?;
    Ok(no_store(HttpResponse::Ok().json(code)))
}

/// A challenge to solve before booking the draft, when the operator asks bookings for a
/// proof of work (`bits` above 0; 0 means none is asked and the header may be left out).
/// Find a nonce such that SHA-256 of `<challenge>:<nonce>` starts with `bits` zero bits,
/// and send `Paspor-Proof: <challenge>:<nonce>` with the booking before `expires_at`.
#[utoipa::path(
    operation_id = "booking_challenge",
    tag = "applications",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The challenge", body = BookingChallengeDto),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/booking-challenge")]
pub async fn booking_challenge(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    id: web::Path<String>,
) -> Result<web::Json<BookingChallengeDto>, ApiError> {
    Ok(web::Json(
        applications::booking_challenge(&state, &applicant, id.into_inner()).await?,
    ))
}

/// The documents the person must bring for one of the caller's applications. Each item is
/// required or optional (with the kinds taken in its place), uploaded or not, missing or
/// not, judged from the applicant (their age on the appointment's date once booked, else
/// today; married; a dual-citizen child) and the application (new or a replacement and why,
/// the purpose of the trip). Names and hints are in Bahasa Indonesia unless
/// `Accept-Language` asks for English (`en`); the codes are the same in both.
#[utoipa::path(
    operation_id = "show_document_checklist",
    tag = "documents",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Accept-Language" = Option<String>, Header, description = "`en` for English texts; Bahasa Indonesia (`id`) otherwise, whatever else it names")
    ),
    responses(
        (status = 200, description = "The checklist", body = DocumentChecklistDto,
            headers(
                ("Content-Language" = String, description = "The language of the texts: `id` or `en`"),
                ("Vary" = String, description = "`Accept-Language`")
            )),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/{id}/document-checklist")]
pub async fn document_checklist(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    AcceptLanguage(language): AcceptLanguage,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let checklist =
        documents::show_checklist(&state, &applicant, id.into_inner(), language).await?;
    Ok(json_in(language, &checklist))
}

/// Starts an expired or cancelled application again without starting over: a new draft
/// with the same answers (the office and the validity only where still offered today) and
/// copies of its documents, to book again. Once per application: a second restart is
/// refused naming the draft the first made.
#[utoipa::path(
    operation_id = "restart_application",
    tag = "applications",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The expired or cancelled application's id"),
        ("Idempotency-Key" = String, Header, description = "Required: 1 to 255 visible ASCII characters, unique per attempt; a retry with the same key replays the first answer (24 hours)")
    ),
    responses(
        (status = 201, description = "The new draft", body = ApplicationDto,
            headers(("Location" = String, description = "The new draft's address"))),
        (status = 400, description = "The Idempotency-Key is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only applicants apply", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is neither expired nor cancelled, it was already started again, the person already has an active application, or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The person is no longer one of the account's applicants, is held back by a postponement, or what was asked is no longer offered", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/{id}/restart")]
pub async fn restart(
    state: web::Data<AppState>,
    Admitted(applicant): Admitted<Applicant>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let restarted = applications::restart(&state, &applicant, id.into_inner());
    // No body: the key alone names the attempt.
    idempotency::write(
        &state,
        &applicant,
        &request,
        &[],
        KEY_REQUIRED,
        restarted,
        |draft| Answer::created(draft).at(format!("/v1/applications/{}", draft.id)),
    )
    .await
}
