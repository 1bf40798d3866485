//! Who is acting on the office side, and at which office.
//!
//! Officers and office admins belong to one office (their token says which): they act on
//! that office only, and another office's objects are answered 404 as if absent.

use paspor_domain::account::Role;

use crate::auth::Principal;
use crate::error::ApiError;

/// The roles that work at one office.
pub const OFFICE_ROLES: &[Role] = &[Role::Officer, Role::OfficeAdmin];

/// The caller's office, after checking the caller has one of `roles` (403 otherwise).
pub fn staff_office(principal: &Principal, roles: &[Role]) -> Result<String, ApiError> {
    principal.require(roles)?;
    principal.office.clone().ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "{} account {} has no office in its token",
            principal.role,
            principal.account
        ))
    })
}

/// The staff member an audit record names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: String,
    pub role: Role,
    /// The office the action belongs to; `None` for system-wide changes.
    pub office: Option<String>,
}

impl Actor {
    /// The caller as the actor, acting for their own office (if they have one).
    pub fn of(principal: &Principal) -> Actor {
        Actor {
            account: principal.account.clone(),
            role: principal.role,
            office: principal.office.clone(),
        }
    }

    /// The same actor acting on `office`'s behalf (a system admin changing an office).
    pub fn for_office(mut self, office: impl Into<String>) -> Actor {
        self.office = Some(office.into());
        self
    }
}
