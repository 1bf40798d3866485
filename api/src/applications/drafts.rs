//! Drafts: created for one of the account's applicants, changed while they are drafts, and
//! kept until deleted, so that an app that crashes loses nothing.

use paspor_domain::ApplicationStatus;
use paspor_openapi::{ApplicationCreateRequest, ApplicationDto, ApplicationPatch};
use paspor_persistence::applications::{self, InsertError};
use paspor_persistence::write_transaction;
use paspor_persistence::{bookings, decisions, documents};

use super::ApplicationError;
use super::input::{new_draft, patched_draft};
use super::view::view_owned;
use crate::auth::Principal;
use crate::state::AppState;

/// Creates a draft. Refused when the person already has an active application, which the
/// database guarantees however many requests race.
pub async fn create_draft(
    state: &AppState,
    principal: &Principal,
    request: ApplicationCreateRequest,
) -> Result<ApplicationDto, ApplicationError> {
    let content = new_draft(&request)?;
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    state
        .db
        .call(move |conn| {
            let applicant = applications::applicant_facts(conn, &account, &request.applicant_id)?
                .ok_or_else(|| {
                ApplicationError::field("applicant_id", "names none of your applicants")
            })?;
            let inserted = write_transaction(conn, |conn| {
                // A postponement holds the person back until its date. The person's active
                // application (one being decided, say) is locked first, so that a decision
                // committing meanwhile is seen here; otherwise that application is still
                // active and the insert is refused as a second one.
                if let Some((active, _)) = applications::active_for_nik(conn, &applicant.nik)? {
                    applications::lock(conn, &active)?;
                }
                if let Some(until) = decisions::hold_for_nik(conn, &applicant.nik, today)? {
                    return Ok(Err(until));
                }
                applications::insert_draft(
                    conn,
                    &account,
                    &request.applicant_id,
                    &applicant.nik,
                    &content,
                    now,
                )
                .map(Ok)
            });
            let id = match inserted {
                Ok(Ok(id)) => id,
                Ok(Err(until)) => {
                    return Err(ApplicationError::Unprocessable(format!(
                        "an earlier application of this person was postponed: a new \
                         application cannot be made until {until}"
                    )));
                }
                // Told after the rollback, naming the active one when it is this account's.
                Err(InsertError::PersonHasActive) => {
                    let active = applications::active_for_nik(conn, &applicant.nik)?;
                    return Err(ApplicationError::PersonHasActive(
                        active
                            .filter(|(_, owner)| owner.as_deref() == Some(account.as_str()))
                            .map(|(id, _)| id),
                    ));
                }
                Err(InsertError::Store(error)) => return Err(error.into()),
            };
            view_owned(conn, &account, &id, today)
        })
        .await
}

/// Changes a draft; refused once it is no longer one.
pub async fn update_draft(
    state: &AppState,
    principal: &Principal,
    id: String,
    patch: ApplicationPatch,
) -> Result<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let current = applications::find_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                let content = patched_draft(&current.content, &patch)?;
                if !applications::update_draft(conn, &id, &content, now)? {
                    return Err(ApplicationError::NotADraft);
                }
                view_owned(conn, &account, &id, today)
            })
        })
        .await
}

/// Deletes a draft with its documents; refused once it is no longer one.
pub async fn delete_draft(
    state: &AppState,
    principal: &Principal,
    id: String,
) -> Result<(), ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let files = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                applications::find_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                // An upload racing the deletion waits, then finds no application.
                applications::lock(conn, &id)?;
                let application = applications::find_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                if application.status != ApplicationStatus::Draft {
                    return Err(ApplicationError::NotADraft);
                }
                // A draft in line may hold an offered place: it goes back to the pool
                // (the waitlist passes it on), and the offers made to the draft stay as
                // the session's history, without it.
                super::waitlist::release_offer(conn, &id, now)?;
                bookings::detach_application(conn, &id)?;
                let files = documents::delete_all(conn, &id)?;
                if applications::delete_draft(conn, &id)? {
                    Ok(files)
                } else {
                    Err(ApplicationError::NotADraft)
                }
            })
        })
        .await?;
    // Only once the rows are gone for good.
    state.documents.discard(files).await;
    Ok(())
}
