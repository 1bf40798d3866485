//! Webhook subscriptions as their integrator manages them: created (the URL checked, the
//! SSRF guard applied, a signing secret made and shown once), listed, read, deleted; and
//! their delivery logs, read and replayed.
//!
//! A client holds one active subscription per URL: creating it again is refused (409)
//! rather than doubled, which is what makes a retried creation safe without an
//! `Idempotency-Key` (whose stored answer would keep the secret in the clear).
//!
//! Each use case first checks its caller is an active client with the scope
//! `webhooks:manage` ([`authorize`]).

use paspor_domain::integrator::{EventType, Scope};
use paspor_openapi::{
    DeliveryStatusDto, EventTypeDto, PageQuery, WebhookAttemptDto, WebhookCreateRequest,
    WebhookCreatedDto, WebhookDeliveryDto, WebhookDeliveryPage, WebhookDto, WebhookPage,
};
use paspor_persistence::webhooks::{
    self, DeliveryRecord, DeliveryStatus, NewSubscription, Replay, SubscriptionRecord,
};
use paspor_persistence::{DbConnection, new_id, write_transaction};
use reqwest::Url;

use super::guard::check_host;
use crate::auth::Principal;
use crate::auth::new_webhook_secret;
use crate::config::WebhookSettings;
use crate::integrators::{IntegratorError, authorize};
use crate::locale::{Message, Text};
use crate::paging::page_of;
use crate::refusal::Refusal;

use crate::state::AppState;

/// The longest subscriber URL.
const MAX_URL_CHARS: usize = 2000;

/// The most active subscriptions one client holds.
const MAX_SUBSCRIPTIONS: usize = 20;

fn field(reason: impl Into<Text>) -> IntegratorError {
    IntegratorError::field("url", reason)
}

/// The subscriber URL, normalised, once it passes every rule (see [`WebhookSettings`]).
async fn checked_url(settings: &WebhookSettings, raw: &str) -> Result<Url, IntegratorError> {
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(field(crate::said::field::too_long(MAX_URL_CHARS)));
    }
    let url = Url::parse(raw).map_err(|error| {
        field(Message::new("url-not-absolute").with("reason", error.to_string()))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if !settings.require_https => {}
        "http" => {
            return Err(IntegratorError::Refused(
                "url",
                Message::new("url-https-here").into(),
            ));
        }
        _ => return Err(field(Message::new("url-https"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(field(Message::new("url-credentials")));
    }
    if url.fragment().is_some() {
        return Err(field(Message::new("url-fragment")));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(field(Message::new("url-host")));
    }
    if !settings.allow_private {
        check_host(&url)
            .await
            .map_err(|reason| IntegratorError::Refused("url", reason.into()))?;
    }
    Ok(url)
}

fn checked_events(events: &[EventTypeDto]) -> Result<Vec<EventType>, IntegratorError> {
    let wanted: Vec<EventType> = EventType::ALL
        .into_iter()
        .filter(|event| events.iter().any(|dto| EventType::from(*dto) == *event))
        .collect();
    if wanted.is_empty() {
        return Err(IntegratorError::field(
            "events",
            Message::new("events-empty"),
        ));
    }
    Ok(wanted)
}

fn dto(record: SubscriptionRecord) -> WebhookDto {
    WebhookDto {
        id: record.id,
        url: record.url,
        events: record.events.into_iter().map(EventTypeDto::from).collect(),
        created_at: record.created_at,
    }
}

/// Creates a subscription of the calling client; the answer holds its signing secret, shown once.
pub async fn create_subscription(
    state: &AppState,
    principal: &Principal,
    request: WebhookCreateRequest,
) -> Result<WebhookCreatedDto, Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    let events = checked_events(&request.events)?;
    let url = checked_url(&state.webhooks, request.url.trim()).await?;
    let secret = new_webhook_secret();
    let id = new_id();
    let now = state.clock.now();
    let stored_secret = secret.clone();
    let stored_id = id.clone();
    let stored_url = url.to_string();
    let stored_events = events.clone();
    let created = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // The client first: its subscriptions are counted against the limit under
                // its lock, so that concurrent subscriptions cannot pass it together.
                if paspor_persistence::integrators::lock_active(conn, &client)?.skipped() {
                    return Err(IntegratorError::Conflict(
                        Message::new("integrator-revoked-meanwhile").into(),
                    ));
                }
                if let Some(existing) = webhooks::subscription_by_url(conn, &client, &stored_url)? {
                    return Err(IntegratorError::Conflict(
                        Message::new("webhook-url-subscribed")
                            .with("id", existing.id)
                            .into(),
                    ));
                }
                let (_, active) = webhooks::list_subscriptions(conn, &client, 0, 1)?;
                if usize::try_from(active).unwrap_or(usize::MAX) >= MAX_SUBSCRIPTIONS {
                    return Err(IntegratorError::Conflict(
                        Message::new("webhook-too-many")
                            .with("max", MAX_SUBSCRIPTIONS)
                            .into(),
                    ));
                }
                webhooks::insert_subscription(
                    conn,
                    &NewSubscription {
                        id: &stored_id,
                        client_id: &client,
                        url: &stored_url,
                        events: &stored_events,
                        secret: &stored_secret,
                    },
                    now,
                )?;
                Ok(())
            })
        })
        .await;
    match created {
        Err(error) if crate::integrators::is_unique_violation(&error) => {
            return Err(IntegratorError::Conflict(
                Message::new("webhook-url-subscribed-meanwhile").into(),
            )
            .into());
        }
        other => other?,
    }
    tracing::info!(subscription = id, url = %url, "webhook subscription created");
    Ok(WebhookCreatedDto {
        id,
        url: url.to_string(),
        events: events.into_iter().map(EventTypeDto::from).collect(),
        created_at: now,
        secret,
    })
}

