//! Walk-ins registered at an office: one row per walk-in application saying why it was
//! served from which quota and who registered it, read back with its application and
//! applicant (a walk-in's applicant belongs to no account).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::{
    ApplicationKind, ApplicationKindCode, ApplicationStatus, PassportKind, PriorityGround,
    ReplacementReason, Service, WalkInKind,
};

use crate::applications::ApplicantFacts;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{applicants, applications, walk_ins};
use crate::time::{from_db, to_db};

/// What a walk-in's row records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWalkIn<'a> {
    /// The application registered.
    pub application_id: &'a str,
    /// The office that registered it.
    pub office_id: &'a str,
    /// The office-local date of the visit.
    pub visit_date: NaiveDate,
    /// Why the person walked in.
    pub kind: WalkInKind,
    /// The priority grounds met (empty unless a priority walk-in).
    pub grounds: &'a [PriorityGround],
    /// The loss or damage came from a disaster.
    pub disaster: bool,
    /// The examination report (BAP) number, for a lost or damaged passport.
    pub examination_reference: Option<&'a str>,
    /// The staff account that registered it.
    pub registered_by: &'a str,
    /// When.
    pub registered_at: DateTime<Utc>,
}

/// A walk-in with its application as it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkInRecord {
    /// The application.
    pub application_id: String,
    /// Its applicant.
    pub applicant_id: String,
    /// The office.
    pub office_id: String,
    /// The office-local date of the visit.
    pub visit_date: NaiveDate,
    /// Why the person walked in.
    pub kind: WalkInKind,
    /// The priority grounds met.
    pub grounds: Vec<PriorityGround>,
    /// The loss or damage came from a disaster.
    pub disaster: bool,
    /// The examination report (BAP) number.
    pub examination_reference: Option<String>,
    /// The staff account that registered it.
    pub registered_by: String,
    /// When.
    pub registered_at: DateTime<Utc>,
    /// Where the application stands now.
    pub status: ApplicationStatus,
    /// The passport asked for.
    pub passport_kind: PassportKind,
    /// New, or a replacement and why.
    pub application_kind: ApplicationKind,
    /// Regular or same-day.
    pub service: Service,
    /// The person's full name.
    pub full_name: String,
    /// What the fee and the validity depend on (the NIK included).
    pub applicant: ApplicantFacts,
}

/// Records a walk-in. Call in the transaction that creates its application.
pub fn insert(conn: &mut DbConnection, walk_in: &NewWalkIn<'_>) -> StoreResult<()> {
    let grounds = walk_in
        .grounds
        .iter()
        .map(|ground| ground.as_str())
        .collect::<Vec<_>>()
        .join(",");
    diesel::insert_into(walk_ins::table)
        .values((
            walk_ins::application_id.eq(walk_in.application_id),
            walk_ins::office_id.eq(walk_in.office_id),
            walk_ins::visit_date.eq(walk_in.visit_date),
            walk_ins::kind.eq(walk_in.kind.as_str()),
            walk_ins::priority_grounds.eq(grounds),
            walk_ins::disaster.eq(walk_in.disaster),
            walk_ins::examination_reference.eq(walk_in.examination_reference),
            walk_ins::registered_by.eq(walk_in.registered_by),
            walk_ins::registered_at.eq(to_db(walk_in.registered_at)),
        ))
        .execute(conn)?;
    Ok(())
}

type Row = (
    (
        String,
        String,
        NaiveDate,
        String,
        String,
        bool,
        Option<String>,
        String,
        NaiveDateTime,
    ),
    (String, String, String, String, Option<String>, String),
    (String, String, NaiveDate, bool, String),
);

macro_rules! columns {
    () => {
        (
            (
                walk_ins::application_id,
                walk_ins::office_id,
                walk_ins::visit_date,
                walk_ins::kind,
                walk_ins::priority_grounds,
                walk_ins::disaster,
                walk_ins::examination_reference,
                walk_ins::registered_by,
                walk_ins::registered_at,
            ),
            (
                applications::applicant_id,
                applications::status,
                applications::passport_kind,
                applications::application_kind,
                applications::replacement_reason,
                applications::service,
            ),
            (
                applicants::nik,
                applicants::full_name,
                applicants::birth_date,
                applicants::dual_citizen_child,
                applicants::marital_status,
            ),
        )
    };
}

fn parse<T: std::str::FromStr>(what: &str, value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(format!("walk-in {what} {value:?}")))
}

fn record(row: Row) -> StoreResult<WalkInRecord> {
    let (
        (application_id, office_id, visit_date, kind, grounds, disaster, reference, by, at),
        (applicant_id, status, passport_kind, application_kind, reason, service),
        (nik, full_name, birth_date, dual_citizen_child, marital_status),
    ) = row;
    let reason = reason
        .map(|reason| parse::<ReplacementReason>("replacement reason", &reason))
        .transpose()?;
    let application_kind = ApplicationKind::from_parts(
        parse::<ApplicationKindCode>("application kind", &application_kind)?,
        reason,
    )
    .map_err(StoreError::corrupt)?;
    Ok(WalkInRecord {
        kind: parse("kind", &kind)?,
        grounds: grounds
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| parse("priority ground", code))
            .collect::<StoreResult<_>>()?,
        status: parse("status", &status)?,
        passport_kind: parse("passport kind", &passport_kind)?,
        service: parse("service", &service)?,
        application_kind,
        applicant: ApplicantFacts {
            nik,
            birth_date,
            dual_citizen_child,
            // As for any applicant: whoever has married counts as adult.
            married: marital_status != "single",
        },
        application_id,
        applicant_id,
        office_id,
        visit_date,
        disaster,
        examination_reference: reference,
        registered_by: by,
        registered_at: from_db(at),
        full_name,
    })
}

/// The walk-in registered as this application, if it is one.
pub fn find(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<WalkInRecord>> {
    walk_ins::table
        .inner_join(applications::table.inner_join(applicants::table))
        .filter(walk_ins::application_id.eq(application_id))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// A page of an office's walk-ins of one visit date, in the order they were registered,
/// and how many there are.
pub fn list_of_day(
    conn: &mut DbConnection,
    office_id: &str,
    visit_date: NaiveDate,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<WalkInRecord>, i64)> {
    let total = walk_ins::table
        .filter(walk_ins::office_id.eq(office_id))
        .filter(walk_ins::visit_date.eq(visit_date))
        .count()
        .get_result(conn)?;
    let rows: Vec<Row> = walk_ins::table
        .inner_join(applications::table.inner_join(applicants::table))
        .filter(walk_ins::office_id.eq(office_id))
        .filter(walk_ins::visit_date.eq(visit_date))
        .order((
            walk_ins::registered_at.asc(),
            walk_ins::application_id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(columns!())
        .load(conn)?;
    Ok((
        rows.into_iter().map(record).collect::<StoreResult<_>>()?,
        total,
    ))
}
