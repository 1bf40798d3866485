//! Check-in codes: what the app shows as a QR code on the day of the appointment, and the
//! check the office makes when it scans one.
//!
//! Nothing is stored: the signature alone shows that the service issued the code, so the
//! office can check it without a lookup. A valid code says what was issued, not that the
//! booking still stands: the office side also looks at the application as it is now
//! (cancelled, rescheduled, checked in already).

mod code;

pub use crate::auth::CheckInKey;
pub use code::{CheckIn, CheckInError, ScanningOffice, issue, validity, verify};

#[cfg(test)]
mod tests;
