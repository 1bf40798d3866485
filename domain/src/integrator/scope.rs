//! Scopes: what a system admin lets an integrator client do, and what each access token
//! carries. A route checks the one scope it needs.
//!
//! Scope codes are `resource:action` (OAuth style), not `snake_case`, so this enum is
//! written by hand rather than with `code_enum!`.

use std::fmt;

/// One permission an integrator client can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Read offices (their public data).
    OfficesRead,
    /// Read the status and status history of an application by its id.
    ApplicationsRead,
    /// Send payment notices (a payment channel).
    PaymentsWrite,
    /// Manage the client's own webhook subscriptions and read their delivery logs.
    WebhooksManage,
}

impl Scope {
    /// Every scope, in a fixed order (the order scope strings are written in).
    pub const ALL: [Scope; 4] = [
        Scope::OfficesRead,
        Scope::ApplicationsRead,
        Scope::PaymentsWrite,
        Scope::WebhooksManage,
    ];

    /// The scope's code, as in scope strings and on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::OfficesRead => "offices:read",
            Scope::ApplicationsRead => "applications:read",
            Scope::PaymentsWrite => "payments:write",
            Scope::WebhooksManage => "webhooks:manage",
        }
    }

    /// The scope with this exact code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == code)
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a scope string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// A token that names no scope of this service.
    #[error("unknown scope {0:?}")]
    Unknown(String),
    /// Characters RFC 6749 §3.3 does not allow, or separators other than single spaces.
    #[error("the scope must be scope codes separated by single spaces")]
    Malformed,
}

/// A set of scopes. Written as a scope string (RFC 6749 §3.3): codes separated by single
/// spaces, in [`Scope::ALL`] order, each once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScopeSet {
    bits: u8,
}

impl ScopeSet {
    /// No scope.
    #[must_use]
    pub const fn empty() -> ScopeSet {
        ScopeSet { bits: 0 }
    }

    /// Reads a scope string. An empty string is the empty set; a code named twice counts
    /// once; an unknown code, a character outside RFC 6749's `scope-token`, or anything but
    /// a single space between codes is refused.
    pub fn parse(text: &str) -> Result<ScopeSet, ScopeError> {
        if text.is_empty() {
            return Ok(ScopeSet::empty());
        }
        let mut set = ScopeSet::empty();
        for token in text.split(' ') {
            // scope-token = 1*( %x21 / %x23-5B / %x5D-7E ): no space, `"` or `\`.
            let valid = !token.is_empty()
                && token
                    .bytes()
                    .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b));
            if !valid {
                return Err(ScopeError::Malformed);
            }
            let scope = Scope::parse(token).ok_or_else(|| ScopeError::Unknown(token.to_owned()))?;
            set.insert(scope);
        }
        Ok(set)
    }

    /// Adds a scope.
    pub fn insert(&mut self, scope: Scope) {
        self.bits |= scope.bit();
    }

    /// Whether the set holds `scope`.
    #[must_use]
    pub const fn contains(self, scope: Scope) -> bool {
        self.bits & scope.bit() != 0
    }

    /// Whether every scope of this set is in `other`.
    #[must_use]
    pub const fn is_subset_of(self, other: ScopeSet) -> bool {
        self.bits & !other.bits == 0
    }

    /// Whether the set holds no scope.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The scopes, in [`Scope::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL
            .into_iter()
            .filter(move |scope| self.contains(*scope))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(scopes: I) -> ScopeSet {
        let mut set = ScopeSet::empty();
        for scope in scopes {
            set.insert(scope);
        }
        set
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, scope) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
        for bad in [
            "",
            "offices",
            "OFFICES:READ",
            "offices:write",
            " offices:read",
        ] {
            assert_eq!(Scope::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn scope_strings() {
        use Scope::*;
        let cases: [(&str, Result<&[Scope], ScopeError>); 11] = [
            ("", Ok(&[])),
            ("offices:read", Ok(&[OfficesRead])),
            (
                "webhooks:manage applications:read",
                Ok(&[ApplicationsRead, WebhooksManage]),
            ),
            ("payments:write payments:write", Ok(&[PaymentsWrite])),
            (
                "offices:read applications:read payments:write webhooks:manage",
                Ok(&Scope::ALL),
            ),
            (
                "offices:read  applications:read",
                Err(ScopeError::Malformed),
            ),
            (" offices:read", Err(ScopeError::Malformed)),
            ("offices:read ", Err(ScopeError::Malformed)),
            (
                "offices:read\tapplications:read",
                Err(ScopeError::Malformed),
            ),
            (
                "offices:read,applications:read",
                Err(ScopeError::Unknown("offices:read,applications:read".into())),
            ),
            ("admin", Err(ScopeError::Unknown("admin".into()))),
        ];
        for (text, expected) in cases {
            let parsed = ScopeSet::parse(text);
            match expected {
                Ok(scopes) => {
                    let set = parsed.unwrap_or_else(|e| panic!("{text:?}: {e}"));
                    assert_eq!(set.iter().collect::<Vec<_>>(), scopes, "{text:?}");
                }
                Err(error) => assert_eq!(parsed, Err(error), "{text:?}"),
            }
        }
        assert_eq!(ScopeSet::parse("a\"b"), Err(ScopeError::Malformed));
    }

    #[test]
    fn written_in_a_fixed_order_and_read_back() {
        let set = ScopeSet::parse("webhooks:manage offices:read").unwrap();
        assert_eq!(set.to_string(), "offices:read webhooks:manage");
        assert_eq!(ScopeSet::parse(&set.to_string()), Ok(set));
        assert_eq!(ScopeSet::empty().to_string(), "");
        let all: ScopeSet = Scope::ALL.into_iter().collect();
        assert_eq!(ScopeSet::parse(&all.to_string()), Ok(all));
    }

    #[test]
    fn subsets() {
        let granted = ScopeSet::parse("applications:read webhooks:manage").unwrap();
        let cases = [
            ("", true),
            ("applications:read", true),
            ("webhooks:manage applications:read", true),
            ("payments:write", false),
            ("applications:read offices:read", false),
        ];
        for (asked, subset) in cases {
            let asked = ScopeSet::parse(asked).unwrap();
            assert_eq!(asked.is_subset_of(granted), subset, "{asked}");
        }
        assert!(granted.contains(Scope::WebhooksManage));
        assert!(!granted.contains(Scope::OfficesRead));
        assert!(ScopeSet::empty().is_empty());
        assert!(!granted.is_empty());
    }
}
