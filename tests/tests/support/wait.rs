//! Waiting for what background jobs do: check again and again, for a bounded while, then
//! fail naming what never happened. No test sleeps a fixed time and hopes.

use std::time::Duration;

/// How often a condition is checked again.
const EVERY: Duration = Duration::from_millis(20);

/// How long before giving up: far above what a loaded two-core machine needs.
const AT_MOST: Duration = Duration::from_secs(20);

/// Polls `check` until it gives a value, and returns that; panics after [`AT_MOST`].
pub async fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let attempts = AT_MOST.as_millis() / EVERY.as_millis();
    for _ in 0..attempts {
        if let Some(value) = check() {
            return value;
        }
        actix_web::rt::time::sleep(EVERY).await;
    }
    panic!("{what}: not within {} s", AT_MOST.as_secs());
}
