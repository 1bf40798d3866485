//! Latency and status counting for one scenario, and its summary as JSON.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// What one scenario (or one worker of it) saw.
#[derive(Clone)]
pub struct Stats {
    latencies: Histogram<u64>,
    /// The latencies of the answers that did what was asked (2xx) alone.
    succeeded: Histogram<u64>,
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no HTTP answer (connection refused, reset, timeout).
    pub transport_errors: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            // Microseconds, up to 60 s, 3 significant digits.
            latencies: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            succeeded: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            statuses: BTreeMap::new(),
            transport_errors: 0,
        }
    }
}

impl Stats {
    /// Records one answered request.
    pub fn record(&mut self, status: u16, took: Duration) {
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).max(1);
        self.latencies.saturating_record(micros);
        if (200..300).contains(&status) {
            self.succeeded.saturating_record(micros);
        }
        *self.statuses.entry(status).or_default() += 1;
    }

    /// Adds another worker's counts to these.
    pub fn merge(&mut self, other: &Stats) {
        self.latencies.add(&other.latencies).expect("same bounds");
        self.succeeded.add(&other.succeeded).expect("same bounds");
        for (status, count) in &other.statuses {
            *self.statuses.entry(*status).or_default() += count;
        }
        self.transport_errors += other.transport_errors;
    }

    /// How many requests were answered with `status`.
    pub fn count(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    /// Requests answered 5xx or not at all.
    pub fn errors(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| **status >= 500)
            .map(|(_, count)| count)
            .sum::<u64>()
            + self.transport_errors
    }

    fn millis(&self, quantile: f64) -> f64 {
        millis(&self.latencies, quantile)
    }

    /// The summary: requests per second over `elapsed`, latency quantiles in ms, statuses.
    pub fn summary(&self, elapsed: Duration) -> Value {
        let answered = self.latencies.len();
        json!({
            "requests": answered + self.transport_errors,
            "requests_per_second": (answered as f64 / elapsed.as_secs_f64()).round(),
            "p50_ms": self.millis(0.50),
            "p90_ms": self.millis(0.90),
            "p99_ms": self.millis(0.99),
            "max_ms": self.millis(1.0),
            "succeeded_p99_ms": millis(&self.succeeded, 0.99),
            "errors": self.errors(),
            "statuses": self.statuses.iter().map(|(s, c)| (s.to_string(), json!(c))).collect::<serde_json::Map<_, _>>(),
            "seconds": (elapsed.as_secs_f64() * 10.0).round() / 10.0,
        })
    }
}

/// The `quantile` of `latencies` in milliseconds, to two decimals.
fn millis(latencies: &Histogram<u64>, quantile: f64) -> f64 {
    (latencies.value_at_quantile(quantile) as f64 / 1000.0 * 100.0).round() / 100.0
}
