//! Sessions (time slots of an office day) and the places held in them.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};

use super::capacity::{Capacity, Channel, remaining};
use crate::office::TimeZone;
use crate::passport::PassportKind;

/// One weekly slot an office offers, from which dated sessions are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTemplate {
    /// The office.
    pub office_id: String,
    /// The day of the week it recurs on.
    pub weekday: Weekday,
    /// Start, local time.
    pub starts: NaiveTime,
    /// End, local time.
    pub ends: NaiveTime,
    /// Places per channel.
    pub capacity: Capacity,
}

/// A dated session of an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Its id.
    pub id: String,
    /// The office.
    pub office_id: String,
    /// Its date, in the office's calendar.
    pub date: NaiveDate,
    /// Start, local time.
    pub starts: NaiveTime,
    /// End, local time.
    pub ends: NaiveTime,
    /// Places per channel.
    pub capacity: Capacity,
    /// When its quota is released for booking.
    pub release_at: DateTime<Utc>,
    /// Whether its office serves walk-ins only that day: no app booking takes a place in it.
    pub walk_in_only: bool,
}

impl Session {
    /// Whether it can be booked at `now`: from its release instant on.
    #[must_use]
    pub fn is_released(&self, now: DateTime<Utc>) -> bool {
        now >= self.release_at
    }

    /// The instant it begins, its start read in its office's time zone `tz`.
    #[must_use]
    pub fn starts_at(&self, tz: TimeZone) -> DateTime<Utc> {
        tz.to_utc(self.date.and_time(self.starts))
    }

    /// Whether it has begun at `now` in its office's time zone `tz`: from then on it takes
    /// no app booking.
    #[must_use]
    pub fn has_started(&self, tz: TimeZone, now: DateTime<Utc>) -> bool {
        self.starts_at(tz) <= now
    }

    /// Whether the app may book it at `now`: released and not yet begun (places aside).
    #[must_use]
    pub fn is_open_for_booking(&self, tz: TimeZone, now: DateTime<Utc>) -> bool {
        self.is_released(now) && !self.has_started(tz, now)
    }
}

/// Places held per channel at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Occupancy {
    /// App bookings held.
    pub regular: u32,
    /// Same-day places held.
    pub same_day: u32,
    /// Priority places held.
    pub priority: u32,
    /// App bookings (regular and same-day) of electronic passports held.
    pub electronic: u32,
    /// App bookings (regular and same-day) of non-electronic passports held.
    pub non_electronic: u32,
}

impl Occupancy {
    /// The places held in one channel.
    #[must_use]
    pub const fn of(&self, channel: Channel) -> u32 {
        match channel {
            Channel::Regular => self.regular,
            Channel::SameDay => self.same_day,
            Channel::Priority => self.priority,
        }
    }

    /// The app bookings of one passport kind held.
    #[must_use]
    pub const fn of_kind(&self, kind: PassportKind) -> u32 {
        match kind {
            PassportKind::Electronic => self.electronic,
            PassportKind::NonElectronic => self.non_electronic,
        }
    }

    /// Records the app bookings of one passport kind held.
    pub fn set_kind(&mut self, kind: PassportKind, held: u32) {
        match kind {
            PassportKind::Electronic => self.electronic = held,
            PassportKind::NonElectronic => self.non_electronic = held,
        }
    }

    /// Records the places held in one channel.
    pub fn set(&mut self, channel: Channel, held: u32) {
        match channel {
            Channel::Regular => self.regular = held,
            Channel::SameDay => self.same_day = held,
            Channel::Priority => self.priority = held,
        }
    }
}

/// A session with the places held in it at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAvailability {
    /// The session.
    pub session: Session,
    /// Places held per channel.
    pub held: Occupancy,
}

impl SessionAvailability {
    /// Places still free in a channel (never negative, even if a capacity was lowered).
    #[must_use]
    pub fn remaining(&self, channel: Channel) -> u32 {
        remaining(self.session.capacity.of(channel), self.held.of(channel))
    }

    /// App places of a passport kind still free, where the session limits that kind
    /// (`None` where it does not). Never negative, even if a limit was lowered.
    #[must_use]
    pub fn remaining_of_kind(&self, kind: PassportKind) -> Option<u32> {
        self.session
            .capacity
            .by_kind
            .remaining(kind, self.held.of_kind(kind))
    }
}

/// A capacity that would leave a channel with fewer places than it already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the {channel} channel cannot go down to {asked}: the session already holds {held} \
     bookings of it"
)]
pub struct CapacityBelowHeld {
    /// The channel.
    pub channel: Channel,
    /// The places asked for.
    pub asked: u32,
    /// The places held in it now.
    pub held: u32,
}

