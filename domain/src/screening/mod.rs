//! Trafficking (TPPO) indicators for the interviewing officer.
//!
//! Immigration screens for signs of human trafficking and of migrant work outside the legal
//! route. The server only points at what the officer should look at closely; it never
//! decides alone. The officer records the interview and the decision, with a reason.

mod country;
mod indicators;
mod profile;

pub use country::{CountryCode, CountryCodeError};
pub use indicators::{Indicator, IndicatorCode, ScreeningPolicy, indicators};
pub use profile::{TravelProfile, TravelPurpose};
