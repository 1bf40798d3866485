//! Release day as it happens (issue 23): the minute after the weekly release (Friday 16:00
//! local time) at `offices` offices in Indonesia's three time zones, each with a week of
//! sessions (Monday to Friday, six a day). `accounts` accounts of 5 people, each person
//! with a draft, are made beforehand (not measured). Then their owners arrive within
//! `window`, front-loaded as a release is (the n-th arrives at `window * u²`, u uniform:
//! half of them in the first quarter). Each owner reads their office's week, books their 5
//! drafts one after another into the session they prefer, takes the earliest session with
//! a regular place left (read afresh, leaving out those found full) whenever theirs is
//! full, and reads the week again.
//! Popularity is skewed: owners pick office r with weight 1/(r+1) (the biggest first) and
//! the k-th session of its week with weight 1/(k+1) (the earliest first); each office has
//! places for 70 % of the people who want it, so every session fills. Afterwards the
//! database is counted: exactly the capacity held in every session, no application twice.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::api;
use crate::database;
use crate::load::{self, Target};
use crate::release_offices::{Draws, OFFICES, Office, WEEK, make_office, shares, zipf};
use crate::scenarios::{Setting, line};
use crate::stats::Stats;

/// The share of the people wanting an office that its week has regular places for.
const SUPPLY: f64 = 0.7;
const PEOPLE: usize = 5;
/// Booking attempts of one draft before its owner gives it up (each after a fresh read that
/// leaves out the sessions found full): as many as an office has sessions.
const ATTEMPTS: usize = WEEK;

/// What the run is told besides the common setting.
pub struct Plan<'a> {
    pub accounts: usize,
    pub offices: usize,
    /// The time the owners arrive within.
    pub window: Duration,
    /// The ISO weekday on which the offices release the week read (`--from` to `--to`).
    pub release_weekday: u32,
    /// A system admin's email and password, to make the offices.
    pub admin: (&'a str, &'a str),
    /// The PostgreSQL database the servers use, counted afterwards.
    pub database_url: &'a str,
}

/// What the owners share while they book.
struct Rush {
    http: reqwest::Client,
    bases: Vec<String>,
    offices: Vec<Office>,
    from: String,
    to: String,
    /// Behind a lock of the thread, held only to record: a fair async lock handed from
    /// task to task through a run queue thousands long made each record wait seconds,
    /// and that wait was counted as the request's.
    bookings: std::sync::Mutex<Stats>,
    reads: std::sync::Mutex<Stats>,
    booked: AtomicU64,
    full: AtomicU64,
    gave_up: AtomicU64,
    /// The latest an owner began after their arrival time, in microseconds.
    late_micros: AtomicU64,
    first_error: Mutex<Option<Value>>,
}

impl Rush {
    /// Reads office `office`'s week on `base`; the first session with a regular place that
    /// can be booked, if any, but for those in `full` (which refused a booking: the answer
    /// read may be a second old, and places only go during the rush). Read again, as an
    /// app's user would, while it gets no answer or an error, three times at most.
    async fn read(
        &self,
        base: &str,
        office: usize,
        full: &HashSet<String>,
    ) -> Option<(String, String)> {
        for _ in 0..3 {
            if let Ok(open) = self.read_once(base, office, full).await {
                return open;
            }
        }
        None
    }

    /// One read of [`Rush::read`]; `Err` when it got no answer or not a 200.
    async fn read_once(
        &self,
        base: &str,
        office: usize,
        full: &HashSet<String>,
    ) -> Result<Option<(String, String)>, ()> {
        let url = format!(
            "{base}/v1/offices/{}/availability?from={}&to={}",
            self.offices[office].id, self.from, self.to
        );
        let began = Instant::now();
        let answer = api::get(&self.http, &url, None).await;
        // Taken before the stats' lock: the wait for it is the generator's, not the server's.
        let took = began.elapsed();
        let (status, week) = match answer {
            Ok(answer) => answer,
            Err(_) => {
                lock(&self.reads).transport_errors += 1;
                return Err(());
            }
        };
        lock(&self.reads).record(status, took);
        if status != 200 {
            return Err(());
        }
        let open = api::open_session_in(&week, |s: &Value| {
            s["id"].as_str().is_some_and(|id| !full.contains(id))
        });
        Ok(open.map(|(date, session)| {
            (
                date.as_str().unwrap_or_default().to_owned(),
                session["id"].as_str().unwrap_or_default().to_owned(),
            )
        }))
    }

