//! The history of corrections to applicants' data: which fields, by whom (the person or an
//! officer of an office), when and why. The values themselves are not kept here: the old
//! ones are what was corrected, the new ones are on the applicant.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::ids::new_id;
use crate::schema::{
    applicant_corrections, application_document_checks, applications, bookings, office_sessions,
    walk_ins,
};
use crate::time::{from_db, to_db};

/// A correction to record.
#[derive(Debug, Clone)]
pub struct NewCorrection<'a> {
    /// The applicant corrected.
    pub applicant_id: &'a str,
    /// The names of the fields changed.
    pub fields: &'a [&'a str],
    /// `self` or `officer`.
    pub corrected_by: &'a str,
    /// The officer's account, for an officer's correction.
    pub officer_id: Option<&'a str>,
    /// The officer's office, for an officer's correction.
    pub office_id: Option<&'a str>,
    /// Why, as the officer wrote it.
    pub reason: Option<&'a str>,
}

/// A correction as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRecord {
    /// The record's id.
    pub id: String,
    /// The names of the fields changed.
    pub fields: Vec<String>,
    /// `self` or `officer`.
    pub corrected_by: String,
    /// The officer's account, for an officer's correction.
    pub officer_id: Option<String>,
    /// The officer's office, for an officer's correction.
    pub office_id: Option<String>,
    /// Why, as the officer wrote it.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

type Row = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

/// Appends a correction at `now`.
pub fn record(
    conn: &mut DbConnection,
    correction: &NewCorrection<'_>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(applicant_corrections::table)
        .values((
            applicant_corrections::id.eq(new_id()),
            applicant_corrections::applicant_id.eq(correction.applicant_id),
            applicant_corrections::fields.eq(correction.fields.join(",")),
            applicant_corrections::corrected_by.eq(correction.corrected_by),
            applicant_corrections::officer_id.eq(correction.officer_id),
            applicant_corrections::office_id.eq(correction.office_id),
            applicant_corrections::reason.eq(correction.reason),
            applicant_corrections::at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The corrections of `applicant_id`, oldest first.
pub fn of_applicant(
    conn: &mut DbConnection,
    applicant_id: &str,
) -> StoreResult<Vec<CorrectionRecord>> {
    let rows: Vec<Row> = applicant_corrections::table
        .filter(applicant_corrections::applicant_id.eq(applicant_id))
        .order((applicant_corrections::at, applicant_corrections::id))
        .select((
            applicant_corrections::id,
            applicant_corrections::fields,
            applicant_corrections::corrected_by,
            applicant_corrections::officer_id,
            applicant_corrections::office_id,
            applicant_corrections::reason,
            applicant_corrections::at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, fields, corrected_by, officer_id, office_id, reason, at)| CorrectionRecord {
                id,
                fields: fields.split(',').map(str::to_owned).collect(),
                corrected_by,
                officer_id,
                office_id,
                reason,
                at: from_db(at),
            },
        )
        .collect())
}

/// Deletes the corrections of an applicant being removed.
pub fn delete_of(conn: &mut DbConnection, applicant_id: &str) -> StoreResult<usize> {
    Ok(diesel::delete(
        applicant_corrections::table.filter(applicant_corrections::applicant_id.eq(applicant_id)),
    )
    .execute(conn)?)
}

/// Whether the identity of `applicant_id` was checked at an office: an officer recorded the
/// document check of one of its applications (against the originals), or registered it as
/// a walk-in (in person, with the identity card in hand).
pub fn identity_checked(conn: &mut DbConnection, applicant_id: &str) -> StoreResult<bool> {
    let applications_of = applications::table
        .filter(applications::applicant_id.eq(applicant_id))
        .select(applications::id);
    let checked: i64 = application_document_checks::table
        .filter(application_document_checks::application_id.eq_any(applications_of))
        .count()
        .get_result(conn)?;
    if checked > 0 {
        return Ok(true);
    }
    let walked_in: i64 = walk_ins::table
        .filter(walk_ins::application_id.eq_any(applications_of))
        .count()
        .get_result(conn)?;
    Ok(walked_in > 0)
}

/// Whether `office_id` holds one of `applicant_id`'s applications (chosen or booked there,
/// or registered there as a walk-in): then its officers may correct the applicant.
pub fn held_by_office(
    conn: &mut DbConnection,
    applicant_id: &str,
    office_id: &str,
) -> StoreResult<bool> {
    let applications_of = applications::table
        .filter(applications::applicant_id.eq(applicant_id))
        .select(applications::id);
    let chosen: i64 = applications::table
        .filter(applications::applicant_id.eq(applicant_id))
        .filter(applications::office_id.eq(office_id))
        .count()
        .get_result(conn)?;
    if chosen > 0 {
        return Ok(true);
    }
    let booked: i64 = bookings::table
        .inner_join(office_sessions::table)
        .filter(bookings::application_id.eq_any(applications_of.nullable()))
        .filter(office_sessions::office_id.eq(office_id))
        .count()
        .get_result(conn)?;
    if booked > 0 {
        return Ok(true);
    }
    let walked_in: i64 = walk_ins::table
        .filter(walk_ins::application_id.eq_any(applications_of))
        .filter(walk_ins::office_id.eq(office_id))
        .count()
        .get_result(conn)?;
    Ok(walked_in > 0)
}

/// The ids of `applicant_id`'s applications, in a fixed order (for locking them in turn).
pub fn applications_of(conn: &mut DbConnection, applicant_id: &str) -> StoreResult<Vec<String>> {
    Ok(applications::table
        .filter(applications::applicant_id.eq(applicant_id))
        .order(applications::id)
        .select(applications::id)
        .load(conn)?)
}
