//! Reading the caller's applicants: one, or a page of them, oldest first.

use paspor_openapi::{ApplicantDto, ApplicantPage, PageQuery};
use paspor_persistence::applicants;

use super::ApplicantError;
use super::view::applicant_dto;
use crate::auth::Applicant;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The caller's applicant with this id.
pub async fn own_applicant(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<ApplicantDto, ApplicantError> {
    let account = principal.account.clone();
    let record = state
        .db
        .call(move |conn| applicants::find_owned(conn, &account, &id).map_err(ApplicantError::from))
        .await?
        .ok_or(ApplicantError::NotFound)?;
    Ok(applicant_dto(record, state.clock.today()))
}

/// A page of the caller's applicants, oldest first.
pub async fn list_applicants(
    state: &AppState,
    principal: &Applicant,
    paging: PageQuery,
) -> Result<ApplicantPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let account = principal.account.clone();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .call(move |conn| {
            let total = applicants::count_owned(conn, &account)?;
            let records = applicants::list_owned(conn, &account, offset, i64::from(per_page))?;
            Ok::<_, ApplicantError>((records, total))
        })
        .await?;
    let today = state.clock.today();
    Ok(ApplicantPage {
        items: records
            .into_iter()
            .map(|record| applicant_dto(record, today))
            .collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}
