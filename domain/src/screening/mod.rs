//! Trafficking (TPPO) indicators for the interviewing officer.
//!
//! Immigration screens for signs of human trafficking and of migrant work outside the legal
//! route. The server only points at what the officer should look at closely; it never
//! decides alone. The officer records the interview and the decision, with a reason.

mod assigned;
mod country;
mod indicators;
mod policy;
mod profile;

pub use country::{CountryCode, CountryCodeError};
pub use indicators::{Indicator, IndicatorCode, ScreeningPolicy, indicators};
pub use policy::{MAX_LONG_TOURIST_STAY_DAYS, MAX_WATCHED_AGE, ScreeningPolicyError};
pub use profile::{TravelProfile, TravelPurpose};
