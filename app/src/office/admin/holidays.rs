//! An office's holidays, kept by its admin. A holiday closes that date's sessions so that
//! nothing can be booked on it, unless they already hold places (then it is refused, with
//! how many: those bookings must be moved or cancelled first). Removing a holiday reopens
//! the date's sessions and creates any the templates call for. Materialisation skips
//! holidays, so a holiday declared ahead of time never gets sessions.

use chrono::{NaiveDate, TimeDelta};
use paspor_openapi::{HolidayDto, HolidayList};
use paspor_persistence::holidays::{self, Holiday};
use paspor_persistence::sessions::DateClosing;
use paspor_persistence::{offices, sessions, write_transaction};
use serde::Serialize;

use super::AdminError;
use super::input::Fields;
use crate::audit::{self, Actor, Change};
use crate::locale::Message;
use crate::office::OfficeAdmin;
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::write::Write;

/// The years asked about.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A holiday as its audit records keep it.
#[derive(Debug, Serialize)]
struct HolidayState<'a> {
    date: NaiveDate,
    name: &'a str,
    /// Sessions closed (on creation) or reopened (on removal).
    sessions: usize,
}

/// The office's holidays of one year.
pub async fn list_holidays(
    state: &AppState,
    principal: &OfficeAdmin,
    year: i32,
) -> Result<HolidayList, Refusal> {
    let office_id = principal.office().to_owned();
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1).filter(|_| YEARS.contains(&year)),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(Refusal::invalid_field(
            "year",
            "must be between 2000 and 2100",
        ));
    };
    let days = state
        .db
        .call(move |conn| Ok::<_, AdminError>(holidays::between(conn, &office_id, first, last)?))
        .await?;
    Ok(HolidayList {
        year,
        items: days
            .into_iter()
            .map(|day| HolidayDto {
                date: day.date,
                name: day.name,
            })
            .collect(),
    })
}

/// Declares a holiday and closes that date's sessions.
pub fn create_holiday(
    state: &AppState,
    principal: &OfficeAdmin,
    request: HolidayDto,
) -> Result<Write<HolidayDto, AdminError>, Refusal> {
    let office_id = principal.office().to_owned();
    let mut fields = Fields::default();
    let name = fields.text("name", &request.name);
    fields.finish()?;
    let date = request.date;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    Ok(Write::new(move |conn| {
        // In a savepoint: a holiday declared meanwhile by another request is refused by the
        // database, and told as such.
        let outcome = write_transaction(conn, |conn| {
            let office = offices::find(conn, &office_id)?
                .ok_or_else(|| anyhow::anyhow!("office {office_id} of a staff token is gone"))?;
            if date < office.time_zone.local_date(now) {
                return Err(AdminError::refused("date", Message::new("field-in-past")));
            }
            if let Some(existing) = holidays::find(conn, &office.id, date)? {
                return Err(already(date, &existing.name));
            }
            let closed = match sessions::close_date(conn, &office.id, date, now)? {
                DateClosing::Closed { sessions } => sessions,
                DateClosing::Held { places } => {
                    return Err(AdminError::Conflict(
                        Message::new("holiday-places-booked")
                            .with("places", places)
                            .with("date", date.to_string())
                            .into(),
                    ));
                }
            };
            let holiday = Holiday {
                date,
                name: name.clone(),
            };
            holidays::insert(conn, &office.id, &holiday)?;
            audit::record(
                conn,
                &actor,
                now,
                Change::<(), _> {
                    action: "holiday.create",
                    object_type: "holiday",
                    object_id: &date.to_string(),
                    before: None,
                    after: Some(&HolidayState {
                        date,
                        name: &name,
                        sessions: closed,
                    }),
                },
            )?;
            Ok(HolidayDto { date, name })
        });
        match outcome {
            // Declared at the same moment by another request: the other one won.
            Err(error) if error.is_unique_violation() => Err(already(date, "")),
            other => other,
        }
    }))
}

fn already(date: NaiveDate, name: &str) -> AdminError {
    let name = if name.is_empty() {
        String::new()
    } else {
        format!(" ({name})")
    };
    AdminError::Conflict(
        Message::new("holiday-already")
            .with("date", date.to_string())
            .with("name", name)
            .into(),
    )
}

/// Removes a holiday: its sessions reopen, and the sessions the templates call for that
/// date are created if it lies within the horizon.
pub async fn delete_holiday(
    state: &AppState,
    principal: &OfficeAdmin,
    date: &str,
) -> Result<(), Refusal> {
    let office_id = principal.office().to_owned();
    let date: NaiveDate = date
        .parse()
        .map_err(|_| Refusal::invalid_field("date", "must be a date YYYY-MM-DD"))?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let horizon = TimeDelta::days(i64::from(state.session_horizon_days));
    state
        .db
        .call(move |conn| {
            let office = write_transaction(conn, |conn| {
                let office = offices::find(conn, &office_id)?.ok_or_else(|| {
                    anyhow::anyhow!("office {office_id} of a staff token is gone")
                })?;
                let holiday = holidays::find(conn, &office.id, date)?
                    .ok_or(AdminError::NotFound("holiday"))?;
                // Removed by another request since it was read: that one reopens and records.
                if holidays::delete(conn, &office.id, date)?.skipped() {
                    return Err(AdminError::NotFound("holiday"));
                }
                let reopened = sessions::reopen_date(conn, &office.id, date)?;
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change::<_, ()> {
                        action: "holiday.delete",
                        object_type: "holiday",
                        object_id: &date.to_string(),
                        before: Some(&HolidayState {
                            date,
                            name: &holiday.name,
                            sessions: reopened,
                        }),
                        after: None,
                    },
                )?;
                Ok::<_, AdminError>(office)
            })?;
            // A date never materialised (declared a holiday ahead of time) gets its
            // sessions now rather than at the next hourly pass.
            let today = office.time_zone.local_date(now);
            if today <= date && date <= today + horizon {
                sessions::materialise(conn, &office, date, date, now)?;
            }
            Ok::<_, AdminError>(())
        })
        .await?;
    Ok(())
}
