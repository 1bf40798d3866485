//! Taking a payment notice: who sent it (the channel, by its signature over the raw body,
//! or an integrator client with `payments:write`), whether it keeps the contract (one that
//! breaks it is kept apart for an admin and refused), and applying it once per event.

use paspor_domain::integrator::Scope;
use paspor_openapi::{PaymentAckDto, PaymentNoticeRequest, PaymentResultDto};
use paspor_persistence::bookings;
use secrecy::ExposeSecret as _;

use super::contract::read_notice;
use super::notices::{NoticeOutcome, amount_mismatch, receive_notice};
use super::rejected::{Sender, reject};
use crate::auth::{Principal, unauthorized};
use crate::integrators::authorize;
use crate::refusal::Refusal;
use crate::said::Said as _;
use crate::signature::{sign, verify};
use crate::state::AppState;

/// A notice signed with the channel's shared secret (`signature` is the header's value).
pub async fn take_signed_notice(
    state: &AppState,
    signature: Option<&str>,
    body: &[u8],
) -> Result<PaymentAckDto, Refusal> {
    let secret = state.payment_secret.expose_secret().as_bytes();
    verify(secret, signature, body, state.clock.now())
        .map_err(|error| unauthorized(error.said(), false))?;
    apply(state, &Sender::Signature, body).await
}

/// A notice sent by an integrator client, which needs the scope `payments:write`.
pub async fn take_integrator_notice(
    state: &AppState,
    principal: &Principal,
    body: &[u8],
) -> Result<PaymentAckDto, Refusal> {
    let client = authorize(state, principal, Scope::PaymentsWrite).await?;
    apply(state, &Sender::Integrator(client), body).await
}

/// Applies a notice whose sender has been authenticated, once every field is checked
/// against the contract.
async fn apply(state: &AppState, sender: &Sender, body: &[u8]) -> Result<PaymentAckDto, Refusal> {
    let notice = match read_notice(body, state.clock.now()) {
        Ok(notice) => notice,
        Err(breach) => return Err(reject(state, sender, body, breach).await),
    };
    let event_id = notice.event_id.clone();
    let result = match receive_notice(state, notice).await? {
        NoticeOutcome::Applied => PaymentResultDto::Applied,
        NoticeOutcome::Unmatched => PaymentResultDto::Unmatched,
        NoticeOutcome::Duplicate => PaymentResultDto::Duplicate,
        NoticeOutcome::AmountMismatch { due } => return Err(amount_mismatch(due)),
    };
    Ok(PaymentAckDto { event_id, result })
}

/// Development only: pays the amount due on `billing_code` as the payment channel would,
/// with a signed notice through the same path as real ones.
pub async fn simulate_payment(
    state: &AppState,
    billing_code: String,
) -> Result<PaymentAckDto, Refusal> {
    let lookup = billing_code.clone();
    let booking = state
        .db
        .run(move |conn| bookings::find_by_billing_code(conn, &lookup))
        .await?
        .ok_or_else(|| Refusal::not_found("booking"))?;
    let now = state.clock.now();
    let notice = PaymentNoticeRequest {
        event_id: format!("dev-{}", uuid::Uuid::new_v4()),
        billing_code,
        amount: booking.amount,
        paid_at: now,
        // What SIMPONI would issue: 16 capital letters or digits, and the channel named
        // as the simulator, so that a receipt in development shows both.
        ntpn: Some(uuid::Uuid::new_v4().simple().to_string()[..16].to_ascii_uppercase()),
        channel: Some("Simulator".to_owned()),
    };
    let body = serde_json::to_vec(&notice).map_err(Refusal::internal)?;
    let signature = sign(state.payment_secret.expose_secret().as_bytes(), now, &body);
    take_signed_notice(state, Some(&signature), &body).await
}
