//! Email addresses: a practical check, not the full RFC 5322 grammar, and one normal form.
//!
//! The address is trimmed and lowercased as a whole, so that two spellings of one mailbox
//! are one account. Lowercasing the local part is not what RFC 5321 promises, but every
//! mailbox provider people use treats it so, and an account that can be claimed twice by
//! changing case is worse. Internationalised addresses (non-ASCII local parts, Unicode
//! domains) are refused; a domain may be given in its `xn--` form, but its top-level domain
//! must be letters.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest address that fits in an SMTP path (RFC 5321's 256 minus the angle brackets).
pub const MAX_ADDRESS_CHARS: usize = 254;
/// The longest local part (before the `@`) allowed by RFC 5321.
pub const MAX_LOCAL_PART_CHARS: usize = 64;
/// The longest label of a domain name (RFC 1035).
const MAX_LABEL_CHARS: usize = 63;

/// A well-formed email address, trimmed and lowercased. It cannot be built but by
/// [`EmailAddress::parse`] (serde included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why a string is not an email address. The messages read as the reason of a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters", max = MAX_ADDRESS_CHARS)]
    TooLong,
    /// No `@`, more than one, or nothing before or after it.
    #[error("must be an email address like name@example.com")]
    NotAnAddress,
    #[error("the part before the @ must be at most {max} characters", max = MAX_LOCAL_PART_CHARS)]
    LocalPartTooLong,
    #[error(
        "the part before the @ may hold only unaccented letters, digits and punctuation, \
         without spaces"
    )]
    LocalPartCharacter,
    #[error("the part before the @ cannot start or end with a dot or have two dots in a row")]
    LocalPartDots,
    #[error("the part after the @ must be a domain name like example.com")]
    Domain,
}

impl EmailAddress {
    /// Parses and normalises an address: surrounding whitespace is removed and the whole
    /// address lowercased.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EmailError::Empty);
        }
        if address.chars().count() > MAX_ADDRESS_CHARS {
            return Err(EmailError::TooLong);
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(EmailError::NotAnAddress);
        };
        if local.is_empty() || domain.is_empty() || domain.contains('@') {
            return Err(EmailError::NotAnAddress);
        }
        check_local_part(local)?;
        let address = address.to_ascii_lowercase();
        check_domain(&address[local.len() + 1..])?;
        Ok(Self(address))
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 1 to 64 printable ASCII characters (`!` to `~`: no space, no control character), with
/// dots only between other characters. The `@` was split off already.
fn check_local_part(local: &str) -> Result<(), EmailError> {
    if local.chars().count() > MAX_LOCAL_PART_CHARS {
        return Err(EmailError::LocalPartTooLong);
    }
    if !local.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(EmailError::LocalPartCharacter);
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailError::LocalPartDots);
    }
    Ok(())
}

