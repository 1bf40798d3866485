//! The days an office serves walk-ins only, as its admin sets them and as the app shows
//! them (availability, the office's own list).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::LanguageDto;

/// The longest reason accepted in each language, in characters.
pub const MAX_WALK_IN_ONLY_REASON_CHARS: usize = 500;

/// Why an office serves walk-ins only on a day, in each language the service writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkInOnlyReasons {
    /// In Bahasa Indonesia.
    #[schema(
        max_length = 500,
        min_length = 1,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "Aplikasi sedang gangguan; layanan langsung di loket."
    )]
    pub id: String,
    /// In English.
    #[schema(
        max_length = 500,
        min_length = 1,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        example = "The app is down; served at the counter."
    )]
    pub en: String,
}

/// What an office admin sets for a day: the reason in each language.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkInOnlyDayRequest {
    pub reasons: WalkInOnlyReasons,
}

/// A day an office serves walk-ins only: no session of it can be booked in the app;
/// bookings already held that day stay valid (their holders come at their session's
/// time, as walk-ins, without queueing anew).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WalkInOnlyDayDto {
    /// The office.
    pub office_id: String,
    /// The date, in the office's calendar.
    pub date: NaiveDate,
    /// The language of `reason`: the one `Accept-Language` asked for.
    pub language: LanguageDto,
    /// The reason in `language`.
    pub reason: String,
    /// The reason in each language.
    pub reasons: WalkInOnlyReasons,
    /// When it was set, or its reason last changed.
    pub set_at: DateTime<Utc>,
}

/// An office's walk-in-only days from today on, in date order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WalkInOnlyDayList {
    pub items: Vec<WalkInOnlyDayDto>,
}
