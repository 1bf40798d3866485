//! An officer's correction of an applicant's data, with a reason: what the person may no
//! longer correct themselves once the office checked it against the original documents.

use actix_web::{HttpRequest, HttpResponse, post, web};
use paspor_app::office::OfficeStaff;
use paspor_app::office::corrections;
use paspor_app::state::AppState;
use paspor_openapi::{CorrectionDto, OfficeCorrectionRequest, Problem};

use crate::auth::AdmittedWith;
use crate::error::ApiError;
use crate::extract::parse_json;
use crate::idempotency::{self, Answer, KEY_OPTIONAL};

/// Corrects an applicant's data for the caller's office (which must hold one of the
/// applicant's applications), with the reason: the fields change, and the correction joins
/// the applicant's history (which the person sees) and the audit trail. A NIK that
/// applications carry cannot change: a wrong NIK is another person's application.
#[utoipa::path(
    operation_id = "correct_applicant",
    tag = "office",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The applicant's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: a retry with the same key and body replays the first answer (24 hours)")
    ),
    request_body = OfficeCorrectionRequest,
    responses(
        (status = 201, description = "The correction as recorded", body = CorrectionDto),
        (status = 400, description = "The body breaks the schema (a reason empty, too long or with control characters), or the Idempotency-Key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and office admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such applicant with an application at the caller's office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Applications carry the NIK, or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refuses the result (as on creation), the changes change nothing, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/applicants/{id}/corrections")]
pub async fn correct_applicant(
    state: web::Data<AppState>,
    AdmittedWith(staff, body): AdmittedWith<OfficeStaff, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: OfficeCorrectionRequest = parse_json(&request, &body)?;
    let work = corrections::correct_applicant(&state, &staff, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &staff,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        Answer::created,
    )
    .await
}
