//! What accounts can do, as use cases the routes call: register and verify the email,
//! sign in and out, renew sessions, reset and change passwords, see and change or close
//! one's account, verify its phone number and opt in to WhatsApp, and create staff.
//!
//! Each use case takes the application state and typed input and returns typed output or
//! an [`AccountError`]; the routes only translate between these and the wire.

mod error;
mod input;
mod messages;
mod passwords;
mod phone;
mod profile;
mod register;
mod sessions;
mod staff;

pub use error::AccountError;
pub use passwords::{change_password, confirm_password_reset, request_password_reset};
pub use phone::{send_phone_code, set_whatsapp_consent, verify_phone};
pub use profile::{close_account, own_account, update_own_account};
pub use register::{register, resend_verification_code, verify_email};
pub(crate) use sessions::sign_in_subject;
pub use sessions::{SessionTokens, login, logout, refresh};
pub use staff::{NewStaff, create_staff, create_staff_blocking, list_staff, update_staff};