/// A page of the calling client's subscriptions, oldest first.
pub async fn list_subscriptions(
    state: &AppState,
    principal: &Principal,
    paging: PageQuery,
) -> Result<WebhookPage, Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .call(move |conn| {
            webhooks::list_subscriptions(conn, &client, offset, i64::from(per_page))
                .map_err(IntegratorError::from)
        })
        .await?;
    Ok(WebhookPage {
        items: records.into_iter().map(dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

fn owned(
    conn: &mut DbConnection,
    client: &str,
    id: &str,
) -> Result<SubscriptionRecord, IntegratorError> {
    webhooks::find_subscription(conn, client, id)?
        .ok_or(IntegratorError::NotFound("webhook subscription"))
}

/// One of the calling client's subscriptions; another client's is 404.
pub async fn show_subscription(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<WebhookDto, Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    state
        .db
        .call(move |conn| owned(conn, &client, &id).map(dto))
        .await
        .map_err(Refusal::from)
}

/// Deletes one of the calling client's subscriptions; its undelivered deliveries are cancelled.
pub async fn delete_subscription(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<(), Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            if webhooks::delete_subscription(conn, &client, &id, now)?.applied() {
                Ok(())
            } else {
                Err(IntegratorError::NotFound("webhook subscription"))
            }
        })
        .await
        .map_err(Refusal::from)
}

fn delivery_dto(record: DeliveryRecord) -> WebhookDeliveryDto {
    WebhookDeliveryDto {
        id: record.id,
        event_id: record.event_id,
        event_type: record.event_type.into(),
        status: match record.status {
            DeliveryStatus::Pending => DeliveryStatusDto::Pending,
            DeliveryStatus::Delivered => DeliveryStatusDto::Delivered,
            DeliveryStatus::Failed => DeliveryStatusDto::Failed,
            DeliveryStatus::Cancelled => DeliveryStatusDto::Cancelled,
        },
        created_at: record.created_at,
        attempt_count: u32::try_from(record.attempts.len()).unwrap_or(u32::MAX),
        next_attempt_at: record.next_attempt_at,
        retry_until: record.retry_until,
        delivered_at: record.delivered_at,
        attempts: record
            .attempts
            .into_iter()
            .map(|attempt| WebhookAttemptDto {
                at: attempt.at,
                duration_ms: attempt.duration_ms,
                status_code: attempt.status_code,
                error: attempt.error,
                succeeded: attempt.succeeded,
            })
            .collect(),
    }
}

/// A page of a subscription's deliveries, newest first, each with its attempts.
pub async fn list_deliveries(
    state: &AppState,
    principal: &Principal,
    subscription: String,
    paging: PageQuery,
) -> Result<WebhookDeliveryPage, Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    let (page, per_page) = page_of(paging)?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .call(move |conn| {
            owned(conn, &client, &subscription)?;
            webhooks::list_deliveries(conn, &subscription, offset, i64::from(per_page))
                .map_err(IntegratorError::from)
        })
        .await?;
    Ok(WebhookDeliveryPage {
        items: records.into_iter().map(delivery_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Sends a delivery again (the same event id and body), at once and then with retries
/// for another 24 hours, whatever became of it before.
pub async fn replay_delivery(
    state: &AppState,
    principal: &Principal,
    subscription: String,
    delivery: String,
) -> Result<WebhookDeliveryDto, Refusal> {
    let client = authorize(state, principal, Scope::WebhooksManage).await?;
    let now = state.clock.now();
    let retry_until = now + paspor_domain::integrator::RETRY_WINDOW;
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                owned(conn, &client, &subscription)?;
                match webhooks::replay(conn, &subscription, &delivery, now, retry_until)? {
                    Replay::Queued => {}
                    Replay::InFlight => {
                        return Err(IntegratorError::Conflict(
                            Message::new("webhook-delivery-in-flight").into(),
                        ));
                    }
                    Replay::NotFound => return Err(IntegratorError::NotFound("delivery")),
                }
                webhooks::find_delivery(conn, &subscription, &delivery)?
                    .map(delivery_dto)
                    .ok_or(IntegratorError::NotFound("delivery"))
            })
        })
        .await
        .map_err(Refusal::from)
}
