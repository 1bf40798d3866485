//! A citizen's own double taps on an appointment: one draft booked, one paid appointment
//! moved, one application cancelled, one waitlist joined, many times at once with distinct
//! Idempotency-Keys; and the payment channel sending one billing code's notices at once.
//! Afterwards the application holds one place, moved at most once, entered each status
//! once, and every success answered names what the database holds.

use chrono::NaiveDateTime;
use paspor_openapi::{ApplicationStatusDto, PaymentAckDto, PaymentResultDto, WaitlistDto};
use serde_json::json;

use super::flows::{Citizen, NEXT_DAY, application_of, notice, place, sessions_on};
use super::invariants::{
    application_row, assert_database_invariants, connection, entries_entering, history_of,
    live_bookings_of,
};
use crate::support::{
    AT_ONCE, Clock as _, DATE, ROUNDS, SEED_OFFICE_ID, TestApp, at_once, notify, split,
};

/// The fee of the drafts these races book (electronic, regular, new).
const FEE: i64 = 650_000;

fn now(app: &TestApp) -> NaiveDateTime {
    app.clock.now().naive_utc()
}

on_both_backends! {
    async fn one_draft_booked_at_once_holds_one_place(app) {
        let citizen = Citizen::new(&app, "ketuk@example.com", &nth_nik(1)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let session = &sessions[round % sessions.len()];
            let path = format!("/v1/applications/{id}/booking");
            let body = place(session, DATE);
            let answers = at_once((0..AT_ONCE).map(|_| app.post(&path, &body, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} bookings of draft {id}");
            let answered = split(&what, &answers, &[200]);

            let mut conn = connection(&pool);
            let live = live_bookings_of(&mut conn, &id, now(&app));
            assert_eq!(live.len(), 1, "{what}: {} answered 200, the database holds {} live places: {live:#?}", answered.done.len(), live.len());
            assert_eq!(answered.done.len(), 1, "{what}: one place, yet {} answers said booked: {:?} / {:?}", answered.done.len(), answered.statuses(), answered.details());
            for booked in &answered.done {
                let booking = application_of(booked).booking.expect("a booking in the answer");
                assert_eq!(Some(&booking.billing_code), live[0].billing_code.as_ref(), "{what}: the answer's billing code is not the one held");
                assert_eq!(&booking.session_id, session, "{what}");
            }
            assert_eq!(entries_entering(&mut conn, &id, "awaiting_payment"), 1, "{what}");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn one_paid_appointment_moved_at_once_to_different_sessions_moves_once(app) {
        let citizen = Citizen::new(&app, "pindah@example.com", &nth_nik(2)).await;
        let today = sessions_on(&app, DATE).await;
        let tomorrow = sessions_on(&app, NEXT_DAY).await;
        // Every session but the one booked, each asked for by one request.
        let targets: Vec<(String, &str)> = today[1..]
            .iter()
            .map(|s| (s.clone(), DATE))
            .chain(tomorrow.iter().map(|s| (s.clone(), NEXT_DAY)))
            .cycle()
            .take(AT_ONCE)
            .collect();
        let pool = app.pool();
        for round in 0..ROUNDS {
            let id = citizen.paid(&app, &today[0], DATE).await;
            let path = format!("/v1/applications/{id}/reschedule");
            let bodies: Vec<_> = targets.iter().map(|(session, date)| place(session, date)).collect();
            let answers = at_once(bodies.iter().map(|body| app.post(&path, body, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} reschedules of {id} to different sessions");
            let answered = split(&what, &answers, &[200]);

            let mut conn = connection(&pool);
            let (status, reschedules) = application_row(&mut conn, &id).expect("the application");
            let live = live_bookings_of(&mut conn, &id, now(&app));
            let moves: Vec<_> = history_of(&mut conn, &id).into_iter().filter(|(_, note)| note.as_deref().is_some_and(|n| n.starts_with("rescheduled"))).collect();
            assert_eq!((status.as_str(), reschedules), ("paid", 1), "{what}: {} answered 200 ({:?}); history: {moves:#?}", answered.done.len(), answered.statuses());
            assert_eq!(answered.done.len(), 1, "{what}: moved once, yet {} answers said moved: {:?}", answered.done.len(), answered.details());
            assert_eq!(live.len(), 1, "{what}: {live:#?}");
            let moved = application_of(answered.done[0]).booking.expect("a booking");
            assert_eq!(moved.session_id, live[0].session_id, "{what}: the answer names a session the place is not in");
            assert_ne!(live[0].session_id, today[0], "{what}: the place stayed where it was");
            for refused in &answered.refused {
                assert_eq!(refused.status, 409, "{what}: {:#}", refused.json);
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn one_application_cancelled_at_once_is_cancelled_once(app) {
        let citizen = Citizen::new(&app, "batal@example.com", &nth_nik(3)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            // Alternately paid and awaiting payment: both give their place back.
            let id = if round % 2 == 0 {
                citizen.paid(&app, &sessions[0], DATE).await
            } else {
                citizen.booked(&app, &sessions[0], DATE).await.0
            };
            let path = format!("/v1/applications/{id}/cancel");
            let empty = json!({});
            let answers = at_once((0..AT_ONCE).map(|_| app.post(&path, &empty, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} cancellations of {id}");
            let answered = split(&what, &answers, &[200]);

            let mut conn = connection(&pool);
            assert_eq!(application_row(&mut conn, &id).map(|(s, _)| s).as_deref(), Some("cancelled"), "{what}");
            assert_eq!(entries_entering(&mut conn, &id, "cancelled"), 1, "{what}");
            assert!(live_bookings_of(&mut conn, &id, now(&app)).is_empty(), "{what}: the place is still held");
            assert!(!answered.done.is_empty(), "{what}: none cancelled: {:?}", answered.details());
            for done in &answered.done {
                let view = application_of(done);
                assert_eq!(view.status, ApplicationStatusDto::Cancelled, "{what}");
                assert!(view.booking.is_none(), "{what}: a cancelled answer names a booking");
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn one_billing_code_paid_at_once_is_applied_once(app) {
        let citizen = Citizen::new(&app, "bayar@example.com", &nth_nik(4)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let (id, code) = citizen.booked(&app, &sessions[round % sessions.len()], DATE).await;
            // The channel retrying one event, and paying the code again under new events,
            // and the development simulator, all at once.
            let retried = notice(&format!("evt-{round}"), &code, FEE);
            let notices: Vec<_> = (0..AT_ONCE)
                .map(|n| if n < AT_ONCE / 2 { retried.clone() } else { notice(&format!("evt-{round}-{n}"), &code, FEE) })
                .collect();
            let simulator = format!("/v1/dev/payments/{code}");
            let empty = json!({});
            let (answers, simulated) = futures::join!(
                at_once(notices.iter().map(|body| notify(&app, body))),
                at_once((0..2).map(|_| app.post(&simulator, &empty, None))),
            );
            let what = format!("round {round}: notices on {code} at once");
            let split_notices = split(&what, &answers, &[200]);
            let split_simulated = split(&what, &simulated, &[200]);
            assert!(split_notices.refused.is_empty() && split_simulated.refused.is_empty(), "{what}: {:?} {:?}", split_notices.details(), split_simulated.details());
            let results: Vec<PaymentResultDto> = answers
                .iter()
                .chain(&simulated)
                .map(|answer| serde_json::from_value::<PaymentAckDto>(answer.json.clone()).expect("a payment acknowledgement").result)
                .collect();
            let applied = results.iter().filter(|r| **r == PaymentResultDto::Applied).count();
            assert_eq!(applied, 1, "{what}: {results:?}");
            // The retries of one event are that one event: judged once, the rest duplicates.
            let judged = results[..AT_ONCE / 2].iter().filter(|r| **r != PaymentResultDto::Duplicate).count();
            assert_eq!(judged, 1, "{what}: the retries of evt-{round} were judged {judged} times: {results:?}");

            let mut conn = connection(&pool);
            assert_eq!(application_row(&mut conn, &id).map(|(s, _)| s).as_deref(), Some("paid"), "{what}");
            assert_eq!(entries_entering(&mut conn, &id, "paid"), 1, "{what}");
            let live = live_bookings_of(&mut conn, &id, now(&app));
            assert_eq!(live.len(), 1, "{what}");
            assert_eq!(live[0].hold_deadline, None, "{what}: paid, yet still waiting for payment");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn one_draft_joining_the_waitlist_at_once_waits_once(app) {
        let citizen = Citizen::new(&app, "antri@example.com", &nth_nik(5)).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let path = format!("/v1/applications/{id}/waitlist");
            // Each request asks for another range.
            let ranges: Vec<(String, String)> = (0..AT_ONCE).map(|n| (DATE.to_owned(), format!("2026-12-{:02}", n + 1))).collect();
            let bodies: Vec<_> = ranges.iter().map(|(from, to)| json!({"office_id": SEED_OFFICE_ID, "from": from, "to": to})).collect();
            let answers = at_once(bodies.iter().map(|body| app.post(&path, body, Some(citizen.token())))).await;
            let what = format!("round {round}: {AT_ONCE} waitlist joins of {id}");
            let answered = split(&what, &answers, &[201]);
            assert!(!answered.done.is_empty(), "{what}: none joined: {:?}", answered.details());

            let mut conn = connection(&pool);
            use diesel::prelude::*;
            use paspor_persistence::schema::waitlist_entries as w;
            let entries: Vec<(String, chrono::NaiveDate)> = w::table
                .filter(w::application_id.eq(&id))
                .select((w::status, w::to_date))
                .load(&mut conn)
                .unwrap();
            assert_eq!(entries.len(), 1, "{what}: {entries:?}");
            // The waitlist job may already have offered it a free place.
            assert!(matches!(entries[0].0.as_str(), "waiting" | "offered"), "{what}: {entries:?}");
            let joined: Vec<WaitlistDto> = answered.done.iter().map(|a| serde_json::from_value(a.json.clone()).expect("a waitlist entry")).collect();
            assert!(joined.iter().any(|entry| entry.to == entries[0].1), "{what}: the range kept is none answered: {entries:?}");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}
