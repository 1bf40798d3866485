//! How long what the law asks immigration to keep is kept after an account closes, and how
//! often the retention job looks for what is due: `PASPOR_RETENTION_INTERVAL_SECS` (86400,
//! daily), `PASPOR_RETENTION_DECISION_YEARS` (10, after a decision),
//! `PASPOR_RETENTION_PASSPORT_YEARS` (5, after an issued passport's expiry),
//! `PASPOR_RETENTION_PAYMENT_YEARS` (10, after a payment) and
//! `PASPOR_RETENTION_AUDIT_YEARS` (10, after a staff action). `docs/PRIVACY.md` says why.

use std::time::Duration;

use super::parse::ranged;
use crate::privacy::retention::Years;

/// The retention periods and the job's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionSettings {
    /// How often the retention job looks for what is due.
    pub interval: Duration,
    /// Years a decided application is kept after its decision.
    pub decision_years: u32,
    /// Years an issued passport's record (and its holder's identity) is kept after the
    /// passport expired.
    pub passport_years: u32,
    /// Years a payment record is kept after it was paid.
    pub payment_years: u32,
    /// Years a record of the audit trail is kept.
    pub audit_years: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            interval: Duration::from_secs(86_400),
            decision_years: 10,
            passport_years: 5,
            payment_years: 10,
            audit_years: 10,
        }
    }
}

impl RetentionSettings {
    /// The years of a registry's period measured in years.
    pub fn years(&self, years: Years) -> u32 {
        match years {
            Years::Payments => self.payment_years,
            Years::Audit => self.audit_years,
        }
    }

    /// Reads the `PASPOR_RETENTION_*` variables; an unset one keeps its default.
    pub(super) fn from_vars<'a>(
        get: &impl Fn(&str) -> Option<&'a str>,
        problems: &mut Vec<String>,
    ) -> RetentionSettings {
        let defaults = RetentionSettings::default();
        let mut years = |value: Option<&str>, name: &str, default: u32| {
            ranged(value, name, 1..=100, problems).unwrap_or(default)
        };
        let decision_years = years(
            get("PASPOR_RETENTION_DECISION_YEARS"),
            "PASPOR_RETENTION_DECISION_YEARS",
            defaults.decision_years,
        );
        let passport_years = years(
            get("PASPOR_RETENTION_PASSPORT_YEARS"),
            "PASPOR_RETENTION_PASSPORT_YEARS",
            defaults.passport_years,
        );
        let payment_years = years(
            get("PASPOR_RETENTION_PAYMENT_YEARS"),
            "PASPOR_RETENTION_PAYMENT_YEARS",
            defaults.payment_years,
        );
        let audit_years = years(
            get("PASPOR_RETENTION_AUDIT_YEARS"),
            "PASPOR_RETENTION_AUDIT_YEARS",
            defaults.audit_years,
        );
        let interval = ranged(
            get("PASPOR_RETENTION_INTERVAL_SECS"),
            "PASPOR_RETENTION_INTERVAL_SECS",
            1..=604_800,
            problems,
        )
        .map_or(defaults.interval, |secs| {
            Duration::from_secs(u64::from(secs))
        });
        RetentionSettings {
            interval,
            decision_years,
            passport_years,
            payment_years,
            audit_years,
        }
    }
}
