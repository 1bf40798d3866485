//! When reminders go out and how often the job looks for due ones:
//! `PASPOR_REMINDER_INTERVAL_SECS` (60), `PASPOR_REMINDER_PAYMENT_LEAD_MINUTES` (30, before
//! an unpaid booking's deadline), `PASPOR_REMINDER_APPOINTMENT_LEAD_HOURS` (24, before the
//! appointment starts) and `PASPOR_REMINDER_COLLECTION_LEAD_DAYS` (7, before an uncollected
//! passport's last collection day).

use std::time::Duration;

use chrono::TimeDelta;

use super::parse::ranged;

/// The reminders' timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderSettings {
    /// How often the job looks for due reminders.
    pub interval: Duration,
    /// How long before an unpaid booking's deadline its holder is reminded to pay.
    pub payment_lead: TimeDelta,
    /// How long before an appointment starts its holder is reminded of it.
    pub appointment_lead: TimeDelta,
    /// How many days before a ready passport's last collection day its holder is reminded.
    pub collection_lead_days: u32,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            interval: Duration::from_secs(60),
            payment_lead: TimeDelta::minutes(30),
            appointment_lead: TimeDelta::hours(24),
            collection_lead_days: 7,
        }
    }
}

impl ReminderSettings {
    /// Reads the `PASPOR_REMINDER_*` variables; an unset one keeps its default.
    pub(super) fn from_vars<'a>(
        get: &impl Fn(&str) -> Option<&'a str>,
        problems: &mut Vec<String>,
    ) -> ReminderSettings {
        let defaults = ReminderSettings::default();
        let interval = ranged(
            get("PASPOR_REMINDER_INTERVAL_SECS"),
            "PASPOR_REMINDER_INTERVAL_SECS",
            1..=3600,
            problems,
        )
        .map_or(defaults.interval, |secs| {
            Duration::from_secs(u64::from(secs))
        });
        // Less than the 2-hour hold, or the reminder would come with the booking.
        let payment_lead = ranged(
            get("PASPOR_REMINDER_PAYMENT_LEAD_MINUTES"),
            "PASPOR_REMINDER_PAYMENT_LEAD_MINUTES",
            1..=119,
            problems,
        )
        .map_or(defaults.payment_lead, |minutes| {
            TimeDelta::minutes(i64::from(minutes))
        });
        let appointment_lead = ranged(
            get("PASPOR_REMINDER_APPOINTMENT_LEAD_HOURS"),
            "PASPOR_REMINDER_APPOINTMENT_LEAD_HOURS",
            1..=72,
            problems,
        )
        .map_or(defaults.appointment_lead, |hours| {
            TimeDelta::hours(i64::from(hours))
        });
        // Less than the 30 days a passport waits, or it would come with the ready notice.
        let collection_lead_days = ranged(
            get("PASPOR_REMINDER_COLLECTION_LEAD_DAYS"),
            "PASPOR_REMINDER_COLLECTION_LEAD_DAYS",
            1..=29,
            problems,
        )
        .unwrap_or(defaults.collection_lead_days);
        ReminderSettings {
            interval,
            payment_lead,
            appointment_lead,
            collection_lead_days,
        }
    }
}
