//! Decisions on applications: one per application, with the person's NIK copied so that
//! a person's postponements are found directly, above all the hold a postponement puts on
//! new applications until its date.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::decision::DecisionOutcome;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::application_decisions as decisions;
use crate::time::{from_db, to_db};

/// A decision as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub application_id: String,
    /// The person's NIK.
    pub nik: String,
    pub outcome: DecisionOutcome,
    /// The reason's code (a postponement's or a refusal's); none for an approval.
    pub reason_code: Option<String>,
    /// Until when a postponement holds the person back.
    pub hold_until: Option<NaiveDate>,
    pub notes: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// The staff account that decided.
    pub decided_by: String,
}

type Row = (
    String,
    String,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    NaiveDateTime,
    String,
);

macro_rules! columns {
    () => {
        (
            decisions::application_id,
            decisions::nik,
            decisions::outcome,
            decisions::reason_code,
            decisions::hold_until,
            decisions::notes,
            decisions::decided_at,
            decisions::decided_by,
        )
    };
}

fn record(row: Row) -> StoreResult<DecisionRecord> {
    let (application_id, nik, outcome, reason_code, hold_until, notes, decided_at, decided_by) =
        row;
    Ok(DecisionRecord {
        outcome: outcome.parse().map_err(StoreError::corrupt)?,
        application_id,
        nik,
        reason_code,
        hold_until,
        notes,
        decided_at: from_db(decided_at),
        decided_by,
    })
}

/// Records a decision. An application is decided once: a second insert fails on the
/// primary key (the caller moves the application out of review in the same transaction).
pub fn insert(conn: &mut DbConnection, decision: &DecisionRecord) -> StoreResult<()> {
    diesel::insert_into(decisions::table)
        .values((
            decisions::application_id.eq(&decision.application_id),
            decisions::nik.eq(&decision.nik),
            decisions::outcome.eq(decision.outcome.as_str()),
            decisions::reason_code.eq(decision.reason_code.as_deref()),
            decisions::hold_until.eq(decision.hold_until),
            decisions::notes.eq(decision.notes.as_deref()),
            decisions::decided_at.eq(to_db(decision.decided_at)),
            decisions::decided_by.eq(&decision.decided_by),
        ))
        .execute(conn)?;
    Ok(())
}

/// The application's decision, if it was decided.
pub fn find(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<DecisionRecord>> {
    decisions::table
        .find(application_id)
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(record)
        .transpose()
}

/// The date until which a postponement keeps the person with this NIK from applying, if
/// one still does on `today` (its hold ends after today); the latest when there are
/// several.
pub fn hold_for_nik(
    conn: &mut DbConnection,
    nik: &str,
    today: NaiveDate,
) -> StoreResult<Option<NaiveDate>> {
    let until: Option<Option<NaiveDate>> = decisions::table
        .filter(decisions::nik.eq(nik))
        .filter(decisions::outcome.eq(DecisionOutcome::Postponed.as_str()))
        .filter(decisions::hold_until.gt(today))
        .order(decisions::hold_until.desc())
        .select(decisions::hold_until)
        .first(conn)
        .optional()?;
    Ok(until.flatten())
}

/// The postponements of the person with this NIK (from any account), other than of
/// `except_application`, newest first.
pub fn postponements_of_nik(
    conn: &mut DbConnection,
    nik: &str,
    except_application: &str,
) -> StoreResult<Vec<DecisionRecord>> {
    decisions::table
        .filter(decisions::nik.eq(nik))
        .filter(decisions::outcome.eq(DecisionOutcome::Postponed.as_str()))
        .filter(decisions::application_id.ne(except_application))
        .order((
            decisions::decided_at.desc(),
            decisions::application_id.asc(),
        ))
        .select(columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(record)
        .collect()
}