/// At least two labels of 1 to 63 of `a-z`, `0-9` and `-`, no label starting or ending with
/// `-`, the last (the top-level domain) of at least two letters. `domain` is lowercased.
fn check_domain(domain: &str) -> Result<(), EmailError> {
    let labels: Vec<&str> = domain.split('.').collect();
    let well_formed = labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=MAX_LABEL_CHARS).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase()));
    if well_formed && top_level_ok {
        Ok(())
    } else {
        Err(EmailError::Domain)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<EmailAddress> for String {
    fn from(email: EmailAddress) -> Self {
        email.0
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer as _;

    #[test]
    fn accepted_and_normalised() {
        let cases = [
            ("name@example.com", "name@example.com"),
            (
                "  Name.Surname@Example.CO.ID \n",
                "name.surname@example.co.id",
            ),
            ("BUDI@IMIGRASI.GO.ID", "budi@imigrasi.go.id"),
            ("a@b.co", "a@b.co"),
            (
                "first.last+tag@sub.example.org",
                "first.last+tag@sub.example.org",
            ),
            ("o'brien@example.ie", "o'brien@example.ie"),
            (
                "!#$%&*+/=?^_`{|}~-@example.com",
                "!#$%&*+/=?^_`{|}~-@example.com",
            ),
            ("user@my-domain.example", "user@my-domain.example"),
            ("user@123.example.com", "user@123.example.com"),
            ("user@xn--bcher-kva.de", "user@xn--bcher-kva.de"),
            ("\u{3000}name@example.com", "name@example.com"), // ideographic space trimmed
        ];
        for (input, normal) in cases {
            let email = EmailAddress::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(email.as_str(), normal, "{input:?}");
            assert_eq!(email.to_string(), normal);
        }
    }

    #[test]
    fn case_insensitive_equality() {
        assert_eq!(
            EmailAddress::parse("Budi@Example.com"),
            EmailAddress::parse("budi@EXAMPLE.COM")
        );
    }

    #[test]
    fn refused() {
        use EmailError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("name", NotAnAddress),
            ("name.example.com", NotAnAddress),
            ("@example.com", NotAnAddress),
            ("name@", NotAnAddress),
            ("@", NotAnAddress),
            ("a@b@example.com", NotAnAddress),
            ("\"a@b\"@example.com", NotAnAddress),
            ("na me@example.com", LocalPartCharacter),
            ("name\t@example.com", LocalPartCharacter),
            ("na\u{7f}me@example.com", LocalPartCharacter),
            ("na\u{0}me@example.com", LocalPartCharacter),
            ("bücher@example.com", LocalPartCharacter),
            (".name@example.com", LocalPartDots),
            ("name.@example.com", LocalPartDots),
            ("na..me@example.com", LocalPartDots),
            (".@example.com", LocalPartDots),
            ("name@localhost", Domain),
            ("name@example", Domain),
            ("name@example.c", Domain),
            ("name@example.c0m", Domain),
            ("name@example.123", Domain),
            ("name@example.com.", Domain),
            ("name@.example.com", Domain),
            ("name@example..com", Domain),
            ("name@-example.com", Domain),
            ("name@example-.com", Domain),
            ("name@exa_mple.com", Domain),
            ("name@exa mple.com", Domain),
            ("name@bücher.de", Domain),
            ("name@[192.168.0.1]", Domain),
            ("name@192.168.0.1", Domain),
        ];
        for (input, expected) in cases {
            assert_eq!(EmailAddress::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn length_boundaries() {
        let at = |local: usize, domain_labels: &[usize]| {
            let domain: Vec<String> = domain_labels.iter().map(|&n| "d".repeat(n)).collect();
            format!("{}@{}", "l".repeat(local), domain.join("."))
        };
        // Local part: 64 accepted, 65 refused.
        assert!(EmailAddress::parse(&at(64, &[7, 3])).is_ok());
        assert_eq!(
            EmailAddress::parse(&at(65, &[7, 3])),
            Err(EmailError::LocalPartTooLong)
        );
        // A label: 63 accepted, 64 refused.
        assert!(EmailAddress::parse(&at(4, &[63, 3])).is_ok());
        assert_eq!(
            EmailAddress::parse(&at(4, &[64, 3])),
            Err(EmailError::Domain)
        );
        // Whole address: 254 accepted, 255 refused (64 + 1 + 63 + 1 + 63 + 1 + 61 = 254).
        let longest = at(64, &[63, 63, 61]);
        assert_eq!(longest.len(), 254);
        assert!(EmailAddress::parse(&longest).is_ok());
        let too_long = at(64, &[63, 63, 62]);
        assert_eq!(EmailAddress::parse(&too_long), Err(EmailError::TooLong));
        // Surrounding whitespace does not count.
        assert!(EmailAddress::parse(&format!("  {longest}  ")).is_ok());
        // Characters, not bytes: 64 two-byte characters are refused for what they are.
        assert_eq!(
            EmailAddress::parse(&format!("{}@example.com", "é".repeat(64))),
            Err(EmailError::LocalPartCharacter)
        );
        assert_eq!(
            EmailAddress::parse(&format!("{}@example.com", "é".repeat(250))),
            Err(EmailError::TooLong)
        );
    }

    #[test]
    fn messages() {
        assert_eq!(
            EmailError::NotAnAddress.to_string(),
            "must be an email address like name@example.com"
        );
        assert_eq!(
            EmailError::TooLong.to_string(),
            "must be at most 254 characters"
        );
        assert_eq!(
            EmailError::LocalPartTooLong.to_string(),
            "the part before the @ must be at most 64 characters"
        );
    }

    #[test]
    fn serde_goes_through_parse() {
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            " Budi@Example.com".into_deserializer();
        let email = EmailAddress::deserialize(de).unwrap();
        assert_eq!(email.as_str(), "budi@example.com");

        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            "not an email".into_deserializer();
        assert!(EmailAddress::deserialize(de).is_err());
        assert_eq!(String::from(email), "budi@example.com");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(input in "\\s{0,2}[A-Za-z0-9.+_@-]{1,20}@[A-Za-z0-9.-]{1,20}\\s{0,2}") {
            if let Ok(email) = EmailAddress::parse(&input) {
                prop_assert_eq!(email.as_str(), input.trim().to_ascii_lowercase());
                prop_assert_eq!(EmailAddress::parse(email.as_str()), Ok(email));
            }
        }

        #[test]
        fn well_formed_addresses_parse(
            local in "[A-Za-z0-9_+-]{1,20}(\\.[A-Za-z0-9_+-]{1,10}){0,2}",
            labels in proptest::collection::vec("[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?", 1..4),
            tld in "[A-Za-z]{2,6}",
        ) {
            let input = format!("{local}@{}.{tld}", labels.join("."));
            let email = EmailAddress::parse(&input)
                .map_err(|e| TestCaseError::fail(format!("{input:?}: {e}")))?;
            prop_assert_eq!(email.as_str(), input.to_ascii_lowercase());
        }

        /// Anything a client sends: never a panic, and what is accepted is one plain ASCII
        /// address in its normal form, which parses to itself.
        #[test]
        fn arbitrary_text_is_refused_or_normal(
            input in prop_oneof![any::<String>(), "[ -~\t\n]{0,40}@[ -~]{0,30}"],
        ) {
            if let Ok(email) = EmailAddress::parse(&input) {
                let text = email.as_str();
                prop_assert!(text.bytes().all(|b| b.is_ascii_graphic()), "{:?}", text);
                prop_assert_eq!(text.matches('@').count(), 1);
                prop_assert_eq!(text, text.to_ascii_lowercase());
                prop_assert!(text.len() <= MAX_ADDRESS_CHARS);
                prop_assert_eq!(EmailAddress::parse(text), Ok(email.clone()));
            }
        }
    }
}
