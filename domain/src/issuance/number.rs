//! The passport number: one capital letter for the kind of book, then 7 digits.
//!
//! - `E` + 7 digits: an electronic passport (e-paspor), e.g. `E1234567`;
//! - `X` + 7 digits: a non-electronic passport (paspor biasa), e.g. `X0012345`.
//!
//! Eight characters in all, as the machine-readable zone of a passport book holds. The
//! digits are drawn at random (so that numbers say nothing about an office's volume);
//! uniqueness is the database's job (a unique index, with a fresh draw on a clash). Each
//! letter has room for 10 million numbers.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::passport::PassportKind;

/// The number of digits after the letter.
pub const DIGITS: usize = 7;

/// How many numbers each letter has: 10^[`DIGITS`].
const SERIALS: u64 = 10_000_000;

/// A well-formed passport number. It cannot be built but by [`PassportNumber::parse`] or
/// [`PassportNumber::generate`] (serde included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PassportNumber(String);

/// Why a string is not a passport number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassportNumberError {
    #[error("a passport number has 8 characters (a letter and 7 digits), this has {found}")]
    Length { found: usize },
    #[error("a passport number starts with E (electronic) or X (non-electronic)")]
    Letter,
    #[error("a passport number has 7 digits after its letter")]
    NonDigit,
}

/// The letter of a kind of book.
const fn letter(kind: PassportKind) -> char {
    match kind {
        PassportKind::Electronic => 'E',
        PassportKind::NonElectronic => 'X',
    }
}

impl PassportNumber {
    /// Parses a number strictly: the letter in capitals, nothing trimmed.
    pub fn parse(s: &str) -> Result<Self, PassportNumberError> {
        let found = s.chars().count();
        if found != DIGITS + 1 {
            return Err(PassportNumberError::Length { found });
        }
        let mut chars = s.chars();
        if !matches!(chars.next(), Some('E' | 'X')) {
            return Err(PassportNumberError::Letter);
        }
        if !chars.all(|c| c.is_ascii_digit()) {
            return Err(PassportNumberError::NonDigit);
        }
        Ok(Self(s.to_owned()))
    }

    /// A number for a book of `kind`, its digits from `random` (any `u64`: it is reduced to
    /// 7 digits; the bias of that is below one in a trillion).
    #[must_use]
    pub fn generate(kind: PassportKind, random: impl FnOnce() -> u64) -> Self {
        Self(format!("{}{:07}", letter(kind), random() % SERIALS))
    }

    /// The kind of book the letter says.
    #[must_use]
    pub fn kind(&self) -> PassportKind {
        if self.0.starts_with('E') {
            PassportKind::Electronic
        } else {
            PassportKind::NonElectronic
        }
    }

    /// The eight characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PassportNumber {
    type Err = PassportNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PassportNumber {
    type Error = PassportNumberError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PassportNumber> for String {
    fn from(number: PassportNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_accepts_the_format_only() {
        let cases: [(&str, Result<(), PassportNumberError>); 10] = [
            ("E1234567", Ok(())),
            ("X0000000", Ok(())),
            ("E9999999", Ok(())),
            ("e1234567", Err(PassportNumberError::Letter)),
            ("A1234567", Err(PassportNumberError::Letter)),
            ("11234567", Err(PassportNumberError::Letter)),
            ("E123456", Err(PassportNumberError::Length { found: 7 })),
            ("E12345678", Err(PassportNumberError::Length { found: 9 })),
            (" E123456", Err(PassportNumberError::Letter)),
            ("E12345٦7", Err(PassportNumberError::NonDigit)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                PassportNumber::parse(text).map(|_| ()),
                expected,
                "{text:?}"
            );
        }
        assert_eq!(
            PassportNumber::parse("").unwrap_err().to_string(),
            "a passport number has 8 characters (a letter and 7 digits), this has 0"
        );
    }

    #[test]
    fn generate_pads_and_reduces_the_draw() {
        let cases = [
            (PassportKind::Electronic, 0, "E0000000"),
            (PassportKind::Electronic, 42, "E0000042"),
            (PassportKind::NonElectronic, 9_999_999, "X9999999"),
            (PassportKind::NonElectronic, 10_000_000, "X0000000"),
            (PassportKind::Electronic, u64::MAX, "E9551615"),
        ];
        for (kind, draw, expected) in cases {
            let number = PassportNumber::generate(kind, || draw);
            assert_eq!(number.as_str(), expected);
            assert_eq!(number.kind(), kind);
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        use serde::de::IntoDeserializer as _;
        use serde::de::value::{Error, StringDeserializer};
        let good: StringDeserializer<Error> = "X0012345".to_owned().into_deserializer();
        let number = PassportNumber::deserialize(good).unwrap();
        assert_eq!(number.kind(), PassportKind::NonElectronic);
        let bad: StringDeserializer<Error> = "A0012345".to_owned().into_deserializer();
        assert!(PassportNumber::deserialize(bad).is_err());
        assert_eq!(
            "E7654321".parse::<PassportNumber>().unwrap().to_string(),
            "E7654321"
        );
        assert!(PassportNumber::try_from("E76543".to_owned()).is_err());
    }

    proptest! {
        #[test]
        fn every_generated_number_parses_back(draw in any::<u64>(), electronic in any::<bool>()) {
            let kind = if electronic { PassportKind::Electronic } else { PassportKind::NonElectronic };
            let number = PassportNumber::generate(kind, || draw);
            prop_assert_eq!(PassportNumber::parse(number.as_str()), Ok(number.clone()));
            prop_assert_eq!(number.kind(), kind);
        }
    }
}
