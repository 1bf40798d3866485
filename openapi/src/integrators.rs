//! What integrators read and send: client registration (by system admins), the OAuth 2.0
//! token endpoint, the integrator's view of an application, webhook subscriptions with
//! their delivery log, and the events webhooks carry. Also the OAuth 2.0 security scheme
//! and the `webhooks` section of the document.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{
    ClientCredentials, Flow, OAuth2, Scopes, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ContentBuilder, HttpMethod, ObjectBuilder, PathItem, PathsBuilder, Ref, ResponseBuilder, Type,
};
use utoipa::{Modify, ToSchema};

use crate::enums::ApplicationStatusDto;
use crate::problem::Problem;

wire_enum! {
    /// A permission of an integrator client: `offices:read`, `applications:read` (status
    /// and status history of an application by id), `payments:write` (payment notices),
    /// `webhooks:manage` (its own webhook subscriptions and their delivery logs).
    ScopeDto => paspor_domain::integrator::Scope {
        OfficesRead = "offices:read",
        ApplicationsRead = "applications:read",
        PaymentsWrite = "payments:write",
        WebhooksManage = "webhooks:manage"
    }
}

wire_enum! {
    /// What a webhook announces.
    EventTypeDto => paspor_domain::integrator::EventType {
        ApplicationStatusChanged = "application.status_changed",
        PaymentReceived = "payment.received",
        PassportIssued = "passport.issued"
    }
}

/// The name of the security scheme integrator routes require.
pub const INTEGRATOR_SECURITY: &str = "integrator";

/// The path of the token endpoint.
pub const TOKEN_PATH: &str = "/v1/oauth/token";

/// A new integrator client.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegratorCreateRequest {
    /// A name for people (the partner and its system); unique among active clients.
    #[schema(
        min_length = 1,
        max_length = 200,
        example = "Bank Sejahtera payment channel",
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// What the client may do: at least one scope.
    #[schema(min_items = 1)]
    pub scopes: Vec<ScopeDto>,
}

/// An integrator client (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntegratorDto {
    /// The client id, used with the secret at the token endpoint.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<ScopeDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked; null while active.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A client just created, with its secret: shown this once, stored only as a hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntegratorCreatedDto {
    /// The client id.
    pub client_id: String,
    /// The client secret (256 random bits, base64url). Keep it secret; it cannot be shown
    /// again: a lost secret means a new client.
    pub client_secret: String,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<ScopeDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// A page of integrator clients, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntegratorPage {
    /// The clients of this page.
    pub items: Vec<IntegratorDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many clients there are.
    pub total: u64,
}

/// A token request (RFC 6749 §4.4.2), form-encoded. The client authenticates with HTTP
/// Basic (`client_id:client_secret`, each form-encoded first) or, instead, with
/// `client_id` and `client_secret` in this body; never both.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[schema(example = "client_credentials")]
    pub grant_type: String,
    /// The scopes wanted, separated by spaces; a subset of the client's. Absent: all of
    /// the client's scopes.
    #[schema(example = "applications:read webhooks:manage")]
    pub scope: Option<String>,
    /// The client id, when not sent with HTTP Basic.
    pub client_id: Option<String>,
    /// The client secret, when not sent with HTTP Basic.
    pub client_secret: Option<String>,
}

/// An access token (RFC 6749 §5.1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenDto {
    /// The bearer token for `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until it expires.
    #[schema(example = 900)]
    pub expires_in: u32,
    /// The scopes granted, separated by spaces.
    #[schema(example = "applications:read webhooks:manage")]
    pub scope: String,
}

/// The error codes of RFC 6749 §5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OAuthErrorCode {
    /// A parameter is missing, repeated or malformed, or the body is not form-encoded.
    InvalidRequest,
    /// The client is unknown or revoked, or its secret is wrong (401).
    InvalidClient,
    /// The grant type is not `client_credentials`.
    UnsupportedGrantType,
    /// A scope is unknown or not granted to the client.
    InvalidScope,
}

/// A refused token request: a problem (RFC 9457) that also carries RFC 6749 §5.2's
/// `error` and `error_description` members, so that OAuth client libraries (which read
/// those members from any JSON body) and problem-aware clients both understand it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OAuthProblem {
    /// The problem.
    #[serde(flatten)]
    pub problem: Problem,
    /// The RFC 6749 error code.
    pub error: OAuthErrorCode,
    /// The same as `detail`.
    pub error_description: String,
}

/// One status an application entered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatusEntryDto {
    /// The status entered.
    pub status: ApplicationStatusDto,
    /// When.
    pub at: DateTime<Utc>,
}

