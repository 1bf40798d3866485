//! An officer's correction of an applicant's data, once the person may no longer make it
//! themselves (identity fields checked at the office) or whenever the office finds an
//! error: only an officer of an office that holds one of the applicant's applications, with
//! a reason. The correction joins the applicant's history (which fields, which office, when,
//! why) and the audit trail, and the account holder is told; the applicant of another office
//! is not found.

use paspor_domain::privacy::Corrector;
use paspor_openapi::{CorrectionDto, OfficeCorrectionRequest};
use paspor_persistence::accounts::users;
use paspor_persistence::applicants;
use paspor_persistence::corrections::{self, NewCorrection};
use serde_json::json;

use crate::applicants::{ApplicantError, Draft, changed_fields, check, correction_dto};
use crate::audit::{self, Actor, Change};
use crate::locale::{Args, Message};
use crate::notice::{Notice, tell_account};
use crate::office::OfficeStaff;
use crate::said::field;
use crate::state::AppState;
use crate::write::Write;

/// The longest reason accepted.
const MAX_REASON_CHARS: usize = 500;

/// Corrects applicant `id` as `request` says, for the caller's office.
pub fn correct_applicant(
    state: &AppState,
    staff: &OfficeStaff,
    id: String,
    request: OfficeCorrectionRequest,
) -> Result<Write<CorrectionDto, ApplicantError>, ApplicantError> {
    let reason = checked_reason(&request.reason)?;
    let office = staff.office().to_owned();
    let actor = Actor::of(staff.principal()).for_office(office.clone());
    let officer = staff.principal().account.clone();
    let now = state.clock.now();
    let today = state.clock.today();
    let outbox = state.outbox.clone();
    Ok(Write::new(move |conn| {
        let current = applicants::find(conn, &id)?.ok_or(ApplicantError::NotFound)?;
        if !corrections::held_by_office(conn, &id, &office)? {
            return Err(ApplicantError::NotFound);
        }
        // The account's lock, as the person's own changes take it: the two take turns.
        if let Some(account) = &current.account_id {
            let _open = users::lock_open(conn, account)?;
        }
        let current = applicants::find(conn, &id)?.ok_or(ApplicantError::NotFound)?;
        let before = current.clone();
        let changed = check(Draft::patched(current, request.changes), today)?;
        let fields = changed_fields(&before, &changed);
        if fields.is_empty() {
            return Err(ApplicantError::Rejected(vec![(
                "changes".to_owned(),
                Message::new("correction-nothing").into(),
            )]));
        }
        // Applications carry the NIK: a wrong one is another person's, a new application.
        if changed.nik != before.nik && applicants::count_applications(conn, &id)? > 0 {
            return Err(ApplicantError::NikInUse);
        }
        if applicants::update_any(conn, &id, &changed, now)?.skipped() {
            return Err(ApplicantError::NotFound);
        }
        corrections::record(
            conn,
            &NewCorrection {
                applicant_id: &id,
                fields: &fields,
                corrected_by: Corrector::Officer.as_str(),
                officer_id: Some(&officer),
                office_id: Some(&office),
                reason: Some(&reason),
            },
            now,
        )?;
        // The field names and the reason: the values are personal data, on the applicant.
        audit::record(
            conn,
            &actor,
            now,
            Change {
                action: "applicant.correct",
                object_type: "applicant",
                object_id: &id,
                before: None::<&()>,
                after: Some(&json!({"fields": fields, "reason": reason})),
            },
        )?;
        // The person is told, in their language, by every channel they have.
        if let Some(account) = &before.account_id {
            let (name, listed) = (changed.full_name.clone(), fields.join(", "));
            tell_account(
                conn,
                account,
                &|language| {
                    let mut args = Args::new();
                    args.set("name", name.clone());
                    args.set("fields", listed.clone());
                    args.set("reason", reason.clone());
                    Notice::of(language, "correction-made", &args)
                },
                now,
            )?;
        }
        let recorded = corrections::of_applicant(conn, &id)?
            .pop()
            .ok_or_else(|| anyhow::anyhow!("a correction just recorded is not found"))?;
        Ok(correction_dto(recorded))
    })
    // The notice goes out now rather than at the outbox's next poll.
    .once_committed(move || outbox.wake()))
}

/// The reason, trimmed: 1 to 500 characters, not only whitespace, no control characters.
fn checked_reason(reason: &str) -> Result<String, ApplicantError> {
    let trimmed = reason.trim();
    let problem = if trimmed.is_empty() {
        Some(field::empty())
    } else if reason.chars().count() > MAX_REASON_CHARS {
        Some(field::too_long(MAX_REASON_CHARS))
    } else if trimmed.chars().any(char::is_control) {
        Some(field::control_characters())
    } else {
        None
    };
    match problem {
        Some(problem) => Err(ApplicantError::Invalid(vec![(
            "reason".to_owned(),
            problem.into(),
        )])),
        None => Ok(trimmed.to_owned()),
    }
}
