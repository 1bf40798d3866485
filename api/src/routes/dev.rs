//! Development tools, registered only when `PASPOR_ENV=development` (absent in production,
//! and not part of the published contract): a simulator of the payment channel.

use actix_web::{HttpResponse, web};
use paspor_app::payments;
use paspor_app::state::AppState;

use crate::error::ApiError;

/// `POST /v1/dev/payments/{billing_code}`: pays the amount due on a billing code as the
/// payment channel would, with a signed notice through the same path as real ones.
pub async fn simulate_payment(
    state: web::Data<AppState>,
    billing_code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let ack = payments::simulate_payment(&state, billing_code.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ack))
}
