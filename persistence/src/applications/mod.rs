//! Applications and their status history.
//!
//! "One person, one active application" is the database's job: a partial unique index on
//! the NIK of active applications refuses the second insert whatever the concurrency, on
//! one process or many.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{
    ApplicationKind, ApplicationKindCode, ApplicationStatus, CountryCode, PassportKind,
    ReplacementReason, Service, TravelPurpose,
};

use crate::connection::{DbConnection, load_for_ids};
use crate::error::{StoreError, StoreResult};
use crate::schema::{applicants, application_history, applications};
use crate::time::from_db;

/// What the applicant declares in a draft: the passport wanted and the trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftContent {
    /// Electronic or not.
    pub passport_kind: PassportKind,
    /// New, or a replacement and why.
    pub application_kind: ApplicationKind,
    /// Regular or same-day.
    pub service: Service,
    /// Why the applicant travels.
    pub travel_purpose: TravelPurpose,
    /// Where to.
    pub destination: CountryCode,
    /// When, if known.
    pub planned_departure: Option<NaiveDate>,
    /// The address abroad.
    pub address_abroad: Option<String>,
    /// The length of the stay, in days.
    pub length_of_stay_days: Option<u32>,
    /// A contact person abroad or at home.
    pub contact_name: Option<String>,
    /// The contact person's phone.
    pub contact_phone: Option<String>,
    /// Whether a return ticket is held.
    pub has_return_ticket: Option<bool>,
    /// Hotel or host.
    pub accommodation: Option<String>,
    /// The labour office's recommendation letter, for work abroad.
    pub labour_recommendation_letter: bool,
    /// The validity chosen, in years; `None`: the longest the rules give the person.
    pub validity_years: Option<u32>,
    /// The office the draft is for, if named.
    pub office_id: Option<String>,
}

/// An application as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRecord {
    /// Its id.
    pub id: String,
    /// The account that applies; `None` for a walk-in registered at the office.
    pub account_id: Option<String>,
    /// The person applied for.
    pub applicant_id: String,
    /// That person's NIK.
    pub nik: String,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// What was declared.
    pub content: DraftContent,
    /// Bumped on every change.
    pub version: i32,
    /// How many times its appointment was moved.
    pub reschedules: u32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// One entry of an application's status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The status entered.
    pub status: ApplicationStatus,
    /// Why, where there is more to say.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why a draft could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum InsertError {
    /// The person already has an active application.
    #[error("the person already has an active application")]
    PersonHasActive,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for InsertError {
    fn from(error: diesel::result::Error) -> Self {
        InsertError::Store(StoreError::from(error))
    }
}

pub(super) type Row = (
    (String, Option<String>, String, String, String),
    (String, String, Option<String>, String, String, String),
    (
        Option<NaiveDate>,
        Option<String>,
        Option<i32>,
        Option<String>,
        Option<String>,
    ),
    (Option<bool>, Option<String>, bool),
    (i32, i32, NaiveDateTime, NaiveDateTime),
    (Option<i32>, Option<String>),
);

/// The columns of [`Row`], grouped so that each tuple stays small.
macro_rules! columns {
    () => {
        (
            (
                applications::id,
                applications::account_id,
                applications::applicant_id,
                applications::nik,
                applications::status,
            ),
            (
                applications::passport_kind,
                applications::application_kind,
                applications::replacement_reason,
                applications::service,
                applications::travel_purpose,
                applications::destination_country,
            ),
            (
                applications::planned_departure,
                applications::address_abroad,
                applications::length_of_stay_days,
                applications::contact_name,
                applications::contact_phone,
            ),
            (
                applications::has_return_ticket,
                applications::accommodation,
                applications::labour_recommendation_letter,
            ),
            (
                applications::version,
                applications::reschedules,
                applications::created_at,
                applications::updated_at,
            ),
            (applications::validity_years, applications::office_id),
        )
    };
}

