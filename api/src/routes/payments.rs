//! Payment notices from the payment channel, the payments an admin settles by hand, and
//! (in development only) a simulator of the channel.

use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest as _, HttpRequest, HttpResponse, get, post, web};
use paspor_app::auth::SystemAdmin;
use paspor_openapi::{
    PageQuery, PaymentAckDto, PaymentDto, PaymentListQuery, PaymentNoticeRequest, PaymentPage,
    Problem, RejectedPaymentNoticePage, SettlementRequest,
};

use crate::auth::{AdmittedWith, Bearer};
use crate::error::ApiError;
use crate::extract::{QueryParams, parse_json};
use crate::idempotency::{self, Answer, KEY_OPTIONAL};
use paspor_app::office::admin;
use paspor_app::payments::{
    list_payments, list_rejected, payment_dto, take_integrator_notice, take_signed_notice,
};
use paspor_app::signature::SIGNATURE_HEADER;
use paspor_app::state::AppState;

fn signature_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
}

/// A payment notice from the payment channel, signed with
/// `Paspor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`; or,
/// from a payment channel registered as an integrator client, sent with its access token
/// (scope `payments:write`) instead. The same event twice changes nothing the second time. At most 16 KiB.
/// Every field is checked against the schema first: a notice that breaks it (or whose
/// `paid_at` is before 2024 or more than 5 minutes ahead) changes nothing, is refused naming
/// the field, and is kept for system admins (`GET /v1/admin/rejected-payment-notices`).
#[utoipa::path(
    operation_id = "receive_payment_notification",
    tag = "payments",
    security(("payment_signature" = []), ("integrator" = ["payments:write"])),
    request_body = PaymentNoticeRequest,
    responses(
        (status = 200, description = "Applied, kept as unmatched for an admin (unknown code, or the booking expired first), or a duplicate", body = PaymentAckDto),
        (status = 400, description = "The body is not a payment notice, or a field breaks the schema (an event id that is not 1 to 128 visible ASCII characters, a billing code that is not 15 digits, an amount out of 1 to 100,000,000, a control character anywhere), named in `errors`: kept as a rejected notice", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unsigned, wrongly signed, or signed more than 5 minutes from now; or an invalid or expired access token, or one of a revoked client", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An access token that is not an integrator's with the scope `payments:write`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The amount is not the one due: recorded and refused; or `paid_at` is before 2024-01-01 or more than 5 minutes after the server's clock: kept as a rejected notice", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("")]
pub async fn notification(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    // A bearer token instead of a signature: an integrator client with `payments:write`.
    let ack = if request.headers().contains_key(header::AUTHORIZATION) {
        let Bearer(principal) = Bearer::extract(&request).await?;
        take_integrator_notice(&state, &principal, &body).await?
    } else {
        take_signed_notice(&state, signature_of(request.headers()), &body).await?
    };
    Ok(HttpResponse::Ok().json(ack))
}

/// Stored payments of one status (system admins): `unmatched` ones are to settle by hand,
/// `settled` ones were.
#[utoipa::path(
    operation_id = "list_payments",
    tag = "admin",
    security(("bearer" = [])),
    params(PaymentListQuery, PageQuery),
    responses(
        (status = 200, description = "A page of payments, oldest first", body = PaymentPage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/payments")]
pub async fn list(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, (QueryParams(filter), QueryParams(paging))): AdmittedWith<
        SystemAdmin,
        (QueryParams<PaymentListQuery>, QueryParams<PageQuery>),
    >,
) -> Result<web::Json<PaymentPage>, ApiError> {
    Ok(web::Json(
        list_payments(&state, &system_admin, filter, paging).await?,
    ))
}

/// Payment notices refused for breaking the contract (system admins), newest first.
///
/// Each with who sent it (the signature, or which integrator client), when, the status it
/// was answered with, the field at fault and why, and what was received (its first 2,048
/// bytes). They changed nothing; the channel is to send them again, corrected.
#[utoipa::path(
    operation_id = "list_rejected_payment_notices",
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of rejected notices, newest first", body = RejectedPaymentNoticePage),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/rejected-payment-notices")]
pub async fn list_rejected_notices(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, QueryParams(paging)): AdmittedWith<
        SystemAdmin,
        QueryParams<PageQuery>,
    >,
) -> Result<web::Json<RejectedPaymentNoticePage>, ApiError> {
    Ok(web::Json(
        list_rejected(&state, &system_admin, paging).await?,
    ))
}

/// Settles an unmatched payment by hand (system admins only): `refunded` (the money goes
/// back outside this service), or `applied` to an application awaiting exactly that
/// amount, which becomes paid as a matched notice would make it (its holder is notified).
/// A payment that arrived after its booking expired cannot be applied to that application:
/// its place was released, so the answer is 409 and the payment is to be refunded. The
/// payment becomes `settled`, keeping the resolution, the note, who and when.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The payment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Optional: 1 to 255 visible ASCII characters; a retry with the same key and body replays the first answer (24 hours)")
    ),
    request_body = SettlementRequest,
    responses(
        (status = 200, description = "The payment, settled", body = PaymentDto),
        (status = 400, description = "A field breaks the schema (e.g. an empty note)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a system admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such payment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The payment is not unmatched, or the application is not awaiting exactly this payment (expired, paid, another amount...): refund instead; or a request with this Idempotency-Key is in flight", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An application for a refund or none to apply to, an application that does not exist, or the Idempotency-Key was used with another body", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/payments/{id}/settlement")]
pub async fn settle_payment(
    state: web::Data<AppState>,
    AdmittedWith(system_admin, body): AdmittedWith<SystemAdmin, web::Bytes>,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let input: SettlementRequest = parse_json(&request, &body)?;
    let work = admin::settle_payment(&state, &system_admin, id.into_inner(), input)?;
    idempotency::write(
        &state,
        &system_admin,
        &request,
        &body,
        KEY_OPTIONAL,
        work,
        |settled| Answer::ok(&payment_dto(settled.clone())),
    )
    .await
}
