//! The officers' routes for an application at their office, from check-in to the decision.
//! Officers and office admins only (403 for anyone else), on their own office's applications
//! (another office's is 404). The POSTs take an optional `Idempotency-Key`: a retry with it
//! replays the first answer; without it a repeated check-in or decision is refused (409)
//! because the application has moved on, and a repeated capture or interview replaces the
//! earlier one with the same data.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use paspor_openapi::{
    BiometricsRequest, CheckInRequest, DecisionRequest, DocumentCheckRequest, DocumentChecklistDto,
    IndicatorsDto, InterviewRequest, OfficeApplicationDto, OfficeAppointmentsDto,
    OfficeAppointmentsQuery, PageQuery, Problem, ScreeningDto, ScreeningPage,
};

use crate::auth::{Admitted, AdmittedWith};
use crate::error::ApiError;
use crate::extract::{QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use crate::language::{AcceptLanguage, json_in};
use paspor_app::office::OfficeStaff;
use paspor_app::office::processing;
use paspor_app::state::AppState;

/// The day's sessions at the caller's office with their capacities and bookings (not given
/// back), by start time and, within a session, in the order booked.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(OfficeAppointmentsQuery),
    responses(
        (status = 200, description = "The day's sessions and bookings", body = OfficeAppointmentsDto),
        (status = 400, description = "`date` is missing or not a date", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/appointments")]
pub async fn list_office_appointments(
    state: web::Data<AppState>,
    AdmittedWith(staff, QueryParams(query)): AdmittedWith<
        OfficeStaff,
        QueryParams<OfficeAppointmentsQuery>,
    >,
) -> Result<web::Json<OfficeAppointmentsDto>, ApiError> {
    Ok(web::Json(
        processing::list_appointments(&state, &staff, query.date).await?,
    ))
}

/// Checks in the applicant whose check-in code was scanned: a code the service issued, for
/// this office and today, of a paid application whose appointment is still here today.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = CheckInRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")),
    responses(
        (status = 200, description = "Checked in: the application as the office sees it", body = OfficeApplicationDto),
        (status = 400, description = "The body is malformed, or the Idempotency-Key is", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not paid (checked in already, cancelled, ...: the detail gives its status), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid code, a code for another office or another day (the detail says which day), an appointment moved elsewhere, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/check-ins")]
pub async fn check_in_application(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let input: CheckInRequest = parse_json(&request, &body)?;
    let work = processing::check_in(&state, &staff, input);
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}

/// One of the office's applications: the person, the trip, the appointment, the documents,
/// the document check, biometrics, interview, decision and status history.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The application", body = OfficeApplicationDto),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}")]
pub async fn show_office_application(
    state: web::Data<AppState>,
    Admitted(staff): Admitted<OfficeStaff>,
    id: web::Path<String>,
) -> Result<web::Json<OfficeApplicationDto>, ApiError> {
    Ok(web::Json(
        processing::show_application(&state, &staff, id.into_inner()).await?,
    ))
}

/// The document checklist of one of the office's applications, walk-ins included. What the
/// person must bring (judged on the office's today), what is uploaded and what is missing:
/// the rule the document check is held to. Texts in Bahasa Indonesia unless
/// `Accept-Language` asks for English (`en`).
#[utoipa::path(
    tag = "office",
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
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}/document-checklist")]
pub async fn show_office_document_checklist(
    state: web::Data<AppState>,
    Admitted(staff): Admitted<OfficeStaff>,
    AcceptLanguage(language): AcceptLanguage,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let checklist =
        processing::show_document_checklist(&state, &staff, id.into_inner(), language).await?;
    Ok(json_in(language, &checklist))
}

/// Records the document check, judged by the application's document checklist. The kinds
/// named (missing, or `presented` at the counter without an upload) must be ones it asks
/// for, and complete is refused (422, naming them) while a required document is neither
/// uploaded nor presented. No kind missing moves a checked-in application (or one awaiting
/// documents) to review; missing kinds (with the required ones not uploaded added) make a
/// checked-in application await them, with a deadline 30 days on, after which it is
/// refused.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = DocumentCheckRequest,
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")
    ),
    responses(
        (status = 200, description = "Recorded: the application as it now stands", body = OfficeApplicationDto),
        (status = 400, description = "The body is malformed (e.g. an unknown document kind), or the Idempotency-Key is", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Its status does not allow this check (the detail names it), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A kind named is not one the application asks for, or is named both missing and presented; complete while a required document is neither uploaded nor presented (`errors` names them under `missing`); or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/document-check")]
pub async fn record_document_check(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: DocumentCheckRequest = parse_json(&request, &body)?;
    let work = processing::record_document_check(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}

/// Records the photo and fingerprints captured for an application in review, as references
/// to the biometric system (no raw biometrics are stored). A recapture replaces the earlier.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = BiometricsRequest,
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")
    ),
    responses(
        (status = 200, description = "Recorded: the application as it now stands", body = OfficeApplicationDto),
        (status = 400, description = "A reference is blank or longer than 100 characters, the body is malformed, or the Idempotency-Key is", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not in review (the detail names its status), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/biometrics")]
pub async fn record_application_biometrics(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: BiometricsRequest = parse_json(&request, &body)?;
    let work = processing::record_biometrics(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}

/// What the interviewing officer should look at closely: trafficking indicators of the
/// declared trip, NIK warnings, and earlier postponements of the same NIK (any account).
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The indicators", body = IndicatorsDto),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}/indicators")]
pub async fn show_application_indicators(
    state: web::Data<AppState>,
    Admitted(staff): Admitted<OfficeStaff>,
    id: web::Path<String>,
) -> Result<web::Json<IndicatorsDto>, ApiError> {
    Ok(web::Json(
        processing::show_indicators(&state, &staff, id.into_inner()).await?,
    ))
}

/// Screens one of the office's applications under the trafficking screening policy in
/// force and keeps the result: the indicators found and the policy's version, unchanged
/// whatever the policy becomes. Every decision records one too. Recorded in the audit
/// trail as `application.screening`.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key replays the first answer (24 hours)")
    ),
    responses(
        (status = 201, description = "The screening kept", body = ScreeningDto,
            headers(("Location" = String, description = "Where the screening is read"))),
        (status = 400, description = "The Idempotency-Key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/screenings")]
pub async fn record_application_screening(
    state: web::Data<AppState>,
    Admitted(staff): Admitted<OfficeStaff>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let work = processing::record_screening(&state, &staff, id.into_inner());
    // The route takes no body: a key stands for the request on this application alone.
    idempotency::write(
        &state,
        &staff,
        &request,
        &[],
        KEY_OPTIONAL,
        work,
        |screening| {
            Answer::created(screening).at(format!(
                "/v1/office/applications/{}/screenings/{}",
                screening.application_id, screening.id
            ))
        },
    )
    .await
}

/// The screenings kept for one of the office's applications, newest first, each with the
/// version of the policy that judged it.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id"), PageQuery),
    responses(
        (status = 200, description = "A page of screenings", body = ScreeningPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}/screenings")]
pub async fn list_application_screenings(
    state: web::Data<AppState>,
    AdmittedWith(staff, QueryParams(paging)): AdmittedWith<OfficeStaff, QueryParams<PageQuery>>,
    id: web::Path<String>,
) -> Result<web::Json<ScreeningPage>, ApiError> {
    Ok(web::Json(
        processing::list_screenings(&state, &staff, id.into_inner(), paging).await?,
    ))
}

/// One screening kept for one of the office's applications.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The application's id"),
        ("screening_id" = String, Path, description = "The screening's id")
    ),
    responses(
        (status = 200, description = "The screening", body = ScreeningDto),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office, or no such screening of it", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/applications/{id}/screenings/{screening_id}")]
pub async fn show_application_screening(
    state: web::Data<AppState>,
    Admitted(staff): Admitted<OfficeStaff>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<ScreeningDto>, ApiError> {
    let (id, screening_id) = path.into_inner();
    Ok(web::Json(
        processing::show_screening(&state, &staff, id, screening_id).await?,
    ))
}

/// Records the interview of an application in review: questions with answers (at most 50)
/// and notes. A second interview replaces the first.
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = InterviewRequest,
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")
    ),
    responses(
        (status = 200, description = "Recorded: the application as it now stands", body = OfficeApplicationDto),
        (status = 400, description = "Too many answers, a blank or too long text, the body is malformed, or the Idempotency-Key is", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not in review (the detail names its status), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing recorded: no answers and blank notes, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/interview")]
pub async fn record_application_interview(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: InterviewRequest = parse_json(&request, &body)?;
    let work = processing::record_interview(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}

/// Decides an application in review: `approved` (needs the biometrics captured and an
/// interview recorded), `postponed` (a reason and `hold_until`, after today and at most 2
/// years on: the same NIK cannot apply until then) or `refused` (a reason).
#[utoipa::path(
    tag = "office",
    security(("bearer" = [])),
    request_body = DecisionRequest,
    params(
        ("id" = String, Path, description = "The application's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")
    ),
    responses(
        (status = 200, description = "Decided: the application as it now stands", body = OfficeApplicationDto),
        (status = 400, description = "The notes are too long, the body is malformed, or the Idempotency-Key is", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not in review (decided already, ...: the detail names its status), or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason code is missing, unknown for the outcome, or not allowed; `hold_until` is missing for a postponement or given for another outcome; an approval without biometrics or an interview (the detail says which), a hold that does not end after today or ends more than 2 years on, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applications/{id}/decision")]
pub async fn record_application_decision(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: DecisionRequest = parse_json(&request, &body)?;
    let work = processing::record_decision(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::ok,
    )
    .await
}
