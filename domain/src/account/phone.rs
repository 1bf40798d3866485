//! Indonesian phone numbers, kept in one form: `+62` and the national significant number.
//!
//! People write the same number as `0812-3456-7890`, `62812 3456 7890`, `+62 812-3456-7890`
//! or `(0812) 3456 7890`; all become `+6281234567890`. The national significant number (what
//! follows the trunk `0` or the country code `62`) starts with 2-9 and has 8 to 12 digits,
//! which covers mobile numbers (`8xx`) and fixed lines with their area code (`21` Jakarta,
//! `361` Denpasar...). Numbers of other countries are refused: the service texts Indonesian
//! numbers only.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Indonesia's country calling code.
const COUNTRY_CODE: &str = "62";
/// Fewest and most digits of the national significant number.
const NSN_DIGITS: std::ops::RangeInclusive<usize> = 8..=12;

/// An Indonesian phone number in `+62` form. It cannot be built but by
/// [`PhoneNumber::parse`] (serde included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a string is not an Indonesian phone number. The messages read as the reason of a
/// form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("must not be empty")]
    Empty,
    /// Letters or other symbols; a `+` anywhere but first.
    #[error(
        "may hold only digits, a leading +, and spaces, dashes, dots or parentheses between \
         them"
    )]
    InvalidCharacter,
    #[error("must be an Indonesian number (+62); numbers of other countries are not accepted")]
    ForeignCountryCode,
    #[error("must start with 0 or +62, like 0812 3456 7890")]
    MissingPrefix,
    /// The digit after the `0` or `+62` is 0 or 1 (e.g. `+62 0812...`: the `0` is dropped
    /// after the country code).
    #[error(
        "the number after the 0 or +62 must start with a digit from 2 to 9 (write +62 812..., \
         not +62 0812...)"
    )]
    LeadingDigit,
    #[error("must have 8 to 12 digits after the 0 or +62, this has {found}")]
    Length { found: usize },
}

/// Spaces, dashes, dots and parentheses people put between digits.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')
}

impl PhoneNumber {
    /// Parses a number written in any of the usual ways (see the module documentation).
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let compact: String = input.chars().filter(|&c| !is_separator(c)).collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, digits) = match compact.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::InvalidCharacter);
        }
        let national = if let Some(rest) = digits.strip_prefix(COUNTRY_CODE) {
            rest
        } else if plus && COUNTRY_CODE.starts_with(digits) {
            // "+" or "+6": cut short before the country code was complete.
            return Err(PhoneError::MissingPrefix);
        } else if plus {
            return Err(PhoneError::ForeignCountryCode);
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            return Err(PhoneError::MissingPrefix);
        };
        if national.starts_with(['0', '1']) {
            return Err(PhoneError::LeadingDigit);
        }
        if !NSN_DIGITS.contains(&national.len()) {
            return Err(PhoneError::Length {
                found: national.len(),
            });
        }
        Ok(Self(format!("+{COUNTRY_CODE}{national}")))
    }

    /// The number in `+62` form, e.g. `+6281234567890`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PhoneNumber {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> Self {
        phone.0
    }
}

impl AsRef<str> for PhoneNumber {
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
    fn accepted_formats() {
        let cases = [
            "081234567890",
            "6281234567890",
            "+6281234567890",
            "+62 812-3456-7890",
            "(0812) 3456 7890",
            "0812.3456.7890",
            "0812-3456-7890",
            "62 812 3456 7890",
            "+62 (812) 3456-7890",
            " 081234567890\t",
            "0812\u{a0}3456\u{a0}7890", // no-break spaces, as pasted from web pages
        ];
        for input in cases {
            let phone = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(phone.as_str(), "+6281234567890", "{input:?}");
            assert_eq!(phone.to_string(), "+6281234567890");
        }
        // A Jakarta fixed line, with its area code.
        assert_eq!(
            PhoneNumber::parse("(021) 5790 1234").unwrap().as_str(),
            "+622157901234"
        );
    }

    #[test]
    fn digit_count_boundaries() {
        // The national significant number: 7 refused, 8 and 12 accepted, 13 refused.
        let cases = [
            ("0812345", Err(PhoneError::Length { found: 6 })),
            ("08123456", Err(PhoneError::Length { found: 7 })),
            ("081234567", Ok("+6281234567")),
            ("0812345678901", Ok("+62812345678901")),
            ("08123456789012", Err(PhoneError::Length { found: 13 })),
            ("+628123456", Err(PhoneError::Length { found: 7 })),
            ("+6281234567", Ok("+6281234567")),
            ("+62812345678901", Ok("+62812345678901")),
            ("+628123456789012", Err(PhoneError::Length { found: 13 })),
            ("628123456", Err(PhoneError::Length { found: 7 })),
            ("6281234567", Ok("+6281234567")),
            ("62812345678901", Ok("+62812345678901")),
            ("628123456789012", Err(PhoneError::Length { found: 13 })),
            ("+62", Err(PhoneError::Length { found: 0 })),
            ("0", Err(PhoneError::Length { found: 0 })),
        ];
        for (input, expected) in cases {
            let got = PhoneNumber::parse(input);
            assert_eq!(
                got.as_ref().map(PhoneNumber::as_str),
                expected.as_ref().map(|s| *s),
                "{input:?}"
            );
        }
    }

