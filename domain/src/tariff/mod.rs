//! Fees: tariff items, effective-dated schedules, and quotes.
//!
//! Tariffs are data. A schedule is a named price list with the date from which it applies,
//! so a change of regulation is a new schedule, not a code change. This module ships the two
//! schedules the regulations define so far and the logic that turns a request into a quote.

mod item;
mod quote;
mod schedule;

pub use item::TariffItem;
pub use quote::{CURRENCY, Quote, QuoteError, QuoteLine, QuoteRequest, quote};
pub use schedule::{
    ScheduleError, TariffSchedule, builtin_schedules, launch_schedule, schedule_in_force,
    validity_priced_2024_schedule,
};

/// Money: whole rupiah. Never a float.
pub type Rupiah = i64;
