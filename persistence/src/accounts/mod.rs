//! Accounts and what signs them in: users (applicants and staff), the one-time codes
//! emailed to them, and refresh-token families; the phone number's verification and
//! WhatsApp opt-in.

pub mod codes;
mod language;
pub mod phone;
pub mod refresh_tokens;
pub mod sessions;
pub mod sign_in_throttle;
pub mod users;

pub use language::{DEFAULT_LANGUAGE, language_of, set_language};