/// Whether a session holding `held` may take the capacity `new`: a channel may go down to
/// exactly the places it holds, never below (the bookings are kept, not dropped). The
/// first channel that would go below is reported.
pub fn check_capacity_change(new: &Capacity, held: &Occupancy) -> Result<(), CapacityBelowHeld> {
    Channel::ALL
        .into_iter()
        .find(|channel| new.of(*channel) < held.of(*channel))
        .map_or(Ok(()), |channel| {
            Err(CapacityBelowHeld {
                channel,
                asked: new.of(channel),
                held: held.of(channel),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(release_at: DateTime<Utc>) -> Session {
        Session {
            id: "s".into(),
            office_id: "o".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            starts: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            ends: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            capacity: Capacity {
                regular: 10,
                same_day: 2,
                priority: 3,
                ..Capacity::default()
            },
            release_at,
            walk_in_only: false,
        }
    }

    #[test]
    fn a_session_is_released_from_its_release_instant_on() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T09:00:00Z")
            .unwrap()
            .to_utc();
        let s = session(at);
        assert!(!s.is_released(at - chrono::TimeDelta::microseconds(1)));
        assert!(s.is_released(at));
    }

    #[test]
    fn a_session_is_open_for_booking_from_its_release_until_it_begins_in_its_office_zone() {
        let release = DateTime::parse_from_rfc3339("2026-12-04T09:00:00Z")
            .unwrap()
            .to_utc();
        let s = session(release);
        // 08:00 on 7 December: 01:00 UTC in WIB (UTC+7), 23:00 UTC the day before in WIT (UTC+9).
        let wib_start = DateTime::parse_from_rfc3339("2026-12-07T01:00:00Z")
            .unwrap()
            .to_utc();
        let wit_start = DateTime::parse_from_rfc3339("2026-12-06T23:00:00Z")
            .unwrap()
            .to_utc();
        let just = chrono::TimeDelta::microseconds(1);
        assert!(!s.is_open_for_booking(TimeZone::Wib, release - just));
        assert!(s.is_open_for_booking(TimeZone::Wib, release));
        assert!(s.is_open_for_booking(TimeZone::Wib, wib_start - just));
        assert!(!s.has_started(TimeZone::Wib, wib_start - just));
        assert!(s.has_started(TimeZone::Wib, wib_start));
        assert!(!s.is_open_for_booking(TimeZone::Wib, wib_start));
        assert!(s.is_open_for_booking(TimeZone::Wit, wit_start - just));
        assert!(!s.is_open_for_booking(TimeZone::Wit, wit_start));
    }

    #[test]
    fn remaining_places_never_go_below_zero() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T09:00:00Z")
            .unwrap()
            .to_utc();
        let mut held = Occupancy::default();
        held.set(Channel::Regular, 4);
        held.set(Channel::SameDay, 5);
        let availability = SessionAvailability {
            session: session(at),
            held,
        };
        assert_eq!(availability.remaining(Channel::Regular), 6);
        assert_eq!(availability.remaining(Channel::SameDay), 0);
        assert_eq!(availability.remaining(Channel::Priority), 3);
        assert_eq!(held.of(Channel::Regular), 4);
    }

    #[test]
    fn places_left_of_a_kind_only_where_the_session_limits_it() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T09:00:00Z")
            .unwrap()
            .to_utc();
        let mut s = session(at);
        s.capacity.by_kind.non_electronic = Some(3);
        let mut held = Occupancy::default();
        held.set_kind(PassportKind::NonElectronic, 2);
        held.set_kind(PassportKind::Electronic, 7);
        let availability = SessionAvailability { session: s, held };
        assert_eq!(held.of_kind(PassportKind::NonElectronic), 2);
        assert_eq!(held.of_kind(PassportKind::Electronic), 7);
        assert_eq!(
            availability.remaining_of_kind(PassportKind::NonElectronic),
            Some(1)
        );
        assert_eq!(
            availability.remaining_of_kind(PassportKind::Electronic),
            None
        );
    }

    #[test]
    fn a_capacity_goes_down_to_the_places_held_and_no_further() {
        let mut held = Occupancy::default();
        held.set(Channel::Regular, 5);
        held.set(Channel::Priority, 2);
        let capacity = |regular, same_day, priority| Capacity {
            regular,
            same_day,
            priority,
            ..Capacity::default()
        };
        let cases = [
            (capacity(5, 0, 2), Ok(())),
            (capacity(6, 10, 50), Ok(())),
            (
                capacity(4, 0, 2),
                Err(CapacityBelowHeld {
                    channel: Channel::Regular,
                    asked: 4,
                    held: 5,
                }),
            ),
            (
                capacity(5, 0, 1),
                Err(CapacityBelowHeld {
                    channel: Channel::Priority,
                    asked: 1,
                    held: 2,
                }),
            ),
        ];
        for (new, expected) in cases {
            assert_eq!(check_capacity_change(&new, &held), expected, "{new:?}");
        }
        let refused = check_capacity_change(&capacity(4, 0, 2), &held).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "the regular channel cannot go down to 4: the session already holds 5 bookings of it"
        );
    }
}
