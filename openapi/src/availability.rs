//! The places an office offers, per date, session and channel.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use paspor_domain::office::Office;
use paspor_domain::quota::SessionAvailability;
use paspor_domain::{Channel, PassportKind, TimeZone};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::enums::{PassportKindDto, TimeZoneDto};
use crate::walk_in_only_days::WalkInOnlyReasons;

/// The dates asked about, inclusive; at most 62 days.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// The first date (`YYYY-MM-DD`), in the office's calendar.
    #[param(example = "2026-12-01")]
    pub from: NaiveDate,
    /// The last date, inclusive; at most 61 days after `from`.
    #[param(example = "2026-12-31")]
    pub to: NaiveDate,
}

impl AvailabilityQuery {
    /// The most days one answer covers.
    pub const MAX_DAYS: i64 = 62;
}

/// An office's sessions and places over a range of dates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AvailabilityDto {
    /// The office.
    pub office_id: String,
    /// The office's time zone; dates and session times are local to it.
    pub time_zone: TimeZoneDto,
    /// The kinds of passport the office offers now, electronic first: a booking of
    /// another kind is refused.
    pub passport_kinds: Vec<PassportKindDto>,
    /// The first date covered.
    pub from: NaiveDate,
    /// The last date covered.
    pub to: NaiveDate,
    /// When the office next releases quota under its release rules: the next instant at
    /// which a date (in this range or later, open or not) becomes bookable. Null only if
    /// none is due within a year.
    #[schema(example = "2026-12-15T09:00:00Z")]
    pub next_release_at: Option<DateTime<Utc>>,
    /// Every date of the range in order, with its sessions (none on days the office is
    /// closed).
    pub days: Vec<DayDto>,
}

/// One date at an office.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DayDto {
    /// The date.
    pub date: NaiveDate,
    /// Whether any session of this date can be booked in the app now (see the session's
    /// `bookable`).
    pub bookable: bool,
    /// The sessions, by start time (none on a day the office serves walk-ins only).
    pub sessions: Vec<SessionDto>,
    /// Set when the office serves walk-ins only that day (no session of it can be booked
    /// in the app; bookings held stay valid): why, in each language.
    pub walk_in_only: Option<WalkInOnlyReasons>,
}

/// One session (time slot) with its places.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionDto {
    /// The session's id, to book it.
    pub id: String,
    /// Start, in the office's local time with its offset.
    #[schema(example = "2026-12-01T08:00:00+07:00")]
    pub starts_at: DateTime<FixedOffset>,
    /// End, in the office's local time with its offset.
    #[schema(example = "2026-12-01T09:30:00+07:00")]
    pub ends_at: DateTime<FixedOffset>,
    /// Whether its quota has been released for booking.
    pub released: bool,
    /// Whether it can be booked in the app now: released, not yet begun, with a regular or
    /// same-day place left. A session of today that has begun is still listed, with its
    /// places, but takes no booking.
    pub bookable: bool,
    /// When its quota is (or was) released.
    pub release_at: DateTime<Utc>,
    /// Capacity and places left per channel.
    pub channels: ChannelPlaces,
    /// Where the office limits the app bookings (regular and same-day) of a passport kind
    /// in this session, that limit and the places of the kind left; empty when no kind is
    /// limited. A booking needs a place in its channel and, where its kind is limited, one
    /// of its kind.
    pub passport_kinds: Vec<KindPlaces>,
}

/// A session's places for one passport kind.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct KindPlaces {
    /// The passport kind.
    pub passport_kind: PassportKindDto,
    /// How many app bookings of the kind the session takes.
    pub capacity: u32,
    /// How many are free now.
    pub remaining: u32,
}

/// Places per channel.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct ChannelPlaces {
    /// App bookings.
    pub regular: Places,
    /// Same-day service.
    pub same_day: Places,
    /// Priority walk-ins, registered by officers.
    pub priority: Places,
}

/// The capacity of one channel and the places left in it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct Places {
    /// How many places the channel has.
    pub capacity: u32,
    /// How many are free now.
    pub remaining: u32,
}

impl AvailabilityDto {
    /// Lays the office's sessions out over every date of the range.
    pub fn new(
        office: &Office,
        from: NaiveDate,
        to: NaiveDate,
        sessions: &[SessionAvailability],
        walk_in_only: &[(NaiveDate, WalkInOnlyReasons)],
        next_release_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> AvailabilityDto {
        let time_zone = office.time_zone;
        let days = from
            .iter_days()
            .take_while(|date| *date <= to)
            .map(|date| {
                let walk_in_only = walk_in_only
                    .iter()
                    .find(|(day, _)| *day == date)
                    .map(|(_, reasons)| reasons.clone());
                let sessions: Vec<SessionDto> = sessions
                    .iter()
                    .filter(|s| s.session.date == date && !s.session.walk_in_only)
                    .map(|s| SessionDto::new(s, time_zone, now))
                    .collect();
                let bookable = sessions.iter().any(|s| s.bookable);
                DayDto {
                    date,
                    bookable,
                    sessions,
                    walk_in_only,
                }
            })
            .collect();
        AvailabilityDto {
            office_id: office.id.clone(),
            time_zone: time_zone.into(),
            passport_kinds: office
                .passport_kinds()
                .into_iter()
                .map(Into::into)
                .collect(),
            from,
            to,
            next_release_at,
            days,
        }
    }
}

impl SessionDto {
    fn new(s: &SessionAvailability, time_zone: TimeZone, now: DateTime<Utc>) -> SessionDto {
        let offset = time_zone.offset();
        let local = |time| {
            s.session
                .date
                .and_time(time)
                .and_local_timezone(offset)
                .single()
                .unwrap_or_else(|| s.session.date.and_time(time).and_utc().fixed_offset())
        };
        let places = |channel: Channel| Places {
            capacity: s.session.capacity.of(channel),
            remaining: s.remaining(channel),
        };
        SessionDto {
            id: s.session.id.clone(),
            starts_at: local(s.session.starts),
            ends_at: local(s.session.ends),
            released: s.session.is_released(now),
            bookable: s.session.is_open_for_booking(time_zone, now)
                && (s.remaining(Channel::Regular) > 0 || s.remaining(Channel::SameDay) > 0),
            release_at: s.session.release_at,
            channels: ChannelPlaces {
                regular: places(Channel::Regular),
                same_day: places(Channel::SameDay),
                priority: places(Channel::Priority),
            },
            passport_kinds: PassportKind::ALL
                .into_iter()
                .filter_map(|kind| {
                    Some(KindPlaces {
                        passport_kind: kind.into(),
                        capacity: s.session.capacity.by_kind.of(kind)?,
                        remaining: s.remaining_of_kind(kind)?,
                    })
                })
                .collect(),
        }
    }
}
