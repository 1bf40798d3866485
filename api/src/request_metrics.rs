//! Counts and times every request by route pattern and status, into the server's
//! [`Metrics`].

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use paspor_app::metrics::Metrics;

/// The middleware (for `actix_web::middleware::from_fn`) that counts and times every
/// request by route pattern and status. It sits inside the request-id middleware and
/// outside everything else, so it sees the final status of every answer.
pub async fn record(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(metrics) = request.app_data::<web::Data<Metrics>>().cloned() else {
        return next.call(request).await;
    };
    let method = request.method().clone();
    let started = Instant::now();
    let _in_flight = metrics.in_flight();
    let outcome = next.call(request).await;
    let seconds = started.elapsed().as_secs_f64();
    match &outcome {
        Ok(response) => metrics.request(
            method.as_str(),
            response.request().match_pattern().as_deref(),
            response.status().as_u16(),
            seconds,
        ),
        Err(error) => metrics.request(
            method.as_str(),
            None,
            error.as_response_error().status_code().as_u16(),
            seconds,
        ),
    }
    outcome
}
