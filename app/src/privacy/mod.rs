//! The person's data under UU 27/2022 (Pelindungan Data Pribadi): what closing an account
//! erases and what the law asks immigration to keep, and for how long (`retention`, the
//! one registry, written out in `docs/PRIVACY.md`); the erasure at closing (`closing`);
//! the retention job that erases what was kept once its period ended (`expiry`).

pub mod closing;
pub mod expiry;
mod registry_work;
pub mod retention;

#[cfg(test)]
mod tests;

pub use closing::erase_at_closing;
pub use expiry::{RetentionPass, run_retention};
