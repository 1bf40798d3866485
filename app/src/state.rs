//! What every handler shares: the database, the document store, the clock, the keys and
//! hashers of sign-in, the check-in key, the outbox's wake-up, and the metrics.

use std::sync::Arc;

use secrecy::SecretString;

use crate::auth::{CheckInKey, CodeKey, PasswordHasher, TokenKeys};
use crate::availability_cache::AvailabilityCache;
use crate::clock::Clock;
use crate::config::WebhookSettings;
use crate::db::Db;
use crate::documents::DocumentStore;
use crate::metrics::Metrics;
use crate::outbox::Outbox;

/// Shared by all handlers of all workers.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Recent availability answers (`PASPOR_AVAILABILITY_CACHE_MS`).
    pub availability: AvailabilityCache,
    /// Where uploaded documents are kept.
    pub documents: DocumentStore,
    /// The source of "now".
    pub clock: Arc<dyn Clock>,
    /// After a transaction that enqueued outbox messages commits, `state.outbox.wake()`
    /// has them delivered at once rather than at the worker's next poll.
    pub outbox: Outbox,
    /// Signs and checks access tokens.
    pub tokens: TokenKeys,
    /// Hashes and verifies passwords, a bounded number at once.
    pub passwords: PasswordHasher,
    /// Hashes one-time codes.
    pub codes: CodeKey,
    /// Signs check-in codes.
    pub check_in: CheckInKey,
    /// The key payment notices are signed with.
    pub payment_secret: SecretString,
    /// The payment grace period and the settlement report's search for a place
    /// (`PASPOR_PAYMENT_GRACE_MINUTES`, `PASPOR_SETTLEMENT_MOVE_DAYS`).
    pub late_payments: crate::config::LatePayments,
    /// Prometheus counters: `state.metrics.booking_made()` and the like where things happen.
    pub metrics: Metrics,
    /// How many days ahead sessions are created (an office created through the API gets
    /// its sessions at once).
    pub session_horizon_days: u32,
    /// The rules of webhook subscriber URLs (HTTPS, the SSRF guard).
    pub webhooks: WebhookSettings,
    /// The proof of work bookings need, if any (`PASPOR_BOOKING_PROOF_BITS`).
    pub booking_proof: crate::booking_proof::BookingProof,
    /// Offices, tariff schedules and booking limits, remembered briefly
    /// (`PASPOR_REFERENCE_CACHE_MS`).
    pub reference: crate::reference_data::ReferenceData,
    /// Which sign-ins are live, remembered briefly (`PASPOR_SESSION_CHECK_CACHE_MS`).
    pub sessions: crate::auth::LiveSessions,
    /// A fault injected after keyed writes commit (drills and tests; off otherwise).
    pub fault_after_commit: crate::faults::AfterCommit,
    /// How long what the law keeps after an account closes is kept (`PASPOR_RETENTION_*`).
    pub retention: crate::config::RetentionSettings,
    /// The privacy notice in force and how exports are kept (`PASPOR_PRIVACY_NOTICE_VERSION`,
    /// `PASPOR_EXPORT_*`).
    pub privacy: crate::config::PrivacySettings,
}
