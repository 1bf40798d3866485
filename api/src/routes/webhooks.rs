//! An integrator's webhook subscriptions (scope `webhooks:manage`): created with a signing
//! secret shown once, listed, read, deleted; and their delivery logs, read and replayed.
//! Another client's subscription is 404.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use paspor_openapi::{
    PageQuery, Problem, WebhookCreateRequest, WebhookCreatedDto, WebhookDeliveryDto,
    WebhookDeliveryPage, WebhookDto, WebhookPage,
};

use crate::auth::Bearer;
use crate::error::ApiError;
use crate::extract::{Json, QueryParams};
use crate::security_headers::no_store;
use paspor_app::state::AppState;
use paspor_app::webhooks;

/// Subscribes a URL to event types. The answer holds the secret deliveries are signed
/// with, shown this once. A client holds one subscription per URL (a retry is refused
/// with 409 rather than doubled) and at most 20.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    request_body = WebhookCreateRequest,
    responses(
        (status = 201, description = "The subscription, with its signing secret (shown once)", body = WebhookCreatedDto,
            headers(
                ("Location" = String, description = "The subscription's address"),
                ("Cache-Control" = String, description = "Always `no-store`: the answer holds a secret")
            )),
        (status = 400, description = "A field is invalid (not an absolute http(s) URL, credentials or a fragment in it, no event type)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client already subscribes this URL, or holds 20 subscriptions", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The URL is refused on this server: plain http:// in production, or a host that is (or resolves to) a loopback, private, link-local or other non-public address, or does not resolve", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/webhooks")]
pub async fn create_webhook_subscription(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    body: Json<WebhookCreateRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = webhooks::create_subscription(&state, &principal, body.into_inner()).await?;
    Ok(no_store(
        HttpResponse::Created()
            .insert_header((
                header::LOCATION,
                format!("/v1/integrator/webhooks/{}", created.id),
            ))
            .json(created),
    ))
}

/// The client's webhook subscriptions, oldest first.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of subscriptions", body = WebhookPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/webhooks")]
pub async fn list_webhook_subscriptions(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<WebhookPage>, ApiError> {
    Ok(web::Json(
        webhooks::list_subscriptions(&state, &principal, paging).await?,
    ))
}

/// One of the client's webhook subscriptions.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = WebhookDto),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this client", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/webhooks/{id}")]
pub async fn show_webhook_subscription(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<web::Json<WebhookDto>, ApiError> {
    Ok(web::Json(
        webhooks::show_subscription(&state, &principal, id.into_inner()).await?,
    ))
}

/// Deletes one of the client's webhook subscriptions: nothing more is sent to it, and its
/// undelivered deliveries are cancelled.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "The subscription's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this client", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook_subscription(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    webhooks::delete_subscription(&state, &principal, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The deliveries of a subscription, newest first: each event's id and type, where the
/// delivery stands, when it is next tried, and every attempt with its time, duration,
/// HTTP status or error.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    params(("id" = String, Path, description = "The subscription's id"), PageQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = WebhookDeliveryPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this client", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
    QueryParams(paging): QueryParams<PageQuery>,
) -> Result<web::Json<WebhookDeliveryPage>, ApiError> {
    Ok(web::Json(
        webhooks::list_deliveries(&state, &principal, id.into_inner(), paging).await?,
    ))
}

/// Sends a delivery again: the same event id and body, at once, then retried with backoff
/// for another 24 hours if it fails; whatever became of it before (delivered, failed or
/// still retrying). Replaying twice is harmless: receivers deduplicate by event id.
#[utoipa::path(
    tag = "integrators",
    security(("integrator" = ["webhooks:manage"])),
    params(
        ("id" = String, Path, description = "The subscription's id"),
        ("delivery_id" = String, Path, description = "The delivery's id")
    ),
    responses(
        (status = 202, description = "Queued: the delivery as it now stands", body = WebhookDeliveryDto),
        (status = 401, description = "No valid access token, or its client has been revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an integrator token, or it lacks the scope `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this client, or no such delivery of it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The delivery is being sent right now", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_webhook_delivery(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (subscription, delivery) = path.into_inner();
    let replayed = webhooks::replay_delivery(&state, &principal, subscription, delivery).await?;
    Ok(HttpResponse::Accepted().json(replayed))
}
