//! The passport service's HTTP edge: actix-web routes that extract a request, call one use
//! case of `paspor_app` and answer; the one mapping of refusals to problem+json; the
//! request's guards (limits, request ids, security headers, control characters in URIs);
//! `Idempotency-Key` and its replay; the OpenAPI document; and the `paspor` command.

mod auth;
mod error;
mod etag;
mod extract;
mod idempotency;
mod json_body;
mod language;
pub mod limits;
mod oauth;
mod openapi_doc;
mod problem;
mod request_id;
mod request_metrics;
mod route_table;
mod routes;
mod security_headers;
mod server;
pub mod telemetry;
mod uri_text;

pub use openapi_doc::{openapi_document, openapi_json};
pub use paspor_app::{
    Config, ConfigError, Environment, NewStaff, booking_proof, check_in, clock, config, documents,
    faults, operator, privacy, push,
};
pub use server::Application;
