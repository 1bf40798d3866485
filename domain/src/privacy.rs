//! The person's rights over their data (UU PDP): what they agreed to, and which of an
//! applicant's fields they may correct themselves.
//!
//! Identity fields are what the office checks against the original documents (KTP, family
//! card, birth certificate): once that check happened, a change by the person would undo it,
//! so only an officer of the office holding the application may correct them, with a reason.
//! Contact fields (the address, the marital status, a previous passport, the guardian) stay
//! the person's to correct.

use std::fmt;
use std::str::FromStr;

/// What a consent record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentPurpose {
    /// The privacy notice in force at registration: the basis of the account itself.
    PrivacyNotice,
    /// Notices by WhatsApp to the account's verified phone number (optional).
    WhatsApp,
}

impl ConsentPurpose {
    /// Every purpose, in the order they are shown.
    pub const ALL: [ConsentPurpose; 2] = [ConsentPurpose::PrivacyNotice, ConsentPurpose::WhatsApp];

    /// The purpose's code, as stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPurpose::PrivacyNotice => "privacy_notice",
            ConsentPurpose::WhatsApp => "whatsapp",
        }
    }

    /// Whether the person may withdraw it while the account stays open: the privacy notice
    /// is what the account rests on, so closing the account is how it ends.
    pub fn withdrawable_while_open(self) -> bool {
        match self {
            ConsentPurpose::PrivacyNotice => false,
            ConsentPurpose::WhatsApp => true,
        }
    }
}

impl fmt::Display for ConsentPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A purpose code that is not one of [`ConsentPurpose::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown consent purpose")]
pub struct UnknownPurpose;

impl FromStr for ConsentPurpose {
    type Err = UnknownPurpose;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        ConsentPurpose::ALL
            .into_iter()
            .find(|purpose| purpose.as_str() == code)
            .ok_or(UnknownPurpose)
    }
}

/// The applicant's fields that the office checks against the original documents.
pub const IDENTITY_FIELDS: [&str; 7] = [
    "nik",
    "full_name",
    "place_of_birth",
    "birth_date",
    "sex",
    "father_name",
    "mother_name",
];

/// Whether `field` (an applicant field's name) is identity data.
pub fn is_identity_field(field: &str) -> bool {
    IDENTITY_FIELDS.contains(&field)
}

/// Who corrected an applicant's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrector {
    /// The account holder, on their own applicant.
    Person,
    /// An officer of the office that holds one of the applicant's applications.
    Officer,
}

impl Corrector {
    /// The code stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Corrector::Person => "self",
            Corrector::Officer => "officer",
        }
    }
}

/// Why a person may not make a correction themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("identity fields {0:?} were checked at the office: an officer corrects them")]
pub struct OfficerMustCorrect(pub Vec<&'static str>);

/// Whether the person may change `changed` fields of an applicant whose identity was
/// `checked` at an office: contact fields always, identity fields only before the check.
pub fn self_correction(changed: &[&str], checked: bool) -> Result<(), OfficerMustCorrect> {
    let identity: Vec<&'static str> = IDENTITY_FIELDS
        .into_iter()
        .filter(|field| changed.contains(field))
        .collect();
    if checked && !identity.is_empty() {
        Err(OfficerMustCorrect(identity))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_round_trip_and_unknown_codes_are_refused() {
        for purpose in ConsentPurpose::ALL {
            assert_eq!(purpose.as_str().parse::<ConsentPurpose>(), Ok(purpose));
        }
        assert_eq!("marketing".parse::<ConsentPurpose>(), Err(UnknownPurpose));
        assert!(!ConsentPurpose::PrivacyNotice.withdrawable_while_open());
        assert!(ConsentPurpose::WhatsApp.withdrawable_while_open());
    }

    #[test]
    fn identity_fields_are_the_persons_only_until_checked() {
        assert_eq!(self_correction(&["full_name", "address"], false), Ok(()));
        assert_eq!(
            self_correction(&["address", "marital_status"], true),
            Ok(())
        );
        assert_eq!(
            self_correction(&["address", "mother_name", "nik"], true),
            Err(OfficerMustCorrect(vec!["nik", "mother_name"]))
        );
        assert!(is_identity_field("birth_date"));
        assert!(!is_identity_field("address"));
    }
}
