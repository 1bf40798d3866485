//! Passports issued for approved applications, their hand-overs, and what the collection
//! job looks for.
//!
//! The number is unique by index: a caller draws a number, checks it with
//! [`number_taken`], and still treats a unique violation on [`insert`] (see
//! [`is_number_taken`]) as a clash with a concurrent issuance, to draw again. Passports are
//! read by their application's account ([`find_owned`], [`list_owned`]) so that another
//! account's passport reads as absent.

mod due;
mod records;
mod rows;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use paspor_domain::issuance::{PassportNumber, PassportStatus};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{
    applicants, applications, passport_dispatches, passport_hand_overs, passports,
};
use crate::time::to_db;
pub use due::{DuePassport, issued_due, ready_overdue};
pub use records::{DispatchRecord, HandOverRecord, IssuanceFacts, NewPassport, PassportRecord};
use rows::{DispatchRow, HandOverRow, PassportRow};

fn parse<T: std::str::FromStr>(what: &str, value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(format!("{what} {value:?}")))
}

/// The facts of the application `id` (any account's: the office side reads it).
pub fn issuance_facts(conn: &mut DbConnection, id: &str) -> StoreResult<Option<IssuanceFacts>> {
    let row: Option<(String, String, String, String, NaiveDate, bool, String)> =
        applications::table
            .inner_join(applicants::table)
            .filter(applications::id.eq(id))
            .select((
                applications::status,
                applications::passport_kind,
                applications::nik,
                applicants::full_name,
                applicants::birth_date,
                applicants::dual_citizen_child,
                applicants::marital_status,
            ))
            .first(conn)
            .optional()?;
    row.map(
        |(status, kind, nik, full_name, birth_date, dual_citizen_child, marital_status)| {
            Ok(IssuanceFacts {
                application_id: id.to_owned(),
                status: parse("status", &status)?,
                passport_kind: parse("passport kind", &kind)?,
                nik,
                full_name,
                birth_date,
                dual_citizen_child,
                // As in `applications::applicant_facts`: divorced and widowed count too.
                married: marital_status != "single",
            })
        },
    )
    .transpose()
}

