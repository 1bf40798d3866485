//! What system admins manage: staff accounts.

use actix_web::{HttpResponse, get, post, web};
use paspor_domain::account::Role;
use paspor_openapi::{AccountDto, PageQuery, Problem, StaffCreateRequest, StaffPage};

use crate::accounts;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::state::AppState;

/// Staff accounts, oldest first (system admins only).
#[utoipa::path(
    operation_id = "list_staff",
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of staff accounts", body = StaffPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/admin/users")]
pub async fn list_staff(
    state: web::Data<AppState>,
    principal: Principal,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<StaffPage>, ApiError> {
    principal.require(&[Role::SystemAdmin])?;
    let (page, per_page) = paging
        .resolve()
        .map_err(|field| ApiError::invalid_field(field, "is out of range"))?;
    Ok(web::Json(
        accounts::list_staff(&state, page, per_page).await?,
    ))
}

/// Creates a staff account, verified from the start (system admins only).
#[utoipa::path(
    operation_id = "create_staff",
    tag = "admin",
    security(("bearer" = [])),
    request_body = StaffCreateRequest,
    responses(
        (status = 201, description = "The account", body = AccountDto),
        (status = 400, description = "A field breaks the schema", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is a common one, the role is not a staff role, the office is missing, superfluous or unknown", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account with this email exists", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/admin/users")]
pub async fn create_staff(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<StaffCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.require(&[Role::SystemAdmin])?;
    let account = accounts::create_staff(&state, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(account))
}
