//! Liveness and readiness, for load balancers and orchestrators.

use actix_web::{get, web};
use paspor_openapi::{HealthDto, Problem};

use crate::error::ApiError;
use paspor_app::state::AppState;

/// The process is up and answering.
#[utoipa::path(
    operation_id = "show_liveness",
    tag = "health",
    responses((status = 200, description = "Alive", body = HealthDto))
)]
#[get("/health/live")]
pub async fn live(state: web::Data<AppState>) -> web::Json<HealthDto> {
    web::Json(HealthDto {
        status: "ok".to_owned(),
        database: state.db.backend().name().to_owned(),
    })
}

/// The service can serve: its database answers.
#[utoipa::path(
    operation_id = "show_readiness",
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = HealthDto),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<HealthDto>, ApiError> {
    // Through the same gate as every request: while the database is known to be down this
    // fails at once, and after the back-off it is the probe that finds it back. It waits
    // at most the hang timeout, so that a database that stopped answering fails it in
    // time for an orchestrator's probe.
    state.db.ready().await?;
    Ok(web::Json(HealthDto {
        status: "ok".to_owned(),
        database: state.db.backend().name().to_owned(),
    }))
}
