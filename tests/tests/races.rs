//! The race matrix: every route that changes state, sent by one actor many times at once
//! (each request with its own Idempotency-Key where the route takes one), and pairs of
//! conflicting routes sent together, each race repeated on fresh state so that a window of
//! a few milliseconds is hit. After each round the database itself is read: places within
//! capacities, one place per application, at most one reschedule, each status and office
//! step recorded once, one active application per person, limits kept, and every success
//! answered matching what is stored. Refusals must be 4xx problems, never server errors.

mod accounts;
mod admin;
mod applicants;
mod appointments;
mod drafts;
mod flows;
mod integrators;
mod invariants;
mod office;
mod office_admin;
mod pairs;
