//! How payment notices are verified and how long a late one is waited for:
//! [`PaymentSettings`], `PASPOR_PAYMENT_WEBHOOK_SECRET`, `PASPOR_PAYMENT_GRACE_MINUTES`
//! and `PASPOR_SETTLEMENT_MOVE_DAYS`.

use chrono::TimeDelta;
use secrecy::SecretString;

use super::Environment;
use super::auth::MIN_JWT_SECRET_BYTES;
use super::parse::ranged;

/// How payments that arrive late are waited for and settled.
#[derive(Debug, Clone, Copy)]
pub struct LatePayments {
    /// `PASPOR_PAYMENT_GRACE_MINUTES`: how long past its 2-hour deadline an unpaid
    /// booking's place stays held (not offered to anyone else) while a notice of a payment
    /// made in time may still be in flight; default 30, 0 frees the place at the deadline.
    pub grace: TimeDelta,
    /// `PASPOR_SETTLEMENT_MOVE_DAYS`: how many days past its session a payment reconciled
    /// from the settlement report looks for a free place when its own was taken; default 30.
    pub move_days: u32,
}

impl LatePayments {
    /// The defaults.
    pub const DEFAULT: LatePayments = LatePayments {
        grace: TimeDelta::minutes(30),
        move_days: 30,
    };

    fn from_vars<'a>(get: &impl Fn(&str) -> Option<&'a str>, problems: &mut Vec<String>) -> Self {
        let grace = ranged(
            get("PASPOR_PAYMENT_GRACE_MINUTES"),
            "PASPOR_PAYMENT_GRACE_MINUTES",
            0..=1440,
            problems,
        )
        .map_or(Self::DEFAULT.grace, |minutes| {
            TimeDelta::minutes(i64::from(minutes))
        });
        let move_days = ranged(
            get("PASPOR_SETTLEMENT_MOVE_DAYS"),
            "PASPOR_SETTLEMENT_MOVE_DAYS",
            0..=365,
            problems,
        )
        .unwrap_or(Self::DEFAULT.move_days);
        LatePayments { grace, move_days }
    }
}

/// How payment notices are verified.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// `PASPOR_PAYMENT_WEBHOOK_SECRET`: the HMAC-SHA256 key the payment channel signs its
    /// notices with, at least 32 bytes; required in production. In development it defaults
    /// to [`DEVELOPMENT_PAYMENT_SECRET`], which the development payment simulator uses.
    pub webhook_secret: SecretString,
    /// The grace period and the settlement report's search for a place.
    pub late: LatePayments,
}

/// The payment secret in development, known so that local tools can sign notices.
pub const DEVELOPMENT_PAYMENT_SECRET: &str = "development-payment-webhook-secret-0123456789";

pub(super) fn payment_settings<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> PaymentSettings {
    let secret = match get("PASPOR_PAYMENT_WEBHOOK_SECRET") {
        Some(secret) if secret.len() < MIN_JWT_SECRET_BYTES => {
            problems.push(format!(
                "PASPOR_PAYMENT_WEBHOOK_SECRET is {} bytes long: it must be at least \
                 {MIN_JWT_SECRET_BYTES}",
                secret.len()
            ));
            DEVELOPMENT_PAYMENT_SECRET
        }
        Some(secret) => secret,
        None if environment == Environment::Production => {
            problems.push(
                "PASPOR_PAYMENT_WEBHOOK_SECRET is required in production: the secret shared \
                 with the payment channel"
                    .to_owned(),
            );
            DEVELOPMENT_PAYMENT_SECRET
        }
        None => DEVELOPMENT_PAYMENT_SECRET,
    };
    PaymentSettings {
        webhook_secret: SecretString::from(secret),
        late: LatePayments::from_vars(get, problems),
    }
}
