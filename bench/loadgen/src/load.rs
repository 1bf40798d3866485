//! A closed-loop load: `connections` clients each sending the same request (or the next of a
//! few, in turn) as soon as the last one is answered, for a fixed time. Latency is measured
//! per request, so a slow server shows as latency, not as a lower send rate hiding it (each
//! client has one request in flight, as wrk does). A client told to come back later (429 or
//! 503 with `Retry-After`) waits that long before its next request, as the app does.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use crate::stats::Stats;

/// One kind of request to repeat.
#[derive(Clone)]
pub struct Target {
    pub method: Method,
    pub url: String,
    pub token: Option<String>,
    pub body: Option<Value>,
}

/// How long a 429 or 503 answer asks the client to wait before trying again.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    if !matches!(response.status().as_u16(), 429 | 503) {
        return None;
    }
    let seconds = response.headers().get("retry-after")?.to_str().ok()?;
    seconds.parse().ok().map(Duration::from_secs)
}

/// Runs the load; returns what it saw and the time it ran.
pub async fn run(
    http: &reqwest::Client,
    target: &Target,
    connections: usize,
    duration: Duration,
) -> (Stats, Duration) {
    run_each(http, std::slice::from_ref(target), connections, duration).await
}

/// As [`run`], with each client going through `targets` in turn (client n starting at the
/// n-th), e.g. the same read of several offices.
pub async fn run_each(
    http: &reqwest::Client,
    targets: &[Target],
    connections: usize,
    duration: Duration,
) -> (Stats, Duration) {
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..connections)
        .map(|n| {
            let (http, targets) = (http.clone(), targets.to_vec());
            tokio::spawn(async move {
                let mut stats = Stats::default();
                for target in targets.iter().cycle().skip(n) {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let mut request = http.request(target.method.clone(), &target.url);
                    if let Some(token) = &target.token {
                        request = request.bearer_auth(token);
                    }
                    if let Some(body) = &target.body {
                        request = request.json(body);
                    }
                    let began = Instant::now();
                    match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let come_back = retry_after(&response);
                            // Read the whole body: it is part of the answer's cost.
                            let _ = response.bytes().await;
                            stats.record(status, began.elapsed());
                            if let Some(wait) = come_back {
                                let until = (Instant::now() + wait).min(deadline);
                                tokio::time::sleep_until(tokio::time::Instant::from_std(until))
                                    .await;
                            }
                        }
                        Err(_) => stats.transport_errors += 1,
                    }
                }
                stats
            })
        })
        .collect();
    let mut total = Stats::default();
    for worker in workers {
        total.merge(&worker.await.expect("the worker ran"));
    }
    (total, started.elapsed())
}
