//! What the database must hold after any race, read straight from its tables (Diesel's
//! DSL on the shared schema, so the same code reads SQLite and PostgreSQL): the service's
//! promises as rows, not as the answers claimed them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use paspor_persistence::schema::{
    applicants, application_history, applications, audit_records, bookings, devices,
    office_sessions, one_time_codes, payments, waitlist_entries, webhook_subscriptions,
};
use paspor_persistence::{DbConnection, DbPool};
use serde_json::Value;

use crate::support::{Clock as _, TestApp};

/// The most people one account applies for (`paspor_domain::MAX_APPLICANTS_PER_ACCOUNT`).
pub const MAX_APPLICANTS: usize = 5;

/// The most wrong tries a one-time code takes
/// (`paspor_domain::account::one_time_code::MAX_ATTEMPTS`).
const MAX_CODE_ATTEMPTS: i32 = 5;

/// The most devices an account keeps (`paspor_domain::account::MAX_DEVICES_PER_ACCOUNT`).
const MAX_DEVICES: usize = 10;

/// The most webhook subscriptions a client holds (the api's `MAX_SUBSCRIPTIONS`).
pub const MAX_SUBSCRIPTIONS: usize = 20;

/// A connection to the server's database, for reading what a race left.
pub fn connection(pool: &DbPool) -> paspor_persistence::PooledConnection {
    pool.get().expect("a connection to the test database")
}

/// A booking not given back, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBooking {
    /// Its id.
    pub id: String,
    /// The session it holds a place in.
    pub session_id: String,
    /// regular, same_day or priority.
    pub channel: String,
    /// Until when it waits for payment; none once paid.
    pub hold_deadline: Option<NaiveDateTime>,
    /// The application it is for (none once detached from a deleted draft).
    pub application_id: Option<String>,
    /// Its billing code (none for an offer not yet accepted).
    pub billing_code: Option<String>,
    /// A waitlist offer rather than a booking.
    pub offer: bool,
    /// The session's capacity of the booking's channel.
    pub capacity: i32,
}

impl HeldBooking {
    /// Whether it holds its place at `now`: the persistence crate's `is_live`.
    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.hold_deadline.is_none_or(|deadline| deadline > now)
    }
}

type HeldRow = (
    (
        String,
        String,
        String,
        Option<NaiveDateTime>,
        Option<String>,
        Option<String>,
        bool,
    ),
    (i32, i32, i32),
);

/// Every booking not given back, with its session's capacity of its channel.
pub fn held_bookings(conn: &mut DbConnection) -> Vec<HeldBooking> {
    let rows: Vec<HeldRow> = bookings::table
        .inner_join(office_sessions::table)
        .filter(bookings::released_at.is_null())
        .select((
            (
                bookings::id,
                bookings::session_id,
                bookings::channel,
                bookings::hold_deadline,
                bookings::application_id,
                bookings::billing_code,
                bookings::offer,
            ),
            (
                office_sessions::capacity_regular,
                office_sessions::capacity_same_day,
                office_sessions::capacity_priority,
            ),
        ))
        .load(conn)
        .expect("bookings are read");
    rows.into_iter()
        .map(
            |(
                (id, session_id, channel, hold_deadline, application_id, billing_code, offer),
                (regular, same_day, priority),
            )| {
                let capacity = match channel.as_str() {
                    "regular" => regular,
                    "same_day" => same_day,
                    "priority" => priority,
                    other => panic!("booking {id} of an unknown channel {other}"),
                };
                HeldBooking {
                    id,
                    session_id,
                    channel,
                    hold_deadline,
                    application_id,
                    billing_code,
                    offer,
                    capacity,
                }
            },
        )
        .collect()
}

/// The bookings (not offers) an application holds at `now`.
pub fn live_bookings_of(
    conn: &mut DbConnection,
    application: &str,
    now: NaiveDateTime,
) -> Vec<HeldBooking> {
    held_bookings(conn)
        .into_iter()
        .filter(|booking| booking.application_id.as_deref() == Some(application))
        .filter(|booking| !booking.offer && booking.is_live(now))
        .collect()
}

/// An application's status and reschedule count, if it exists.
pub fn application_row(conn: &mut DbConnection, id: &str) -> Option<(String, i32)> {
    applications::table
        .find(id)
        .select((applications::status, applications::reschedules))
        .first(conn)
        .optional()
        .expect("the application is read")
}

