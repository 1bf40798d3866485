//! What an applicant account can do with the people it applies for: add them (at most 5,
//! the holder included), list, read, change and remove them.
//!
//! Each use case takes the application state, the caller and typed input, and returns the
//! wire form or an [`ApplicantError`]. Another account's applicant is "not found" on every
//! path: its existence is not the caller's to learn.

mod change;
mod corrections;
mod create;
mod error;
mod input;
mod read;
mod view;

pub use change::{delete_applicant, update_applicant};
pub use corrections::{changed_fields, correction_dto, list_corrections};
pub use create::create_applicant;
pub use error::ApplicantError;
/// Checking a person's data, for walk-ins registered at the office.
pub use input::{Draft, check};
pub use read::{list_applicants, own_applicant};
