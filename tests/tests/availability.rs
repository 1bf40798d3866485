//! Sessions and places: release rules in each time zone, live bookings, range limits.

use chrono::TimeDelta;
use paspor_domain::Channel;
use paspor_openapi::{AvailabilityDto, DayDto, SessionDto};
use paspor_persistence::write_transaction;
use reqwest::Method;

use crate::support::*;

const PANGKALPINANG: &str = "0193a000-0000-7000-8000-000000000001";
const MAKASSAR: &str = "0193a000-0000-7000-8000-000000000003";
const JAYAPURA: &str = "0193a000-0000-7000-8000-000000000004";

async fn days(app: &TestApp, office: &str, from: &str, to: &str) -> Vec<DayDto> {
    let answer = app
        .get(&format!(
            "/v1/offices/{office}/availability?from={from}&to={to}"
        ))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.parse::<AvailabilityDto>().days
}

fn day<'a>(days: &'a [DayDto], date: &str) -> &'a DayDto {
    days.iter()
        .find(|d| d.date.to_string() == date)
        .unwrap_or_else(|| panic!("{date} missing"))
}

fn first_session(days: &[DayDto], date: &str) -> SessionDto {
    day(days, date).sessions[0].clone()
}

/// A session's start as sent: local time at the office, with its offset.
fn starts_at(session: &SessionDto) -> String {
    session.starts_at.to_rfc3339()
}

on_both_backends! {
    async fn every_date_of_the_range_is_answered_with_its_sessions(app) {
        // Monday 30 November to Sunday 6 December 2026.
        let days = days(&app, PANGKALPINANG, "2026-11-30", "2026-12-06").await;
        let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
        for weekday in &days[..5] {
            let sessions = &weekday.sessions;
            assert_eq!(sessions.len(), 4);
            let regular: u32 = sessions.iter().map(|s| s.channels.regular.capacity).sum();
            let same_day: u32 = sessions.iter().map(|s| s.channels.same_day.capacity).sum();
            let priority: u32 = sessions.iter().map(|s| s.channels.priority.capacity).sum();
            // The real office's day: 200 regular, 35 same-day, 50 priority.
            assert_eq!((regular, same_day, priority), (200, 35, 50));
        }
        for weekend in &days[5..] {
            assert!(weekend.sessions.is_empty());
            assert!(!weekend.bookable);
        }
        let session = first_session(&days, "2026-11-30");
        assert_eq!(starts_at(&session), "2026-11-30T08:00:00+07:00");
        assert_eq!(session.ends_at.to_rfc3339(), "2026-11-30T09:30:00+07:00");
    }
}

on_both_backends! {
    async fn a_weekly_quota_is_released_on_friday_at_four_in_the_afternoon_local_time(app) {
        // It is Wednesday 25 November. This week's days were released last Friday.
        let this_week = days(&app, PANGKALPINANG, "2026-11-26", "2026-11-27").await;
        assert!(first_session(&this_week, "2026-11-26").released);
        assert!(day(&this_week, "2026-11-26").bookable);

        // Next week's are released on Friday 27 November at 16:00 WIB, 09:00 UTC.
        let next_week = days(&app, PANGKALPINANG, "2026-11-30", "2026-12-04").await;
        for date in ["2026-11-30", "2026-12-04"] {
            let session = first_session(&next_week, date);
            assert!(!session.released);
            assert_eq!(session.release_at, instant("2026-11-27T09:00:00Z"));
            assert!(!day(&next_week, date).bookable);
        }

        app.clock.set(instant("2026-11-27T08:59:59Z"));
        let just_before = days(&app, PANGKALPINANG, "2026-11-30", "2026-11-30").await;
        assert!(!first_session(&just_before, "2026-11-30").released);

        app.clock.set(instant("2026-11-27T09:00:00Z"));
        let at_release = days(&app, PANGKALPINANG, "2026-11-30", "2026-12-07").await;
        assert!(first_session(&at_release, "2026-11-30").released);
        assert!(day(&at_release, "2026-11-30").bookable);
        // The week after stays closed until the next Friday.
        assert!(!first_session(&at_release, "2026-12-07").released);
        assert_eq!(first_session(&at_release, "2026-12-07").release_at, instant("2026-12-04T09:00:00Z"));
    }
}

