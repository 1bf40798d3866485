//! The office side's routes: officers' work on applications, walk-ins, office
//! administration and the audit trail.

use actix_web::{get, web};
use paspor_openapi::{AuditPage, AuditQuery, PageQuery, Problem};

use crate::auth::Bearer;
use crate::error::ApiError;
use crate::extract::QueryParams;
use paspor_app::office::audit;
use paspor_app::state::AppState;

/// The audit trail of staff actions, newest first: an office admin's own office, or any
/// office for a system admin. Records are append-only: no route changes or deletes one.
#[utoipa::path(
    operation_id = "list_audit",
    tag = "office",
    security(("bearer" = [])),
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, description = "A page of audit records", body = AuditPage),
        (status = 400, description = "A parameter breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`until` is before `from`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not an office or system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    QueryParams(query): QueryParams<AuditQuery>,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<AuditPage>, ApiError> {
    Ok(web::Json(
        audit::list(&state, &principal, query, paging).await?,
    ))
}
