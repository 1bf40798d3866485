//! An office's optional limit per passport kind on the app bookings of a session (e.g. 3
//! non-electronic and 12 electronic places in a day), on top of each channel's capacity.
//!
//! A limit counts the live app bookings of its kind, regular and same-day alike; priority
//! walk-ins are not app bookings and never count. No limit means the kind may take every
//! place its channel has, which is how every session stood before offices could set one.

use serde::{Deserialize, Serialize};

use super::capacity::Channel;
use crate::passport::PassportKind;

/// The most places of one kind a session may be limited to (the bound of a channel).
pub const MAX_KIND_LIMIT: u32 = super::template::MAX_CAPACITY;

/// How many app bookings of each passport kind a session takes; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KindLimits {
    /// App bookings of electronic passports.
    pub electronic: Option<u32>,
    /// App bookings of non-electronic passports.
    pub non_electronic: Option<u32>,
}

impl KindLimits {
    /// No limit on either kind.
    pub const NONE: KindLimits = KindLimits {
        electronic: None,
        non_electronic: None,
    };

    /// The limit on one kind, if the office set one.
    #[must_use]
    pub const fn of(&self, kind: PassportKind) -> Option<u32> {
        match kind {
            PassportKind::Electronic => self.electronic,
            PassportKind::NonElectronic => self.non_electronic,
        }
    }

    /// Whether any kind is limited.
    #[must_use]
    pub const fn any(&self) -> bool {
        self.electronic.is_some() || self.non_electronic.is_some()
    }

    /// Whether `held` live app bookings of `kind`, the one being taken among them, are
    /// within the limit (always, when the kind has none).
    #[must_use]
    pub fn admits(&self, kind: PassportKind, held: u32) -> bool {
        self.of(kind).is_none_or(|limit| held <= limit)
    }

    /// Places of `kind` left when `held` are taken; `None` when the kind has no limit.
    /// Never below zero, even if a limit was lowered below the places already booked.
    #[must_use]
    pub fn remaining(&self, kind: PassportKind, held: u32) -> Option<u32> {
        self.of(kind).map(|limit| limit.saturating_sub(held))
    }
}

/// Whether bookings of a channel count against the limits per kind: app bookings do,
/// priority walk-ins do not.
#[must_use]
pub const fn counts_against_kind_limits(channel: Channel) -> bool {
    matches!(channel, Channel::Regular | Channel::SameDay)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example office: 3 non-electronic and 12 electronic places a day.
    const OFFICE: KindLimits = KindLimits {
        electronic: Some(12),
        non_electronic: Some(3),
    };

    #[test]
    fn each_kind_has_its_own_limit() {
        assert_eq!(OFFICE.of(PassportKind::Electronic), Some(12));
        assert_eq!(OFFICE.of(PassportKind::NonElectronic), Some(3));
        assert!(OFFICE.any());
        assert!(!KindLimits::NONE.any());
        assert_eq!(KindLimits::default(), KindLimits::NONE);
    }

    #[test]
    fn the_last_place_of_a_kind_is_admitted_and_the_next_refused() {
        // `held` includes the booking being taken.
        assert!(OFFICE.admits(PassportKind::NonElectronic, 1));
        assert!(OFFICE.admits(PassportKind::NonElectronic, 3));
        assert!(!OFFICE.admits(PassportKind::NonElectronic, 4));
        assert!(OFFICE.admits(PassportKind::Electronic, 12));
        assert!(!OFFICE.admits(PassportKind::Electronic, 13));
    }

    #[test]
    fn a_limit_of_zero_admits_none_of_the_kind() {
        let none_electronic = KindLimits {
            electronic: Some(0),
            non_electronic: None,
        };
        assert!(!none_electronic.admits(PassportKind::Electronic, 1));
        assert!(none_electronic.admits(PassportKind::NonElectronic, 1));
        assert_eq!(
            none_electronic.remaining(PassportKind::Electronic, 0),
            Some(0)
        );
    }

    #[test]
    fn no_limit_admits_any_number() {
        for kind in PassportKind::ALL {
            assert!(KindLimits::NONE.admits(kind, u32::MAX));
            assert_eq!(KindLimits::NONE.remaining(kind, 5), None);
        }
    }

    #[test]
    fn remaining_saturates() {
        assert_eq!(OFFICE.remaining(PassportKind::NonElectronic, 0), Some(3));
        assert_eq!(OFFICE.remaining(PassportKind::NonElectronic, 2), Some(1));
        assert_eq!(OFFICE.remaining(PassportKind::NonElectronic, 3), Some(0));
        assert_eq!(OFFICE.remaining(PassportKind::NonElectronic, 9), Some(0));
    }

    #[test]
    fn only_app_bookings_count() {
        assert!(counts_against_kind_limits(Channel::Regular));
        assert!(counts_against_kind_limits(Channel::SameDay));
        assert!(!counts_against_kind_limits(Channel::Priority));
    }
}