/// An application's history: (status, note), in no particular order (every entry of a
/// race carries the same instant from the test's clock).
pub fn history_of(conn: &mut DbConnection, id: &str) -> Vec<(String, Option<String>)> {
    application_history::table
        .filter(application_history::application_id.eq(id))
        .select((application_history::status, application_history::note))
        .load(conn)
        .expect("the history is read")
}

/// How many history entries of an application entered `status`.
pub fn entries_entering(conn: &mut DbConnection, id: &str, status: &str) -> usize {
    history_of(conn, id)
        .iter()
        .filter(|(entered, note)| entered == status && !is_reschedule(note.as_deref()))
        .count()
}

fn is_reschedule(note: Option<&str>) -> bool {
    note.is_some_and(|note| note.starts_with("rescheduled"))
}

/// The audit records of `action` on `object_id`: (before, after) as JSON.
pub fn audit_of(
    conn: &mut DbConnection,
    action: &str,
    object_id: &str,
) -> Vec<(Option<Value>, Option<Value>)> {
    let rows: Vec<(Option<String>, Option<String>)> = audit_records::table
        .filter(audit_records::action.eq(action))
        .filter(audit_records::object_id.eq(object_id))
        .select((audit_records::before_state, audit_records::after_state))
        .load(conn)
        .expect("the audit trail is read");
    let parse =
        |text: Option<String>| text.map(|text| serde_json::from_str(&text).expect("audit JSON"));
    rows.into_iter()
        .map(|(before, after)| (parse(before), parse(after)))
        .collect()
}

