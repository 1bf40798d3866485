//! The biometrics captured for an application: the references under which the biometric
//! system keeps the photo and fingerprints (never the raw data), where and by whom.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use paspor_domain::examination::BiometricCapture;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::application_biometrics as biometrics;
use crate::time::{from_db, to_db};

/// A capture as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BiometricsRecord {
    pub application_id: String,
    pub capture: BiometricCapture,
    pub captured_at: DateTime<Utc>,
    /// The staff account that captured them.
    pub captured_by: String,
}

type Row = (String, String, String, String, NaiveDateTime, String);

/// The application's capture, if any.
pub fn find(
    conn: &mut DbConnection,
    application_id: &str,
) -> StoreResult<Option<BiometricsRecord>> {
    let row: Option<Row> = biometrics::table
        .find(application_id)
        .select((
            biometrics::application_id,
            biometrics::photo_reference,
            biometrics::fingerprints_reference,
            biometrics::station_id,
            biometrics::captured_at,
            biometrics::captured_by,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(application_id, photo, fingerprints, station, captured_at, captured_by)| {
            BiometricsRecord {
                application_id,
                capture: BiometricCapture {
                    photo_reference: photo,
                    fingerprints_reference: fingerprints,
                    station_id: station,
                },
                captured_at: from_db(captured_at),
                captured_by,
            }
        },
    ))
}

/// Records a capture, replacing the application's earlier one; returns that one. Call
/// inside a write transaction holding the application's lock.
pub fn put(
    conn: &mut DbConnection,
    record: &BiometricsRecord,
) -> StoreResult<Option<BiometricsRecord>> {
    let earlier = find(conn, &record.application_id)?;
    let values = (
        biometrics::photo_reference.eq(&record.capture.photo_reference),
        biometrics::fingerprints_reference.eq(&record.capture.fingerprints_reference),
        biometrics::station_id.eq(&record.capture.station_id),
        biometrics::captured_at.eq(to_db(record.captured_at)),
        biometrics::captured_by.eq(&record.captured_by),
    );
    if earlier.is_some() {
        diesel::update(biometrics::table.find(&record.application_id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(biometrics::table)
            .values((
                biometrics::application_id.eq(&record.application_id),
                values,
            ))
            .execute(conn)?;
    }
    Ok(earlier)
}
