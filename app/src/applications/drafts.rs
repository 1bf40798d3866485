//! Drafts: created for one of the account's applicants, changed while they are drafts, and
//! kept until deleted, so that an app that crashes loses nothing.

use chrono::{DateTime, NaiveDate, Utc};
use paspor_domain::ApplicationStatus;
use paspor_openapi::{ApplicationCreateRequest, ApplicationDto, ApplicationPatch};
use paspor_persistence::DbConnection;
use paspor_persistence::accounts::users;
use paspor_persistence::applications::{self, DraftContent, InsertError, LockedApplication};
use paspor_persistence::write_transaction;
use paspor_persistence::{bookings, decisions, documents};

use super::ApplicationError;
use super::choice::check_choice;
use super::input::{changes_choice, new_draft, patched_draft};
use super::view::load_view;
use crate::auth::Applicant;
use crate::locale::Message;
use crate::state::AppState;
use crate::write::Write;

/// Creates a draft. Refused when the person already has an active application, which the
/// database guarantees however many requests race.
pub fn create_draft(
    state: &AppState,
    principal: &Applicant,
    request: ApplicationCreateRequest,
) -> Write<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let reference = state.reference.clone();
    Write::new(move |conn| {
        let content = new_draft(&request)?;
        // The account first: a change of the applicant's NIK, or the account's closing,
        // waits for this draft, or this draft for it.
        if users::lock_open(conn, &account)?.skipped() {
            return Err(ApplicationError::refused("draft-account-closed"));
        }
        let applicant = applications::applicant_facts(conn, &account, &request.applicant_id)?
            .ok_or_else(|| {
                ApplicationError::field("applicant_id", Message::new("applicant-id-unknown"))
            })?;
        check_choice(conn, &reference, &content, Some(&applicant), today)?;
        let draft = insert_new_draft(
            conn,
            &account,
            &request.applicant_id,
            &applicant.nik,
            &content,
            today,
            now,
        )?;
        load_view(conn, &reference, draft.into_record(), today)
    })
}

/// Inserts a draft of `content` for the applicant with `nik`, in a savepoint (a refused
/// insert leaves the transaction usable, to name the person's active application in the
/// refusal). Refused while a postponement holds the person back, or while the person has
/// another active application, which the database guarantees however many requests race.
pub(super) fn insert_new_draft(
    conn: &mut DbConnection,
    account: &str,
    applicant_id: &str,
    nik: &str,
    content: &DraftContent,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<LockedApplication, ApplicationError> {
    let inserted = write_transaction(conn, |conn| {
        // A postponement holds the person back until its date. The person's active
        // application (one being decided, say) is locked first, so that a decision
        // committing meanwhile is seen here; otherwise that application is still
        // active and the insert is refused as a second one.
        if let Some((active, _)) = applications::active_for_nik(conn, nik)? {
            applications::lock(conn, &active)?;
        }
        if let Some(until) = decisions::hold_for_nik(conn, nik, today)? {
            return Ok(Err(until));
        }
        applications::insert_draft(conn, account, applicant_id, nik, content, now).map(Ok)
    });
    match inserted {
        Ok(Ok(draft)) => Ok(draft),
        Ok(Err(until)) => Err(ApplicationError::Unprocessable(
            Message::new("draft-postponed-until")
                .with("until", until.to_string())
                .into(),
        )),
        // Told after the savepoint's rollback, naming the active one when it is this
        // account's.
        Err(InsertError::PersonHasActive) => {
            let active = applications::active_for_nik(conn, nik)?;
            Err(ApplicationError::PersonHasActive(
                active
                    .filter(|(_, owner)| owner.as_deref() == Some(account))
                    .map(|(id, _)| id),
            ))
        }
        Err(InsertError::Store(error)) => Err(error.into()),
    }
}

/// Changes a draft; refused once it is no longer one. A change of the kind, the validity
/// or the office is checked against what is offered today.
pub async fn update_draft(
    state: &AppState,
    principal: &Applicant,
    id: String,
    patch: ApplicationPatch,
) -> Result<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let reference = state.reference.clone();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let mut draft = applications::lock_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                let content = patched_draft(&draft.content, &patch)?;
                if changes_choice(&patch) && draft.status == ApplicationStatus::Draft {
                    let applicant = applications::facts_of_applicant(conn, &draft.applicant_id)?;
                    check_choice(conn, &reference, &content, applicant.as_ref(), today)?;
                }
                if applications::update_draft(conn, &mut draft, &content, now)?.skipped() {
                    return Err(ApplicationError::NotADraft);
                }
                load_view(conn, &reference, draft.into_record(), today)
            })
        })
        .await
}

/// Deletes a draft with its documents; refused once it is no longer one.
pub async fn delete_draft(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Result<(), ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let files = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                // An upload or a booking racing the deletion waits, then finds no
                // application, or finds it booked and the deletion is refused.
                let draft = applications::lock_owned(conn, &account, &id)?
                    .ok_or(ApplicationError::NotFound("application"))?;
                if draft.status != ApplicationStatus::Draft {
                    return Err(ApplicationError::NotADraft);
                }
                // A draft in line may hold an offered place: it goes back to the pool
                // (the waitlist passes it on), and the offers made to the draft stay as
                // the session's history, without it.
                super::waitlist::release_offer(conn, &draft, now)?;
                bookings::detach_application(conn, &draft)?;
                let files = documents::delete_all(conn, &draft)?;
                if applications::delete_draft(conn, draft)?.applied() {
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
