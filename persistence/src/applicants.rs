//! The people an account applies for: the holder and family members.
//!
//! Every query is scoped to the owning account, so that another account's applicant reads
//! as absent, never as someone else's data. The NIK cross-check warnings are not stored:
//! they follow from the stored NIK, birth date and sex whenever the applicant is read.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{MaritalStatus, Nik, Sex};

use crate::conditional::Conditional;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::ids::new_id;
use crate::schema::{applicants, applications};
use crate::time::{from_db, to_db};

/// An applicant as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantRecord {
    /// The applicant's id.
    pub id: String,
    /// The account that applies for this person; `None` for a walk-in registered at the
    /// office, who has no app account.
    pub account_id: Option<String>,
    /// The identity number.
    pub nik: Nik,
    /// The full name as on the identity card.
    pub full_name: String,
    /// Where the person was born.
    pub place_of_birth: String,
    /// When the person was born.
    pub birth_date: NaiveDate,
    /// Sex as on the identity card.
    pub sex: Sex,
    /// The address as on the identity card.
    pub address: String,
    /// The father's full name.
    pub father_name: String,
    /// The mother's full name.
    pub mother_name: String,
    /// Marital status.
    pub marital_status: MaritalStatus,
    /// A child with limited dual citizenship.
    pub dual_citizen_child: bool,
    /// The number of the person's previous passport, if any.
    pub previous_passport_number: Option<String>,
    /// The NIK of a parent or guardian, for a child.
    pub guardian_nik: Option<Nik>,
    /// When the applicant was added.
    pub created_at: DateTime<Utc>,
    /// When the applicant last changed.
    pub updated_at: DateTime<Utc>,
}

/// A person's data as written: whole by [`insert`] for a new applicant, and by [`update`]
/// in place of an existing one's (a partial change is merged by the caller first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicant {
    /// The identity number.
    pub nik: Nik,
    /// The full name, checked and trimmed.
    pub full_name: String,
    /// The place of birth, checked and trimmed.
    pub place_of_birth: String,
    /// The birth date.
    pub birth_date: NaiveDate,
    /// Sex.
    pub sex: Sex,
    /// The address, checked and trimmed.
    pub address: String,
    /// The father's full name.
    pub father_name: String,
    /// The mother's full name.
    pub mother_name: String,
    /// Marital status.
    pub marital_status: MaritalStatus,
    /// A child with limited dual citizenship.
    pub dual_citizen_child: bool,
    /// The previous passport's number, if any.
    pub previous_passport_number: Option<String>,
    /// The NIK of a parent or guardian.
    pub guardian_nik: Option<Nik>,
}

impl From<ApplicantRecord> for NewApplicant {
    fn from(record: ApplicantRecord) -> Self {
        NewApplicant {
            nik: record.nik,
            full_name: record.full_name,
            place_of_birth: record.place_of_birth,
            birth_date: record.birth_date,
            sex: record.sex,
            address: record.address,
            father_name: record.father_name,
            mother_name: record.mother_name,
            marital_status: record.marital_status,
            dual_citizen_child: record.dual_citizen_child,
            previous_passport_number: record.previous_passport_number,
            guardian_nik: record.guardian_nik,
        }
    }
}

/// An applicant as selected by [`COLUMNS`].
type Row = (
    String,
    Option<String>,
    String,
    String,
    String,
    NaiveDate,
    String,
    String,
    String,
    String,
    String,
    bool,
    Option<String>,
    Option<String>,
    NaiveDateTime,
    NaiveDateTime,
);

/// Every column of `applicants`, in the order of [`Row`].
type Columns = (
    applicants::id,
    applicants::account_id,
    applicants::nik,
    applicants::full_name,
    applicants::place_of_birth,
    applicants::birth_date,
    applicants::sex,
    applicants::address,
    applicants::father_name,
    applicants::mother_name,
    applicants::marital_status,
    applicants::dual_citizen_child,
    applicants::previous_passport_number,
    applicants::guardian_nik,
    applicants::created_at,
    applicants::updated_at,
);