/// What an integrator sees of an application: its status and the statuses it went
/// through, nothing about the person (no name, NIK, documents or officers' notes).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntegratorApplicationDto {
    /// The application's id.
    pub id: String,
    /// Where it stands.
    pub status: ApplicationStatusDto,
    /// When its status (or anything else) last changed.
    pub updated_at: DateTime<Utc>,
    /// Every status it entered, oldest first.
    pub history: Vec<StatusEntryDto>,
}

/// A new webhook subscription.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookCreateRequest {
    /// Where deliveries are POSTed: `https://` (plain `http://` only on development
    /// servers), no user name or password, no fragment; at most 2000 characters. In
    /// production its host must not resolve to a loopback, private, link-local or other
    /// non-public address.
    #[schema(
        max_length = 2000,
        example = "https://partner.example.com/paspor/webhooks"
    )]
    pub url: String,
    /// The events to send: at least one.
    #[schema(min_items = 1)]
    pub events: Vec<EventTypeDto>,
}

/// A webhook subscription (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookDto {
    /// Its id.
    pub id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The events sent to it.
    pub events: Vec<EventTypeDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// A subscription just created, with the secret its deliveries are signed with: shown
/// this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookCreatedDto {
    /// Its id.
    pub id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The events sent to it.
    pub events: Vec<EventTypeDto>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// The HMAC-SHA256 key of `Paspor-Signature` (its UTF-8 bytes, as written). Shown
    /// once: to change it, create a new subscription and delete this one.
    #[schema(example = "whsec_8Jx1bN2h2vB0m3bqV9r1oQz3kq8G5yqL7wJQ2N1Yz0c")]
    pub secret: String,
}

/// A page of webhook subscriptions, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookPage {
    /// The subscriptions of this page.
    pub items: Vec<WebhookDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many subscriptions there are.
    pub total: u64,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatusDto {
    /// Waiting for its first or a further attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up: still failing when its 24-hour retry window closed (replay it).
    Failed,
    /// Its subscription was deleted before it was delivered.
    Cancelled,
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookAttemptDto {
    /// When it started.
    pub at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub duration_ms: u32,
    /// The receiver's HTTP status; null when it did not answer.
    pub status_code: Option<u16>,
    /// Why it failed without a 2xx: no answer in time, connection refused, a redirect
    /// (never followed), an address that is not public, ...; null on success.
    pub error: Option<String>,
    /// Whether the receiver took it (answered 2xx).
    pub succeeded: bool,
}

/// One event sent to one subscription, with every attempt.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookDeliveryDto {
    /// The delivery's id (for replaying it).
    pub id: String,
    /// The event's id, as in `Paspor-Event-Id` and the body: the same on every attempt
    /// and replay.
    pub event_id: String,
    /// The event's type.
    pub event_type: EventTypeDto,
    /// Where it stands.
    pub status: DeliveryStatusDto,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// How many attempts were made.
    pub attempt_count: u32,
    /// When the next attempt is due; null unless pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Until when failed attempts are retried.
    pub retry_until: DateTime<Utc>,
    /// When the receiver last took it.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Every attempt, oldest first.
    pub attempts: Vec<WebhookAttemptDto>,
}

/// A page of a subscription's deliveries, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookDeliveryPage {
    /// The deliveries of this page.
    pub items: Vec<WebhookDeliveryDto>,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// How many deliveries there are.
    pub total: u64,
}

/// The data of `application.status_changed`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationStatusChangedData {
    /// The application's id.
    pub application_id: String,
    /// The status it is now in.
    pub status: ApplicationStatusDto,
    /// When it moved.
    pub changed_at: DateTime<Utc>,
}

/// The data of `payment.received`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentReceivedData {
    /// The application paid for.
    pub application_id: String,
    /// The billing code paid.
    #[schema(example = "820261125000042")]
    pub billing_code: String,
    /// The amount, in rupiah.
    pub amount: i64,
    /// When the payment channel says it was paid.
    pub paid_at: DateTime<Utc>,
    /// The payment channel's own event id of the notice.
    pub payment_event_id: String,
    /// The NTPN the notice carried; null when it carried none.
    pub ntpn: Option<String>,
    /// The bank or payment channel the notice named; null when it named none.
    pub channel: Option<String>,
}

/// The data of `passport.issued`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PassportIssuedData {
    /// The application the passport was issued for.
    pub application_id: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
}

/// The body of every webhook delivery: an envelope with the event's id (the
/// `Paspor-Event-Id` header too), type, time, and its data (one of the `*Data` schemas,
/// by type). Described in the document's `webhooks` section, one entry per type.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookEventDto<D> {
    /// The event's id: deduplicate by it (a delivery may arrive more than once).
    pub id: String,
    /// The event's type.
    #[serde(rename = "type")]
    pub event_type: EventTypeDto,
    /// When it happened.
    pub created_at: DateTime<Utc>,
    /// What happened.
    pub data: D,
}

