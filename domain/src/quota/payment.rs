//! The payment window: an unpaid booking holds its place for 2 hours, then expires and the
//! place returns to the pool at once.

use chrono::{DateTime, TimeDelta, Utc};

/// How long an unpaid booking holds its place.
pub const PAYMENT_WINDOW: TimeDelta = TimeDelta::hours(2);

/// When the place of a booking made at `booked_at` is released if still unpaid.
#[must_use]
pub fn payment_deadline(booked_at: DateTime<Utc>) -> DateTime<Utc> {
    booked_at
        .checked_add_signed(PAYMENT_WINDOW)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whether an unpaid hold still counts: live strictly before the deadline, expired at it.
#[must_use]
pub fn hold_is_live(deadline: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < deadline
}

/// Until when the place of a booking unpaid at `deadline` stays held for a payment made in
/// time whose notice is still in flight: `grace` past the deadline, none when `grace` is
/// zero (the place is free at the deadline).
#[must_use]
pub fn place_held_until(deadline: DateTime<Utc>, grace: TimeDelta) -> Option<DateTime<Utc>> {
    (grace > TimeDelta::zero()).then(|| {
        deadline
            .checked_add_signed(grace)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grace_holds_the_place_past_the_deadline() {
        let deadline = DateTime::parse_from_rfc3339("2026-11-27T11:00:05Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(place_held_until(deadline, TimeDelta::zero()), None);
        assert_eq!(
            place_held_until(deadline, TimeDelta::minutes(30)),
            Some(deadline + TimeDelta::minutes(30))
        );
        assert_eq!(
            place_held_until(DateTime::<Utc>::MAX_UTC, TimeDelta::minutes(1)),
            Some(DateTime::<Utc>::MAX_UTC)
        );
    }

    #[test]
    fn two_hour_window() {
        let booked = DateTime::parse_from_rfc3339("2026-11-27T09:00:05Z")
            .unwrap()
            .to_utc();
        let deadline = payment_deadline(booked);
        assert_eq!(deadline.to_rfc3339(), "2026-11-27T11:00:05+00:00");
        let cases = [
            (TimeDelta::zero(), true),
            (TimeDelta::seconds(2 * 3600 - 1), true),
            (TimeDelta::milliseconds(2 * 3600 * 1000 - 1), true),
            (TimeDelta::hours(2), false),
            (TimeDelta::seconds(2 * 3600 + 1), false),
        ];
        for (after, live) in cases {
            assert_eq!(hold_is_live(deadline, booked + after), live, "{after}");
        }
    }

    #[test]
    fn deadline_saturates() {
        assert_eq!(
            payment_deadline(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
    }
}
