//! WhatsApp notices: [`WhatsAppSettings`] from `PASPOR_WHATSAPP_ACCESS_TOKEN`,
//! `PASPOR_WHATSAPP_PHONE_NUMBER_ID`, `PASPOR_WHATSAPP_BASE_URL` and
//! `PASPOR_WHATSAPP_API_VERSION`.

use secrecy::SecretString;

/// Meta's Graph API, the default base URL.
pub const DEFAULT_WHATSAPP_BASE_URL: &str = "https://graph.facebook.com";

/// The Graph API version used unless `PASPOR_WHATSAPP_API_VERSION` says otherwise.
pub const DEFAULT_WHATSAPP_API_VERSION: &str = "v21.0";

/// The WhatsApp Business Cloud API account messages are sent from.
#[derive(Debug, Clone)]
pub struct WhatsAppCloud {
    /// `PASPOR_WHATSAPP_ACCESS_TOKEN`: the system user's access token. Secret.
    pub access_token: SecretString,
    /// `PASPOR_WHATSAPP_PHONE_NUMBER_ID`: the id Meta gave the sending number.
    pub phone_number_id: String,
    /// `PASPOR_WHATSAPP_BASE_URL`: default `https://graph.facebook.com`.
    pub base_url: String,
    /// `PASPOR_WHATSAPP_API_VERSION`: default `v21.0`.
    pub api_version: String,
}

/// Where WhatsApp messages go.
#[derive(Debug, Clone, Default)]
pub struct WhatsAppSettings {
    /// The Cloud API account; `None` logs messages instead (development).
    pub cloud: Option<WhatsAppCloud>,
}

impl WhatsAppSettings {
    pub(super) fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        problems: &mut Vec<String>,
    ) -> WhatsAppSettings {
        let token = get("PASPOR_WHATSAPP_ACCESS_TOKEN");
        let number = get("PASPOR_WHATSAPP_PHONE_NUMBER_ID");
        let base_url = match get("PASPOR_WHATSAPP_BASE_URL") {
            None => DEFAULT_WHATSAPP_BASE_URL.to_owned(),
            Some(url) => match url::Url::parse(url) {
                Ok(parsed) if matches!(parsed.scheme(), "https" | "http") => {
                    url.trim_end_matches('/').to_owned()
                }
                _ => {
                    problems.push(format!(
                        "PASPOR_WHATSAPP_BASE_URL is {url:?}: it must be an http(s) URL"
                    ));
                    DEFAULT_WHATSAPP_BASE_URL.to_owned()
                }
            },
        };
        let api_version = match get("PASPOR_WHATSAPP_API_VERSION") {
            None => DEFAULT_WHATSAPP_API_VERSION.to_owned(),
            Some(version) if is_version(version) => version.to_owned(),
            Some(version) => {
                problems.push(format!(
                    "PASPOR_WHATSAPP_API_VERSION is {version:?}: it must look like v21.0"
                ));
                DEFAULT_WHATSAPP_API_VERSION.to_owned()
            }
        };
        let cloud = match (token, number) {
            (Some(token), Some(number)) if number.bytes().all(|b| b.is_ascii_digit()) => {
                Some(WhatsAppCloud {
                    access_token: SecretString::from(token),
                    phone_number_id: number.to_owned(),
                    base_url,
                    api_version,
                })
            }
            (Some(_), Some(number)) => {
                problems.push(format!(
                    "PASPOR_WHATSAPP_PHONE_NUMBER_ID is {number:?}: it must be the digits Meta gave the number"
                ));
                None
            }
            (None, None) => None,
            _ => {
                problems.push(
                    "PASPOR_WHATSAPP_ACCESS_TOKEN and PASPOR_WHATSAPP_PHONE_NUMBER_ID go together: \
                     set both or neither"
                        .to_owned(),
                );
                None
            }
        };
        WhatsAppSettings { cloud }
    }
}

fn is_version(version: &str) -> bool {
    version.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    })
}
