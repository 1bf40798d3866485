//! Development tools, registered only when `PASPOR_ENV=development` (absent in production,
//! and not part of the published contract): a simulator of the payment channel.

use actix_web::{HttpResponse, web};
use paspor_openapi::PaymentNoticeRequest;
use paspor_persistence::bookings;
use secrecy::ExposeSecret as _;

use super::payments::take_notice;
use crate::error::ApiError;
use crate::signature::sign;
use crate::state::AppState;

/// `POST /v1/dev/payments/{billing_code}`: pays the amount due on a billing code as the
/// payment channel would, with a signed notice through the same path as real ones.
pub async fn simulate_payment(
    state: web::Data<AppState>,
    billing_code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = billing_code.into_inner();
    let lookup = code.clone();
    let booking = state
        .db
        .run(move |conn| bookings::find_by_billing_code(conn, &lookup))
        .await?
        .ok_or_else(|| ApiError::not_found("booking"))?;
    let now = state.clock.now();
    let notice = PaymentNoticeRequest {
        event_id: format!("dev-{}", uuid::Uuid::new_v4()),
        billing_code: code,
        amount: booking.amount,
        paid_at: now,
    };
    let body = serde_json::to_vec(&notice).map_err(ApiError::internal)?;
    let signature = sign(state.payment_secret.expose_secret().as_bytes(), now, &body);
    take_notice(&state, Some(&signature), &body).await
}
