//! What the interviewing officer should look at closely: the trafficking indicators of the
//! declared trip (under the screening policy in force, whose version the answer names, on
//! the office's today), the NIK's disagreements with the declared birth date and sex, and
//! the person's earlier postponements. Nothing is kept: recording a screening does that
//! (`screenings.rs`).

use paspor_openapi::{EarlierPostponementDto, IndicatorsDto, NikWarningDto};
use paspor_persistence::decisions;

use super::ProcessingError;
use super::lookup::{AtOffice, application_at, office_today};
use super::screenings::{indicator_dtos, judge};
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
            let (policy_version, found) = judge(conn, &record, today)?;
            let applicant = applicant_of(conn, &record)?;
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
                policy_version,
                indicators: indicator_dtos(&found),
                nik_warnings,
                earlier_postponements,
            })
        })
        .await
}