on_both_backends! {
    async fn other_time_zones_release_by_their_own_clocks(app) {
        // Makassar (WITA, UTC+8): monthly on the 25th at 10:00 for the next month. It is
        // 11:00 there now, so December is open and January is not.
        let december = days(&app, MAKASSAR, "2026-12-01", "2026-12-01").await;
        let session = first_session(&december, "2026-12-01");
        assert_eq!(starts_at(&session), "2026-12-01T08:00:00+08:00");
        assert_eq!(session.release_at, instant("2026-11-25T02:00:00Z"));
        assert!(session.released);
        let january = days(&app, MAKASSAR, "2027-01-04", "2027-01-04").await;
        assert_eq!(first_session(&january, "2027-01-04").release_at, instant("2026-12-25T02:00:00Z"));
        assert!(!first_session(&january, "2027-01-04").released);

        // Jayapura (WIT, UTC+9): 14 days ahead at 08:00. 9 December opened this morning
        // (24 November 23:00 UTC); 10 December opens tomorrow morning.
        let jayapura = days(&app, JAYAPURA, "2026-12-09", "2026-12-10").await;
        let ninth = first_session(&jayapura, "2026-12-09");
        assert_eq!(starts_at(&ninth), "2026-12-09T08:00:00+09:00");
        assert_eq!(ninth.release_at, instant("2026-11-24T23:00:00Z"));
        assert!(ninth.released);
        let tenth = first_session(&jayapura, "2026-12-10");
        assert_eq!(tenth.release_at, instant("2026-11-25T23:00:00Z"));
        assert!(!tenth.released);
    }
}

on_both_backends! {
    async fn a_session_that_has_begun_is_listed_but_not_bookable(app) {
        let date = "2026-11-26";
        let before = day(&days(&app, PANGKALPINANG, date, date).await, date).clone();
        let sessions = before.sessions.clone();
        assert!(sessions.len() >= 2, "{before:#?}");
        assert!(sessions.iter().all(|s| s.bookable), "{before:#?}");

        // At the first session's start it closes; the others stay open, and the day too.
        app.clock.set(instant(&starts_at(&sessions[0])));
        let at_first = day(&days(&app, PANGKALPINANG, date, date).await, date).clone();
        assert!(!at_first.sessions[0].bookable);
        assert!(at_first.sessions[0].released);
        assert_eq!(at_first.sessions[0].channels.regular.remaining, 50);
        assert!(at_first.sessions[1].bookable);
        assert!(at_first.bookable);

        // Once the last has begun, the day takes no booking.
        let last = sessions.last().unwrap();
        app.clock.set(instant(&starts_at(last)));
        let at_last = day(&days(&app, PANGKALPINANG, date, date).await, date).clone();
        assert!(at_last.sessions.iter().all(|s| !s.bookable));
        assert!(!at_last.bookable);
    }
}