/// Whether a passport already has this number.
pub fn number_taken(conn: &mut DbConnection, number: &PassportNumber) -> StoreResult<bool> {
    let found: i64 = passports::table
        .filter(passports::number.eq(number.as_str()))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Whether a failed [`insert`] was refused by a unique index: the number was taken by a
/// concurrent issuance (the application's own uniqueness is the caller's status check).
pub fn is_number_taken(error: &StoreError) -> bool {
    error.is_unique_violation()
}

/// Stores an issued passport; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    new: &NewPassport<'_>,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    let now = to_db(now);
    diesel::insert_into(passports::table)
        .values((
            (
                passports::id.eq(&id),
                passports::number.eq(new.number.as_str()),
                passports::application_id.eq(new.application_id),
                passports::office_id.eq(new.office_id),
                passports::kind.eq(new.kind.as_str()),
                passports::chip.eq(new.kind.has_chip()),
                passports::holder_name.eq(new.holder_name),
                passports::holder_nik.eq(new.holder_nik),
            ),
            (
                passports::issue_date.eq(new.issue_date),
                passports::expiry_date.eq(new.expiry_date),
                passports::ready_date.eq(new.ready_date),
                passports::collect_by.eq(new.collect_by),
                passports::status.eq(PassportStatus::Issued.as_str()),
                passports::issued_by.eq(new.issued_by),
                passports::created_at.eq(now),
                passports::updated_at.eq(now),
            ),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Moves a passport from `from` to `to`, only if it is still in `from`; skipped otherwise.
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    from: PassportStatus,
    to: PassportStatus,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let moved = diesel::update(
        passports::table
            .find(id)
            .filter(passports::status.eq(from.as_str())),
    )
    .set((
        passports::status.eq(to.as_str()),
        passports::updated_at.eq(to_db(now)),
    ))
    .execute(conn)?;
    Ok(Conditional::of_rows(moved))
}

/// Records who received passport `id`; fails with a unique violation when it was handed
/// over already.
pub fn insert_hand_over(
    conn: &mut DbConnection,
    id: &str,
    hand_over: &HandOverRecord,
) -> StoreResult<()> {
    diesel::insert_into(passport_hand_overs::table)
        .values((
            passport_hand_overs::passport_id.eq(id),
            passport_hand_overs::recipient.eq(hand_over.recipient.as_str()),
            passport_hand_overs::recipient_name.eq(&hand_over.recipient_name),
            passport_hand_overs::recipient_nik.eq(hand_over.recipient_nik.as_deref()),
            passport_hand_overs::family_card_number.eq(hand_over.family_card_number.as_deref()),
            passport_hand_overs::power_of_attorney_reference
                .eq(hand_over.power_of_attorney_reference.as_deref()),
            passport_hand_overs::officer_id.eq(&hand_over.officer_id),
            passport_hand_overs::handed_over_at.eq(to_db(hand_over.at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the hand-over of passport `id` to the courier; fails with a unique violation
/// when it was handed over to one already.
pub fn insert_dispatch(
    conn: &mut DbConnection,
    id: &str,
    dispatch: &DispatchRecord,
) -> StoreResult<()> {
    diesel::insert_into(passport_dispatches::table)
        .values((
            passport_dispatches::passport_id.eq(id),
            passport_dispatches::courier.eq(&dispatch.courier),
            passport_dispatches::tracking_number.eq(&dispatch.tracking_number),
            passport_dispatches::officer_id.eq(&dispatch.officer_id),
            passport_dispatches::dispatched_at.eq(to_db(dispatch.at)),
        ))
        .execute(conn)?;
    Ok(())
}

type Joined = (PassportRow, Option<HandOverRow>, Option<DispatchRow>);

/// The passport of application `id`, if it has one.
pub fn find_by_application(
    conn: &mut DbConnection,
    application_id: &str,
) -> StoreResult<Option<PassportRecord>> {
    passports::table
        .left_join(passport_hand_overs::table)
        .left_join(passport_dispatches::table)
        .filter(passports::application_id.eq(application_id))
        .select((
            PassportRow::as_select(),
            Option::<HandOverRow>::as_select(),
            Option::<DispatchRow>::as_select(),
        ))
        .first::<Joined>(conn)
        .optional()?
        .map(|(passport, hand_over, dispatch)| passport.into_record(hand_over, dispatch))
        .transpose()
}

/// The passport `id` of one of the account's applications (None when absent or another
/// account's).
pub fn find_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<PassportRecord>> {
    passports::table
        .inner_join(applications::table)
        .left_join(passport_hand_overs::table)
        .left_join(passport_dispatches::table)
        .filter(passports::id.eq(id))
        .filter(applications::account_id.eq(account_id))
        .select((
            PassportRow::as_select(),
            Option::<HandOverRow>::as_select(),
            Option::<DispatchRow>::as_select(),
        ))
        .first::<Joined>(conn)
        .optional()?
        .map(|(passport, hand_over, dispatch)| passport.into_record(hand_over, dispatch))
        .transpose()
}

/// A page of the passports of the account's applications, newest first, and how many
/// there are.
pub fn list_owned(
    conn: &mut DbConnection,
    account_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<PassportRecord>, i64)> {
    let total: i64 = passports::table
        .inner_join(applications::table)
        .filter(applications::account_id.eq(account_id))
        .count()
        .get_result(conn)?;
    let rows: Vec<Joined> = passports::table
        .inner_join(applications::table)
        .left_join(passport_hand_overs::table)
        .left_join(passport_dispatches::table)
        .filter(applications::account_id.eq(account_id))
        .order((passports::created_at.desc(), passports::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            PassportRow::as_select(),
            Option::<HandOverRow>::as_select(),
            Option::<DispatchRow>::as_select(),
        ))
        .load(conn)?;
    let records = rows
        .into_iter()
        .map(|(passport, hand_over, dispatch)| passport.into_record(hand_over, dispatch))
        .collect::<StoreResult<_>>()?;
    Ok((records, total))
}
