//! Quotas: capacity per channel, when a day's quota is released, and how long an unpaid
//! booking holds its place.
//!
//! The counting itself (never more bookings than capacity, under any concurrency) is the
//! database's job; this module holds the rules that the counting applies.

mod capacity;
mod kind_limit;
mod payment;
mod release;
mod release_rules;
mod session;
mod template;

pub use capacity::{Capacity, Channel, remaining};
pub use kind_limit::{KindLimits, MAX_KIND_LIMIT, counts_against_kind_limits};
pub use payment::{PAYMENT_WINDOW, hold_is_live, payment_deadline, place_held_until};
pub use release::{MAX_DAYS_AHEAD, ReleaseRule, ReleaseRuleError, is_released, release_at};
pub use release_rules::{
    DayRange, LAST_DAY, MAX_RELEASE_RULES, ReleaseRules, ReleaseRulesError, ScopedReleaseRule,
};
pub use session::{
    CapacityBelowHeld, Occupancy, Session, SessionAvailability, SessionTemplate,
    check_capacity_change,
};
pub use template::{
    MAX_CAPACITY, MAX_TEMPLATES, TemplateError, check_capacity_bound, validate_week,
};
