//! Days an office serves walk-ins only, when the app cannot serve it: set by the office's
//! admin (or a system admin for any office) with a reason in each language, undone the
//! same way, read by anyone.
//!
//! The day's sessions are marked, so availability shows them closed to app booking and a
//! booking (or a move) into one is refused; walk-ins are registered as usual. Bookings
//! already held that day stay valid: their holders come at their session's time and are
//! served as walk-ins without queueing anew, or reschedule in the app. Each holder is told
//! once, in the transaction that first sets the day: setting it again changes only the
//! reason, and two admins setting it at once meet at the day's primary key (the one that
//! loses changes the reason instead). Every change is audited.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use paspor_domain::office::Office;
use paspor_openapi::{
    MAX_WALK_IN_ONLY_REASON_CHARS, WalkInOnlyDayDto, WalkInOnlyDayList, WalkInOnlyDayRequest,
    WalkInOnlyReasons,
};
use paspor_persistence::walk_in_only_days::{self, BookedThatDay, WalkInOnlyDay};
use paspor_persistence::{DbConnection, holidays, offices, write_transaction};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::auth::SystemAdmin;
use crate::locale::clock::{long_date, time_of_day, zone_label};
use crate::locale::{Args, Language, Message};
use crate::notice::{Notice, tell_account};
use crate::office::OfficeAdmin;
use crate::refusal::{Refusal, RefusalKind};
use crate::said::field;
use crate::state::AppState;

/// How far ahead the lists read: a year of days.
const LIST_DAYS: i64 = 366;

/// A walk-in-only day as its audit records keep it.
#[derive(Debug, Serialize)]
struct DayState<'a> {
    date: NaiveDate,
    reasons: &'a WalkInOnlyReasons,
    /// The booked applicants told (when first set).
    told: usize,
}

/// What setting a day did: the day, and whether it was new (and its holders told).
pub struct SetDay {
    pub day: WalkInOnlyDayDto,
    pub created: bool,
}

/// The office admin sets a day of their own office walk-in only.
pub async fn set_own_walk_in_only_day(
    state: &AppState,
    principal: &OfficeAdmin,
    date: &str,
    request: WalkInOnlyDayRequest,
    language: Language,
) -> Result<SetDay, Refusal> {
    let office = principal.office().to_owned();
    set_day(state, Actor::of(principal), office, date, request, language).await
}

/// A system admin sets a day of any office walk-in only (an unknown office is 404).
pub async fn set_walk_in_only_day(
    state: &AppState,
    principal: &SystemAdmin,
    office: String,
    date: &str,
    request: WalkInOnlyDayRequest,
    language: Language,
) -> Result<SetDay, Refusal> {
    let actor = Actor::of(principal).for_office(office.clone());
    set_day(state, actor, office, date, request, language).await
}

/// The office admin undoes a walk-in-only day of their own office.
pub async fn remove_own_walk_in_only_day(
    state: &AppState,
    principal: &OfficeAdmin,
    date: &str,
) -> Result<(), Refusal> {
    let office = principal.office().to_owned();
    remove_day(state, Actor::of(principal), office, date).await
}

/// A system admin undoes a walk-in-only day of any office.
pub async fn remove_walk_in_only_day(
    state: &AppState,
    principal: &SystemAdmin,
    office: String,
    date: &str,
) -> Result<(), Refusal> {
    let actor = Actor::of(principal).for_office(office.clone());
    remove_day(state, actor, office, date).await
}

/// An office's walk-in-only days from today (its calendar) on, reasons in `language`;
/// anyone may read them. An unknown office is 404.
pub async fn list_walk_in_only_days(
    state: &AppState,
    office_id: String,
    language: Language,
) -> Result<WalkInOnlyDayList, Refusal> {
    let now = state.clock.now();
    let reference = state.reference.clone();
    let days = state
        .db
        .run(move |conn| {
            let office = reference
                .office(conn, &office_id)?
                .ok_or_else(|| Refusal::not_found("office"))?;
            let today = office.time_zone.local_date(now);
            let days = walk_in_only_days::between(
                conn,
                &office.id,
                today,
                today + TimeDelta::days(LIST_DAYS),
            )?;
            Ok::<_, Refusal>((office.id, days))
        })
        .await?;
    let (office, days) = days;
    Ok(WalkInOnlyDayList {
        items: days
            .into_iter()
            .map(|day| dto(&office, day, language))
            .collect(),
    })
}

