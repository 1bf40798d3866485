//! The roles an account can hold, and what each one implies.

code_enum! {
    /// What an account may do. Staff roles are granted by an administrator, never chosen at
    /// sign-up.
    pub enum Role {
        /// A member of the public applying for a passport.
        Applicant => "applicant",
        /// An immigration officer, working at one office.
        Officer => "officer",
        /// The administrator of one office: its sessions, quotas and officers.
        OfficeAdmin => "office_admin",
        /// Administers the whole service: offices, tariffs, staff accounts.
        SystemAdmin => "system_admin",
        /// Another system (a payment channel, a partner app) calling with client
        /// credentials: not an account, never signs in with a password, and acts only
        /// within the scopes a system admin granted it.
        Integrator => "integrator",
    }
}

impl Role {
    /// The role with this code, if any (`FromStr` gives the same with an error).
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// Whether this is a staff role: officer, office admin or system admin.
    #[must_use]
    pub const fn is_staff(self) -> bool {
        matches!(self, Self::Officer | Self::OfficeAdmin | Self::SystemAdmin)
    }

    /// Whether callers with this role hold an account (email, password, profile,
    /// devices): everyone but integrators, which are client credentials.
    #[must_use]
    pub const fn holds_account(self) -> bool {
        !matches!(self, Self::Integrator)
    }

    /// Whether an account with this role must be attached to exactly one office: officers
    /// and office admins see and act on their own office only.
    #[must_use]
    pub const fn needs_office(self) -> bool {
        matches!(self, Self::Officer | Self::OfficeAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&Role::ALL, Role::as_str);
        assert_eq!(
            Role::ALL.map(Role::as_str),
            [
                "applicant",
                "officer",
                "office_admin",
                "system_admin",
                "integrator"
            ]
        );
    }

    #[test]
    fn parse() {
        let cases = [
            ("applicant", Some(Role::Applicant)),
            ("officer", Some(Role::Officer)),
            ("office_admin", Some(Role::OfficeAdmin)),
            ("system_admin", Some(Role::SystemAdmin)),
            ("Officer", None),
            ("officeAdmin", None),
            ("office-admin", None),
            (" officer", None),
            ("integrator", Some(Role::Integrator)),
            ("Integrator", None),
            ("", None),
        ];
        for (code, expected) in cases {
            assert_eq!(Role::parse(code), expected, "{code:?}");
        }
    }

    #[test]
    fn staff_and_office() {
        let cases = [
            (Role::Applicant, false, false, true),
            (Role::Officer, true, true, true),
            (Role::OfficeAdmin, true, true, true),
            (Role::SystemAdmin, true, false, true),
            (Role::Integrator, false, false, false),
        ];
        for (role, staff, office, account) in cases {
            assert_eq!(role.is_staff(), staff, "{role}");
            assert_eq!(role.needs_office(), office, "{role}");
            assert_eq!(role.holds_account(), account, "{role}");
        }
    }
}
