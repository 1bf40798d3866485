//! Offices: what they are, where they are, and the policies each one sets.

mod place;
mod record;

pub use place::*;
pub use record::{Office, OpeningHours, OpeningHoursError};
