//! What the interviewing officer should look at closely: the trafficking indicators of the
//! declared trip (default screening policy, the office's today), the NIK's disagreements
//! with the declared birth date and sex, and the person's earlier postponements.

use paspor_domain::{ScreeningPolicy, TravelProfile, indicators};
use paspor_openapi::{EarlierPostponementDto, IndicatorDto, IndicatorsDto, NikWarningDto};
use paspor_persistence::decisions;

use super::ProcessingError;
use super::lookup::{AtOffice, application_at, office_today};
use super::view::applicant_of;
use crate::office::OfficeStaff;
use crate::state::AppState;

/// The indicators of one of the office's applications.
pub async fn show_indicators(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
) -> Result<IndicatorsDto, ProcessingError> {
    let at = AtOffice::of(staff);
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            let record = application_at(conn, &at.office, &id)?;
            let (_, today) = office_today(conn, &at.office, now)?;
            let applicant = applicant_of(conn, &record)?;
            let trip = &record.content;
            let profile = TravelProfile {
                birth_date: applicant.birth_date,
                departure: trip.planned_departure,
                purpose: trip.travel_purpose,
                destination: trip.destination,
                has_return_ticket: trip.has_return_ticket,
                accommodation: trip.accommodation.clone(),
                address_abroad: trip.address_abroad.clone(),
                length_of_stay_days: trip.length_of_stay_days,
                contact_person: trip.contact_name.clone(),
                labour_recommendation_letter: trip.labour_recommendation_letter,
            };
            let found = indicators(&ScreeningPolicy::default(), &profile, today)
                .into_iter()
                .map(|indicator| IndicatorDto {
                    code: indicator.code.into(),
                    reason: indicator.reason,
                })
                .collect();
            let nik_warnings = applicant
                .nik
                .cross_check(applicant.birth_date, applicant.sex)
                .iter()
                .map(NikWarningDto::from)
                .collect();
            let earlier_postponements = decisions::postponements_of_nik(conn, &record.nik, &id)?
                .into_iter()
                .map(|decision| EarlierPostponementDto {
                    application_id: decision.application_id,
                    decided_at: decision.decided_at,
                    reason_code: decision.reason_code,
                    hold_until: decision.hold_until,
                })
                .collect();
            Ok(IndicatorsDto {
                indicators: found,
                nik_warnings,
                earlier_postponements,
            })
        })
        .await
}
