//! Who may collect a ready passport: the holder; a family member on the same family card
//! (Kartu Keluarga, whose number the officer checks against the holder's); or a proxy with
//! a power of attorney (whose reference is recorded).

use std::fmt;

use serde::{Deserialize, Serialize};

code_enum! {
    /// Who received the passport.
    pub enum RecipientKind {
        /// The holder in person.
        Holder => "holder",
        /// A family member on the holder's family card.
        FamilyMember => "family_member",
        /// Someone with the holder's power of attorney.
        Proxy => "proxy",
    }
}

impl RecipientKind {
    /// Whether the recipient's own NIK must be recorded (anyone but the holder).
    #[must_use]
    pub const fn needs_nik(self) -> bool {
        !matches!(self, Self::Holder)
    }

    /// Whether the family card checked must be recorded.
    #[must_use]
    pub const fn needs_family_card(self) -> bool {
        matches!(self, Self::FamilyMember)
    }

    /// Whether a power of attorney must be recorded.
    #[must_use]
    pub const fn needs_power_of_attorney(self) -> bool {
        matches!(self, Self::Proxy)
    }
}

/// The number of digits of a family card number.
pub const FAMILY_CARD_LENGTH: usize = 16;

/// A well-formed family card number (Nomor Kartu Keluarga): 16 digits, starting like a NIK
/// with the province, regency/city and district codes, none of them 00.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FamilyCardNumber(String);

/// Why a string is not a family card number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FamilyCardError {
    #[error("a family card number has exactly 16 digits, this has {found} characters")]
    Length { found: usize },
    #[error("a family card number holds only the digits 0-9")]
    NonDigit,
    #[error("the region codes of a family card number (digits 1-6) cannot be 00")]
    ZeroRegionCode,
}

impl FamilyCardNumber {
    /// Parses a number strictly: exactly 16 ASCII digits, nothing trimmed.
    pub fn parse(s: &str) -> Result<Self, FamilyCardError> {
        let found = s.chars().count();
        if found != FAMILY_CARD_LENGTH {
            return Err(FamilyCardError::Length { found });
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FamilyCardError::NonDigit);
        }
        if [&s[0..2], &s[2..4], &s[4..6]].contains(&"00") {
            return Err(FamilyCardError::ZeroRegionCode);
        }
        Ok(Self(s.to_owned()))
    }

    /// The 16 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FamilyCardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for FamilyCardNumber {
    type Error = FamilyCardError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<FamilyCardNumber> for String {
    fn from(number: FamilyCardNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&RecipientKind::ALL, RecipientKind::as_str);
    }

    #[test]
    fn what_each_recipient_must_show() {
        let table = [
            (RecipientKind::Holder, false, false, false),
            (RecipientKind::FamilyMember, true, true, false),
            (RecipientKind::Proxy, true, false, true),
        ];
        for (kind, nik, card, attorney) in table {
            assert_eq!(kind.needs_nik(), nik, "{kind}");
            assert_eq!(kind.needs_family_card(), card, "{kind}");
            assert_eq!(kind.needs_power_of_attorney(), attorney, "{kind}");
        }
    }

    #[test]
    fn family_card_numbers() {
        let cases: [(&str, Result<(), FamilyCardError>); 7] = [
            ("1971010101230001", Ok(())),
            ("1971019999999999", Ok(())),
            (
                "197101010123000",
                Err(FamilyCardError::Length { found: 15 }),
            ),
            (
                "19710101012300011",
                Err(FamilyCardError::Length { found: 17 }),
            ),
            ("1971-10101230001", Err(FamilyCardError::NonDigit)),
            ("0071010101230001", Err(FamilyCardError::ZeroRegionCode)),
            ("1971000101230001", Err(FamilyCardError::ZeroRegionCode)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                FamilyCardNumber::parse(text).map(|_| ()),
                expected,
                "{text}"
            );
        }
        assert_eq!(
            FamilyCardNumber::parse("1971010101230001")
                .unwrap()
                .to_string(),
            "1971010101230001"
        );
    }
}
