//! Adding a person to apply for, within the account's limit of applicants.

use paspor_domain::MAX_APPLICANTS_PER_ACCOUNT;
use paspor_openapi::{ApplicantCreateRequest, ApplicantDto};
use paspor_persistence::accounts::users;
use paspor_persistence::applicants::{self, ApplicantRecord, NewApplicant};
use paspor_persistence::{DbConnection, write_transaction};

use super::ApplicantError;
use super::input::{Draft, check};
use super::view::applicant_dto;
use crate::auth::Applicant;
use crate::state::AppState;

/// Counts and inserts in one transaction with the account held, so that concurrent
/// creations cannot pass the limit together; the unique key on account and NIK backs up
/// the duplicate check the same way.
fn store(
    conn: &mut DbConnection,
    account: &str,
    applicant: &NewApplicant,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ApplicantRecord, ApplicantError> {
    write_transaction(conn, |conn| {
        if users::lock_open(conn, account)?.skipped() {
            return Err(ApplicantError::AccountClosed);
        }
        if applicants::count_owned(conn, account)? >= i64::from(MAX_APPLICANTS_PER_ACCOUNT) {
            return Err(ApplicantError::LimitReached);
        }
        if applicants::nik_in_use(conn, account, &applicant.nik, None)? {
            return Err(ApplicantError::DuplicateNik);
        }
        let id = applicants::insert(conn, account, applicant, now).map_err(|error| {
            if applicants::is_nik_taken(&error) {
                ApplicantError::DuplicateNik
            } else {
                error.into()
            }
        })?;
        applicants::find_owned(conn, account, &id)?
            .ok_or_else(|| anyhow::anyhow!("applicant {id} vanished").into())
    })
}

/// Adds an applicant to the caller's account. NIK mismatches with the birth date or sex
/// are accepted and come back as warnings.
pub async fn create_applicant(
    state: &AppState,
    principal: &Applicant,
    request: ApplicantCreateRequest,
) -> Result<ApplicantDto, ApplicantError> {
    let today = state.clock.today();
    let applicant = check(Draft::from(request), today)?;
    let now = state.clock.now();
    let account = principal.account.clone();
    let record = state
        .db
        .call(move |conn| store(conn, &account, &applicant, now))
        .await?;
    Ok(applicant_dto(record, today))
}
