//! The passport service's use cases, grouped by feature, and the adapters they use behind
//! their seams (mail, push, webhooks, the document store, the clock, metrics): everything
//! the service does, without HTTP. The HTTP edge (`paspor_api`) extracts a request, calls
//! one use case and answers; this crate has no actix-web in its dependencies, so a use
//! case cannot reach for a request or a response.
//!
//! Every failure is a feature's own error enum that turns into a [`Refusal`].

pub mod accounts;
pub mod applicants;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod availability_cache;
pub mod booking_proof;
pub mod check_in;
pub mod clock;
pub mod config;
pub mod db;
pub mod devices;
pub mod documents;
pub mod entity_tag;
pub mod faults;
pub mod fees;
pub mod integrators;
pub mod jobs;
pub mod limits;
pub mod locale;
pub mod mail;
pub mod metrics;
pub mod notice;
pub mod offer;
pub mod office;
pub mod offices;
pub mod operator;
pub mod outbox;
pub mod paging;
pub mod parse_reason;
pub mod payments;
pub mod privacy;
pub mod push;
pub mod receipt;
pub mod reference_data;
pub mod refusal;
pub mod reminders;

#[cfg(test)]
mod refusal_words;
pub mod said;
pub mod seeding;
pub mod service_status;
pub mod settlement;
pub mod signature;
pub mod startup;
pub mod state;
pub mod text_input;
pub mod thread_lane;
pub mod tracking;
pub mod webhooks;
pub mod whatsapp;
pub mod write;

pub use accounts::NewStaff;
pub use config::{Config, ConfigError, Environment};
pub use refusal::{Challenge, FieldReason, Refusal, RefusalKind};
pub use state::AppState;