    /// Books `application` into `choice`; whether it got a place, and whether the session
    /// was full (anything else is recorded as the first error).
    async fn book(
        &self,
        base: &str,
        token: &str,
        office: usize,
        application: &str,
        (date, session): &(String, String),
    ) -> (bool, bool) {
        let url = format!("{base}/v1/applications/{application}/booking");
        let body =
            json!({"office_id": self.offices[office].id, "date": date, "session_id": session});
        let began = Instant::now();
        let outcome = api::post(&self.http, &url, &body, Some(token), true).await;
        let took = began.elapsed();
        match outcome {
            Ok((status, answer)) => {
                lock(&self.bookings).record(status, took);
                let full = status == 409
                    && answer["detail"]
                        .as_str()
                        .is_some_and(|d| d.contains("no free place"));
                if status != 200 && !full {
                    self.first_error.lock().await.get_or_insert(answer);
                }
                (status == 200, full)
            }
            Err(error) => {
                lock(&self.bookings).transport_errors += 1;
                let error = json!({"transport": error.to_string()});
                self.first_error.lock().await.get_or_insert(error);
                (false, false)
            }
        }
    }

    /// One owner, arriving `at` after `origin`, with their token and drafts, preferring
    /// session `preferred` of office `office`.
    #[expect(clippy::too_many_arguments, reason = "one owner's whole part")]
    async fn owner(
        self: Arc<Self>,
        n: usize,
        token: String,
        drafts: Vec<String>,
        office: usize,
        preferred: usize,
        origin: Instant,
        at: Duration,
    ) {
        tokio::time::sleep_until((origin + at).into()).await;
        let late = u64::try_from((origin.elapsed().saturating_sub(at)).as_micros()).unwrap_or(0);
        self.late_micros.fetch_max(late, Ordering::Relaxed);
        let base = self.bases[n % self.bases.len()].clone();
        // Before: what the app shows on opening the office's week.
        let mut full = HashSet::new();
        self.read(&base, office, &full).await;
        let mut choice = Some(self.offices[office].sessions[preferred].clone());
        for draft in &drafts {
            let mut booked = false;
            for _ in 0..ATTEMPTS {
                let Some(session) = &choice else { break };
                let (got, was_full) = self.book(&base, &token, office, draft, session).await;
                if got || !was_full {
                    booked = got;
                    break;
                }
                self.full.fetch_add(1, Ordering::Relaxed);
                full.insert(session.1.clone());
                choice = self.read(&base, office, &full).await;
            }
            let counter = if booked { &self.booked } else { &self.gave_up };
            counter.fetch_add(1, Ordering::Relaxed);
        }
        // After: the week again, with the places the family took.
        self.read(&base, office, &full).await;
    }
}

/// Availability of every office's week, `setting.connections` clients for
/// `setting.duration`, spread over the api processes: before and after the rush.
async fn watch(http: &reqwest::Client, setting: &Setting, offices: &[Office]) -> (Stats, Duration) {
    let targets: Vec<Target> = offices
        .iter()
        .enumerate()
        .map(|(n, office)| Target {
            method: Method::GET,
            url: format!(
                "{}/v1/offices/{}/availability?from={}&to={}",
                setting.bases[n % setting.bases.len()],
                office.id,
                setting.from,
                setting.to
            ),
            token: None,
            body: None,
        })
        .collect();
    load::run_each(http, &targets, setting.connections, setting.duration).await
}

