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
mod booking_limits;
mod changes;
mod channels;
mod check_in;
mod contract;
mod crashes;
mod delivery;
mod document_checklist;
mod document_store;
mod documents;
mod electronic_only;
mod erasure;
mod errors;
mod fees;
mod health;
mod hostile;
mod hung_database;
mod idempotency;
mod integrators;
mod inventory;
mod journey;
mod kind_limits;
mod links;
mod notice_language;
mod office_admin;
mod office_issuance;
mod office_journey;
mod office_processing;
mod office_walk_ins;
mod offices;
mod operability;
mod outbox;
mod privacy;
mod problem_language;
mod races;
mod readme_walkthrough;
mod receipt;
mod release_rules;
mod reminders;
mod restart;
mod screening_policy;
mod secrets;
mod service_status;
mod settlement;
mod sign_in;
mod statements;
mod storage;
mod tokens;
mod tracking;
mod validity_choice;
mod waitlist;
mod walk_in_only_days;
mod webhooks;
mod who_looked;
