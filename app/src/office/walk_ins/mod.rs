//! Walk-ins: officers register people who come to the office without an app booking
//! (priority applicants, lost or damaged passports after an examination, same-day
//! service), and list a day's walk-ins.
//!
//! A walk-in has no app account: its applicant and application belong to none. It gets a
//! place in today's sessions from its quota (counted and taken exactly as app bookings
//! take theirs), a billing code with the usual 2-hour deadline, and a check-in code for
//! its queue ticket; once paid, it goes on like any other application.

mod error;
mod input;
mod list;
mod register;
mod view;

pub use error::WalkInError;
pub use list::list_walk_ins;
pub use register::register_walk_in;
