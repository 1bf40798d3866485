//! The person's data under UU 27/2022 (Pelindungan Data Pribadi):
//! - what they agreed to and may withdraw ([`consents`]);
//! - a copy of everything the service holds about their account and the people on it
//!   ([`exports`]);
//! - what closing an account erases and what the law asks immigration to keep, and for how
//!   long ([`retention`], the one registry, written out in `docs/PRIVACY.md`), the erasure
//!   at closing ([`closing`]) and the retention job that erases what was kept once its
//!   period ended ([`expiry`]).
//!
//! Corrections of applicants' data live with the applicants (`crate::applicants`) and the
//! office (`crate::office::corrections`).

pub mod closing;
pub mod consents;
mod error;
pub mod expiry;
pub mod exports;
mod registry_work;
pub mod retention;

#[cfg(test)]
mod tests;

pub use closing::erase_at_closing;
pub use error::PrivacyError;
pub use expiry::{RetentionPass, run_retention};
