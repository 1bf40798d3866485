//! The background jobs seen from outside: how many passes a job has finished (from the
//! server's own `/metrics`), so that a test can move the clock and then wait until a pass
//! that began after the move is over, instead of sleeping and hoping.

use std::time::Duration;

use super::app::TestApp;

/// The unpaid-booking expiry job (with the waitlist offers that follow it in each pass).
pub const BOOKING_EXPIRY: &str = "booking_expiry";

/// How often a job's passes are counted again while waiting.
const EVERY: Duration = Duration::from_millis(5);

/// How long before giving up: far above a job's interval on a loaded two-core machine.
const AT_MOST: Duration = Duration::from_secs(20);

impl TestApp {
    /// The passes of `job` finished so far, successful or not.
    pub async fn job_passes(&self, job: &str) -> u64 {
        let metrics = self.get("/metrics").await;
        assert_eq!(metrics.status, 200, "/metrics answers");
        let text = String::from_utf8_lossy(&metrics.bytes);
        let label = format!("job=\"{job}\"");
        text.lines()
            .filter(|line| line.starts_with("paspor_job_runs_total{") && line.contains(&label))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            // Counters are whole numbers written as floats.
            .map(|count| count as u64)
            .sum()
    }

    /// Waits until `job` has finished two more passes than when called: the second of
    /// them began after the call, so it saw whatever the test had done (moved the clock,
    /// freed a place) before calling.
    pub async fn job_has_run(&self, job: &str) {
        let before = self.job_passes(job).await;
        let attempts = AT_MOST.as_millis() / EVERY.as_millis();
        for _ in 0..attempts {
            if self.job_passes(job).await >= before + 2 {
                return;
            }
            actix_web::rt::time::sleep(EVERY).await;
        }
        panic!(
            "the {job} job did not pass twice within {} s",
            AT_MOST.as_secs()
        );
    }
}