const COLUMNS: Columns = (
    applicants::id,
    applicants::account_id,
    applicants::nik,
    applicants::full_name,
    applicants::place_of_birth,
    applicants::birth_date,
    applicants::sex,
    applicants::address,
    applicants::father_name,
    applicants::mother_name,
    applicants::marital_status,
    applicants::dual_citizen_child,
    applicants::previous_passport_number,
    applicants::guardian_nik,
    applicants::created_at,
    applicants::updated_at,
);

fn record(row: Row) -> StoreResult<ApplicantRecord> {
    let (
        id,
        account_id,
        nik,
        full_name,
        place_of_birth,
        birth_date,
        sex,
        address,
        father_name,
        mother_name,
        marital_status,
        dual_citizen_child,
        previous_passport_number,
        guardian_nik,
        created_at,
        updated_at,
    ) = row;
    let corrupt = |what: &str, value: &str| {
        StoreError::corrupt(format!("{what} {value:?} of applicant {id}"))
    };
    Ok(ApplicantRecord {
        nik: Nik::parse(&nik).map_err(|_| corrupt("NIK", &nik))?,
        sex: sex.parse().map_err(|_| corrupt("sex", &sex))?,
        marital_status: marital_status
            .parse()
            .map_err(|_| corrupt("marital status", &marital_status))?,
        guardian_nik: guardian_nik
            .as_deref()
            .map(|nik| Nik::parse(nik).map_err(|_| corrupt("guardian NIK", nik)))
            .transpose()?,
        id,
        account_id,
        full_name,
        place_of_birth,
        birth_date,
        address,
        father_name,
        mother_name,
        dual_citizen_child,
        previous_passport_number,
        created_at: from_db(created_at),
        updated_at: from_db(updated_at),
    })
}

/// Whether a failed insert or update was refused because the account already has an
/// applicant with this NIK (the table's unique key on account and NIK).
pub fn is_nik_taken(error: &StoreError) -> bool {
    error.is_unique_violation()
}

/// Whether a failed delete was refused because an application refers to the applicant
/// (one committed after the caller's [`count_applications`]).
pub fn is_referenced(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Database(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _
        ))
    )
}

/// Adds an applicant to the account and returns its id; fails with a unique violation
/// when the account has one with the same NIK (see [`is_nik_taken`]).
pub fn insert(
    conn: &mut DbConnection,
    account_id: &str,
    applicant: &NewApplicant,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    insert_row(conn, Some(account_id), applicant, now)
}

/// Adds an applicant who belongs to no account (a walk-in registered at the office) and
/// returns its id. The unique key on account and NIK does not hold without an account, so
/// a person who walks in again gets a new row.
pub fn insert_without_account(
    conn: &mut DbConnection,
    applicant: &NewApplicant,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    insert_row(conn, None, applicant, now)
}