/// How many audit records of `action` there are, on any object.
pub fn audit_count(conn: &mut DbConnection, action: &str) -> usize {
    let count: i64 = audit_records::table
        .filter(audit_records::action.eq(action))
        .count()
        .get_result(conn)
        .expect("the audit trail is counted");
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// Asserts that the audit records of the changes of one object form one chain, in some
/// order: each change's `before` is the state the previous change left. Their order is
/// not stored (every record of a race carries the same instant), so the chain is checked
/// the way a path through the states is: every state is left as often as it is entered,
/// but for the first state (left once more) and the last (entered once more). Two records
/// that replace the same state break this: one change was made on a stale read, and its
/// record hides the effect of the other. Returns the last state, when the records tell it.
#[track_caller]
pub fn assert_audit_chain(
    what: &str,
    records: &[(Option<Value>, Option<Value>)],
) -> Option<Option<Value>> {
    let mut balance: BTreeMap<String, (i64, Option<Value>)> = BTreeMap::new();
    for (before, after) in records {
        let key = |state: &Option<Value>| serde_json::to_string(state).expect("JSON");
        balance.entry(key(before)).or_insert((0, before.clone())).0 += 1;
        balance.entry(key(after)).or_insert((0, after.clone())).0 -= 1;
    }
    let first: Vec<&Option<Value>> = balance
        .values()
        .filter(|(n, _)| *n > 0)
        .map(|(_, s)| s)
        .collect();
    let last: Vec<&Option<Value>> = balance
        .values()
        .filter(|(n, _)| *n < 0)
        .map(|(_, s)| s)
        .collect();
    let ends = balance.values().all(|(n, _)| n.abs() <= 1);
    assert!(
        ends && first.len() == last.len() && first.len() <= 1,
        "{what}: the audit trail is no chain of changes (a state replaced more often than it \
         was reached: a change made on a stale read): {records:#?}"
    );
    last.first().map(|state| (*state).clone())
}

/// Every rule the service keeps whatever the concurrency, checked on the whole database:
/// places never above a session's capacity of their channel; one place per application,
/// matching its status; at most one reschedule; each status entered once; one active
/// application per person; at most 5 applicants per account; one applied payment per
/// billing code; one live one-time code per purpose, its tries bounded; devices and
/// webhook subscriptions within their limits.
#[track_caller]
pub fn assert_database_invariants(app: &TestApp, pool: &DbPool, context: &str) {
    let mut conn = connection(pool);
    let now = app.clock.now().naive_utc();
    let held = held_bookings(&mut conn);
    places_within_capacity(&held, now, context);
    applications_consistent(&mut conn, &held, now, context);
    people_and_accounts(&mut conn, context);
    payments_applied_once(&mut conn, context);
    codes_devices_and_subscriptions(&mut conn, context);
}

#[track_caller]
fn places_within_capacity(held: &[HeldBooking], now: NaiveDateTime, context: &str) {
    let mut per_channel: BTreeMap<(&str, &str), (usize, i32)> = BTreeMap::new();
    for booking in held.iter().filter(|booking| booking.is_live(now)) {
        let entry = per_channel
            .entry((booking.session_id.as_str(), booking.channel.as_str()))
            .or_insert((0, booking.capacity));
        entry.0 += 1;
    }
    for ((session, channel), (live, capacity)) in per_channel {
        assert!(
            i64::try_from(live).unwrap_or(i64::MAX) <= i64::from(capacity),
            "{context}: session {session} holds {live} live {channel} places for a capacity \
             of {capacity}"
        );
    }
}

type ApplicationFacts = (String, Option<String>, String, String, bool, i32);

#[track_caller]
fn applications_consistent(
    conn: &mut DbConnection,
    held: &[HeldBooking],
    now: NaiveDateTime,
    context: &str,
) {
    let rows: Vec<ApplicationFacts> = applications::table
        .select((
            applications::id,
            applications::account_id,
            applications::nik,
            applications::status,
            applications::active,
            applications::reschedules,
        ))
        .load(conn)
        .expect("applications are read");
    let history: Vec<(String, String, Option<String>)> = application_history::table
        .select((
            application_history::application_id,
            application_history::status,
            application_history::note,
        ))
        .load(conn)
        .expect("histories are read");
    let mut active_per_nik: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, _, nik, status, active, reschedules) in &rows {
        if *active {
            *active_per_nik.entry(nik.as_str()).or_default() += 1;
        }
        let unreleased: Vec<&HeldBooking> = held
            .iter()
            .filter(|booking| booking.application_id.as_deref() == Some(id.as_str()))
            .filter(|booking| !booking.offer)
            .collect();
        let live = unreleased.iter().filter(|b| b.is_live(now)).count();
        assert!(
            live <= 1,
            "{context}: application {id} ({status}) holds {live} live places: {unreleased:#?}"
        );
        let unpaid = unreleased
            .iter()
            .filter(|b| b.hold_deadline.is_some())
            .count();
        let paid = unreleased.len() - unpaid;
        let expected = match status.as_str() {
            "draft" | "cancelled" | "expired" => Some((0, 0)),
            "awaiting_payment" => Some((1, 0)),
            "paid" => Some((0, 1)),
            _ => None,
        };
        if let Some((want_unpaid, want_paid)) = expected {
            assert_eq!(
                (unpaid, paid),
                (want_unpaid, want_paid),
                "{context}: application {id} is {status} but holds {unpaid} unpaid and {paid} \
                 paid places: {unreleased:#?}"
            );
        }
        assert!(
            *reschedules <= 1,
            "{context}: application {id} was rescheduled {reschedules} times"
        );
        let mine: Vec<(&String, &Option<String>)> = history
            .iter()
            .filter(|(application, _, _)| application == id)
            .map(|(_, entered, note)| (entered, note))
            .collect();
        let moves = mine
            .iter()
            .filter(|(_, note)| is_reschedule(note.as_deref()))
            .count();
        assert_eq!(
            i64::try_from(moves).unwrap_or(i64::MAX),
            i64::from(*reschedules),
            "{context}: application {id} counts {reschedules} reschedules but its history \
             has {moves}: {mine:#?}"
        );
        let mut entered: BTreeMap<&str, usize> = BTreeMap::new();
        for (status, note) in &mine {
            if !is_reschedule(note.as_deref()) {
                *entered.entry(status.as_str()).or_default() += 1;
            }
        }
        for (entered_status, times) in &entered {
            assert_eq!(
                *times, 1,
                "{context}: application {id} entered {entered_status} {times} times: {mine:#?}"
            );
        }
        assert!(
            entered.contains_key(status.as_str()),
            "{context}: application {id} is {status}, which its history never entered: \
             {mine:#?}"
        );
    }
    for (nik, active) in active_per_nik {
        assert!(
            active <= 1,
            "{context}: NIK {nik} has {active} active applications"
        );
    }
}

