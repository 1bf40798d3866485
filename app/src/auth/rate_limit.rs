//! The per-address rate limit of the endpoints that an attacker would hammer: register,
//! login, code checks and resends, password resets, the OAuth token. Kept in the database
//! (`paspor_persistence::rate_limits`) so that every api process sharing it keeps one
//! count: behind a load balancer, N processes do not give N times the limit.
//!
//! Per-account limits live with the accounts themselves (failed sign-ins per account and
//! address, resend limits of codes, attempts per code), so that spreading a guess over many
//! addresses does not help either.

use chrono::TimeDelta;
use paspor_persistence::rate_limits::{self, Verdict};

use crate::locale::Message;
use crate::refusal::{Refusal, RefusalKind};
use crate::state::AppState;

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

/// Counts a sign-in request from `address` against its limit: a 429 refusal with the
/// seconds to wait past it.
pub async fn admit_sign_in(
    state: &AppState,
    limit: SignInLimit,
    address: &str,
) -> Result<(), Refusal> {
    let key = format!("sign-in:{address}");
    let now = state.clock.now();
    let verdict = state
        .db
        .run(move |conn| rate_limits::take(conn, &key, limit.interval, limit.burst, now))
        .await?;
    match verdict {
        Verdict::Pass => Ok(()),
        Verdict::Wait(wait) => {
            let seconds = (wait.num_milliseconds().max(0) + 999) / 1000;
            Err(Refusal::new(
                RefusalKind::TooManyRequests,
                Message::new("auth-sign-in-rate").with("seconds", seconds),
            )
            .retry_after(u64::try_from(seconds).unwrap_or(1)))
        }
    }
}
