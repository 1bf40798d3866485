//! Push notices: [`PushSettings`] from `PASPOR_FCM_SERVICE_ACCOUNT_FILE` or
//! `PASPOR_FCM_SERVICE_ACCOUNT` (the service-account key, a path or the JSON itself) and
//! `PASPOR_FCM_BASE_URL`.

use crate::push::fcm::{DEFAULT_BASE_URL, ServiceAccount};

/// Where push notices go.
#[derive(Debug, Clone)]
pub struct PushSettings {
    /// The FCM service account; `None` logs notices instead (development).
    pub fcm: Option<ServiceAccount>,
    /// `PASPOR_FCM_BASE_URL`: FCM's base URL, default `https://fcm.googleapis.com`.
    pub fcm_base_url: String,
}

impl PushSettings {
    pub(super) fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        problems: &mut Vec<String>,
    ) -> PushSettings {
        let key = match (
            get("PASPOR_FCM_SERVICE_ACCOUNT_FILE"),
            get("PASPOR_FCM_SERVICE_ACCOUNT"),
        ) {
            (Some(_), Some(_)) => {
                problems.push(
                    "PASPOR_FCM_SERVICE_ACCOUNT_FILE and PASPOR_FCM_SERVICE_ACCOUNT are both set: \
                     give the key one way"
                        .to_owned(),
                );
                None
            }
            (Some(path), None) => match std::fs::read_to_string(path) {
                Ok(json) => Some(("PASPOR_FCM_SERVICE_ACCOUNT_FILE", json)),
                Err(error) => {
                    problems.push(format!(
                        "PASPOR_FCM_SERVICE_ACCOUNT_FILE {path:?} cannot be read: {error}"
                    ));
                    None
                }
            },
            (None, Some(json)) => Some(("PASPOR_FCM_SERVICE_ACCOUNT", json.to_owned())),
            (None, None) => None,
        };
        // Problems never quote the key: it holds the private key.
        let fcm = key.and_then(|(name, json)| match ServiceAccount::parse(&json) {
            Ok(account) => Some(account),
            Err(reason) => {
                problems.push(format!("{name} is not usable: {reason}"));
                None
            }
        });
        let fcm_base_url = match get("PASPOR_FCM_BASE_URL") {
            None => DEFAULT_BASE_URL.to_owned(),
            Some(url) => match url::Url::parse(url) {
                Ok(parsed) if matches!(parsed.scheme(), "https" | "http") => {
                    url.trim_end_matches('/').to_owned()
                }
                _ => {
                    problems.push(format!(
                        "PASPOR_FCM_BASE_URL is {url:?}: it must be an http(s) URL"
                    ));
                    DEFAULT_BASE_URL.to_owned()
                }
            },
        };
        PushSettings { fcm, fcm_base_url }
    }

    /// Notices logged, as in development.
    pub(super) fn for_tests() -> PushSettings {
        PushSettings {
            fcm: None,
            fcm_base_url: DEFAULT_BASE_URL.to_owned(),
        }
    }
}
