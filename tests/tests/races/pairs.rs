//! Pairs of conflicting requests sent together, by one actor or by the actor and the
//! system: a booking and a cancellation, a cancellation and a payment, a reschedule and a
//! cancellation, two reschedules, a booking and the draft's deletion (with an upload), a
//! payment arriving as the expiry job runs, the place offered from the waitlist and
//! another one booked, a capacity lowered and a holiday declared as a place is booked, an
//! account closed and a NIK changed as a draft is made. Each pair's outcome must be one
//! that the two requests, run one after the other in some order, could have given.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use paspor_domain::Channel;
use paspor_domain::account::Role;
use paspor_persistence::schema::{
    applicants, application_documents, applications, bookings, office_holidays, office_sessions,
    payments, users,
};
use reqwest::Method;
use serde_json::json;

use super::flows::{Citizen, NEXT_DAY, notice, place, sessions_on};
use super::invariants::{
    application_row, assert_database_invariants, connection, entries_entering, held_bookings,
    live_bookings_of,
};
use crate::support::{
    Answer, BOOKING_EXPIRY, Clock as _, DATE, ROUNDS, SEED_OFFICE_ID, TestApp, access, draft,
    eventually, notify, split,
};

/// The fee of the drafts these races book (electronic, regular, new).
const FEE: i64 = 650_000;

fn now(app: &TestApp) -> NaiveDateTime {
    app.clock.now().naive_utc()
}

/// Whether an answer did the work (any 2xx), after checking that a refusal is a 4xx
/// problem (never a server error).
#[track_caller]
fn done(what: &str, answer: &Answer) -> bool {
    let answers = std::slice::from_ref(answer);
    !split(what, answers, &[200, 201, 202, 204]).done.is_empty()
}

/// The account a person was added to (read before the account closes: closing erases a
/// person no decision keeps).
fn account_of(pool: &paspor_persistence::DbPool, applicant: &str) -> String {
    applicants::table
        .find(applicant)
        .select(applicants::account_id)
        .first::<Option<String>>(&mut connection(pool))
        .unwrap()
        .expect("an applicant of an account")
}

/// An application's status ("gone" once deleted).
fn status_of(pool: &paspor_persistence::DbPool, id: &str) -> String {
    application_row(&mut connection(pool), id)
        .map_or_else(|| "gone".to_owned(), |(status, _)| status)
}

on_both_backends! {
    async fn a_booking_and_its_cancellation_at_once(app) {
        let citizen = Citizen::new(&app, "pasangan1@example.com", &nth_nik(41)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        let empty = json!({});
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let booking = format!("/v1/applications/{id}/booking");
            let cancel = format!("/v1/applications/{id}/cancel");
            let body = place(&sessions[round % sessions.len()], DATE);
            let (booked, cancelled) = futures::join!(
                app.post(&booking, &body, Some(citizen.token())),
                app.post(&cancel, &empty, Some(citizen.token())),
            );
            let what = format!("round {round}: booking and cancelling draft {id} at once");
            let (booked, cancelled) = (done(&what, &booked).then_some(booked), done(&what, &cancelled));
            let status = status_of(&pool, &id);
            let live = live_bookings_of(&mut connection(&pool), &id, now(&app));
            match (&booked, cancelled) {
                (_, true) => assert_eq!((status.as_str(), live.len()), ("cancelled", 0), "{what}: cancelled, yet {live:#?}"),
                (Some(answer), false) => {
                    assert_eq!((status.as_str(), live.len()), ("awaiting_payment", 1), "{what}");
                    assert_eq!(answer.json["booking"]["billing_code"].as_str(), live[0].billing_code.as_deref(), "{what}");
                }
                (None, false) => panic!("{what}: neither was done"),
            }
            assert_database_invariants(&app, &pool, &what);
            if status != "cancelled" {
                citizen.cancel(&app, &id).await;
            }
        }
    }
}

