//! The identity number (NIK, Nomor Induk Kependudukan).
//!
//! Sixteen digits: province (2), regency/city (2), district (2), birth date DDMMYY with 40
//! added to the day for women, serial (4). There is no check digit, so the form is checked
//! strictly and the birth date and sex are cross-checked against the applicant's data; a
//! mismatch is a warning for the officer, never a rejection.

mod number;
mod sex;
mod warning;

pub use number::{Nik, NikError};
pub use sex::Sex;
pub use warning::NikWarning;
