//! The passport service's HTTP server: actix-web routes over the domain and persistence
//! crates, the problem+json error edge, configuration, background jobs, and the `paspor`
//! command's pieces.

mod accounts;
mod applicants;
mod applications;
mod audit;
mod auth;
mod availability_cache;
pub mod booking_proof;
pub mod check_in;
pub mod clock;
pub mod config;
mod db;
mod devices;
mod documents;
mod error;
mod etag;
mod extract;
pub mod faults;
mod idempotency;
mod integrators;
mod jobs;
mod json_body;
pub mod limits;
mod mail;
mod metrics;
mod office;
mod openapi_doc;
pub mod operator;
mod outbox;
mod payments;
mod problem;
pub mod push;
mod request_id;
mod route_table;
mod routes;
mod security_headers;
mod seeding;
mod server;
mod signature;
mod startup;
mod state;
pub mod telemetry;
mod text_input;
mod uri_text;
mod webhooks;
mod write;

pub use accounts::NewStaff;
pub use config::{Config, ConfigError, Environment};
pub use openapi_doc::{openapi_document, openapi_json};
pub use server::Application;