/// The OAuth 2.0 client-credentials scheme of integrator routes.
pub fn integrator_security_scheme() -> SecurityScheme {
    let scopes = Scopes::from_iter([
        ("offices:read", "Read offices"),
        (
            "applications:read",
            "Read the status and status history of an application by its id",
        ),
        ("payments:write", "Send payment notices"),
        (
            "webhooks:manage",
            "Manage the client's webhook subscriptions and read their delivery logs",
        ),
    ]);
    SecurityScheme::OAuth2(OAuth2::with_description(
        [Flow::ClientCredentials(ClientCredentials::new(
            TOKEN_PATH, scopes,
        ))],
        "Client credentials (RFC 6749 §4.4) of an integrator client that a system admin \
         registered: access tokens valid 15 minutes, for the scopes asked for",
    ))
}

/// The `webhooks` section: what the service POSTs to subscribers, one entry per event.
pub struct WebhookDocs;

impl Modify for WebhookDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let events = [
            (
                "application.status_changed",
                "application_status_changed_webhook",
                "An application moved to another status",
                "ApplicationStatusChangedData",
            ),
            (
                "payment.received",
                "payment_received_webhook",
                "A payment was applied to an application",
                "PaymentReceivedData",
            ),
            (
                "passport.issued",
                "passport_issued_webhook",
                "A passport was issued for an application",
                "PassportIssuedData",
            ),
        ];
        let mut paths = PathsBuilder::new();
        for (event, operation_id, summary, data) in events {
            let body = ObjectBuilder::new()
                .description(Some(format!("The `{event}` event")))
                .property("id", ObjectBuilder::new().schema_type(Type::String))
                .required("id")
                .property(
                    "type",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([event])),
                )
                .required("type")
                .property(
                    "created_at",
                    ObjectBuilder::new().schema_type(Type::String).format(Some(
                        utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::DateTime,
                        ),
                    )),
                )
                .required("created_at")
                .property("data", Ref::from_schema_name(data))
                .required("data");
            let header = |name: &str, description: &str| {
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Header)
                    .required(utoipa::openapi::Required::True)
                    .description(Some(description))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build()
            };
            let operation = OperationBuilder::new()
                .operation_id(Some(operation_id))
                .summary(Some(summary))
                .description(Some(
                    "POSTed to every subscription of this event. Verify `Paspor-Signature` \
                     (`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">` under the \
                     subscription's secret) in constant time, refuse it more than 5 minutes \
                     from now, and deduplicate by the event id. Answer 2xx within 10 seconds; \
                     anything else (or a redirect) is retried with exponential backoff for 24 \
                     hours.",
                ))
                .tag("integrators")
                // Subscribers authenticate the service by the signature below, not by a
                // scheme of this API's.
                .securities(Some(Vec::<SecurityRequirement>::new()))
                .parameter(header(
                    "Paspor-Signature",
                    "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`",
                ))
                .parameter(header("Paspor-Event-Id", "The event's id, as in the body"))
                .parameter(header("Paspor-Event-Type", "The event's type"))
                .request_body(Some(
                    RequestBodyBuilder::new()
                        .required(Some(utoipa::openapi::Required::True))
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(body)).build(),
                        )
                        .build(),
                ))
                .response(
                    "2XX",
                    ResponseBuilder::new().description("Taken: no further attempt"),
                );
            paths = paths.path(event, PathItem::new(HttpMethod::Post, operation));
        }
        openapi.webhooks = Some(paths.build());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_wire_code_is_the_domain_code() {
        for dto in ScopeDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::integrator::Scope::from(*dto).as_str()
            );
        }
        for dto in EventTypeDto::ALL {
            assert_eq!(
                code(dto),
                paspor_domain::integrator::EventType::from(*dto).as_str()
            );
        }
    }

    #[test]
    fn an_oauth_problem_carries_both_forms() {
        let problem = OAuthProblem {
            problem: Problem {
                problem_type: "urn:paspor:problem:oauth-invalid-scope".into(),
                title: "Invalid scope".into(),
                status: 400,
                detail: "the scope payments:write is not granted".into(),
                request_id: "r".into(),
                errors: None,
            },
            error: OAuthErrorCode::InvalidScope,
            error_description: "the scope payments:write is not granted".into(),
        };
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["error"], "invalid_scope");
        assert_eq!(json["status"], 400);
        assert_eq!(json["type"], "urn:paspor:problem:oauth-invalid-scope");
        assert_eq!(json["error_description"], json["detail"]);
    }
}
