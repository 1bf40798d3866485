//! The per-address rate limit of the endpoints that an attacker would hammer: register,
//! login, code checks and resends, password resets, the OAuth token. Kept in the database
//! (`paspor_persistence::rate_limits`) so that every api process sharing it keeps one
//! count: behind a load balancer, N processes do not give N times the limit.
//!
//! Per-account limits live with the accounts themselves (failed sign-ins per account and
//! address, resend limits of codes, attempts per code), so that spreading a guess over many
//! addresses does not help either.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};
use chrono::TimeDelta;
use paspor_persistence::rate_limits::{self, Verdict};

use crate::error::ApiError;
use crate::problem::{ProblemKind, problem_response};
use crate::state::AppState;

/// The client's address, as the socket reports it ("unknown" where it does not).
pub fn client_address(request: &HttpRequest) -> String {
    request
        .peer_addr()
        .map_or_else(|| "unknown".to_owned(), |address| address.ip().to_string())
}

/// A limit of one request every `interval` per address, in bursts of `burst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimit {
    interval: TimeDelta,
    burst: u32,
}

/// A limit of `per_minute` requests a minute per address, in bursts of up to a third of
/// that (at least one).
pub fn sign_in_limit(per_minute: u32) -> SignInLimit {
    let per_minute = i64::from(per_minute.max(1));
    SignInLimit {
        interval: TimeDelta::milliseconds((60_000 / per_minute).max(1)),
        burst: u32::try_from((per_minute / 3).max(1)).unwrap_or(u32::MAX),
    }
}

/// The middleware of a scope of sign-in endpoints: counts the request against its
/// address's limit, and answers 429 with `Retry-After` past it.
pub async fn limit_sign_in(
    limit: SignInLimit,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Err(ApiError::internal(anyhow::anyhow!("no application state")).into());
    };
    let key = format!("sign-in:{}", client_address(request.request()));
    let now = state.clock.now();
    let verdict = state
        .db
        .run(move |conn| rate_limits::take(conn, &key, limit.interval, limit.burst, now))
        .await?;
    match verdict {
        Verdict::Pass => Ok(next.call(request).await?.map_into_left_body()),
        Verdict::Wait(wait) => {
            let seconds = (wait.num_milliseconds().max(0) + 999) / 1000;
            let mut response = problem_response(
                ProblemKind::TooManyRequests,
                &format!("too many sign-in requests from your address; try again in {seconds} s"),
                &[],
            );
            if let Ok(value) = header::HeaderValue::from_str(&seconds.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(request.into_response(response).map_into_right_body())
        }
    }
}
