//! The interview of an application: the questions asked with their answers (kept as one
//! JSON text), the officer's notes, when and by whom.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::examination::{Interview, InterviewAnswer};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::application_interviews as interviews;
use crate::time::{from_db, to_db};

/// An interview as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewRecord {
    pub application_id: String,
    pub interview: Interview,
    pub recorded_at: DateTime<Utc>,
    /// The staff account that interviewed.
    pub recorded_by: String,
}

type Row = (String, String, Option<String>, NaiveDateTime, String);

/// The application's interview, if any.
pub fn find(conn: &mut DbConnection, application_id: &str) -> StoreResult<Option<InterviewRecord>> {
    let row: Option<Row> = interviews::table
        .find(application_id)
        .select((
            interviews::application_id,
            interviews::answers,
            interviews::notes,
            interviews::recorded_at,
            interviews::recorded_by,
        ))
        .first(conn)
        .optional()?;
    row.map(
        |(application_id, answers, notes, recorded_at, recorded_by)| {
            let answers: Vec<InterviewAnswer> =
                serde_json::from_str(&answers).map_err(|error| {
                    StoreError::corrupt(format!("interview answers of {application_id}: {error}"))
                })?;
            Ok(InterviewRecord {
                application_id,
                interview: Interview { answers, notes },
                recorded_at: from_db(recorded_at),
                recorded_by,
            })
        },
    )
    .transpose()
}

/// Records an interview, replacing the application's earlier one; returns that one. Call
/// inside a write transaction holding the application's lock.
pub fn put(
    conn: &mut DbConnection,
    record: &InterviewRecord,
) -> StoreResult<Option<InterviewRecord>> {
    let earlier = find(conn, &record.application_id)?;
    let answers = serde_json::to_string(&record.interview.answers)
        .map_err(|error| StoreError::corrupt(format!("interview answers: {error}")))?;
    let values = (
        interviews::answers.eq(answers),
        interviews::notes.eq(record.interview.notes.as_deref()),
        interviews::recorded_at.eq(to_db(record.recorded_at)),
        interviews::recorded_by.eq(&record.recorded_by),
    );
    if earlier.is_some() {
        diesel::update(interviews::table.find(&record.application_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(interviews::table)
            .values((
                interviews::application_id.eq(&record.application_id),
                values,
            ))
            .execute(conn)?;
    }
    Ok(earlier)
}
