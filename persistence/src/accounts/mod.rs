//! Accounts and what signs them in: users (applicants and staff), the one-time codes
//! emailed to them, and refresh-token families; the phone number's verification and
//! WhatsApp opt-in.

pub mod codes;
pub mod phone;
pub mod refresh_tokens;
pub mod sessions;
pub mod sign_in_throttle;
pub mod users;
