//! The per-address rate limit of the endpoints that an attacker would hammer: register,
//! login, code checks and resends, password resets.
//!
//! Per-account limits live with the accounts themselves (lockout after failed logins,
//! resend limits of codes, attempts per code), so that spreading a guess over many
//! addresses does not help either.

use std::net::IpAddr;

use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock as _, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::{
    Governor, GovernorConfig, GovernorConfigBuilder, KeyExtractor, SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder};

use crate::problem::{ProblemKind, problem_response};

/// The key of the limit: the client's address, as the socket reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress;

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, request: &ServiceRequest) -> Result<IpAddr, Self::KeyExtractionError> {
        request
            .peer_addr()
            .map(|address| address.ip())
            .ok_or_else(|| SimpleKeyExtractionError::new("no client address"))
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        _: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative.wait_time_from(DefaultClock::default().now());
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut response = problem_response(
            ProblemKind::TooManyRequests,
            &format!("too many sign-in requests from your address; try again in {seconds} s"),
            &[],
        );
        if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// The limiter's settings, shared by every worker so that the count is per process.
pub type SignInLimiter = GovernorConfig<ClientAddress, NoOpMiddleware<QuantaInstant>>;

/// A limit of `per_minute` requests a minute per address, in bursts of up to a third of
/// that (at least one).
pub fn sign_in_limiter(per_minute: u32) -> SignInLimiter {
    let per_minute = u64::from(per_minute.max(1));
    let interval_ms = (60_000 / per_minute).max(1);
    let burst = u32::try_from((per_minute / 3).max(1)).unwrap_or(u32::MAX);
    GovernorConfigBuilder::default()
        .key_extractor(ClientAddress)
        .milliseconds_per_request(interval_ms)
        .burst_size(burst)
        .finish()
        .expect("a positive period and burst")
}

/// The middleware for a scope of sign-in endpoints.
pub fn governor(config: &SignInLimiter) -> Governor<ClientAddress, NoOpMiddleware<QuantaInstant>> {
    Governor::new(config)
}
