//! Capacity of a session per channel, and what remains of it.

use serde::{Deserialize, Serialize};

use super::kind_limit::KindLimits;
use crate::passport::Service;

code_enum! {
    /// The quota a booking is counted against.
    pub enum Channel {
        /// App bookings for the regular service.
        Regular => "regular",
        /// App bookings for the same-day service (percepatan).
        SameDay => "same_day",
        /// Walk-ins served with priority (children, elderly, pregnant, breastfeeding).
        Priority => "priority",
    }
}

impl From<Service> for Channel {
    fn from(service: Service) -> Self {
        match service {
            Service::Regular => Self::Regular,
            Service::SameDay => Self::SameDay,
        }
    }
}

/// How many places a session offers on each channel, and the office's optional limits
/// per passport kind on its app bookings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Capacity {
    pub regular: u32,
    pub same_day: u32,
    pub priority: u32,
    /// Limits per passport kind; none by default.
    #[serde(default)]
    pub by_kind: KindLimits,
}

impl Capacity {
    /// The capacity of one channel.
    #[must_use]
    pub const fn of(&self, channel: Channel) -> u32 {
        match channel {
            Channel::Regular => self.regular,
            Channel::SameDay => self.same_day,
            Channel::Priority => self.priority,
        }
    }

    /// All channels together (saturating).
    #[must_use]
    pub const fn total(&self) -> u32 {
        self.regular
            .saturating_add(self.same_day)
            .saturating_add(self.priority)
    }
}

/// Places left when `held` are taken; never below zero, even if capacity was lowered after
/// places were booked.
#[must_use]
pub const fn remaining(capacity: u32, held: u32) -> u32 {
    capacity.saturating_sub(held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&Channel::ALL, Channel::as_str);
    }

    #[test]
    fn channel_of_service() {
        assert_eq!(Channel::from(Service::Regular), Channel::Regular);
        assert_eq!(Channel::from(Service::SameDay), Channel::SameDay);
    }

    /// Storage counts a draft's channel in SQL by its stored service (a booking's look):
    /// each service is stored under the code of the channel its bookings take.
    #[test]
    fn a_service_has_its_channels_code() {
        for service in Service::ALL {
            assert_eq!(Channel::from(service).as_str(), service.as_str());
        }
    }

    #[test]
    fn capacity_per_channel() {
        // The example office: 200 regular, 35 same-day, 50 priority a day.
        let c = Capacity {
            regular: 200,
            same_day: 35,
            priority: 50,
            ..Capacity::default()
        };
        assert_eq!(c.of(Channel::Regular), 200);
        assert_eq!(c.of(Channel::SameDay), 35);
        assert_eq!(c.of(Channel::Priority), 50);
        assert_eq!(c.total(), 285);
    }

    #[test]
    fn remaining_saturates() {
        assert_eq!(remaining(10, 0), 10);
        assert_eq!(remaining(10, 9), 1);
        assert_eq!(remaining(10, 10), 0);
        assert_eq!(remaining(10, 11), 0);
    }
}