on_both_backends! {
    async fn a_cancellation_and_a_payment_at_once(app) {
        let citizen = Citizen::new(&app, "pasangan2@example.com", &nth_nik(42)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        let empty = json!({});
        for round in 0..ROUNDS {
            let (id, code) = citizen.booked(&app, &sessions[0], DATE).await;
            let event = format!("batal-bayar-{round}");
            let cancel = format!("/v1/applications/{id}/cancel");
            let payment = notice(&event, &code, FEE);
            let (cancelled, paid) = futures::join!(
                app.post(&cancel, &empty, Some(citizen.token())),
                notify(&app, &payment),
            );
            let what = format!("round {round}: cancelling {id} as its payment arrives");
            let cancelled = done(&what, &cancelled);
            assert!(done(&what, &paid), "{what}: a notice is always acknowledged");
            let result = paid.json["result"].as_str().unwrap().to_owned();
            let mut conn = connection(&pool);
            let recorded: String = payments::table.filter(payments::event_id.eq(&event)).select(payments::status).first(&mut conn).unwrap();
            assert_eq!(recorded, result, "{what}: the notice answered {result}, the payment is {recorded}");
            let status = application_row(&mut conn, &id).unwrap().0;
            let paid_once = entries_entering(&mut conn, &id, "paid");
            match (cancelled, result.as_str()) {
                (true, "applied") => assert_eq!((status.as_str(), paid_once), ("cancelled", 1), "{what}: paid, then cancelled"),
                (true, "unmatched") => assert_eq!((status.as_str(), paid_once), ("cancelled", 0), "{what}: cancelled, then paid too late"),
                (false, "applied") => assert_eq!((status.as_str(), paid_once), ("paid", 1), "{what}: paid as the cancellation looked"),
                other => panic!("{what}: no order of the two gives {other:?} ({status})"),
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            if status != "cancelled" {
                citizen.cancel(&app, &id).await;
            }
        }
    }
}

on_both_backends! {
    async fn a_reschedule_racing_a_cancellation_or_another_reschedule(app) {
        let citizen = Citizen::new(&app, "pasangan3@example.com", &nth_nik(43)).await;
        let today = sessions_on(&app, DATE).await;
        let tomorrow = sessions_on(&app, NEXT_DAY).await;
        let pool = app.pool();
        let empty = json!({});
        for round in 0..ROUNDS {
            let id = citizen.paid(&app, &today[0], DATE).await;
            let move_to = format!("/v1/applications/{id}/reschedule");
            let cancel = format!("/v1/applications/{id}/cancel");
            let target = place(&today[1 + round % 3], DATE);
            let (moved, cancelled) = futures::join!(
                app.post(&move_to, &target, Some(citizen.token())),
                app.post(&cancel, &empty, Some(citizen.token())),
            );
            let what = format!("round {round}: rescheduling and cancelling {id} at once");
            let (moved, cancelled) = (done(&what, &moved), done(&what, &cancelled));
            assert!(cancelled, "{what}: a paid appointment can always be cancelled the day before");
            let (status, reschedules) = application_row(&mut connection(&pool), &id).unwrap();
            assert_eq!((status.as_str(), reschedules), ("cancelled", i32::from(moved)), "{what}");
            assert!(live_bookings_of(&mut connection(&pool), &id, now(&app)).is_empty(), "{what}: cancelled, yet holding a place");
            assert_database_invariants(&app, &pool, &what);

            // Two moves of one appointment to two sessions: one of them.
            let id = citizen.paid(&app, &today[0], DATE).await;
            let move_to = format!("/v1/applications/{id}/reschedule");
            let targets = [place(&today[1 + round % 3], DATE), place(&tomorrow[round % tomorrow.len()], NEXT_DAY)];
            let (first, second) = futures::join!(
                app.post(&move_to, &targets[0], Some(citizen.token())),
                app.post(&move_to, &targets[1], Some(citizen.token())),
            );
            let what = format!("round {round}: two reschedules of {id} to different sessions at once");
            let moves = [done(&what, &first), done(&what, &second)];
            let (_, reschedules) = application_row(&mut connection(&pool), &id).unwrap();
            let live = live_bookings_of(&mut connection(&pool), &id, now(&app));
            assert_eq!((reschedules, live.len()), (1, 1), "{what}: answered {moves:?}, {live:#?}");
            assert_eq!(moves.iter().filter(|m| **m).count(), 1, "{what}: moved once, yet answered {moves:?}");
            let winner = if moves[0] { &first } else { &second };
            assert_eq!(winner.json["booking"]["session_id"], live[0].session_id.as_str(), "{what}: the answer names a session the place is not in");
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

/// A small PDF.
fn pdf(round: usize) -> Vec<u8> {
    format!("%PDF-1.4\n% round {round}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

on_both_backends! {
    async fn a_booking_and_an_upload_as_the_draft_is_deleted(app) {
        let citizen = Citizen::new(&app, "pasangan4@example.com", &nth_nik(44)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        let bearer = format!("Bearer {}", citizen.token());
        let headers = [("authorization", bearer.as_str())];
        for round in 0..ROUNDS {
            let id = citizen.draft(&app).await;
            let path = format!("/v1/applications/{id}");
            let body = place(&sessions[round % sessions.len()], DATE);
            let booking = format!("{path}/booking");
            let upload = format!("{path}/documents/family_card");
            let (deleted, booked, uploaded) = futures::join!(
                app.send(Method::DELETE, &path, None, Some(citizen.token())),
                app.post(&booking, &body, Some(citizen.token())),
                app.request_body(Method::PUT, &upload, pdf(round), &headers),
            );
            let what = format!("round {round}: deleting draft {id} as it is booked and given a document");
            let (deleted, booked, uploaded) = (done(&what, &deleted), done(&what, &booked), done(&what, &uploaded));
            let status = status_of(&pool, &id);
            let mut conn = connection(&pool);
            let attached: i64 = bookings::table.filter(bookings::application_id.eq(&id)).count().get_result(&mut conn).unwrap();
            let documents: Vec<String> = application_documents::table.filter(application_documents::application_id.eq(&id)).select(application_documents::storage_key).load(&mut conn).unwrap();
            if deleted {
                assert!(!booked, "{what}: deleted, yet booked");
                assert_eq!((status.as_str(), attached, documents.len()), ("gone", 0, 0), "{what}");
            } else {
                assert!(booked, "{what}: neither deleted nor booked");
                assert_eq!((status.as_str(), documents.len()), ("awaiting_payment", usize::from(uploaded)), "{what}");
            }
            // No file is left without its record, nor a record without its file.
            let keys: std::collections::BTreeSet<String> = application_documents::table.select(application_documents::storage_key).load::<String>(&mut conn).unwrap().into_iter().collect();
            let files: std::collections::BTreeSet<String> = std::fs::read_dir(app.storage_dir())
                .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| !n.starts_with('.')).collect())
                .unwrap_or_default();
            assert_eq!(files, keys, "{what}: the document store and its records differ");
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            if !deleted {
                citizen.cancel(&app, &id).await;
            }
        }
    }
}

on_both_backends! {
    async fn a_payment_arriving_as_its_booking_expires(app) {
        // The expiry job looks every millisecond: it runs while the notice is answered.
        let app = app.restart_with(|config| config.expiry_interval = Duration::from_millis(1)).await;
        let mut citizen = Citizen::new(&app, "pasangan5@example.com", &nth_nik(45)).await;
        // Each round moves the clock two hours on: the day after tomorrow stays ahead (and
        // cancellable) through every round.
        let sessions = sessions_on(&app, NEXT_DAY).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            citizen.sign_in_again(&app).await;
            let (id, code) = citizen.booked(&app, &sessions[0], NEXT_DAY).await;
            let deadline = live_bookings_of(&mut connection(&pool), &id, now(&app))[0].hold_deadline.expect("a deadline").and_utc();
            app.clock.set(deadline - TimeDelta::milliseconds(1));
            let event = format!("tepat-{round}");
            let body = notice(&event, &code, FEE);
            // The deadline comes a little later each round, so that the notice meets the
            // job at another point of its work.
            let lapse = async {
                actix_web::rt::time::sleep(Duration::from_micros(100 * u64::try_from(round).unwrap())).await;
                app.clock.set(deadline);
            };
            let (paid, ()) = futures::join!(notify(&app, &body), lapse);
            app.job_has_run(BOOKING_EXPIRY).await;
            let what = format!("round {round}: paying {code} as its deadline passes");
            assert!(done(&what, &paid), "{what}");
            let result = paid.json["result"].as_str().unwrap().to_owned();
            let mut conn = connection(&pool);
            let recorded: String = payments::table.filter(payments::event_id.eq(&event)).select(payments::status).first(&mut conn).unwrap();
            let status = application_row(&mut conn, &id).unwrap().0;
            let live = live_bookings_of(&mut conn, &id, now(&app));
            match result.as_str() {
                "applied" => {
                    assert_eq!((recorded.as_str(), status.as_str(), live.len()), ("applied", "paid", 1), "{what}");
                    assert_eq!(live[0].hold_deadline, None, "{what}");
                }
                "unmatched" => assert_eq!((recorded.as_str(), status.as_str(), live.len()), ("unmatched", "expired", 0), "{what}"),
                other => panic!("{what}: {other}"),
            }
            drop(conn);
            assert_database_invariants(&app, &pool, &what);
            if status == "paid" {
                // The clock moved two hours: the access token has lapsed.
                citizen.sign_in_again(&app).await;
                citizen.cancel(&app, &id).await;
            }
        }
    }
}

/// Leaves no regular place on `date` but `extra` in `session`: each session's capacity
/// set to the places it holds now.
fn fill(
    app: &TestApp,
    pool: &paspor_persistence::DbPool,
    sessions: &[String],
    session: &str,
    extra: u32,
) {
    let mut conn = connection(pool);
    let now = now(app);
    let held = held_bookings(&mut conn);
    for id in sessions {
        let taken = held
            .iter()
            .filter(|b| b.session_id == *id && b.channel == "regular" && b.is_live(now))
            .count();
        let places = u32::try_from(taken).unwrap() + if id == session { extra } else { 0 };
        paspor_persistence::sessions::set_capacity(&mut conn, id, Channel::Regular, places)
            .unwrap();
    }
}

on_both_backends! {
    async fn the_place_offered_and_another_booked_at_once(app) {
        let citizen = Citizen::new(&app, "pasangan6@example.com", &nth_nik(46)).await;
        let today = sessions_on(&app, DATE).await;
        let elsewhere = sessions_on(&app, NEXT_DAY).await;
        let pool = app.pool();
        for round in 0..ROUNDS {
            let offered = &today[round % today.len()];
            fill(&app, &pool, &today, offered, 0);
            let id = citizen.draft(&app).await;
            let joined = app.post(&format!("/v1/applications/{id}/waitlist"), &json!({"office_id": SEED_OFFICE_ID, "from": DATE, "to": DATE}), Some(citizen.token())).await;
            assert_eq!(joined.status, 201, "{:#}", joined.json);
            // A place comes free: the waitlist job offers it.
            fill(&app, &pool, &today, offered, 1);
            eventually("the offer", || {
                held_bookings(&mut connection(&pool)).into_iter().find(|b| b.offer && b.application_id.as_deref() == Some(id.as_str()))
            })
            .await;
            let booking = format!("/v1/applications/{id}/booking");
            let targets = [place(offered, DATE), place(&elsewhere[round % elsewhere.len()], NEXT_DAY)];
            let (accepted, other) = futures::join!(
                app.post(&booking, &targets[0], Some(citizen.token())),
                app.post(&booking, &targets[1], Some(citizen.token())),
            );
            let what = format!("round {round}: booking the place offered and another at once");
            let booked = [done(&what, &accepted), done(&what, &other)];
            let live = live_bookings_of(&mut connection(&pool), &id, now(&app));
            assert_eq!(live.len(), 1, "{what}: answered {booked:?}; {live:#?}");
            assert_eq!(booked.iter().filter(|b| **b).count(), 1, "{what}: one place, yet answered {booked:?}");
            let winner = if booked[0] { &accepted } else { &other };
            assert_eq!(winner.json["booking"]["session_id"], live[0].session_id.as_str(), "{what}");
            let offers_left = held_bookings(&mut connection(&pool)).into_iter().filter(|b| b.offer && b.is_live(now(&app)) && b.application_id.as_deref() == Some(id.as_str())).count();
            assert_eq!(offers_left, 0, "{what}: the offer is still held beside the booking");
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn a_capacity_lowered_or_a_holiday_declared_as_a_place_is_booked(app) {
        let admin = access(&app.staff("kepala@imigrasi.example", Role::OfficeAdmin, Some(SEED_OFFICE_ID)).await).to_owned();
        let citizen = Citizen::new(&app, "pasangan7@example.com", &nth_nik(47)).await;
        let sessions = sessions_on(&app, DATE).await;
        let pool = app.pool();
        let day: chrono::NaiveDate = DATE.parse().unwrap();
        for round in 0..ROUNDS {
            // The capacity lowered to the places held, as one more is booked.
            let session = &sessions[round % sessions.len()];
            let held = held_bookings(&mut connection(&pool)).iter().filter(|b| b.session_id == *session && b.channel == "regular" && b.is_live(now(&app))).count();
            let id = citizen.draft(&app).await;
            let patch = format!("/v1/office/sessions/{session}");
            let lower = json!({"capacity_regular": held});
            let (booking, target) = (format!("/v1/applications/{id}/booking"), place(session, DATE));
            let (lowered, booked) = futures::join!(
                app.send(Method::PATCH, &patch, Some(&lower), Some(&admin)),
                app.post(&booking, &target, Some(citizen.token())),
            );
            let what = format!("round {round}: lowering session {session} to its {held} places as one is booked");
            let outcome = [done(&what, &lowered), done(&what, &booked)];
            let capacity: i32 = office_sessions::table.find(session).select(office_sessions::capacity_regular).first(&mut connection(&pool)).unwrap();
            assert_eq!(outcome.iter().filter(|d| **d).count(), 1, "{what}: answered {outcome:?}, capacity now {capacity}");
            assert_eq!(i64::from(capacity) == i64::try_from(held).unwrap(), outcome[0], "{what}: the capacity stored is not what was answered");
            assert_database_invariants(&app, &pool, &what);
            let restored = app.send(Method::PATCH, &patch, Some(&json!({"capacity_regular": 50})), Some(&admin)).await;
            assert_eq!(restored.status, 200, "{:#}", restored.json);
            citizen.cancel(&app, &id).await;

            // The day declared a holiday as a place is booked on it.
            let id = citizen.draft(&app).await;
            let (booking, holiday) = (format!("/v1/applications/{id}/booking"), json!({"date": DATE, "name": "Libur mendadak"}));
            let (declared, booked) = futures::join!(
                app.post("/v1/office/holidays", &holiday, Some(&admin)),
                app.post(&booking, &target, Some(citizen.token())),
            );
            let what = format!("round {round}: declaring {DATE} a holiday as a place is booked on it");
            let outcome = [done(&what, &declared), done(&what, &booked)];
            let holidays: i64 = office_holidays::table.filter(office_holidays::holiday_date.eq(day)).count().get_result(&mut connection(&pool)).unwrap();
            let on_the_day = held_bookings(&mut connection(&pool)).into_iter().filter(|b| sessions.contains(&b.session_id) && b.is_live(now(&app))).count();
            assert_eq!(outcome.iter().filter(|d| **d).count(), 1, "{what}: answered {outcome:?}; {on_the_day} places held on the day");
            if holidays > 0 {
                assert_eq!(on_the_day, 0, "{what}: a holiday, yet {on_the_day} places are held on it");
            }
            assert_database_invariants(&app, &pool, &what);
            if outcome[0] {
                let removed = app.send(Method::DELETE, &format!("/v1/office/holidays/{DATE}"), None, Some(&admin)).await;
                assert_eq!(removed.status, 204, "{:#}", removed.json);
            }
            citizen.cancel(&app, &id).await;
        }
    }
}

on_both_backends! {
    async fn an_account_closed_as_a_draft_is_made(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            // Closing is refused while an application is in progress.
            let email = format!("pasangan8-{round}@example.com");
            let citizen = Citizen::new(&app, &email, &nth_nik(500 + round)).await;
            let body = draft(&citizen.applicant);
            let account = account_of(&pool, &citizen.applicant);
            let (closed, drafted) = futures::join!(
                app.send(Method::DELETE, "/v1/me", None, Some(citizen.token())),
                app.post("/v1/applications", &body, Some(citizen.token())),
            );
            let what = format!("round {round}: closing the account as a draft is made");
            let outcome = [done(&what, &closed), done(&what, &drafted)];
            let open_drafts: i64 = applications::table.filter(applications::applicant_id.eq(&citizen.applicant)).filter(applications::active.eq(true)).count().get_result(&mut connection(&pool)).unwrap();
            let closed_at: Option<NaiveDateTime> = users::table.filter(users::id.eq(&account)).select(users::closed_at).first(&mut connection(&pool)).unwrap();
            assert!(outcome.iter().any(|d| *d), "{what}: neither was done");
            if closed_at.is_some() {
                assert_eq!(open_drafts, 0, "{what}: answered {outcome:?}; the account is closed with an application in progress");
            }
            assert_database_invariants(&app, &pool, &what);
        }
    }
}

on_both_backends! {
    async fn a_nik_changed_as_a_draft_is_made(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            // The draft's NIK is the person's: a NIK changes only while no application
            // names it.
            let citizen = Citizen::new(&app, &format!("pasangan9-{round}@example.com"), &nth_nik(600 + round)).await;
            let body = draft(&citizen.applicant);
            let renamed = json!({"nik": nth_nik(700 + round)});
            let path = format!("/v1/applicants/{}", citizen.applicant);
            let (changed, drafted) = futures::join!(
                app.send(Method::PATCH, &path, Some(&renamed), Some(citizen.token())),
                app.post("/v1/applications", &body, Some(citizen.token())),
            );
            let what = format!("round {round}: changing a NIK as a draft is made for the person");
            let outcome = [done(&what, &changed), done(&what, &drafted)];
            let person: String = applicants::table.find(&citizen.applicant).select(applicants::nik).first(&mut connection(&pool)).unwrap();
            let drafts: Vec<String> = applications::table.filter(applications::applicant_id.eq(&citizen.applicant)).select(applications::nik).load(&mut connection(&pool)).unwrap();
            assert!(drafts.iter().all(|nik| *nik == person), "{what}: answered {outcome:?}; the person's NIK is {person}, the draft's {drafts:?}");
            assert!(outcome.iter().any(|d| *d), "{what}: neither was done");
            assert_database_invariants(&app, &pool, &what);
        }
    }
}
