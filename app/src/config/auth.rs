//! How accounts sign in: [`AuthSettings`] (`PASPOR_JWT_SECRET`, the sign-in rate, the
//! password hashing slots) and how long a sign-in found live is trusted.

use std::time::Duration;

use secrecy::SecretString;

use super::Environment;
use super::parse::ranged;

/// How accounts sign in and how hard they may try.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// `PASPOR_JWT_SECRET`: the HS256 key of access tokens, at least 32 bytes. Required in
    /// production; in development a random one is made at start (tokens die with the
    /// process).
    pub jwt_secret: Option<SecretString>,
    /// `PASPOR_AUTH_RATE_PER_MINUTE`: requests a client address may make per minute to the
    /// register, login, code, reset, password-change and token endpoints, default 30
    /// (bursts of 10).
    pub rate_per_minute: u32,
    /// `PASPOR_PASSWORD_HASHING_SLOTS`: password hashes computed at once (threads of their
    /// own), default the number of cores, so that a login storm cannot take every thread.
    pub hashing_slots: Option<usize>,
    /// `PASPOR_PASSWORD_HASHING_MAX_WAIT_MS`: the longest a password check (sign-in,
    /// registration, password change or reset) may expect to wait for a hashing thread,
    /// default 2000. Beyond it the request is answered 503 with `Retry-After` at once.
    pub hashing_max_wait: Duration,
}

/// How long a password check may expect to wait unless `PASPOR_PASSWORD_HASHING_MAX_WAIT_MS`
/// says otherwise: with a hash's own time, a sign-in in a storm is answered within about
/// three seconds.
pub const DEFAULT_HASHING_MAX_WAIT: Duration = Duration::from_secs(2);

/// The shortest JWT secret accepted: 256 bits, HS256's own key size.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// How long a process trusts a sign-in found live unless `PASPOR_SESSION_CHECK_CACHE_MS`
/// says otherwise: one database read a second per token in use at most, and a session
/// ended in another process refused within a second.
pub(super) const DEFAULT_SESSION_CHECK_CACHE: Duration = Duration::from_secs(1);

pub(super) fn auth_settings<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> AuthSettings {
    let jwt_secret = match get("PASPOR_JWT_SECRET") {
        Some(secret) if secret.len() < MIN_JWT_SECRET_BYTES => {
            problems.push(format!(
                "PASPOR_JWT_SECRET is {} bytes long: it must be at least {MIN_JWT_SECRET_BYTES} \
                 (e.g. `openssl rand -base64 48`)",
                secret.len()
            ));
            None
        }
        Some(secret) => Some(SecretString::from(secret)),
        None if environment == Environment::Production => {
            problems.push(
                "PASPOR_JWT_SECRET is required in production (at least 32 random bytes, \
                 e.g. `openssl rand -base64 48`)"
                    .to_owned(),
            );
            None
        }
        None => None,
    };
    let rate_per_minute = ranged(
        get("PASPOR_AUTH_RATE_PER_MINUTE"),
        "PASPOR_AUTH_RATE_PER_MINUTE",
        1..=1_000_000,
        problems,
    )
    .unwrap_or(30);
    let hashing_slots = ranged(
        get("PASPOR_PASSWORD_HASHING_SLOTS"),
        "PASPOR_PASSWORD_HASHING_SLOTS",
        1..=256,
        problems,
    )
    .map(|n| n as usize);
    let hashing_max_wait = ranged(
        get("PASPOR_PASSWORD_HASHING_MAX_WAIT_MS"),
        "PASPOR_PASSWORD_HASHING_MAX_WAIT_MS",
        1..=60_000,
        problems,
    )
    .map_or(DEFAULT_HASHING_MAX_WAIT, |ms| {
        Duration::from_millis(ms.into())
    });
    AuthSettings {
        jwt_secret,
        rate_per_minute,
        hashing_slots,
        hashing_max_wait,
    }
}
