//! Prometheus metrics: what operators graph and alert on.
//!
//! One registry per [`Metrics`] (one per server: the black-box tests run several servers in
//! one process, each with counts of its own). Counters are bumped where things happen (a
//! request answered, a booking made, a payment notice taken, a job pass); gauges that
//! describe the present (the pool, the outbox backlog) are read when `/metrics` is scraped.
//!
//! The HTTP edge counts requests into it (`paspor_api`'s `request_metrics`) and answers
//! `/metrics` (`routes::metrics::scrape`), which is for operators: it is not in the
//! published OpenAPI document and should be reachable only from the monitoring network (see
//! the README's "Operating" section).

use std::sync::Arc;

use paspor_persistence::outbox;
use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

use crate::db::Db;

/// The label of requests that matched no route: raw paths would make a series per probe.
const UNMATCHED: &str = "unmatched";

/// Latency buckets in seconds, from a cached read to a slow upload.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// This server's metrics; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    in_flight: IntGauge,
    bookings: IntCounter,
    availability_answers: IntCounterVec,
    payment_notices: IntCounterVec,
    job_runs: IntCounterVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    request_statements: IntCounter,
    outbox_pending: IntGauge,
    database_up: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric at zero.
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let inner = Inner {
            requests: counter_vec(
                &registry,
                "paspor_http_requests_total",
                "HTTP requests answered, by method, route pattern and status",
                &["method", "route", "status"],
            ),
            latency: histogram_vec(
                &registry,
                "paspor_http_request_duration_seconds",
                "Time from the request's head to its answer, by method, route pattern and status",
                &["method", "route", "status"],
            ),
            in_flight: gauge(
                &registry,
                "paspor_http_requests_in_flight",
                "HTTP requests being handled now",
            ),
            bookings: counter(
                &registry,
                "paspor_bookings_total",
                "Places booked for applications (billing codes issued)",
            ),
            availability_answers: counter_vec(
                &registry,
                "paspor_availability_answers_total",
                "Availability answers, by source (cache, database)",
                &["source"],
            ),
            payment_notices: counter_vec(
                &registry,
                "paspor_payment_notices_total",
                "Payment notices taken, by outcome (applied, unmatched, duplicate, amount_mismatch, rejected)",
                &["outcome"],
            ),
            job_runs: counter_vec(
                &registry,
                "paspor_job_runs_total",
                "Passes of the background jobs, by job and outcome (ok, error)",
                &["job", "outcome"],
            ),
            pool_connections: gauge(
                &registry,
                "paspor_db_pool_connections",
                "Database connections open in the pool (idle or in use)",
            ),
            pool_idle: gauge(
                &registry,
                "paspor_db_pool_idle_connections",
                "Database connections open and idle in the pool",
            ),
            pool_max: gauge(
                &registry,
                "paspor_db_pool_max_connections",
                "The most connections the pool opens (PASPOR_DB_POOL_SIZE)",
            ),
            request_statements: counter(
                &registry,
                "paspor_db_request_statements_total",
                "Statements run on the database for requests (background jobs not counted), \
                 transactions' own BEGIN, SAVEPOINT and COMMIT included",
            ),
            outbox_pending: gauge(
                &registry,
                "paspor_outbox_pending_messages",
                "Email and push messages waiting for delivery, due or not (all instances)",
            ),
            database_up: gauge(
                &registry,
                "paspor_database_up",
                "1 when the last scrape could query the database, else 0",
            ),
            registry,
        };
        Metrics {
            inner: Arc::new(inner),
        }
    }

    /// A request answered with `status` after `seconds`, on the route `pattern`
    /// (`/v1/applications/{id}`, never the raw path; `None` when no route matched).
    pub fn request(&self, method: &str, pattern: Option<&str>, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method_label(method), pattern.unwrap_or(UNMATCHED), &status];
        self.inner.requests.with_label_values(&labels).inc();
        self.inner
            .latency
            .with_label_values(&labels)
            .observe(seconds);
    }

    /// A place was booked.
    pub fn booking_made(&self) {
        self.inner.bookings.inc();
    }

    /// An availability answer came from the in-process cache (`cached`) or the database.
    pub fn availability_answer(&self, cached: bool) {
        let source = if cached { "cache" } else { "database" };
        self.inner
            .availability_answers
            .with_label_values(&[source])
            .inc();
    }

    /// A payment notice was taken with `outcome`.
    pub fn payment_notice(&self, outcome: &str) {
        self.inner
            .payment_notices
            .with_label_values(&[outcome])
            .inc();
    }

    /// One pass of the background job `job` ended, well or not.
    pub fn job_run(&self, job: &str, ok: bool) {
        let outcome = if ok { "ok" } else { "error" };
        self.inner.job_runs.with_label_values(&[job, outcome]).inc();
    }

    /// Counts a request in flight until the returned guard is dropped (also when the
    /// client goes away and the request's future is dropped half-way).
    pub fn in_flight(&self) -> InFlight {
        self.inner.in_flight.inc();
        InFlight(self.inner.in_flight.clone())
    }

    /// The text exposition of every metric (Prometheus' text format, version 0.0.4), after
    /// reading the present state of `db`'s pool and the outbox's backlog in it.
    pub async fn render(&self, db: &Db) -> String {
        let pool = db.pool();
        let pool_state = pool.state();
        self.inner
            .pool_connections
            .set(i64::from(pool_state.connections));
        self.inner
            .pool_idle
            .set(i64::from(pool_state.idle_connections));
        self.inner.pool_max.set(i64::from(pool.max_size()));
        let counted = self.inner.request_statements.get();
        self.inner
            .request_statements
            .inc_by(db.statements_run().saturating_sub(counted));
        // The backlog is shared by every instance on the database; asking costs one count.
        let pending = db
            .call(|conn| outbox::pending_count(conn).map_err(anyhow::Error::from))
            .await;
        match pending {
            Ok(pending) => {
                self.inner.outbox_pending.set(pending);
                self.inner.database_up.set(1);
            }
            Err(error) => {
                tracing::warn!(%error, "metrics: the outbox backlog could not be read");
                self.inner.database_up.set(0);
            }
        }
        let mut text = Vec::new();
        if let Err(error) = TextEncoder::new().encode(&self.inner.registry.gather(), &mut text) {
            tracing::error!(%error, "metrics: encoding failed");
        }
        String::from_utf8(text).unwrap_or_default()
    }
}