on_both_backends! {
    async fn places_left_count_live_bookings_only(app) {
        let date = "2026-11-26";
        let session = first_session(&days(&app, PANGKALPINANG, date, date).await, date);
        let session_id = session.id.clone();
        let regular = session.channels.regular;
        assert_eq!((regular.capacity, regular.remaining), (50, 50));

        let now = app.clock.now();
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        // Two unpaid holds with their payment deadline ahead, one paid place, and one
        // hold whose deadline has already passed, written as rows (the service takes
        // places only through its counted protocol, for an application), in a write
        // transaction as every change is: its commit ends the server's cached answer.
        write_transaction(&mut conn, |conn| {
            for (channel, deadline) in [
                (Channel::Regular, Some(now + TimeDelta::hours(2))),
                (Channel::Regular, Some(now + TimeDelta::minutes(30))),
                (Channel::SameDay, None),
                (Channel::Regular, Some(now - TimeDelta::seconds(1))),
            ] {
                insert_hold(conn, &session_id, channel, deadline, now)?;
            }
            Ok::<_, paspor_persistence::StoreError>(())
        })
        .unwrap();

        let session = first_session(&days(&app, PANGKALPINANG, date, date).await, date);
        assert_eq!(session.channels.regular.remaining, 48);
        assert_eq!(session.channels.same_day.remaining, 8);
        assert_eq!(session.channels.priority.remaining, 13);

        // At the 30-minute hold's deadline it stops counting, without any job running.
        app.clock.advance(TimeDelta::minutes(30));
        let session = first_session(&days(&app, PANGKALPINANG, date, date).await, date);
        assert_eq!(session.channels.regular.remaining, 49);
        app.clock.advance(TimeDelta::hours(2));
        let session = first_session(&days(&app, PANGKALPINANG, date, date).await, date);
        assert_eq!(session.channels.regular.remaining, 50);
        assert_eq!(session.channels.same_day.remaining, 8, "a paid place keeps counting");
    }
}

on_both_backends! {
    async fn a_range_is_checked(app) {
        let base = format!("/v1/offices/{PANGKALPINANG}/availability");
        // 400: the value breaks the published schema; 422: it conforms, a rule refuses it.
        for (query, field, status) in [
            ("from=2026-12-02&to=2026-12-01", "to", 422),
            ("from=2026-12-01&to=2027-02-01", "to", 422),
            ("from=2026-12-01&to=2026-13-01", "to", 400),
            ("from=01-12-2026&to=2026-12-02", "from", 400),
            ("from=2026-12-01", "to", 400),
            ("to=2026-12-01", "from", 400),
        ] {
            let answer = app.get(&format!("{base}?{query}")).await;
            answer.problem(status);
            assert_eq!(answer.error_fields(), [field], "{query}: {:#}", answer.json);
        }
        // Exactly 62 days is allowed.
        let longest = days(&app, PANGKALPINANG, "2026-12-01", "2027-01-31").await;
        assert_eq!(longest.len(), 62);
    }
}

on_both_backends! {
    async fn an_answer_carries_its_entity_tag_and_how_long_it_may_be_reused(app) {
        let path = format!("/v1/offices/{PANGKALPINANG}/availability?from=2026-11-30&to=2026-12-06");
        let first = app.get(&path).await;
        assert_eq!(first.status, 200);
        assert_eq!(first.header("cache-control"), "public, max-age=1");
        let tag = first.header("etag").to_owned();
        assert!(tag.starts_with('"') && tag.len() == 34, "{tag}");

        let again = app.request(Method::GET, &path, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status, 304);
        assert_eq!(again.header("etag"), tag);
        // Another range is another answer.
        let other = app
            .request(Method::GET, &format!("/v1/offices/{PANGKALPINANG}/availability?from=2026-11-30&to=2026-12-05"), &[("if-none-match", &tag)])
            .await;
        assert_eq!(other.status, 200);
        assert_ne!(other.header("etag"), tag);
    }
}

on_both_backends! {
    async fn a_booking_shows_in_the_next_answer_at_once(app) {
        let path = format!("/v1/offices/{PANGKALPINANG}/availability?from={DATE}&to={DATE}");
        let before = app.get(&path).await;
        let remaining = |answer: &Answer| answer.parse::<AvailabilityDto>().days[0].sessions[0].channels.regular.remaining;
        let tokens = app.applicant("cache@example.com").await;
        book_new(&app, &tokens, &nth_nik(1)).await;

        let after = app.get(&path).await;
        assert_eq!(remaining(&after), remaining(&before) - 1);
        assert_ne!(after.header("etag"), before.header("etag"));
    }
}

on_both_backends! {
    async fn the_cache_can_be_switched_off(app) {
        let app = app.restart_with(|config| config.availability_cache = std::time::Duration::ZERO).await;
        let answer = app.get(&format!("/v1/offices/{PANGKALPINANG}/availability?from=2026-11-30&to=2026-11-30")).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("cache-control"), "public, no-cache");
    }
}
