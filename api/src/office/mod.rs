//! The office side: what officers, office admins and system admins do, as use cases the
//! routes call. Every staff action appends one audit record in the transaction that makes
//! the change (see [`audit`]), and every move of an application notifies its holder (see
//! [`notify`]).

pub mod admin;
pub mod audit;
pub mod notify;
mod staff;

#[expect(unused_imports, reason = "used by the office routes being added")]
pub use staff::{Actor, OFFICE_ROLES, staff_office};
