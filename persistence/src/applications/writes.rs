//! The writes that change an application: its creation (which hands back the new row as
//! locked: no other transaction sees it before the commit), its content while a draft, its
//! status with the history that records each move, and its reschedules. Every one but the
//! creation takes the [`LockedApplication`] that `lock` made.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use paspor_domain::{ApplicationStatus, ReplacementReason};

use super::{ApplicationRecord, DraftContent, InsertError, LockedApplication};
use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{application_history, applications};
use crate::time::{from_db, to_db};
use crate::transaction::require_transaction;

fn add_history(
    conn: &mut DbConnection,
    application_id: &str,
    status: ApplicationStatus,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(application_history::table)
        .values((
            application_history::id.eq(new_id()),
            application_history::application_id.eq(application_id),
            application_history::status.eq(status.as_str()),
            application_history::note.eq(note),
            application_history::at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inside a write transaction: stores a new draft for an applicant with its first history
/// entry. Refused when the person has an active application.
pub fn insert_draft(
    conn: &mut DbConnection,
    account_id: &str,
    applicant_id: &str,
    nik: &str,
    content: &DraftContent,
    now: DateTime<Utc>,
) -> Result<LockedApplication, InsertError> {
    let new = NewApplication {
        account_id: Some(account_id),
        applicant_id,
        nik,
        status: ApplicationStatus::Draft,
        note: None,
    };
    insert(conn, &new, content, now)
}

/// Who an application is for and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewApplication<'a> {
    /// The account that applies; `None` for a walk-in registered at the office.
    pub account_id: Option<&'a str>,
    /// The person applied for.
    pub applicant_id: &'a str,
    /// That person's NIK.
    pub nik: &'a str,
    /// The status it starts in (an active one: it counts as the person's one application).
    pub status: ApplicationStatus,
    /// The note of its first history entry.
    pub note: Option<&'a str>,
}

/// Inside a write transaction: stores a new active application with its first history
/// entry, and hands it back locked (nobody else sees it before the commit). Refused when
/// the person has an active application.
pub fn insert(
    conn: &mut DbConnection,
    new: &NewApplication<'_>,
    content: &DraftContent,
    now: DateTime<Utc>,
) -> Result<LockedApplication, InsertError> {
    require_transaction(conn, "creating an application")?;
    let id = new_id();
    let inserted = diesel::insert_into(applications::table)
        .values((
            (
                applications::id.eq(&id),
                applications::account_id.eq(new.account_id),
                applications::applicant_id.eq(new.applicant_id),
                applications::nik.eq(new.nik),
                applications::status.eq(new.status.as_str()),
                applications::active.eq(true),
                applications::version.eq(1),
                applications::created_at.eq(to_db(now)),
                applications::updated_at.eq(to_db(now)),
            ),
            content_values(content),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => {}
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => return Err(InsertError::PersonHasActive),
        Err(error) => return Err(StoreError::from(error).into()),
    }
    add_history(conn, &id, new.status, new.note, now)?;
    // As stored: instants at the storage's precision.
    let stored = from_db(to_db(now));
    Ok(LockedApplication::new(ApplicationRecord {
        id,
        account_id: new.account_id.map(str::to_owned),
        applicant_id: new.applicant_id.to_owned(),
        nik: new.nik.to_owned(),
        status: new.status,
        content: content.clone(),
        version: 1,
        reschedules: 0,
        created_at: stored,
        updated_at: stored,
    }))
}

/// The columns a draft's content fills, for insert and update alike.
#[diesel::dsl::auto_type(no_type_alias)]
fn content_values<'a>(content: &'a DraftContent) -> _ {
    let stay: Option<i32> = content
        .length_of_stay_days
        .map(|days| i32::try_from(days).unwrap_or(i32::MAX));
    let reason: Option<&'static str> = content
        .application_kind
        .replacement_reason()
        .map(ReplacementReason::as_str);
    let address_abroad: Option<&'a str> = content.address_abroad.as_deref();
    let contact_name: Option<&'a str> = content.contact_name.as_deref();
    let contact_phone: Option<&'a str> = content.contact_phone.as_deref();
    let accommodation: Option<&'a str> = content.accommodation.as_deref();
    let passport_kind: &'static str = content.passport_kind.as_str();
    let kind: &'static str = content.application_kind.code().as_str();
    let service: &'static str = content.service.as_str();
    let purpose: &'static str = content.travel_purpose.as_str();
    let destination: &'a str = content.destination.as_str();
    let departure: Option<NaiveDate> = content.planned_departure;
    let return_ticket: Option<bool> = content.has_return_ticket;
    let letter: bool = content.labour_recommendation_letter;
    let validity_years: Option<i32> = content
        .validity_years
        .map(|years| i32::try_from(years).unwrap_or(i32::MAX));
    let office_id: Option<&'a str> = content.office_id.as_deref();
    (
        applications::passport_kind.eq(passport_kind),
        applications::application_kind.eq(kind),
        applications::replacement_reason.eq(reason),
        applications::service.eq(service),
        applications::travel_purpose.eq(purpose),
        applications::destination_country.eq(destination),
        applications::planned_departure.eq(departure),
        applications::address_abroad.eq(address_abroad),
        applications::length_of_stay_days.eq(stay),
        applications::contact_name.eq(contact_name),
        applications::contact_phone.eq(contact_phone),
        applications::has_return_ticket.eq(return_ticket),
        applications::accommodation.eq(accommodation),
        applications::labour_recommendation_letter.eq(letter),
        (
            applications::validity_years.eq(validity_years),
            applications::office_id.eq(office_id),
        ),
    )
}

/// Replaces a draft's content; skipped when it is no longer a draft.
pub fn update_draft(
    conn: &mut DbConnection,
    application: &mut LockedApplication,
    content: &DraftContent,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    if application.status != ApplicationStatus::Draft {
        return Ok(Conditional::Skipped);
    }
    let id = application.id().to_owned();
    let draft = applications::table
        .find(&id)
        .filter(applications::status.eq(ApplicationStatus::Draft.as_str()));
    let bumped = diesel::update(draft)
        .set((
            applications::version.eq(applications::version + 1),
            applications::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    if bumped != 1 {
        return Ok(Conditional::Skipped);
    }
    diesel::update(applications::table.find(&id))
        .set(content_values(content))
        .execute(conn)?;
    let record = application.record_mut();
    record.content = content.clone();
    record.version += 1;
    record.updated_at = from_db(to_db(now));
    Ok(Conditional::Applied)
}

/// Deletes a draft with its history; skipped when it is no longer a draft. What refers to
/// it (bookings, documents, a waitlist entry) is the caller's to remove or detach first.
pub fn delete_draft(
    conn: &mut DbConnection,
    application: LockedApplication,
) -> StoreResult<Conditional> {
    if application.status != ApplicationStatus::Draft {
        return Ok(Conditional::Skipped);
    }
    let id = application.id();
    diesel::delete(application_history::table.filter(application_history::application_id.eq(id)))
        .execute(conn)?;
    let deleted = diesel::delete(
        applications::table
            .find(id)
            .filter(applications::status.eq(ApplicationStatus::Draft.as_str())),
    )
    .execute(conn)?;
    Ok(Conditional::of_rows(deleted))
}

/// Moves an application to `to` (recording it in the history). The move is conditional on
/// the status the lock read, which nothing else can have changed since; skipped otherwise,
/// and the caller must say so rather than carry on.
pub fn move_status(
    conn: &mut DbConnection,
    application: &mut LockedApplication,
    to: ApplicationStatus,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let from = application.status;
    let moved = diesel::update(
        applications::table
            .find(application.id())
            .filter(applications::status.eq(from.as_str())),
    )
    .set((
        applications::status.eq(to.as_str()),
        applications::active.eq(to.is_active()),
        applications::version.eq(applications::version + 1),
        applications::updated_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    if moved != 1 {
        return Ok(Conditional::Skipped);
    }
    add_history(conn, application.id(), to, note, now)?;
    let record = application.record_mut();
    record.status = to;
    record.version += 1;
    record.updated_at = from_db(to_db(now));
    Ok(Conditional::Applied)
}

/// Records a moved appointment: one more reschedule and a history entry (the status stays).
pub fn record_reschedule(
    conn: &mut DbConnection,
    application: &mut LockedApplication,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::update(applications::table.find(application.id()))
        .set((
            applications::reschedules.eq(applications::reschedules + 1),
            applications::version.eq(applications::version + 1),
            applications::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    let status = application.status;
    add_history(conn, application.id(), status, Some(note), now)?;
    let record = application.record_mut();
    record.reschedules += 1;
    record.version += 1;
    record.updated_at = from_db(to_db(now));
    Ok(())
}
