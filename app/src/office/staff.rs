//! Who is acting on the office side, and at which office.
//!
//! Officers and office admins belong to one office (their token says which): they act on
//! that office only, and another office's objects are answered 404 as if absent. The use
//! cases take them as [`OfficeStaff`] or [`OfficeAdmin`], admitted with their office.

use std::ops::Deref;

use paspor_domain::account::Role;

use crate::auth::{Principal, RoleGuard};
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

macro_rules! at_office {
    ($(#[$doc:meta])* $name:ident, $roles:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            principal: Principal,
            office: String,
        }

        impl RoleGuard for $name {
            fn admit(principal: Principal) -> Result<Self, Refusal> {
                let office = staff_office(&principal, $roles)?;
                Ok($name { principal, office })
            }
        }

        impl Deref for $name {
            type Target = Principal;

            fn deref(&self) -> &Principal {
                &self.principal
            }
        }

        impl $name {
            /// The caller, as authenticated.
            pub fn principal(&self) -> &Principal {
                &self.principal
            }

            /// The office the caller works at.
            pub fn office(&self) -> &str {
                &self.office
            }
        }
    };
}

at_office!(
    /// An officer or office admin, with the office their token names: what the office's
    /// work on applications takes, made only by [`RoleGuard::admit`] (403 for any other
    /// role).
    OfficeStaff,
    OFFICE_ROLES
);

at_office!(
    /// An office admin, with the office their token names: what the administration of
    /// one office takes (its sessions, templates, settings and holidays).
    OfficeAdmin,
    &[Role::OfficeAdmin]
);
