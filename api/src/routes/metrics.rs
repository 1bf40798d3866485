//! `GET /metrics`, for operators (registered by the server when `PASPOR_METRICS` is on, and
//! not part of the published contract): the Prometheus text of the server's metrics.

use actix_web::{HttpResponse, web};
use prometheus::{Encoder as _, TextEncoder};

use paspor_app::metrics::Metrics;
use paspor_app::state::AppState;

/// `GET /metrics`: the Prometheus text exposition format (version 0.0.4).
pub async fn scrape(metrics: web::Data<Metrics>, state: web::Data<AppState>) -> HttpResponse {
    let text = metrics.render(&state.db).await;
    HttpResponse::Ok()
        .content_type(TextEncoder::new().format_type())
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(text)
}