fn parse_date(date: &str) -> Result<NaiveDate, Refusal> {
    date.parse()
        .map_err(|_| Refusal::invalid_field("date", "must be a date YYYY-MM-DD"))
}

/// The reasons trimmed, each present, within its length and free of control characters.
fn checked(request: WalkInOnlyDayRequest) -> Result<WalkInOnlyReasons, Refusal> {
    let mut refused = Vec::new();
    let mut reason = |name: &str, text: &str| {
        let text = text.trim();
        let problem = if text.is_empty() {
            Some(Message::new("field-required"))
        } else if text.chars().count() > MAX_WALK_IN_ONLY_REASON_CHARS {
            Some(field::too_long(MAX_WALK_IN_ONLY_REASON_CHARS))
        } else if text.chars().any(char::is_control) {
            Some(field::control_characters())
        } else {
            None
        };
        if let Some(problem) = problem {
            refused.push((format!("reasons.{name}"), problem));
        }
        text.to_owned()
    };
    let id = reason("id", &request.reasons.id);
    let en = reason("en", &request.reasons.en);
    if !refused.is_empty() {
        return Err(Refusal::invalid_fields(refused));
    }
    Ok(WalkInOnlyReasons { id, en })
}

async fn set_day(
    state: &AppState,
    actor: Actor,
    office_id: String,
    date: &str,
    request: WalkInOnlyDayRequest,
    language: Language,
) -> Result<SetDay, Refusal> {
    let date = parse_date(date)?;
    let reasons = checked(request)?;
    let now = state.clock.now();
    let (day, created) = state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                set_in(conn, &actor, &office_id, date, reasons, now)
                    .map(|(day, created)| ((office_id.clone(), day), created))
            })
        })
        .await?;
    let (office, day) = day;
    Ok(SetDay {
        day: dto(&office, day, language),
        created,
    })
}

/// Inside a write transaction: the checks, then the day added (its sessions marked, its
/// holders told) or its reason changed, and the audit record.
fn set_in(
    conn: &mut DbConnection,
    actor: &Actor,
    office_id: &str,
    date: NaiveDate,
    reasons: WalkInOnlyReasons,
    now: DateTime<Utc>,
) -> Result<(WalkInOnlyDay, bool), Refusal> {
    let office = offices::find(conn, office_id)?.ok_or_else(|| Refusal::not_found("office"))?;
    if date < office.time_zone.local_date(now) {
        return Err(Refusal::refused_field(
            "date",
            Message::new("field-in-past"),
        ));
    }
    if let Some(holiday) = holidays::find(conn, &office.id, date)? {
        return Err(Refusal::new(
            RefusalKind::Conflict,
            Message::new("walk-in-only-holiday")
                .with("date", date.to_string())
                .with("name", holiday.name),
        ));
    }
    let day = WalkInOnlyDay {
        date,
        reason_id: reasons.id.clone(),
        reason_en: reasons.en.clone(),
        set_by: actor.account.clone(),
        set_at: now,
    };
    let before = walk_in_only_days::find(conn, &office.id, date)?;
    // In a savepoint: the same day set meanwhile by another request is refused by its
    // primary key, and then only the reason changes here (that one told the holders).
    let added = before.is_none()
        && match write_transaction(conn, |conn| {
            walk_in_only_days::insert(conn, &office.id, &day)
        }) {
            Ok(()) => true,
            Err(error) if error.is_unique_violation() => false,
            Err(error) => return Err(error.into()),
        };
    let told = if added {
        walk_in_only_days::mark_sessions(conn, &office.id, date, true)?;
        let booked = walk_in_only_days::booked_that_day(conn, &office.id, date, now)?;
        for holder in &booked {
            tell_account(
                conn,
                &holder.account_id,
                &|language| notice(language, &office, date, holder, &reasons),
                now,
            )?;
        }
        booked.len()
    } else {
        if walk_in_only_days::update_reason(conn, &office.id, &day)?.skipped() {
            return Err(anyhow::anyhow!("walk-in-only day {date} of {} is gone", office.id).into());
        }
        0
    };
    let previous = before.map(|day| WalkInOnlyReasons {
        id: day.reason_id,
        en: day.reason_en,
    });
    let previous = previous.as_ref().map(|reasons| DayState {
        date,
        reasons,
        told: 0,
    });
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: if added {
                "walk_in_only_day.set"
            } else {
                "walk_in_only_day.update"
            },
            object_type: "walk_in_only_day",
            object_id: &format!("{}/{date}", office.id),
            before: previous.as_ref(),
            after: Some(&DayState {
                date,
                reasons: &reasons,
                told,
            }),
        },
    )?;
    Ok((day, added))
}

