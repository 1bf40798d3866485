//! The phones an account receives push notices on: registered (or renewed) with the token
//! the platform's push service gave the app, and removed. At most 10 per account: a new one
//! past the limit drops the one registered longest ago.

mod error;
mod register;

pub use error::DeviceError;
pub use register::{register_device, remove_device};
