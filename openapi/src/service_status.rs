//! The service's status as the app shows it and as a system admin sets it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{LanguageDto, WalkInOnlyDayDto};

wire_enum! {
    /// How the service is running: `normal`, `degraded` (some parts slow or unavailable)
    /// or `maintenance` (down for planned work; offices take walk-ins).
    ServiceStateDto => paspor_domain::ServiceState { Normal, Degraded, Maintenance }
}

/// The service's status: its state, the admin's message in the reader's language and in
/// both, and since when it holds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ServiceStatusDto {
    pub state: ServiceStateDto,
    /// The language of `message`: the one `Accept-Language` asked for.
    pub language: LanguageDto,
    /// The message in `language` (empty when the admin wrote none in it).
    pub message: String,
    /// The message in each language, as the admin set them.
    pub messages: ServiceStatusMessages,
    /// When a system admin last set the status; absent if never.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// The offices that serve walk-ins only today (each in its own calendar), with their
    /// reason: the app cannot book there today, and bookings held there stay valid.
    pub walk_in_only_today: Vec<WalkInOnlyDayDto>,
}

/// A status message in each language the service writes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceStatusMessages {
    /// In Bahasa Indonesia.
    #[schema(max_length = 500, example = "Pembayaran PNBP sedang terganggu.")]
    pub id: String,
    /// In English.
    #[schema(max_length = 500, example = "Fee payments are delayed.")]
    pub en: String,
}

/// The status a system admin sets: a state and its message in each language (both may be
/// empty, for a normal state without words).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceStatusRequest {
    pub state: ServiceStateDto,
    pub messages: ServiceStatusMessages,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_the_domain() {
        for dto in ServiceStateDto::ALL {
            let domain = paspor_domain::ServiceState::from(*dto);
            assert_eq!(serde_json::to_value(dto).unwrap(), domain.as_str());
        }
    }
}
