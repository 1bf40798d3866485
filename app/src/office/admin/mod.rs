//! Administration: what an office admin sets for their own office (dated sessions' capacities,
//! weekly templates, settings, holidays) and what a system admin manages (offices, the
//! tariff switch, validity rule sets, the limits that hold brokers back, the trafficking
//! screening policy, unmatched payments). Each change appends one audit record in its own
//! transaction.

mod booking_limits;
mod error;
mod holidays;
mod input;
mod offices;
mod payments;
mod screening_policy;
mod sessions;
mod settings;
mod tariffs;
mod templates;
mod validity_rules;
mod view;
pub(crate) mod walk_in_only_days;

pub use booking_limits::{set_booking_limits, show_booking_limits};
pub use error::AdminError;
pub use holidays::{create_holiday, delete_holiday, list_holidays};
pub use offices::{create_office, update_office};
pub use payments::settle_payment;
pub use screening_policy::{
    list_screening_policy_versions, set_screening_policy, show_screening_policy,
    show_screening_policy_version, version_tag,
};
pub use sessions::{list_sessions, update_session};
pub use settings::{show_settings, update_settings};
pub use tariffs::{list_tariff_schedules, set_tariffs_in_force};
pub use templates::{replace_templates, show_templates};
pub use validity_rules::{create_validity_rules, list_validity_rules, set_validity_rules_in_force};
pub use walk_in_only_days::{
    SetDay, list_walk_in_only_days, remove_own_walk_in_only_day, remove_walk_in_only_day,
    set_own_walk_in_only_day, set_walk_in_only_day,
};
