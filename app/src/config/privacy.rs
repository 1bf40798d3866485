//! The person's data rights: `PASPOR_PRIVACY_NOTICE_VERSION` (the version of the privacy
//! notice in force, recorded with each registration's consent), `PASPOR_EXPORT_POLL_MS`
//! (how often the export builder looks for work, 1000) and `PASPOR_EXPORT_TTL_DAYS` (how
//! long a ready archive is kept, 7).

use std::time::Duration;

use chrono::TimeDelta;

use super::parse::ranged;

/// The privacy notice in force unless configured.
pub const DEFAULT_PRIVACY_NOTICE_VERSION: &str = "2026-12-01";

/// The longest notice version accepted.
const MAX_VERSION_CHARS: usize = 32;

/// The data-rights settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacySettings {
    /// The version of the privacy notice the app shows at registration.
    pub notice_version: String,
    /// How often the export builder looks for exports to build.
    pub export_poll: Duration,
    /// How long a ready archive is kept before it is deleted.
    pub export_ttl: TimeDelta,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            notice_version: DEFAULT_PRIVACY_NOTICE_VERSION.to_owned(),
            export_poll: Duration::from_secs(1),
            export_ttl: TimeDelta::days(7),
        }
    }
}

impl PrivacySettings {
    /// Reads the variables; an unset one keeps its default.
    pub(super) fn from_vars<'a>(
        get: &impl Fn(&str) -> Option<&'a str>,
        problems: &mut Vec<String>,
    ) -> PrivacySettings {
        let defaults = PrivacySettings::default();
        let notice_version = match get("PASPOR_PRIVACY_NOTICE_VERSION") {
            None => defaults.notice_version,
            Some(version)
                if !version.is_empty()
                    && version.chars().count() <= MAX_VERSION_CHARS
                    && version.chars().all(|c| c.is_ascii_graphic()) =>
            {
                version.to_owned()
            }
            Some(version) => {
                problems.push(format!(
                    "PASPOR_PRIVACY_NOTICE_VERSION is {version:?}: it must be 1 to \
                     {MAX_VERSION_CHARS} visible ASCII characters, e.g. 2026-12-01"
                ));
                defaults.notice_version
            }
        };
        let export_poll = ranged(
            get("PASPOR_EXPORT_POLL_MS"),
            "PASPOR_EXPORT_POLL_MS",
            10..=60_000,
            problems,
        )
        .map_or(defaults.export_poll, |ms| {
            Duration::from_millis(u64::from(ms))
        });
        let export_ttl = ranged(
            get("PASPOR_EXPORT_TTL_DAYS"),
            "PASPOR_EXPORT_TTL_DAYS",
            1..=30,
            problems,
        )
        .map_or(defaults.export_ttl, |days| TimeDelta::days(i64::from(days)));
        PrivacySettings {
            notice_version,
            export_poll,
            export_ttl,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> (PrivacySettings, Vec<String>) {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        let mut problems = Vec::new();
        let settings = PrivacySettings::from_vars(&|name| vars.get(name).copied(), &mut problems);
        (settings, problems)
    }

    #[test]
    fn unset_variables_keep_the_defaults_and_bad_ones_are_reported() {
        assert_eq!(read(&[]), (PrivacySettings::default(), Vec::new()));
        let (settings, problems) = read(&[
            ("PASPOR_PRIVACY_NOTICE_VERSION", "2027-01-15"),
            ("PASPOR_EXPORT_POLL_MS", "250"),
            ("PASPOR_EXPORT_TTL_DAYS", "30"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.notice_version, "2027-01-15");
        assert_eq!(settings.export_poll, Duration::from_millis(250));
        assert_eq!(settings.export_ttl, TimeDelta::days(30));
        let (_, problems) = read(&[
            ("PASPOR_PRIVACY_NOTICE_VERSION", "two words"),
            ("PASPOR_EXPORT_POLL_MS", "0"),
            ("PASPOR_EXPORT_TTL_DAYS", "31"),
        ]);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