/// The stats behind `stats`, whoever panicked while holding them.
fn lock(stats: &std::sync::Mutex<Stats>) -> std::sync::MutexGuard<'_, Stats> {
    stats
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The scenario; its lines: availability before, the bookings, availability during the
/// rush, availability after.
pub async fn release_day(setting: &Setting, plan: &Plan<'_>) -> anyhow::Result<Vec<Value>> {
    anyhow::ensure!(
        (1..=OFFICES.len()).contains(&plan.offices),
        "--offices is 1 to {}",
        OFFICES.len()
    );
    let http = api::client(1024);
    let bases = &setting.bases;
    let setup_started = Instant::now();

    // The offices, each with places for SUPPLY of the people who prefer it.
    let shares = shares(plan.accounts, plan.offices);
    let root = api::login(&http, &bases[0], plan.admin.0, plan.admin.1).await?;
    let mut offices = Vec::new();
    for (rank, share) in shares.iter().enumerate() {
        let capacity = (SUPPLY * (share * PEOPLE) as f64 / WEEK as f64).floor() as u32;
        if capacity == 0 {
            bail!(
                "{share} accounts prefer office {rank}: too few for {WEEK} sessions; fewer offices or more accounts"
            );
        }
        offices.push(
            make_office(
                &http,
                &bases[0],
                &root,
                rank,
                capacity,
                plan.release_weekday,
                (&setting.from, &setting.to),
            )
            .await?,
        );
    }
    let emails: Vec<String> = (0..plan.accounts)
        .map(|n| format!("{}-release{n}@example.com", setting.tag))
        .collect();
    let families = api::families(&http, bases, &setting.mail_file, &emails, PEOPLE).await?;
    let setup = setup_started.elapsed();
    eprintln!(
        "release day: set up in {} s; {} owners arrive",
        setup.as_secs(),
        families.len()
    );

    let (before, before_elapsed) = watch(&http, setting, &offices).await;

    let rush = Arc::new(Rush {
        http: http.clone(),
        bases: bases.clone(),
        offices,
        from: setting.from.clone(),
        to: setting.to.clone(),
        bookings: std::sync::Mutex::new(Stats::default()),
        reads: std::sync::Mutex::new(Stats::default()),
        booked: AtomicU64::new(0),
        full: AtomicU64::new(0),
        gave_up: AtomicU64::new(0),
        late_micros: AtomicU64::new(0),
        first_error: Mutex::new(None),
    });
    // Who prefers which office: the first shares[0] accounts the biggest, and so on.
    let preferred_office = shares
        .iter()
        .enumerate()
        .flat_map(|(rank, share)| std::iter::repeat_n(rank, *share));
    let session_weights = zipf(WEEK);
    let origin = Instant::now() + Duration::from_millis(200);
    let owners: Vec<_> = families
        .into_iter()
        .zip(preferred_office)
        .enumerate()
        .map(|(n, ((token, drafts), office))| {
            let mut draws = Draws(n as u64 ^ 0x5EED);
            let at = plan.window.mul_f64(draws.unit().powi(2));
            let preferred = draws.pick(&session_weights);
            tokio::spawn(
                rush.clone()
                    .owner(n, token, drafts, office, preferred, origin, at),
            )
        })
        .collect();
    for owner in owners {
        owner.await?;
    }
    let elapsed = origin.elapsed();

    let (after, after_elapsed) = watch(&http, setting, &rush.offices).await;

    let ids: Vec<String> = rush.offices.iter().map(|o| o.id.clone()).collect();
    let (url, from, to) = (
        plan.database_url.to_owned(),
        setting.from.clone(),
        setting.to.clone(),
    );
    let held =
        tokio::task::spawn_blocking(move || database::held(&url, &ids, &from, &to)).await??;
    let capacity: i64 = rush
        .offices
        .iter()
        .map(|o| i64::from(o.capacity) * WEEK as i64)
        .sum();
    let count = |test: fn(i64, i64) -> bool| {
        held.sessions
            .iter()
            .filter(|s| test(s.held, i64::from(s.capacity)))
            .count()
    };
    let (at_capacity, over, under) = (
        count(|h, c| h == c),
        count(|h, c| h > c),
        count(|h, c| h < c),
    );
    let held_total: i64 = held.sessions.iter().map(|s| s.held).sum();
    // A few of the sessions off their capacity, to look into.
    let off: Vec<Value> = held
        .sessions
        .iter()
        .filter(|s| s.held != i64::from(s.capacity))
        .take(5)
        .map(|s| json!({"session": s.id, "capacity": s.capacity, "held": s.held}))
        .collect();
    let bookings = lock(&rush.bookings).clone();
    let booked = rush.booked.load(Ordering::Relaxed);
    let exact = at_capacity == held.sessions.len()
        && held.sessions.len() == plan.offices * WEEK
        && held_total == capacity
        && i64::try_from(bookings.count(200))? == held_total
        && held.applications_held_twice == 0;
    let common =
        json!({"processes": bases.len(), "offices": plan.offices, "accounts": plan.accounts});
    let extra = json!({
        "processes": bases.len(), "offices": plan.offices, "accounts": plan.accounts,
        "drafts": plan.accounts * PEOPLE, "window_seconds": plan.window.as_secs(),
        "sessions": held.sessions.len(), "capacity": capacity, "booked": booked,
        "full_409": rush.full.load(Ordering::Relaxed), "gave_up": rush.gave_up.load(Ordering::Relaxed),
        "held_in_database": held_total, "sessions_at_capacity": at_capacity,
        "sessions_over": over, "sessions_under": under, "sessions_off": off,
        "applications_held_twice": held.applications_held_twice, "exact": exact,
        "latest_arrival_late_ms": rush.late_micros.load(Ordering::Relaxed) / 1000,
        "first_error": *rush.first_error.lock().await, "setup_seconds": setup.as_secs(),
    });
    let reads = lock(&rush.reads).clone();
    let per_owner = (reads.count(200) as f64 / plan.accounts as f64 * 10.0).round() / 10.0;
    let during = json!({"reads_per_owner": per_owner});
    let with = |mut value: Value, more: &Value| {
        if let (Value::Object(fields), Value::Object(more)) = (&mut value, more) {
            fields.extend(more.clone());
        }
        value
    };
    let watching = json!({"connections": setting.connections});
    Ok(vec![
        line(
            "release day: availability before the rush",
            with(watching.clone(), &common),
            &before,
            before_elapsed,
        ),
        line("release day: bookings", extra, &bookings, elapsed),
        line(
            "release day: availability during the rush",
            with(during, &common),
            &reads,
            elapsed,
        ),
        line(
            "release day: availability after the rush",
            with(watching, &common),
            &after,
            after_elapsed,
        ),
    ])
}
