//! What officers record about an application at its office before the decision: the
//! document check, the biometrics captured and the interview (one of each per application,
//! a later one replacing the earlier), and the day's appointments they work through.
//!
//! Each `put` looks and then writes (`MultiConnection` has no `ON CONFLICT`), so the caller
//! holds the application's lock ([`crate::applications::lock`]) inside a write transaction.

pub mod appointments;
pub mod biometrics;
pub mod document_checks;
pub mod interviews;