mod booking_look;
mod in_full;
mod lock;
mod writes;

pub use booking_look::{BookingLook, SessionSeen, booking_look};
pub use in_full::{InFull, find_owned_in_full, list_owned_in_full};
pub use lock::{LockedApplication, lock, lock_owned};
pub use writes::{
    NewApplication, delete_draft, insert, insert_draft, move_status, record_reschedule,
    update_draft,
};

fn parse<T: std::str::FromStr>(what: &str, value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(format!("{what} {value:?}")))
}

pub(super) fn record(row: Row) -> StoreResult<ApplicationRecord> {
    let (
        (id, account_id, applicant_id, nik, status),
        kinds,
        trip,
        answers,
        (version, reschedules, created, updated),
        (validity_years, office_id),
    ) = row;
    let (passport_kind, kind, reason, service, purpose, destination) = kinds;
    let (planned_departure, address_abroad, stay, contact_name, contact_phone) = trip;
    let (has_return_ticket, accommodation, labour_recommendation_letter) = answers;
    let reason = reason
        .map(|reason| parse::<ReplacementReason>("replacement reason", &reason))
        .transpose()?;
    let application_kind = ApplicationKind::from_parts(
        parse::<ApplicationKindCode>("application kind", &kind)?,
        reason,
    )
    .map_err(StoreError::corrupt)?;
    Ok(ApplicationRecord {
        status: parse("status", &status)?,
        content: DraftContent {
            passport_kind: parse("passport kind", &passport_kind)?,
            application_kind,
            service: parse("service", &service)?,
            travel_purpose: parse("travel purpose", &purpose)?,
            destination: CountryCode::parse(&destination).map_err(StoreError::corrupt)?,
            planned_departure,
            address_abroad,
            length_of_stay_days: stay.map(|days| u32::try_from(days).unwrap_or(0)),
            contact_name,
            contact_phone,
            has_return_ticket,
            accommodation,
            labour_recommendation_letter,
            validity_years: validity_years
                .map(|years| {
                    u32::try_from(years)
                        .map_err(|_| StoreError::corrupt(format!("validity of {years} years")))
                })
                .transpose()?,
            office_id,
        },
        id,
        account_id,
        applicant_id,
        nik,
        version,
        reschedules: u32::try_from(reschedules).unwrap_or(0),
        created_at: from_db(created),
        updated_at: from_db(updated),
    })
}

