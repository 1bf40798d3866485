//! Black-box tests of the whole server over HTTP. Each test starts the real server on
//! port 0 with a database of its own, once on SQLite and once on PostgreSQL.
//!
//! One test binary for the workspace (builds are slow on two cores); modules per area.

#[macro_use]
mod support;

mod accounts;
mod applicants;
mod applications;
mod audit;
mod availability;
mod booking;
mod changes;
mod check_in;
mod contract;
mod documents;
mod errors;
mod fees;
mod health;
mod idempotency;
mod inventory;
mod journey;
mod offices;
mod outbox;
mod storage;
mod tokens;
mod waitlist;
