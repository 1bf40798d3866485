//! A day's walk-ins at the caller's office, in the order they were registered, each with
//! its application as it stands now (paid, checked in, expired, ...).

use chrono::NaiveDate;
use paspor_openapi::{PageQuery, WalkInPage};
use paspor_persistence::offices;
use paspor_persistence::walk_ins;

use super::WalkInError;
use super::view;
use crate::offer::Pricing;
use crate::office::OfficeStaff;
use crate::paging::page_of;
use crate::refusal::Refusal;
use crate::state::AppState;

/// A page of the walk-ins of `date` (default today, in the office's calendar) at
/// `office_id` (the caller's).
pub async fn list_walk_ins(
    state: &AppState,
    staff: &OfficeStaff,
    date: Option<NaiveDate>,
    paging: PageQuery,
) -> Result<WalkInPage, Refusal> {
    let (page, per_page) = page_of(paging)?;
    let office_id = staff.office().to_owned();
    let now = state.clock.now();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let loaded = state
        .db
        .call(move |conn| {
            let office = offices::find(conn, &office_id)?
                .ok_or_else(|| anyhow::anyhow!("office {office_id} of a staff account is gone"))?;
            let date = date.unwrap_or_else(|| office.time_zone.local_date(now));
            let pricing = Pricing::stored(conn)?;
            let (records, total) =
                walk_ins::list_of_day(conn, &office.id, date, offset, i64::from(per_page))?;
            let items = records
                .into_iter()
                .map(|record| view::load(conn, record, &office, &pricing))
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, WalkInError>((items, total))
        })
        .await?;
    let (items, total) = loaded;
    Ok(WalkInPage {
        items: items
            .into_iter()
            .map(|item| view::dto(item, &state.check_in))
            .collect::<Result<_, _>>()?,
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
    })
}