/// Decrements the in-flight gauge when dropped.
pub struct InFlight(IntGauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Methods as labels; anything unusual is one label, so a client cannot mint series.
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

// Registration can fail only on a duplicate or malformed name, fixed at compile time
// above: a failure is a programming error caught by every test that starts a server.
fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    let metric = IntCounter::new(name, help).expect("a valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("a unique metric");
    metric
}

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let metric = IntCounterVec::new(Opts::new(name, help), labels).expect("a valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("a unique metric");
    metric
}

fn histogram_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> HistogramVec {
    let opts = HistogramOpts::new(name, help).buckets(LATENCY_BUCKETS.to_vec());
    let metric = HistogramVec::new(opts, labels).expect("a valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("a unique metric");
    metric
}

fn gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    let metric = IntGauge::new(name, help).expect("a valid metric");
    registry
        .register(Box::new(metric.clone()))
        .expect("a unique metric");
    metric
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(metrics: &Metrics) -> String {
        let mut text = Vec::new();
        TextEncoder::new()
            .encode(&metrics.inner.registry.gather(), &mut text)
            .unwrap();
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn requests_are_counted_by_pattern_and_unmatched_paths_share_one_label() {
        let metrics = Metrics::new();
        metrics.request("GET", Some("/v1/applications/{id}"), 200, 0.003);
        metrics.request("GET", Some("/v1/applications/{id}"), 200, 0.2);
        metrics.request("PROPFIND", None, 404, 0.001);
        let text = text(&metrics);
        assert!(
            text.contains(
                r#"paspor_http_requests_total{method="GET",route="/v1/applications/{id}",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"paspor_http_requests_total{method="other",route="unmatched",status="404"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"paspor_http_request_duration_seconds_bucket{method="GET",route="/v1/applications/{id}",status="200",le="0.005"} 1"#
            ),
            "{text}"
        );
    }

    #[test]
    fn events_and_job_runs_are_counted() {
        let metrics = Metrics::new();
        metrics.booking_made();
        metrics.payment_notice("applied");
        metrics.job_run("outbox_delivery", true);
        metrics.job_run("outbox_delivery", false);
        let guard = metrics.in_flight();
        let text = text(&metrics);
        drop(guard);
        assert!(text.contains("paspor_bookings_total 1"), "{text}");
        assert!(
            text.contains(r#"paspor_payment_notices_total{outcome="applied"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"paspor_job_runs_total{job="outbox_delivery",outcome="error"} 1"#),
            "{text}"
        );
        assert!(text.contains("paspor_http_requests_in_flight 1"), "{text}");
        assert!(
            self::text(&metrics).contains("paspor_http_requests_in_flight 0"),
            "the guard gives its count back"
        );
    }
}
