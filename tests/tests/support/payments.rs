//! Payment notices as the payment channel sends them: a body signed with HMAC-SHA256 over
//! the timestamp and the raw body (`Paspor-Signature: t=<unix>,v1=<hex>`).

use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::Value;
use sha2::Sha256;

use super::app::{Answer, TestApp};
use paspor_api::clock::Clock as _;

/// The development payment secret (`paspor_api::config::DEVELOPMENT_PAYMENT_SECRET`).
pub const PAYMENT_SECRET: &[u8] = b"development-payment-webhook-secret-0123456789";

/// `raw`, whatever it holds, signed at `signed_at` with `secret` and sent.
pub async fn notify_raw(app: &TestApp, raw: String, signed_at: i64, secret: &[u8]) -> Answer {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(format!("{signed_at}.{raw}").as_bytes());
    let signature = format!(
        "t={signed_at},v1={}",
        hex::encode(mac.finalize().into_bytes())
    );
    app.request_body(
        Method::POST,
        "/v1/payments/notifications",
        raw,
        &[
            ("paspor-signature", &signature),
            ("content-type", "application/json"),
        ],
    )
    .await
}

/// A notice signed now with the development secret, as the payment channel sends it.
pub async fn notify(app: &TestApp, notice: &Value) -> Answer {
    let signed_at = app.clock.now().timestamp();
    notify_raw(app, notice.to_string(), signed_at, PAYMENT_SECRET).await
}

/// A notice paying `amount` on `billing_code` now, as SIMPONI's channel sends it: with the
/// NTPN it issued and the bank paid through.
pub fn paid_notice(
    app: &TestApp,
    event_id: &str,
    billing_code: &str,
    amount: i64,
    ntpn: &str,
) -> Value {
    serde_json::json!({
        "event_id": event_id,
        "billing_code": billing_code,
        "amount": amount,
        "paid_at": app.clock.now(),
        "ntpn": ntpn,
        "channel": "Bank BRI",
    })
}
