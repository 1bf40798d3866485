//! The events an integrator can subscribe a webhook to.
//!
//! Codes are `object.happening` (dotted, as webhook event types usually are), so this enum
//! is written by hand rather than with `code_enum!`.

use std::fmt;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// An application moved to another status (booked, paid, expired, cancelled, checked
    /// in, decided, ...).
    ApplicationStatusChanged,
    /// A payment notice was applied to an application.
    PaymentReceived,
    /// A passport was issued for an application.
    PassportIssued,
}

/// A code that names no event type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event type {0:?}")]
pub struct UnknownEventType(pub String);

impl EventType {
    /// Every event type.
    pub const ALL: [EventType; 3] = [
        EventType::ApplicationStatusChanged,
        EventType::PaymentReceived,
        EventType::PassportIssued,
    ];

    /// The event type's code, as in payloads, headers and subscriptions.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::ApplicationStatusChanged => "application.status_changed",
            EventType::PaymentReceived => "payment.received",
            EventType::PassportIssued => "passport.issued",
        }
    }

    /// The event type with this exact code.
    pub fn parse(code: &str) -> Result<EventType, UnknownEventType> {
        EventType::ALL
            .into_iter()
            .find(|event| event.as_str() == code)
            .ok_or_else(|| UnknownEventType(code.to_owned()))
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for event in EventType::ALL {
            assert_eq!(EventType::parse(event.as_str()), Ok(event));
        }
        for bad in [
            "",
            "application.status",
            "payment_received",
            "PASSPORT.ISSUED",
        ] {
            assert_eq!(EventType::parse(bad), Err(UnknownEventType(bad.to_owned())));
        }
    }
}
