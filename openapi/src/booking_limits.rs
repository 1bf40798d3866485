//! The limits a booking must pass besides a free place, as a system admin reads and sets
//! them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The limits that hold brokers back. A person whose bookings lapsed unpaid or were
/// cancelled `lapses_before_cooldown` times within `lapse_window_days` waits
/// `cooldown_days` after the last of them (0 lapses switches that rule off); an account
/// holds at most `holds_per_account` places awaiting payment at once, and makes at most
/// `bookings_per_release` bookings of the sessions released at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingLimitsDto {
    /// Lapses and cancellations of one person within the window before they wait; 0: never.
    #[schema(minimum = 0, maximum = 100, example = 2)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub lapses_before_cooldown: u32,
    /// The window they are counted in, in days.
    #[schema(minimum = 1, maximum = 365, example = 30)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub lapse_window_days: u32,
    /// How long the person waits after the last of them, in days.
    #[schema(minimum = 0, maximum = 365, example = 7)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub cooldown_days: u32,
    /// Places awaiting payment one account may hold at once.
    #[schema(minimum = 1, maximum = 100, example = 5)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub holds_per_account: u32,
    /// Bookings one account may make of one release (lapsed and cancelled ones included).
    #[schema(minimum = 1, maximum = 1000, example = 10)]
    #[serde(deserialize_with = "crate::integral::u32")]
    pub bookings_per_release: u32,
}

impl From<paspor_domain::BookingLimits> for BookingLimitsDto {
    fn from(limits: paspor_domain::BookingLimits) -> Self {
        let days = |delta: chrono::TimeDelta| u32::try_from(delta.num_days()).unwrap_or(0);
        BookingLimitsDto {
            lapses_before_cooldown: limits.lapses_before_cooldown,
            lapse_window_days: days(limits.lapse_window),
            cooldown_days: days(limits.cooldown),
            holds_per_account: limits.holds_per_account,
            bookings_per_release: limits.bookings_per_release,
        }
    }
}