async fn remove_day(
    state: &AppState,
    actor: Actor,
    office_id: String,
    date: &str,
) -> Result<(), Refusal> {
    let date = parse_date(date)?;
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            write_transaction(conn, |conn| {
                let office =
                    offices::find(conn, &office_id)?.ok_or_else(|| Refusal::not_found("office"))?;
                let day = walk_in_only_days::find(conn, &office.id, date)?
                    .ok_or_else(|| Refusal::not_found("walk_in_only_day"))?;
                // Removed by another request since it was read: that one unmarks and records.
                if walk_in_only_days::delete(conn, &office.id, date)?.skipped() {
                    return Err(Refusal::not_found("walk_in_only_day"));
                }
                walk_in_only_days::mark_sessions(conn, &office.id, date, false)?;
                let reasons = WalkInOnlyReasons {
                    id: day.reason_id,
                    en: day.reason_en,
                };
                audit::record(
                    conn,
                    &actor,
                    now,
                    Change::<_, ()> {
                        action: "walk_in_only_day.remove",
                        object_type: "walk_in_only_day",
                        object_id: &format!("{}/{date}", office.id),
                        before: Some(&DayState {
                            date,
                            reasons: &reasons,
                            told: 0,
                        }),
                        after: None,
                    },
                )?;
                Ok::<_, Refusal>(())
            })
        })
        .await
}

/// What a holder booked on the day is told, in `language`: the office, the day and their
/// session's time in the office's clock, why, and that the booking stays valid as a
/// walk-in (or may be moved).
fn notice(
    language: Language,
    office: &Office,
    date: NaiveDate,
    holder: &BookedThatDay,
    reasons: &WalkInOnlyReasons,
) -> Notice {
    let mut args = Args::new();
    args.set("office", office.name.clone());
    args.set("date", long_date(language, date));
    args.set("time", time_of_day(language, holder.starts));
    args.set("zone", zone_label(office.time_zone));
    args.set(
        "reason",
        match language {
            Language::Indonesian => reasons.id.clone(),
            Language::English => reasons.en.clone(),
        },
    );
    Notice::of(language, "walk-in-only-day", &args)
}

/// A walk-in-only day as answered, its reason in `language` (and in both).
pub(crate) fn dto(office: &str, day: WalkInOnlyDay, language: Language) -> WalkInOnlyDayDto {
    let reason = match language {
        Language::Indonesian => day.reason_id.clone(),
        Language::English => day.reason_en.clone(),
    };
    WalkInOnlyDayDto {
        office_id: office.to_owned(),
        date: day.date,
        language: language.into(),
        reason,
        reasons: WalkInOnlyReasons {
            id: day.reason_id,
            en: day.reason_en,
        },
        set_at: day.set_at,
    }
}
