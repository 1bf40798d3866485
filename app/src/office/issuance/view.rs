//! Passports as their holders' account and the office see them, and the applicant's
//! reads: a page of the account's passports, and one of them.

use paspor_domain::account::Role;
use paspor_domain::delivery::Courier;
use paspor_domain::issuance::benefits;
use paspor_openapi::{DispatchDto, PageQuery, PassportDto, PassportHandOverDto, PassportPage};
use paspor_persistence::passports::{self, PassportRecord};

use super::IssuanceError;
use crate::auth::Principal;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The wire form of a passport.
pub(super) fn passport_dto(record: PassportRecord) -> PassportDto {
    PassportDto {
        pages: record.kind.pages(),
        benefits: benefits(record.kind).iter().map(|&b| b.into()).collect(),
        kind: record.kind.into(),
        number: record.number.into(),
        id: record.id,
        chip: record.chip,
        holder_name: record.holder_name,
        issue_date: record.issue_date,
        expiry_date: record.expiry_date,
        ready_date: record.ready_date,
        collect_by: record.collect_by,
        status: record.status.into(),
        office_id: record.office_id,
        application_id: record.application_id,
        hand_over: record.hand_over.map(|hand_over| PassportHandOverDto {
            recipient: hand_over.recipient.into(),
            recipient_name: hand_over.recipient_name,
            at: hand_over.at,
        }),
        dispatch: record.dispatch.and_then(|dispatch| {
            Some(DispatchDto {
                courier: dispatch.courier.parse::<Courier>().ok()?.into(),
                tracking_number: dispatch.tracking_number,
                at: dispatch.at,
            })
        }),
    }
}

/// A page of the caller's passports, newest first (applicants only).
pub async fn list_passports(
    state: &AppState,
    principal: &Principal,
    paging: PageQuery,
) -> Result<PassportPage, Refusal> {
    // The page is checked before the role, as it always was.
    let (page, per_page) = page_of(paging)?;
    principal.require(&[Role::Applicant])?;
    let account = principal.account.clone();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (records, total) = state
        .db
        .run(move |conn| passports::list_owned(conn, &account, offset, i64::from(per_page)))
        .await?;
    Ok(PassportPage {
        items: records.into_iter().map(passport_dto).collect(),
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// One of the caller's passports (applicants only; another account's is 404).
pub async fn show_passport(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<PassportDto, Refusal> {
    principal.require(&[Role::Applicant])?;
    let account = principal.account.clone();
    let record = state
        .db
        .run(move |conn| passports::find_owned(conn, &account, &id))
        .await?;
    record
        .map(passport_dto)
        .ok_or_else(|| IssuanceError::NotFound("passport").into())
}
