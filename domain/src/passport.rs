//! What is being applied for: the passport's kind, new or replacement, and the service.
//!
//! These are the choices an applicant makes on the draft. Lost and damaged replacements need
//! an examination at the office (BAP), so they are walk-in work and cannot be booked in the app.

use serde::{Deserialize, Serialize};

/// Both kinds of passport have 48 pages.
pub const PAGES: u8 = 48;

code_enum! {
    /// The kind of passport book.
    pub enum PassportKind {
        /// E-paspor: a chip with the holder's data and biometrics (autogates, visa waivers).
        Electronic => "electronic",
        /// Paspor biasa.
        NonElectronic => "non_electronic",
    }
}

impl PassportKind {
    /// Whether the book carries a chip.
    #[must_use]
    pub const fn has_chip(self) -> bool {
        matches!(self, Self::Electronic)
    }

    /// Number of pages (48 for both kinds).
    #[must_use]
    pub const fn pages(self) -> u8 {
        PAGES
    }
}

code_enum! {
    /// Why an existing passport is being replaced.
    pub enum ReplacementReason {
        Expired => "expired",
        PagesFull => "pages_full",
        Lost => "lost",
        Damaged => "damaged",
        DataChange => "data_change",
    }
}

impl ReplacementReason {
    /// Lost and damaged passports need an examination report (BAP) at the office: walk-in
    /// work, not an app booking.
    #[must_use]
    pub const fn needs_examination(self) -> bool {
        matches!(self, Self::Lost | Self::Damaged)
    }
}

code_enum! {
    /// The kind of application as a bare code, without the replacement reason.
    pub enum ApplicationKindCode {
        New => "new",
        Replacement => "replacement",
    }
}

/// A new passport, or the replacement of one for a reason.
///
/// On the wire: `{"kind": "new"}` or `{"kind": "replacement", "reason": "lost"}`; in the
/// database, the two columns of [`ApplicationKind::code`] and
/// [`ApplicationKind::replacement_reason`], put back together by [`ApplicationKind::from_parts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum ApplicationKind {
    New,
    Replacement(ReplacementReason),
}

/// The code and the reason of an application kind do not fit together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationKindError {
    #[error("a replacement application needs a reason")]
    ReasonRequired,
    #[error("a new application takes no replacement reason (got {0})")]
    ReasonNotAllowed(ReplacementReason),
}

impl ApplicationKind {
    /// Builds the kind from its stored parts: a replacement needs a reason, a new one must
    /// not have one.
    pub fn from_parts(
        kind: ApplicationKindCode,
        reason: Option<ReplacementReason>,
    ) -> Result<Self, ApplicationKindError> {
        match (kind, reason) {
            (ApplicationKindCode::New, None) => Ok(Self::New),
            (ApplicationKindCode::New, Some(r)) => Err(ApplicationKindError::ReasonNotAllowed(r)),
            (ApplicationKindCode::Replacement, Some(r)) => Ok(Self::Replacement(r)),
            (ApplicationKindCode::Replacement, None) => Err(ApplicationKindError::ReasonRequired),
        }
    }

    /// The bare code (`new` or `replacement`).
    #[must_use]
    pub const fn code(self) -> ApplicationKindCode {
        match self {
            Self::New => ApplicationKindCode::New,
            Self::Replacement(_) => ApplicationKindCode::Replacement,
        }
    }

    /// The reason, for a replacement.
    #[must_use]
    pub const fn replacement_reason(self) -> Option<ReplacementReason> {
        match self {
            Self::New => None,
            Self::Replacement(r) => Some(r),
        }
    }

    /// Whether this application needs the examination at the office (BAP), so that it
    /// cannot be booked in the app.
    #[must_use]
    pub const fn needs_examination(self) -> bool {
        match self {
            Self::New => false,
            Self::Replacement(r) => r.needs_examination(),
        }
    }
}

code_enum! {
    /// How fast the passport is made.
    pub enum Service {
        Regular => "regular",
        /// Percepatan: the passport is finished the same day, for a surcharge.
        SameDay => "same_day",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::assert_codes;

    #[test]
    fn codes() {
        assert_codes(&PassportKind::ALL, PassportKind::as_str);
        assert_codes(&ReplacementReason::ALL, ReplacementReason::as_str);
        assert_codes(&ApplicationKindCode::ALL, ApplicationKindCode::as_str);
        assert_codes(&Service::ALL, Service::as_str);
        assert_eq!(PassportKind::NonElectronic.as_str(), "non_electronic");
        assert_eq!(ReplacementReason::PagesFull.as_str(), "pages_full");
        assert_eq!(Service::SameDay.as_str(), "same_day");
    }

    #[test]
    fn chip_and_pages() {
        assert!(PassportKind::Electronic.has_chip());
        assert!(!PassportKind::NonElectronic.has_chip());
        for kind in PassportKind::ALL {
            assert_eq!(kind.pages(), 48);
        }
    }

    #[test]
    fn examination_only_for_lost_and_damaged() {
        for reason in ReplacementReason::ALL {
            let expected = matches!(reason, ReplacementReason::Lost | ReplacementReason::Damaged);
            assert_eq!(reason.needs_examination(), expected, "{reason}");
            assert_eq!(
                ApplicationKind::Replacement(reason).needs_examination(),
                expected
            );
        }
        assert!(!ApplicationKind::New.needs_examination());
    }

    #[test]
    fn from_parts_round_trips() {
        let mut kinds = vec![ApplicationKind::New];
        kinds.extend(ReplacementReason::ALL.map(ApplicationKind::Replacement));
        for kind in kinds {
            assert_eq!(
                ApplicationKind::from_parts(kind.code(), kind.replacement_reason()),
                Ok(kind)
            );
        }
    }

    #[test]
    fn from_parts_rejects_mismatches() {
        assert_eq!(
            ApplicationKind::from_parts(ApplicationKindCode::Replacement, None),
            Err(ApplicationKindError::ReasonRequired)
        );
        let err =
            ApplicationKind::from_parts(ApplicationKindCode::New, Some(ReplacementReason::Lost))
                .unwrap_err();
        assert_eq!(
            err,
            ApplicationKindError::ReasonNotAllowed(ReplacementReason::Lost)
        );
        assert_eq!(
            err.to_string(),
            "a new application takes no replacement reason (got lost)"
        );
    }
}
