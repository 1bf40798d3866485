//! The office side: what officers, office admins and system admins do, as use cases the
//! routes call. Every staff action appends one audit record in the transaction that makes
//! the change (see [`crate::audit`]), and every move of an application notifies its holder
//! (see [`notify`]).

pub mod admin;
pub mod audit;
pub mod corrections;
pub mod issuance;
pub mod notify;
pub mod processing;
mod staff;
pub mod walk_ins;

pub use staff::{OFFICE_ROLES, OfficeAdmin, OfficeStaff, staff_office};