fn insert_row(
    conn: &mut DbConnection,
    account_id: Option<&str>,
    applicant: &NewApplicant,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let id = new_id();
    let now = to_db(now);
    diesel::insert_into(applicants::table)
        .values((
            applicants::id.eq(&id),
            applicants::account_id.eq(account_id),
            applicants::nik.eq(applicant.nik.as_str()),
            applicants::full_name.eq(&applicant.full_name),
            applicants::place_of_birth.eq(&applicant.place_of_birth),
            applicants::birth_date.eq(applicant.birth_date),
            applicants::sex.eq(applicant.sex.as_str()),
            applicants::address.eq(&applicant.address),
            applicants::father_name.eq(&applicant.father_name),
            applicants::mother_name.eq(&applicant.mother_name),
            applicants::marital_status.eq(applicant.marital_status.as_str()),
            applicants::dual_citizen_child.eq(applicant.dual_citizen_child),
            applicants::previous_passport_number.eq(&applicant.previous_passport_number),
            applicants::guardian_nik.eq(applicant.guardian_nik.as_ref().map(Nik::as_str)),
            applicants::created_at.eq(now),
            applicants::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The applicant with this id, whichever account holds it (or none: a walk-in); for the
/// office side, which reaches applicants through their applications.
pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ApplicantRecord>> {
    applicants::table
        .find(id)
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The account's applicant with this id; `None` when there is none or it is another
/// account's.
pub fn find_owned(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
) -> StoreResult<Option<ApplicantRecord>> {
    applicants::table
        .find(id)
        .filter(applicants::account_id.eq(account_id))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// One page of the account's applicants, oldest first.
pub fn list_owned(
    conn: &mut DbConnection,
    account_id: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<ApplicantRecord>> {
    let rows: Vec<Row> = applicants::table
        .filter(applicants::account_id.eq(account_id))
        .order((applicants::created_at.asc(), applicants::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(record).collect()
}

/// How many applicants the account has.
pub fn count_owned(conn: &mut DbConnection, account_id: &str) -> StoreResult<i64> {
    Ok(applicants::table
        .filter(applicants::account_id.eq(account_id))
        .count()
        .get_result(conn)?)
}

/// Whether another of the account's applicants than `except` has this NIK.
pub fn nik_in_use(
    conn: &mut DbConnection,
    account_id: &str,
    nik: &Nik,
    except: Option<&str>,
) -> StoreResult<bool> {
    let mut query = applicants::table
        .filter(applicants::account_id.eq(account_id))
        .filter(applicants::nik.eq(nik.as_str()))
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(applicants::id.ne(except));
    }
    let found: i64 = query.count().get_result(conn)?;
    Ok(found > 0)
}

/// How many applications refer to the applicant, whatever their status.
pub fn count_applications(conn: &mut DbConnection, id: &str) -> StoreResult<i64> {
    Ok(applications::table
        .filter(applications::applicant_id.eq(id))
        .count()
        .get_result(conn)?)
}

/// The columns an applicant's data replaces, for the owner's change and an office's
/// correction alike.
macro_rules! replaced_by {
    ($applicant:expr, $now:expr) => {
        (
            applicants::nik.eq($applicant.nik.as_str()),
            applicants::full_name.eq(&$applicant.full_name),
            applicants::place_of_birth.eq(&$applicant.place_of_birth),
            applicants::birth_date.eq($applicant.birth_date),
            applicants::sex.eq($applicant.sex.as_str()),
            applicants::address.eq(&$applicant.address),
            applicants::father_name.eq(&$applicant.father_name),
            applicants::mother_name.eq(&$applicant.mother_name),
            applicants::marital_status.eq($applicant.marital_status.as_str()),
            applicants::dual_citizen_child.eq($applicant.dual_citizen_child),
            applicants::previous_passport_number.eq(&$applicant.previous_passport_number),
            applicants::guardian_nik.eq($applicant.guardian_nik.as_ref().map(Nik::as_str)),
            applicants::updated_at.eq(to_db($now)),
        )
    };
}

/// Replaces the data of the account's applicant `id`. Returns false when the account has
/// no such applicant; fails with a unique violation when the new NIK is another of the
/// account's applicants' (see [`is_nik_taken`]).
pub fn update(
    conn: &mut DbConnection,
    account_id: &str,
    id: &str,
    applicant: &NewApplicant,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let changed = diesel::update(
        applicants::table
            .find(id)
            .filter(applicants::account_id.eq(account_id)),
    )
    .set(replaced_by!(applicant, now))
    .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}

/// Replaces the data of applicant `id` whoever's it is (a walk-in has no account): an
/// office's correction, once the caller checked the office holds one of its applications.
pub fn update_any(
    conn: &mut DbConnection,
    id: &str,
    applicant: &NewApplicant,
    now: DateTime<Utc>,
) -> StoreResult<Conditional> {
    let changed = diesel::update(applicants::table.find(id))
        .set(replaced_by!(applicant, now))
        .execute(conn)?;
    Ok(Conditional::of_rows(changed))
}

/// Removes the account's applicant `id`. Returns false when the account has no such
/// applicant. Applications refer to applicants, so the caller checks
/// [`count_applications`] first: the foreign key would otherwise refuse with an error.
pub fn delete(conn: &mut DbConnection, account_id: &str, id: &str) -> StoreResult<Conditional> {
    let deleted = diesel::delete(
        applicants::table
            .find(id)
            .filter(applicants::account_id.eq(account_id)),
    )
    .execute(conn)?;
    Ok(Conditional::of_rows(deleted))
}