/// The account's application with this id (None when absent or another account's).
pub fn find_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<ApplicationRecord>> {
    applications::table
        .find(id)
        .filter(applications::account_id.eq(account_id))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// An application with its applicant's facts (none if the applicant is gone).
pub type WithFacts = (ApplicationRecord, Option<ApplicantFacts>);

/// The account's application `id` with its applicant's facts, in one statement: what a
/// read of the application and a booking's look need.
pub fn find_owned_with_facts(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<WithFacts>> {
    let found: Option<(Row, Option<FactsRow>)> = applications::table
        .left_join(applicants::table)
        .filter(applications::id.eq(id))
        .filter(applications::account_id.eq(account_id))
        .select((columns!(), FACTS_COLUMNS.nullable()))
        .first(conn)
        .optional()?;
    found
        .map(|(row, facts_row)| Ok((record(row)?, facts_row.map(facts))))
        .transpose()
}

/// The application with this id, whoever owns it (for the office side, which scopes by
/// office instead: see [`crate::processing::appointments::application_at_office`]).
pub fn find_by_id(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ApplicationRecord>> {
    applications::table
        .find(id)
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The history of each of `ids`, oldest first: one statement for a page of applications.
pub fn histories(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<HashMap<String, Vec<HistoryEntry>>> {
    let history = || {
        application_history::table
            .order((application_history::at.asc(), application_history::id.asc()))
            .select((
                application_history::application_id,
                application_history::status,
                application_history::note,
                application_history::at,
            ))
    };
    let rows: Vec<(String, String, Option<String>, NaiveDateTime)> =
        load_for_ids!(conn, history(), application_history::application_id, ids)?;
    let mut histories: HashMap<String, Vec<HistoryEntry>> = HashMap::new();
    for (id, status, note, at) in rows {
        histories.entry(id).or_default().push(HistoryEntry {
            status: parse("status", &status)?,
            note,
            at: from_db(at),
        });
    }
    Ok(histories)
}

/// The active application of a person, if any: (id, account; none for a walk-in).
pub fn active_for_nik(
    conn: &mut DbConnection,
    nik: &str,
) -> StoreResult<Option<(String, Option<String>)>> {
    Ok(applications::table
        .filter(applications::nik.eq(nik))
        .filter(applications::active.eq(true))
        .select((applications::id, applications::account_id))
        .first(conn)
        .optional()?)
}

/// An application's status history, oldest first.
pub fn history(conn: &mut DbConnection, id: &str) -> StoreResult<Vec<HistoryEntry>> {
    let rows: Vec<(String, Option<String>, NaiveDateTime)> = application_history::table
        .filter(application_history::application_id.eq(id))
        .order((application_history::at.asc(), application_history::id.asc()))
        .select((
            application_history::status,
            application_history::note,
            application_history::at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(status, note, at)| {
            Ok(HistoryEntry {
                status: parse("status", &status)?,
                note,
                at: from_db(at),
            })
        })
        .collect()
}

/// What an application needs to know of its applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantFacts {
    /// The person's NIK.
    pub nik: String,
    /// Date of birth, for validity and the fee.
    pub birth_date: NaiveDate,
    /// A child with limited dual citizenship.
    pub dual_citizen_child: bool,
    /// Married (a married minor gets 10 years).
    pub married: bool,
}

/// The facts of the account's applicant with this id (None when absent or another
/// account's).
pub fn applicant_facts(
    conn: &mut DbConnection,
    account_id: &str,
    applicant_id: &str,
) -> StoreResult<Option<ApplicantFacts>> {
    let row: Option<FactsRow> = applicants::table
        .find(applicant_id)
        .filter(applicants::account_id.eq(account_id))
        .select(FACTS_COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(facts))
}

/// The facts of the applicant with this id, whoever it belongs to (an account, or none for
/// a walk-in): for an application already known to be the caller's to see.
pub fn facts_of_applicant(
    conn: &mut DbConnection,
    applicant_id: &str,
) -> StoreResult<Option<ApplicantFacts>> {
    let row: Option<FactsRow> = applicants::table
        .find(applicant_id)
        .select(FACTS_COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(facts))
}

pub(super) type FactsRow = (String, NaiveDate, bool, String);

pub(super) const FACTS_COLUMNS: (
    applicants::nik,
    applicants::birth_date,
    applicants::dual_citizen_child,
    applicants::marital_status,
) = (
    applicants::nik,
    applicants::birth_date,
    applicants::dual_citizen_child,
    applicants::marital_status,
);

pub(super) fn facts(
    (nik, birth_date, dual_citizen_child, marital_status): FactsRow,
) -> ApplicantFacts {
    ApplicantFacts {
        nik,
        birth_date,
        dual_citizen_child,
        // Indonesian law counts anyone who has married (divorced and widowed too) as adult.
        married: marital_status != "single",
    }
}

/// The account that owns an application (for notices); `None` when there is no such
/// application or it belongs to no account (a walk-in).
pub fn owner_of(conn: &mut DbConnection, id: &str) -> StoreResult<Option<String>> {
    Ok(applications::table
        .find(id)
        .select(applications::account_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// How many active applications (drafts included) an account has.
pub fn active_count_of_account(conn: &mut DbConnection, account_id: &str) -> StoreResult<i64> {
    Ok(applications::table
        .filter(applications::account_id.eq(account_id))
        .filter(applications::active.eq(true))
        .count()
        .get_result(conn)?)
}
