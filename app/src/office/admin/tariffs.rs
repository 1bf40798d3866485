//! Which tariff schedules are in force, as a system admin switches them. Quotes and new
//! bookings read the switch on every request, so they follow at once. A restart keeps the
//! admin's choice unless `PASPOR_TARIFF_SCHEDULES` was changed since it was last applied
//! (see `crate::startup`).

use paspor_domain::schedule_in_force;
use paspor_openapi::{TariffInForceRequest, TariffScheduleList};
use paspor_persistence::tariffs::{self, SwitchError};
use paspor_persistence::write_transaction;
use serde::Serialize;

use super::AdminError;
use super::view::schedule_dto;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::Message;
use crate::refusal::Refusal;
use crate::state::AppState;

/// The switch as its audit records keep it.
#[derive(Debug, Serialize)]
struct InForce {
    codes: Vec<String>,
}

impl From<SwitchError> for AdminError {
    fn from(error: SwitchError) -> Self {
        match error {
            SwitchError::UnknownSchedule(code) => AdminError::Unprocessable(
                Message::new("tariff-unknown")
                    .with("code", format!("{code:?}"))
                    .into(),
            ),
            SwitchError::Store(error) => AdminError::Store(error),
        }
    }
}

/// Every schedule with its prices and whether it is switched on (system admins).
pub async fn list_tariff_schedules(
    state: &AppState,
    _admin: &SystemAdmin,
) -> Result<TariffScheduleList, Refusal> {
    let all = state
        .db
        .call(|conn| Ok::<_, AdminError>(tariffs::all(conn)?))
        .await?;
    Ok(TariffScheduleList {
        items: all.into_iter().map(schedule_dto).collect(),
    })
}

/// Switches on exactly the schedules named (system admins). At least one of them must be
/// in force today, or nothing could be priced or booked.
pub async fn set_tariffs_in_force(
    state: &AppState,
    principal: &SystemAdmin,
    request: TariffInForceRequest,
) -> Result<TariffScheduleList, Refusal> {
    let mut codes: Vec<String> = request
        .codes
        .iter()
        .map(|code| code.trim().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Err(AdminError::Unprocessable(Message::new("tariff-none-named").into()).into());
    }
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let today = state.clock.today();
    let all = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                tariffs::take_turn(conn)?;
                let before = InForce {
                    codes: tariffs::enabled_codes(conn)?,
                };
                tariffs::set_enabled(conn, &codes)?;
                let enabled = tariffs::enabled(conn)?;
                if schedule_in_force(&enabled, today).is_none() {
                    return Err(AdminError::Unprocessable(
                        Message::new("tariff-none-in-force")
                            .with("codes", codes.join(", "))
                            .with("today", today.to_string())
                            .into(),
                    ));
                }
                let after = InForce {
                    codes: tariffs::enabled_codes(conn)?,
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "tariff.in_force",
                        object_type: "tariff_schedules",
                        object_id: "in_force",
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                Ok(tariffs::all(conn)?)
            })
        })
        .await?;
    state.reference.tariffs_changed();
    Ok(TariffScheduleList {
        items: all.into_iter().map(schedule_dto).collect(),
    })
}
