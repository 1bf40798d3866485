//! Who is acting on the office side, and at which office.
//!
//! Officers and office admins belong to one office (their token says which): they act on
//! that office only, and another office's objects are answered 404 as if absent.

use paspor_domain::account::Role;

use crate::auth::Principal;
use crate::refusal::Refusal;

/// The roles that work at one office.
pub const OFFICE_ROLES: &[Role] = &[Role::Officer, Role::OfficeAdmin];

/// The caller's office, after checking the caller has one of `roles` (403 otherwise).
pub fn staff_office(principal: &Principal, roles: &[Role]) -> Result<String, Refusal> {
    principal.require(roles)?;
    principal.office.clone().ok_or_else(|| {
        Refusal::internal(anyhow::anyhow!(
            "{} account {} has no office in its token",
            principal.role,
            principal.account
        ))
    })
}
