//! What PostgreSQL holds after a scenario, counted with SQL on the api's tables rather than
//! read back through the API (whose availability may be cached): the regular places held
//! in each session against its capacity, and applications holding more than one place.
//! Only for checking; a query here follows the api's meaning of a live booking
//! (`persistence/src/bookings.rs`: not released, its payment deadline, if any, ahead).

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Integer, Text};

/// One session: its id, regular capacity and the regular places held in it now.
#[derive(QueryableByName)]
pub struct SessionPlaces {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Integer)]
    pub capacity: i32,
    #[diesel(sql_type = BigInt)]
    pub held: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

const LIVE: &str = "b.channel = 'regular' AND b.released_at IS NULL
     AND (b.hold_deadline IS NULL OR b.hold_deadline > (now() AT TIME ZONE 'utc'))";

/// What the database says of the sessions of `offices` from `from` to `to` (dates).
pub struct Held {
    pub sessions: Vec<SessionPlaces>,
    /// Applications holding a place in two sessions or more (of any office).
    pub applications_held_twice: i64,
}

/// Counts, on the PostgreSQL database at `url`. Blocking: call it off the async workers.
pub fn held(url: &str, offices: &[String], from: &str, to: &str) -> anyhow::Result<Held> {
    let mut conn = PgConnection::establish(url)?;
    let sessions = diesel::sql_query(format!(
        "SELECT s.id, s.capacity_regular AS capacity,
             (SELECT count(*) FROM bookings b WHERE b.session_id = s.id AND {LIVE}) AS held
         FROM office_sessions s
         WHERE s.office_id = ANY($1) AND s.session_date BETWEEN $2::date AND $3::date
         ORDER BY s.office_id, s.session_date, s.starts_minute"
    ))
    .bind::<Array<Text>, _>(offices)
    .bind::<Text, _>(from)
    .bind::<Text, _>(to)
    .load::<SessionPlaces>(&mut conn)?;
    let twice = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM (SELECT b.application_id FROM bookings b WHERE {LIVE}
             AND b.application_id IS NOT NULL GROUP BY b.application_id HAVING count(*) > 1) t"
    ))
    .get_result::<Count>(&mut conn)?;
    Ok(Held {
        sessions,
        applications_held_twice: twice.n,
    })
}
