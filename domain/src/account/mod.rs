//! Accounts: the rules for who may sign in and how.
//!
//! The identifiers people sign in with (email address, Indonesian phone number), the password
//! rule, the roles, the emailed one-time codes (email verification, password reset), how
//! repeated failed sign-ins are slowed per account and address, and the devices push
//! notices go to. Hashing, storing
//! and sending live outside the domain; these are the rules they apply, with "now" always
//! passed in.

mod device;
mod email;
pub mod one_time_code;
pub mod password;
mod phone;
mod role;
pub mod sign_in_throttle;

pub use device::{
    DevicePlatform, DeviceTokenError, MAX_DEVICE_TOKEN_CHARS, MAX_DEVICES_PER_ACCOUNT,
    check_device_token,
};
pub use email::{EmailAddress, EmailError, MAX_ADDRESS_CHARS, MAX_LOCAL_PART_CHARS};
pub use one_time_code::{CodeCheck, ResendRefused};
pub use password::{PasswordError, check_password};
pub use phone::{PhoneError, PhoneNumber};
pub use role::Role;
