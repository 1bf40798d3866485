//! The limits that hold brokers back, as a system admin reads and changes them. Bookings
//! read them in their own transaction, so a change applies to the next booking; each change
//! appends an audit record with the limits before and after.

use chrono::TimeDelta;
use paspor_domain::BookingLimits;
use paspor_openapi::BookingLimitsDto;
use paspor_persistence::{booking_limits, write_transaction};

use super::AdminError;
use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::{Message, Text};
use crate::refusal::Refusal;
use crate::state::AppState;

/// The limits in force (system admins).
pub async fn show_booking_limits(
    state: &AppState,
    _admin: &SystemAdmin,
) -> Result<BookingLimitsDto, Refusal> {
    let limits = state
        .db
        .call(|conn| Ok::<_, AdminError>(booking_limits::get(conn)?))
        .await?;
    Ok(limits.into())
}

/// Replaces the limits (system admins); returns them as now in force.
pub async fn set_booking_limits(
    state: &AppState,
    principal: &SystemAdmin,
    request: BookingLimitsDto,
) -> Result<BookingLimitsDto, Refusal> {
    let limits = checked(&request)?;
    let actor = Actor::of(principal);
    let now = state.clock.now();
    let after = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let before = BookingLimitsDto::from(booking_limits::get(conn)?);
                booking_limits::set(conn, &limits, now)?;
                let after = BookingLimitsDto::from(booking_limits::get(conn)?);
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change {
                        action: "booking_limits.update",
                        object_type: "booking_limits",
                        object_id: "booking_limits",
                        before: Some(&before),
                        after: Some(&after),
                    },
                )?;
                Ok::<_, AdminError>(after)
            })
        })
        .await?;
    state.reference.limits_changed();
    Ok(after)
}

/// The limits asked for, each within the bounds the contract states.
fn checked(request: &BookingLimitsDto) -> Result<BookingLimits, AdminError> {
    let mut refused = Vec::new();
    let mut within = |field: &str, value: u32, bounds: std::ops::RangeInclusive<u32>| {
        if !bounds.contains(&value) {
            refused.push((
                field.to_owned(),
                Text::from(
                    Message::new("field-between")
                        .with("min", *bounds.start())
                        .with("max", *bounds.end()),
                ),
            ));
        }
    };
    within(
        "lapses_before_cooldown",
        request.lapses_before_cooldown,
        0..=100,
    );
    within("lapse_window_days", request.lapse_window_days, 1..=365);
    within("cooldown_days", request.cooldown_days, 0..=365);
    within("holds_per_account", request.holds_per_account, 1..=100);
    within(
        "bookings_per_release",
        request.bookings_per_release,
        1..=1000,
    );
    if !refused.is_empty() {
        return Err(AdminError::Invalid(refused));
    }
    Ok(BookingLimits {
        lapses_before_cooldown: request.lapses_before_cooldown,
        lapse_window: TimeDelta::days(i64::from(request.lapse_window_days)),
        cooldown: TimeDelta::days(i64::from(request.cooldown_days)),
        holds_per_account: request.holds_per_account,
        bookings_per_release: request.bookings_per_release,
    })
}
