//! How payment notices are verified: [`PaymentSettings`] and
//! `PASPOR_PAYMENT_WEBHOOK_SECRET`.

use secrecy::SecretString;

use super::Environment;
use super::auth::MIN_JWT_SECRET_BYTES;

/// How payment notices are verified.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// `PASPOR_PAYMENT_WEBHOOK_SECRET`: the HMAC-SHA256 key the payment channel signs its
    /// notices with, at least 32 bytes; required in production. In development it defaults
    /// to [`DEVELOPMENT_PAYMENT_SECRET`], which the development payment simulator uses.
    pub webhook_secret: SecretString,
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
    }
}
