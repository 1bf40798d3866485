//! Starting again without starting over: from one of the account's expired or cancelled
//! applications, a new draft with the same answers (applicant, kinds, validity, service,
//! travel, and the office where it still offers what was asked) and copies of its documents
//! (new rows and new files: deleting one application's leaves the other's). One restart per
//! application, held by the database however many requests race: a second is refused naming
//! the draft the first made.

use paspor_domain::ApplicationStatus;
use paspor_openapi::ApplicationDto;
use paspor_persistence::accounts::users;
use paspor_persistence::applications;
use paspor_persistence::documents::{self, DocumentRecord};
use paspor_persistence::restarts;

use super::ApplicationError;
use super::choice::check_choice;
use super::drafts::insert_new_draft;
use super::view::load_view;
use crate::auth::Applicant;
use crate::locale::Message;
use crate::state::AppState;
use crate::write::Write;

/// A new draft from the expired or cancelled application `id` of the caller's account.
pub fn restart(
    state: &AppState,
    principal: &Applicant,
    id: String,
) -> Write<ApplicationDto, ApplicationError> {
    let account = principal.account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let reference = state.reference.clone();
    let store = state.documents.clone();
    Write::new(move |conn| {
        // The account first, as a new draft takes it; then the old application, so that
        // restarts of it take turns and the second sees the first's.
        if users::lock_open(conn, &account)?.skipped() {
            return Err(ApplicationError::refused("draft-account-closed"));
        }
        let old = applications::lock_owned(conn, &account, &id)?
            .ok_or(ApplicationError::NotFound("application"))?;
        let status = old.status;
        if !matches!(
            status,
            ApplicationStatus::Expired | ApplicationStatus::Cancelled
        ) {
            return Err(ApplicationError::Refused(
                Message::new("restart-not-ended")
                    .with(
                        "status",
                        Message::new(format!("status-{}", status.as_str())),
                    )
                    .into(),
            ));
        }
        if let Some(draft) = restarts::restarted_as(conn, old.id())? {
            return Err(ApplicationError::Refused(
                Message::new("restart-already").with("id", draft).into(),
            ));
        }
        let applicant_id = old.applicant_id.clone();
        let applicant = applications::applicant_facts(conn, &account, &applicant_id)?
            .ok_or_else(|| ApplicationError::refused("restart-applicant-gone"))?;
        // The same answers, the office and the term only where still offered today.
        let mut content = old.content.clone();
        if check_choice(conn, &reference, &content, Some(&applicant), today).is_err() {
            content.office_id = None;
            content.validity_years = None;
            check_choice(conn, &reference, &content, Some(&applicant), today)?;
        }
        // As a new draft: the person's active application (another draft, say) and a
        // postponement hold it back.
        let draft = insert_new_draft(
            conn,
            &account,
            &applicant_id,
            &applicant.nik,
            &content,
            today,
            now,
        )?;
        restarts::record(conn, &old, draft.id(), now)?;
        // Each document copied to a file of its own. Should the transaction fail after
        // this, the copies are files no row names, never served.
        for document in documents::list(conn, old.id())? {
            let copy = store
                .copy_blocking(&document.storage_key)
                .map_err(|error| anyhow::anyhow!("copying a document: {error}"))?;
            let replaced = documents::put(
                conn,
                &draft,
                &DocumentRecord {
                    application_id: draft.id().to_owned(),
                    storage_key: copy,
                    uploaded_at: document.uploaded_at,
                    ..document
                },
            )?;
            debug_assert!(replaced.is_none(), "a new draft has no documents");
        }
        load_view(conn, &reference, draft.into_record(), today)
    })
}
