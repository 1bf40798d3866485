//! What the applicant declared about the trip, from the draft and its questionnaire.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::CountryCode;

code_enum! {
    /// The declared purpose of travel.
    pub enum TravelPurpose {
        Tourism => "tourism",
        Work => "work",
        Study => "study",
        Umrah => "umrah",
        Hajj => "hajj",
        Business => "business",
        VisitFamily => "visit_family",
        Medical => "medical",
        Other => "other",
    }
}

impl TravelPurpose {
    /// The purpose in words, for indicator reasons.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Tourism => "tourism",
            Self::Work => "work",
            Self::Study => "study",
            Self::Umrah => "umrah",
            Self::Hajj => "hajj",
            Self::Business => "business",
            Self::VisitFamily => "a family visit",
            Self::Medical => "medical treatment",
            Self::Other => "another purpose",
        }
    }
}

/// The trip as declared. Optional answers are `None` when the questionnaire was not answered;
/// blank strings count as missing too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TravelProfile {
    pub birth_date: NaiveDate,
    pub departure: Option<NaiveDate>,
    pub purpose: TravelPurpose,
    pub destination: CountryCode,
    pub has_return_ticket: Option<bool>,
    /// Hotel or host.
    pub accommodation: Option<String>,
    pub address_abroad: Option<String>,
    pub length_of_stay_days: Option<u32>,
    pub contact_person: Option<String>,
    /// Recommendation letter of the labour office (Disnaker) for work abroad.
    pub labour_recommendation_letter: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        crate::code::assert_codes(&TravelPurpose::ALL, TravelPurpose::as_str);
    }
}