#[track_caller]
fn people_and_accounts(conn: &mut DbConnection, context: &str) {
    let people: Vec<(Option<String>, String)> = applicants::table
        .select((applicants::account_id, applicants::nik))
        .load(conn)
        .expect("applicants are read");
    let mut per_account: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (account, nik) in people {
        if let Some(account) = account {
            per_account.entry(account).or_default().push(nik);
        }
    }
    for (account, niks) in per_account {
        assert!(
            niks.len() <= MAX_APPLICANTS,
            "{context}: account {account} applies for {} people: {niks:?}",
            niks.len()
        );
        let distinct: BTreeSet<&String> = niks.iter().collect();
        assert_eq!(
            distinct.len(),
            niks.len(),
            "{context}: account {account} holds one NIK twice: {niks:?}"
        );
    }
}

#[track_caller]
fn payments_applied_once(conn: &mut DbConnection, context: &str) {
    let rows: Vec<(String, String, Option<String>)> = payments::table
        .filter(payments::status.eq("applied"))
        .select((
            payments::billing_code,
            payments::event_id,
            payments::application_id,
        ))
        .load(conn)
        .expect("payments are read");
    let mut per_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (code, event, _) in &rows {
        per_code
            .entry(code.as_str())
            .or_default()
            .push(event.as_str());
    }
    for (code, events) in per_code {
        assert_eq!(
            events.len(),
            1,
            "{context}: billing code {code} was paid by {events:?}, each applied"
        );
    }
    for (code, _, application) in &rows {
        let Some(application) = application else {
            continue;
        };
        let (status, _) = application_row(conn, application)
            .unwrap_or_else(|| panic!("{context}: applied payment of {code} names no application"));
        assert!(
            !matches!(status.as_str(), "draft" | "awaiting_payment" | "expired"),
            "{context}: a payment of {code} was applied, yet its application is {status}"
        );
    }
}

#[track_caller]
fn codes_devices_and_subscriptions(conn: &mut DbConnection, context: &str) {
    let codes: Vec<(String, String, Option<NaiveDateTime>, i32)> = one_time_codes::table
        .select((
            one_time_codes::user_id,
            one_time_codes::purpose,
            one_time_codes::spent_at,
            one_time_codes::attempts,
        ))
        .load(conn)
        .expect("one-time codes are read");
    let mut live: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (user, purpose, spent, attempts) in &codes {
        assert!(
            *attempts <= MAX_CODE_ATTEMPTS,
            "{context}: a {purpose} code of {user} was tried {attempts} times wrongly, more \
             than the {MAX_CODE_ATTEMPTS} allowed"
        );
        if spent.is_none() {
            *live.entry((user.as_str(), purpose.as_str())).or_default() += 1;
        }
    }
    for ((user, purpose), count) in live {
        assert!(
            count <= 1,
            "{context}: account {user} holds {count} live {purpose} codes"
        );
    }
    let owners: Vec<String> = devices::table
        .select(devices::account_id)
        .load(conn)
        .expect("devices are read");
    let mut per_account: BTreeMap<&str, usize> = BTreeMap::new();
    for owner in &owners {
        *per_account.entry(owner.as_str()).or_default() += 1;
    }
    for (account, count) in per_account {
        assert!(
            count <= MAX_DEVICES,
            "{context}: account {account} keeps {count} devices"
        );
    }
    let clients: Vec<String> = webhook_subscriptions::table
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(webhook_subscriptions::client_id)
        .load(conn)
        .expect("webhook subscriptions are read");
    let mut per_client: BTreeMap<&str, usize> = BTreeMap::new();
    for client in &clients {
        *per_client.entry(client.as_str()).or_default() += 1;
    }
    for (client, count) in per_client {
        assert!(
            count <= MAX_SUBSCRIPTIONS,
            "{context}: integrator {client} holds {count} webhook subscriptions"
        );
    }
    let entries: Vec<String> = waitlist_entries::table
        .select(waitlist_entries::application_id)
        .load(conn)
        .expect("waitlist entries are read");
    let distinct: BTreeSet<&String> = entries.iter().collect();
    assert_eq!(
        distinct.len(),
        entries.len(),
        "{context}: an application waits in line twice"
    );
}
