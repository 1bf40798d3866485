//! ISO 3166-1 alpha-2 country codes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A country as two upper-case ASCII letters (`MY`, `SA`). The form is checked, not the
/// membership of the ISO list.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

/// Not two upper-case ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a country code is two upper-case letters (ISO 3166-1 alpha-2, e.g. MY), not {0:?}")]
pub struct CountryCodeError(pub String);

impl CountryCode {
    /// Parses exactly two ASCII upper-case letters; nothing is trimmed or upper-cased.
    pub fn parse(s: &str) -> Result<Self, CountryCodeError> {
        match s.as_bytes() {
            &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Self([a, b])),
            _ => Err(CountryCodeError(s.to_owned())),
        }
    }

    /// For constants: fails to compile when the code is not two upper-case letters.
    #[must_use]
    pub const fn from_static(s: &'static str) -> Self {
        match s.as_bytes() {
            &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Self([a, b]),
            _ => panic!("a country code is two upper-case ASCII letters"),
        }
    }

    /// Whether ISO 3166-1 assigns the code to a country or territory (`MY` yes; `ZZ`, `UK`,
    /// `XK` no). [`CountryCode::parse`] checks the form only.
    #[must_use]
    pub fn is_assigned(&self) -> bool {
        super::assigned::ASSIGNED
            .binary_search(&self.as_str())
            .is_ok()
    }

    /// The two letters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII letters get in, so this is always valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl std::str::FromStr for CountryCode {
    type Err = CountryCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CountryCode {
    type Error = CountryCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> Self {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer as _;
    use serde::de::value::{Error, StrDeserializer};

    #[test]
    fn parse_table() {
        for ok in ["MY", "SA", "ID", "ZZ"] {
            assert_eq!(CountryCode::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "M", "my", "My", "MYS", " MY", "M1", "1M", "ÉÉ", "M-"] {
            assert_eq!(
                CountryCode::parse(bad),
                Err(CountryCodeError(bad.to_owned())),
                "{bad:?}"
            );
        }
        assert_eq!(
            CountryCode::from_static("KH"),
            CountryCode::parse("KH").unwrap()
        );
        assert_eq!(CountryCode::parse("VN").unwrap().to_string(), "VN");
        assert_eq!(
            format!("{:?}", CountryCode::from_static("VN")),
            "CountryCode(VN)"
        );
    }

    #[test]
    fn assigned_codes() {
        for assigned in [
            "AD", "ID", "MY", "KH", "VN", "SA", "AE", "GB", "ZW", "TL", "SS",
        ] {
            assert!(
                CountryCode::parse(assigned).unwrap().is_assigned(),
                "{assigned}"
            );
        }
        for unassigned in ["AA", "ZZ", "UK", "XK", "EU", "QZ", "AB", "ZX"] {
            assert!(
                !CountryCode::parse(unassigned).unwrap().is_assigned(),
                "{unassigned}"
            );
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        let de: StrDeserializer<'_, Error> = "AE".into_deserializer();
        assert_eq!(
            CountryCode::deserialize(de),
            Ok(CountryCode::from_static("AE"))
        );
        let de: StrDeserializer<'_, Error> = "ae".into_deserializer();
        assert!(CountryCode::deserialize(de).is_err());
        assert_eq!(String::from(CountryCode::from_static("AE")), "AE");
    }
}
