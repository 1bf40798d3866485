//! The person's rights over their data under UU PDP (Law 27 of 2022): what they agreed to
//! and may withdraw ([`consents`]), and a copy of everything the service holds about their
//! account and the people on it ([`exports`]). Corrections of applicants' data live with
//! the applicants (`crate::applicants`) and the office (`crate::office::corrections`).

pub mod consents;
mod error;
pub mod exports;

pub use error::PrivacyError;
