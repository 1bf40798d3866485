//! The caller as a role: a [`Principal`] that has passed its role check, as a type. A use
//! case that needs a role takes `&Applicant`, `&SystemAdmin` or `&AccountHolder` (or the
//! office's `&OfficeStaff`, in `crate::office`) instead of `&Principal`, so that calling it
//! without the check does not compile; the only way to one is [`RoleGuard::admit`], which
//! refuses (403) as [`Principal::require`] does, with the same texts.
//!
//! The HTTP edge admits the caller in its extractor, before the route runs. Use cases that
//! accept several roles and decide between them (documents read by their applicant or by
//! the office's staff, the audit trail of an office admin or a system admin) keep taking
//! `&Principal` and check inside.

use std::ops::Deref;

use paspor_domain::account::Role;

use super::Principal;
use crate::refusal::Refusal;

/// A role a caller may be admitted as: made from a [`Principal`] only by checking it.
pub trait RoleGuard: Sized {
    /// The caller as this role; a 403 refusal when the caller does not have it.
    fn admit(principal: Principal) -> Result<Self, Refusal>;
}

macro_rules! role {
    ($(#[$doc:meta])* $name:ident, |$principal:ident| $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(Principal);

        impl RoleGuard for $name {
            fn admit($principal: Principal) -> Result<Self, Refusal> {
                $check?;
                Ok($name($principal))
            }
        }

        impl Deref for $name {
            type Target = Principal;

            fn deref(&self) -> &Principal {
                &self.0
            }
        }

        impl $name {
            /// The caller, as authenticated.
            pub fn principal(&self) -> &Principal {
                &self.0
            }
        }
    };
}

role!(
    /// An applicant account: applies for itself and its family.
    Applicant,
    |principal| principal.require(&[Role::Applicant])
);

role!(
    /// A system admin: manages staff, offices, tariffs, integrators and payments.
    SystemAdmin,
    |principal| principal.require(&[Role::SystemAdmin])
);

role!(
    /// Any caller holding an account (every role but integrator clients): for the routes of
    /// the caller's own account.
    AccountHolder,
    |principal| principal.require_account_holder()
);

#[cfg(test)]
mod tests {
    use paspor_domain::integrator::ScopeSet;

    use super::*;

    fn caller(role: Role) -> Principal {
        Principal {
            account: "account".to_owned(),
            role,
            office: None,
            session: "session".to_owned(),
            scopes: ScopeSet::empty(),
        }
    }

    #[test]
    fn each_role_admits_its_callers_only() {
        assert!(Applicant::admit(caller(Role::Applicant)).is_ok());
        assert!(Applicant::admit(caller(Role::Officer)).is_err());
        assert!(SystemAdmin::admit(caller(Role::SystemAdmin)).is_ok());
        assert!(SystemAdmin::admit(caller(Role::OfficeAdmin)).is_err());
        assert!(AccountHolder::admit(caller(Role::Officer)).is_ok());
        assert!(AccountHolder::admit(caller(Role::Integrator)).is_err());
    }

    #[test]
    fn a_refusal_says_what_the_check_says() {
        let refused = Applicant::admit(caller(Role::Officer)).unwrap_err();
        let direct = caller(Role::Officer)
            .require(&[Role::Applicant])
            .unwrap_err();
        assert_eq!(refused.detail(), direct.detail());
    }
}
