//! Storage for the passport service: one Diesel code path over SQLite (the embedded
//! default) and PostgreSQL (production), chosen from the database URL.
//!
//! Queries are plain functions taking `&mut DbConnection`; they return domain types or
//! small read models, never row structs, so nothing above this crate sees SQL shapes.

mod conditional;
mod connection;
mod error;
mod ids;
mod migrate;
mod pool;
mod release_rules;
pub mod schema;
#[cfg(test)]
mod testing;
mod time;
mod transaction;
mod url_params;

pub mod accounts;
pub mod applicants;
pub mod application_bookings;
pub mod applications;
pub mod audit;
pub mod booking_limits;
pub mod booking_standing;
pub mod bookings;
pub mod consents;
pub mod corrections;
pub mod decisions;
pub mod deliveries;
pub mod devices;
pub mod document_reads;
pub mod documents;
pub mod erasure;
pub mod exports;
pub mod health;
pub mod holidays;
pub mod idempotency;
pub mod integrators;
pub mod offices;
pub mod outbox;
pub mod passports;
pub mod payments;
pub mod places;
pub mod processing;
pub mod rate_limits;
pub mod rejected_notices;
pub mod reminders;
pub mod restarts;
pub mod screening;
pub mod seed;
pub mod service_status;
pub mod sessions;
pub mod settlement_reports;
pub mod tariffs;
pub mod tracking;
pub mod validity_rules;
pub mod waitlist;
pub mod walk_in_only_days;
pub mod walk_ins;
pub mod webhooks;

pub use conditional::Conditional;
pub use connection::{Backend, DbConnection};
pub use error::{StoreError, StoreResult};
pub use ids::new_id;
pub use migrate::{MigrationReport, run_migrations};
pub use pool::{DbPool, PoolSettings, PooledConnection, connect_pool, open_connection};
pub use transaction::{committed_writes, write_transaction};
