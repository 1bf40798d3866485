//! Changing and removing the caller's applicants. Applications refer to an applicant and
//! carry its NIK, so one with applications keeps its NIK and cannot be removed. Each change
//! is a correction in the applicant's history; identity fields checked at the office are
//! refused (an officer corrects them).

use paspor_domain::privacy::{Corrector, self_correction};
use paspor_openapi::{ApplicantDto, ApplicantPatch};
use paspor_persistence::Conditional;
use paspor_persistence::accounts::users;
use paspor_persistence::applicants;
use paspor_persistence::applications;
use paspor_persistence::corrections::{self, NewCorrection};
use paspor_persistence::write_transaction;

use super::ApplicantError;
use super::corrections::changed_fields;
use super::input::{Draft, check};
use super::view::applicant_dto;
use crate::auth::Applicant;
use crate::state::AppState;

/// Changes the fields of the caller's applicant that `patch` names; the result is checked
/// as a whole, as a creation would be. Returns the applicant as it now is.
pub async fn update_applicant(
    state: &AppState,
    principal: &Applicant,
    id: String,
    patch: ApplicantPatch,
) -> Result<ApplicantDto, ApplicantError> {
    let today = state.clock.today();
    let now = state.clock.now();
    let account = principal.account.clone();
    let record = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // The account first, as drafting does: a draft made meanwhile for this
                // person carries the NIK this change checks for.
                if users::lock_open(conn, &account)?.skipped() {
                    return Err(ApplicantError::AccountClosed);
                }
                let current =
                    applicants::find_owned(conn, &account, &id)?.ok_or(ApplicantError::NotFound)?;
                let old_nik = current.nik.clone();
                let before = current.clone();
                let changed = check(Draft::patched(current, patch), today)?;
                let fields = changed_fields(&before, &changed);
                // Identity data the office checked against the originals is the office's to
                // correct from then on (before the NIK's own rules, which say less).
                if !fields.is_empty() {
                    // Each application locked, as the office's document check locks it: a
                    // check recorded meanwhile is seen here, or waits for this change.
                    for application in corrections::applications_of(conn, &id)? {
                        let _locked = applications::lock(conn, &application)?;
                    }
                    let checked = corrections::identity_checked(conn, &id)?;
                    self_correction(&fields, checked)
                        .map_err(|refused| ApplicantError::OfficerMustCorrect(refused.0))?;
                }
                if changed.nik != old_nik {
                    if applicants::nik_in_use(conn, &account, &changed.nik, Some(&id))? {
                        return Err(ApplicantError::DuplicateNik);
                    }
                    if applicants::count_applications(conn, &id)? > 0 {
                        return Err(ApplicantError::NikInUse);
                    }
                }
                match applicants::update(conn, &account, &id, &changed, now) {
                    Ok(Conditional::Applied) => {}
                    Ok(Conditional::Skipped) => return Err(ApplicantError::NotFound),
                    Err(error) if applicants::is_nik_taken(&error) => {
                        return Err(ApplicantError::DuplicateNik);
                    }
                    Err(error) => return Err(error.into()),
                }
                if !fields.is_empty() {
                    corrections::record(
                        conn,
                        &NewCorrection {
                            applicant_id: &id,
                            fields: &fields,
                            corrected_by: Corrector::Person.as_str(),
                            officer_id: None,
                            office_id: None,
                            reason: None,
                        },
                        now,
                    )?;
                }
                applicants::find_owned(conn, &account, &id)?.ok_or(ApplicantError::NotFound)
            })
        })
        .await?;
    Ok(applicant_dto(record, today))
}

/// Removes the caller's applicant, unless applications refer to it.
pub async fn delete_applicant(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<(), ApplicantError> {
    let account = principal.account.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // Ownership first: another account's applicant is not found, whatever
                // refers to it.
                if applicants::find_owned(conn, &account, &id)?.is_none() {
                    return Err(ApplicantError::NotFound);
                }
                if applicants::count_applications(conn, &id)? > 0 {
                    return Err(ApplicantError::HasApplications);
                }
                // Its corrections go with it: they are about nobody any more.
                corrections::delete_of(conn, &id)?;
                match applicants::delete(conn, &account, &id) {
                    Ok(Conditional::Applied) => Ok(()),
                    Ok(Conditional::Skipped) => Err(ApplicantError::NotFound),
                    // An application committed after the count (PostgreSQL): the foreign
                    // key refuses, and the answer is the same.
                    Err(error) if applicants::is_referenced(&error) => {
                        Err(ApplicantError::HasApplications)
                    }
                    Err(error) => Err(error.into()),
                }
            })
        })
        .await
}