    #[test]
    fn refused() {
        use PhoneError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("( ) - .", Empty),
            ("0812345678a", InvalidCharacter),
            ("0812-CALL-ME", InvalidCharacter),
            ("phone", InvalidCharacter),
            ("+", MissingPrefix),
            ("++6281234567890", InvalidCharacter),
            ("62+81234567890", InvalidCharacter),
            ("0812/3456/7890", InvalidCharacter),
            ("０８１２３４５６７８９０", InvalidCharacter), // full-width digits
            ("+1 202 555 0143", ForeignCountryCode),
            ("+65 6123 4567", ForeignCountryCode),
            ("+6", MissingPrefix),
            ("+6 ", MissingPrefix),
            ("+63 912 345 6789", ForeignCountryCode),
            ("+0812345678", ForeignCountryCode),
            ("812345678", MissingPrefix),
            ("12025550143", MissingPrefix),
            ("0012025550143", LeadingDigit),
            ("+62 0812 3456 7890", LeadingDigit),
            ("6208123456789", LeadingDigit),
            ("0112345678", LeadingDigit),
            ("+621123456789", LeadingDigit),
        ];
        for (input, expected) in cases {
            assert_eq!(PhoneNumber::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn leading_digit_boundaries() {
        for first in '0'..='9' {
            let got = PhoneNumber::parse(&format!("0{first}12345678"));
            if first < '2' {
                assert_eq!(got, Err(PhoneError::LeadingDigit), "{first}");
            } else {
                assert!(got.is_ok(), "{first}: {got:?}");
            }
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            PhoneError::Length { found: 7 }.to_string(),
            "must have 8 to 12 digits after the 0 or +62, this has 7"
        );
        assert_eq!(
            PhoneError::ForeignCountryCode.to_string(),
            "must be an Indonesian number (+62); numbers of other countries are not accepted"
        );
    }

    #[test]
    fn serde_goes_through_parse() {
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            "0812-3456-7890".into_deserializer();
        let phone = PhoneNumber::deserialize(de).unwrap();
        assert_eq!(String::from(phone), "+6281234567890");

        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            "+1 202 555 0143".into_deserializer();
        assert!(PhoneNumber::deserialize(de).is_err());
    }

    proptest! {
        #[test]
        fn own_form_parses_to_itself(nsn in "[2-9][0-9]{7,11}", style in 0usize..4) {
            let written = match style {
                0 => format!("0{nsn}"),
                1 => format!("62{nsn}"),
                2 => format!("+62 {}-{}", &nsn[..3], &nsn[3..]),
                _ => format!("(0{}) {}", &nsn[..3], &nsn[3..]),
            };
            let phone = PhoneNumber::parse(&written)
                .map_err(|e| TestCaseError::fail(format!("{written:?}: {e}")))?;
            prop_assert_eq!(phone.as_str(), format!("+62{nsn}"));
            prop_assert_eq!(PhoneNumber::parse(phone.as_str()), Ok(phone));
        }

        #[test]
        fn never_panics_and_always_canonical(input in "\\PC{0,20}") {
            if let Ok(phone) = PhoneNumber::parse(&input) {
                prop_assert!(phone.as_str().starts_with("+62"));
                prop_assert_eq!(PhoneNumber::parse(phone.as_str()), Ok(phone));
            }
        }

        /// Any text at all, controls and long inputs included: never a panic, and what is
        /// accepted is `+62` and digits only.
        #[test]
        fn arbitrary_text_is_refused_or_canonical(
            input in prop_oneof![any::<String>(), "[0-9 +()\\-.\t]{0,40}"],
        ) {
            if let Ok(phone) = PhoneNumber::parse(&input) {
                prop_assert!(phone.as_str().starts_with("+62"));
                prop_assert!(phone.as_str()[1..].bytes().all(|b| b.is_ascii_digit()), "{:?}", phone);
                prop_assert_eq!(PhoneNumber::parse(phone.as_str()), Ok(phone));
            }
        }
    }
}
