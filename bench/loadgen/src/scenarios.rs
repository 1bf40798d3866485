//! The benchmark's scenarios, each printing one JSON summary line. `bench/run.sh` starts the
//! servers, runs these, and writes the results down.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::api::{self, OFFICE, PASSWORD};
use crate::load::{self, Target};
use crate::stats::Stats;

/// What every scenario is told.
pub struct Setting {
    /// The api processes' base URLs; clients are spread over them.
    pub bases: Vec<String>,
    /// The development mail file the servers write one-time codes to.
    pub mail_file: PathBuf,
    /// The first and last date of the month of availability read.
    pub from: String,
    pub to: String,
    pub connections: usize,
    pub duration: Duration,
    /// A prefix making this run's email addresses unique.
    pub tag: String,
}

pub(crate) fn line(scenario: &str, extra: Value, stats: &Stats, elapsed: Duration) -> Value {
    let mut out = json!({"scenario": scenario});
    for source in [stats.summary(elapsed), extra] {
        if let Value::Object(fields) = source {
            out.as_object_mut().expect("an object").extend(fields);
        }
    }
    out
}

/// Any URL, e.g. the reference server's fixed answer.
pub async fn plain(setting: &Setting, name: &str, url: &str) -> anyhow::Result<Value> {
    let http = api::client(setting.connections);
    let target = Target {
        method: Method::GET,
        url: url.to_owned(),
        token: None,
        body: None,
    };
    let (stats, elapsed) = load::run(&http, &target, setting.connections, setting.duration).await;
    Ok(line(
        name,
        json!({"connections": setting.connections}),
        &stats,
        elapsed,
    ))
}

/// The two reads of scenario 1: a month of availability, and one application with a token.
pub async fn reads(setting: &Setting) -> anyhow::Result<Vec<Value>> {
    let http = api::client(setting.connections);
    let base = &setting.bases[0];
    let availability = Target {
        method: Method::GET,
        url: format!(
            "{base}/v1/offices/{OFFICE}/availability?from={}&to={}",
            setting.from, setting.to
        ),
        token: None,
        body: None,
    };
    let (stats, elapsed) =
        load::run(&http, &availability, setting.connections, setting.duration).await;
    let mut out = vec![line(
        "reads: availability for a month",
        json!({"connections": setting.connections}),
        &stats,
        elapsed,
    )];

    let emails = vec![format!("{}-reader@example.com", setting.tag)];
    let token = api::verified_accounts(&http, &setting.bases, &setting.mail_file, &emails)
        .await?
        .remove(0);
    let application = api::applicant_with_draft(&http, base, &token, 900_000).await?;
    let show = Target {
        method: Method::GET,
        url: format!("{base}/v1/applications/{application}"),
        token: Some(token),
        body: None,
    };
    let (stats, elapsed) = load::run(&http, &show, setting.connections, setting.duration).await;
    out.push(line(
        "reads: one application with a token",
        json!({"connections": setting.connections}),
        &stats,
        elapsed,
    ));
    let list = Target {
        method: Method::GET,
        url: format!("{base}/v1/applications"),
        token: show.token.clone(),
        body: None,
    };
    let (stats, elapsed) = load::run(&http, &list, setting.connections, setting.duration).await;
    out.push(line(
        "reads: the account's applications with a token",
        json!({"connections": setting.connections}),
        &stats,
        elapsed,
    ));
    Ok(out)
}

/// Scenario 3: logins at full speed (`storm_connections` of them) while the availability
/// read of scenario 1 runs.
pub async fn storm(setting: &Setting, storm_connections: usize) -> anyhow::Result<Vec<Value>> {
    let http = api::client(setting.connections + storm_connections);
    let base = &setting.bases[0];
    let email = format!("{}-storm@example.com", setting.tag);
    api::verified_accounts(
        &http,
        &setting.bases,
        &setting.mail_file,
        std::slice::from_ref(&email),
    )
    .await?;
    let login = Target {
        method: Method::POST,
        url: format!("{base}/v1/auth/login"),
        token: None,
        body: Some(json!({"email": email, "password": PASSWORD})),
    };
    let availability = Target {
        method: Method::GET,
        url: format!(
            "{base}/v1/offices/{OFFICE}/availability?from={}&to={}",
            setting.from, setting.to
        ),
        token: None,
        body: None,
    };
    // The storm runs a little longer on both ends, so the reads see it the whole time.
    let storm_http = http.clone();
    let storm_for = setting.duration + Duration::from_secs(2);
    let storm =
        tokio::spawn(
            async move { load::run(&storm_http, &login, storm_connections, storm_for).await },
        );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (reads, reads_elapsed) =
        load::run(&http, &availability, setting.connections, setting.duration).await;
    let (logins, logins_elapsed) = storm.await?;
    Ok(vec![
        line(
            "storm: availability reads during a login storm",
            json!({"connections": setting.connections}),
            &reads,
            reads_elapsed,
        ),
        line(
            "storm: the logins themselves",
            json!({"connections": storm_connections}),
            &logins,
            logins_elapsed,
        ),
    ])
}

/// What a booking rush starts from: drafts (with their owners' tokens), the one released
/// session they all book, and how long making them took.
struct RushSetup {
    drafts: Vec<(String, String)>,
    date: String,
    session: String,
    setup: Duration,
}

/// `accounts` verified accounts with 5 drafts each, spread over every api process, and the
/// first open session set to `places` regular places by the office admin.
async fn rush_setup(
    setting: &Setting,
    http: &reqwest::Client,
    accounts: usize,
    places: u32,
    admin: (&str, &str),
) -> anyhow::Result<RushSetup> {
    let bases = &setting.bases;
    let setup_started = Instant::now();
    let emails: Vec<String> = (0..accounts)
        .map(|n| format!("{}-rush{n}@example.com", setting.tag))
        .collect();
    let drafts = api::families(http, bases, &setting.mail_file, &emails, 5)
        .await?
        .into_iter()
        .flat_map(|(token, drafts)| drafts.into_iter().map(move |draft| (token.clone(), draft)))
        .collect();
    let (date, session) =
        api::first_open_session(http, &bases[0], &setting.from, &setting.to).await?;
    let admin_token = api::login(http, &bases[0], admin.0, admin.1).await?;
    let capacity = json!({"capacity_regular": places});
    let request = http
        .patch(format!("{}/v1/office/sessions/{session}", bases[0]))
        .bearer_auth(&admin_token)
        .json(&capacity);
    let answer = request.send().await?;
    anyhow::ensure!(
        answer.status().is_success(),
        "setting the capacity answered {}",
        answer.status()
    );
    Ok(RushSetup {
        drafts,
        date,
        session,
        setup: setup_started.elapsed(),
    })
}

/// The regular places held in `session` on `date`, read back through the public
/// availability (what the database holds).
async fn held_in(
    http: &reqwest::Client,
    base: &str,
    date: &str,
    session: &str,
) -> anyhow::Result<i64> {
    let (_, days) = api::get(
        http,
        &format!("{base}/v1/offices/{OFFICE}/availability?from={date}&to={date}"),
        None,
    )
    .await?;
    days["days"][0]["sessions"]
        .as_array()
        .and_then(|sessions| sessions.iter().find(|s| s["id"] == session))
        .map(|s| {
            s["channels"]["regular"]["capacity"].as_i64().unwrap_or(0)
                - s["channels"]["regular"]["remaining"].as_i64().unwrap_or(0)
        })
        .context("the session is in the availability")
}

/// Scenario 2: `accounts` x 5 drafts, one booking attempt each, from `clients` concurrent
/// clients on one session of `places` regular places, spread over every api process.
pub async fn rush(
    setting: &Setting,
    accounts: usize,
    clients: usize,
    places: u32,
    admin: (&str, &str),
) -> anyhow::Result<Value> {
    let http = api::client(clients);
    let bases = &setting.bases;
    let RushSetup {
        drafts,
        date,
        session,
        setup,
    } = rush_setup(setting, &http, accounts, places, admin).await?;
    // On standard error, so that a profiler can be attached for the attempts alone.
    eprintln!(
        "rush: set up in {} s; {} attempts begin",
        setup.as_secs(),
        drafts.len()
    );

    let stats = Arc::new(Mutex::new(Stats::default()));
    let first_error = Arc::new(Mutex::new(None::<Value>));
    // BENCH_RUSH_TRACE=FILE writes each attempt as "began_ms,took_ms,status,process" (began
    // from the first attempt), to see when in the rush the slow answers come.
    let trace = Arc::new(Mutex::new(Vec::<String>::new()));
    let origin = Instant::now();
    let attempts: Vec<_> = drafts
        .into_iter()
        .enumerate()
        .map(|(n, (token, application))| {
            let (http, stats, first_error, trace) = (
                http.clone(),
                stats.clone(),
                first_error.clone(),
                trace.clone(),
            );
            let process = n % bases.len();
            let url = format!(
                "{}/v1/applications/{application}/booking",
                bases[n % bases.len()]
            );
            let body = json!({"office_id": OFFICE, "date": date, "session_id": session});
            async move {
                let began = Instant::now();
                match api::post(&http, &url, &body, Some(&token), true).await {
                    Ok((status, answer)) => {
                        let took = began.elapsed();
                        stats.lock().await.record(status, took);
                        let at = began.duration_since(origin).as_secs_f64() * 1000.0;
                        trace.lock().await.push(format!(
                            "{at:.1},{:.1},{status},{process}",
                            took.as_secs_f64() * 1000.0
                        ));
                        if status != 200 && status != 409 {
                            first_error.lock().await.get_or_insert(answer);
                        }
                    }
                    Err(_) => stats.lock().await.transport_errors += 1,
                }
            }
        })
        .collect();
    let started = Instant::now();
    api::bounded(clients, attempts).await;
    let elapsed = started.elapsed();
    if let Ok(path) = std::env::var("BENCH_RUSH_TRACE") {
        std::fs::write(&path, trace.lock().await.join("\n") + "\n")
            .with_context(|| format!("writing {path}"))?;
    }

    let held = held_in(&http, &bases[0], &date, &session).await?;
    let stats = stats.lock().await;
    let extra = json!({
        "processes": bases.len(), "clients": clients, "places": places,
        "booked": stats.count(200), "held_in_database": held, "full_409": stats.count(409),
        "first_error": *first_error.lock().await, "setup_seconds": setup.as_secs(),
    });
    Ok(line(
        &format!("rush: {} process(es)", bases.len()),
        extra,
        &stats,
        elapsed,
    ))
}

/// Scenario 5: the double tap. `accounts` x 5 drafts, each booked `taps` times at once with
/// a fresh `Idempotency-Key` every time (a double-tapped button, a retry after a timeout,
/// a broker's script), consecutive taps sent to different api processes, at most `clients`
/// requests in flight, on one session of `places` regular places. Exact means: exactly
/// `places` bookings, for `places` distinct applications, and that many places held.
pub async fn double_tap(
    setting: &Setting,
    accounts: usize,
    taps: usize,
    clients: usize,
    places: u32,
    admin: (&str, &str),
) -> anyhow::Result<Value> {
    let http = api::client(clients);
    let bases = &setting.bases;
    let RushSetup {
        drafts,
        date,
        session,
        setup,
    } = rush_setup(setting, &http, accounts, places, admin).await?;
    eprintln!(
        "double tap: set up in {} s; {} drafts x {taps} taps begin",
        setup.as_secs(),
        drafts.len()
    );

    let stats = Arc::new(Mutex::new(Stats::default()));
    let first_error = Arc::new(Mutex::new(None::<Value>));
    // Each booking answered 200: the application it names, and its billing code.
    let booked = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let drafts_tapping: Vec<_> = drafts
        .into_iter()
        .enumerate()
        .map(|(n, (token, application))| {
            let (http, stats, first_error, booked) = (
                http.clone(),
                stats.clone(),
                first_error.clone(),
                booked.clone(),
            );
            let body = json!({"office_id": OFFICE, "date": date, "session_id": session});
            let urls: Vec<String> = (0..taps)
                .map(|tap| {
                    let base = &bases[(n + tap) % bases.len()];
                    format!("{base}/v1/applications/{application}/booking")
                })
                .collect();
            async move {
                // The taps of one draft, all sent at once.
                let mut tapping = tokio::task::JoinSet::new();
                for url in urls {
                    let (http, body, token) = (http.clone(), body.clone(), token.clone());
                    tapping.spawn(async move {
                        let began = Instant::now();
                        let outcome = api::post(&http, &url, &body, Some(&token), true).await;
                        (outcome, began.elapsed())
                    });
                }
                while let Some(tapped) = tapping.join_next().await {
                    let Ok((outcome, took)) = tapped else {
                        stats.lock().await.transport_errors += 1;
                        continue;
                    };
                    match outcome {
                        Ok((status, answer)) => {
                            stats.lock().await.record(status, took);
                            if status == 200 {
                                booked.lock().await.push((
                                    answer["id"].as_str().unwrap_or_default().to_owned(),
                                    answer["booking"]["billing_code"]
                                        .as_str()
                                        .unwrap_or_default()
                                        .to_owned(),
                                ));
                            } else if status != 409 {
                                first_error.lock().await.get_or_insert(answer);
                            }
                        }
                        Err(_) => stats.lock().await.transport_errors += 1,
                    }
                }
            }
        })
        .collect();
    let started = Instant::now();
    // Each unit sends `taps` requests at once: `clients` requests in flight at most.
    api::bounded((clients / taps).max(1), drafts_tapping).await;
    let elapsed = started.elapsed();

    let held = held_in(&http, &bases[0], &date, &session).await?;
    let booked = booked.lock().await;
    let applications: HashSet<&str> = booked.iter().map(|(id, _)| id.as_str()).collect();
    let codes: HashSet<&str> = booked.iter().map(|(_, code)| code.as_str()).collect();
    let stats = stats.lock().await;
    let exact = booked.len() == places as usize
        && applications.len() == booked.len()
        && codes.len() == booked.len()
        && held == i64::from(places);
    let extra = json!({
        "processes": bases.len(), "clients": clients, "places": places, "taps": taps,
        "booked": booked.len(), "applications_booked": applications.len(),
        "billing_codes": codes.len(), "held_in_database": held,
        "refused_409": stats.count(409), "exact": exact,
        "first_error": *first_error.lock().await, "setup_seconds": setup.as_secs(),
    });
    Ok(line(
        &format!("double tap: {} process(es)", bases.len()),
        extra,
        &stats,
        elapsed,
    ))
}

/// Scenario 4: a mixed day. Each client is one person with 5 family members on file who,
/// again and again: browses (offices, one office, a month of availability, a quote),
/// drafts an application, books it, pays it, polls it three times, and cancels it (so the
/// same person can apply again). Eleven requests a round: 4 browsing reads, 3 polls, 4
/// writes.
pub async fn mixed(setting: &Setting) -> anyhow::Result<Value> {
    let clients = setting.connections;
    let http = api::client(clients);
    let bases = &setting.bases;
    let emails: Vec<String> = (0..clients)
        .map(|n| format!("{}-day{n}@example.com", setting.tag))
        .collect();
    let tokens = api::verified_accounts(&http, bases, &setting.mail_file, &emails).await?;
    let deadline = Instant::now() + setting.duration;
    let started = Instant::now();
    let workers: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| {
            let http = http.clone();
            let base = bases[n % bases.len()].clone();
            let (from, to) = (setting.from.clone(), setting.to.clone());
            tokio::spawn(async move {
                day_of_one_person(&http, &base, &token, n, &from, &to, deadline).await
            })
        })
        .collect();
    let mut total = Stats::default();
    let mut rounds = 0;
    for worker in workers {
        let (stats, done) = worker.await??;
        total.merge(&stats);
        rounds += done;
    }
    Ok(line(
        "mixed day",
        json!({"clients": clients, "rounds": rounds}),
        &total,
        started.elapsed(),
    ))
}

async fn timed(
    stats: &mut Stats,
    request: impl Future<Output = anyhow::Result<(u16, Value)>>,
) -> Value {
    let began = Instant::now();
    match request.await {
        Ok((status, body)) => {
            stats.record(status, began.elapsed());
            if status >= 400 && std::env::var_os("BENCH_DEBUG").is_some() {
                eprintln!("{status}: {body}");
            }
            body
        }
        Err(_) => {
            stats.transport_errors += 1;
            Value::Null
        }
    }
}

async fn day_of_one_person(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    n: usize,
    from: &str,
    to: &str,
    deadline: Instant,
) -> anyhow::Result<(Stats, u64)> {
    let mut applicants = Vec::new();
    for person in 0..5 {
        let body = json!({
            "nik": api::nik(500_000 + n * 5 + person), "full_name": "Bench", "place_of_birth": "Jakarta",
            "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1",
            "father_name": "A", "mother_name": "B", "marital_status": "single",
            "dual_citizen_child": false, "previous_passport_number": null, "guardian_nik": null
        });
        let (_, applicant) = api::post(
            http,
            &format!("{base}/v1/applicants"),
            &body,
            Some(token),
            false,
        )
        .await?;
        applicants.push(applicant["id"].as_str().context("an applicant")?.to_owned());
    }
    let mut stats = Stats::default();
    let mut rounds = 0;
    while Instant::now() < deadline {
        let s = &mut stats;
        timed(s, api::get(http, &format!("{base}/v1/offices"), None)).await;
        timed(
            s,
            api::get(http, &format!("{base}/v1/offices/{OFFICE}"), None),
        )
        .await;
        let days = timed(
            s,
            api::get(
                http,
                &format!("{base}/v1/offices/{OFFICE}/availability?from={from}&to={to}"),
                None,
            ),
        )
        .await;
        timed(
            s,
            api::get(
                http,
                &format!(
                    "{base}/v1/quote?passport_kind=electronic&service=regular&application_kind=new"
                ),
                None,
            ),
        )
        .await;
        let session = api::open_session_in(&days, |_| true)
            .map(|(date, session)| (date.clone(), session["id"].clone()));
        let Some((date, session)) = session else {
            break;
        };
        let draft = json!({
            "applicant_id": applicants[rounds as usize % 5], "passport_kind": "electronic", "application_kind": "new",
            "service": "regular", "travel": {"purpose": "tourism", "destination_country": "JP"}
        });
        let created = timed(
            s,
            api::post(
                http,
                &format!("{base}/v1/applications"),
                &draft,
                Some(token),
                true,
            ),
        )
        .await;
        let Some(id) = created["id"].as_str().map(str::to_owned) else {
            break;
        };
        let booking = json!({"office_id": OFFICE, "date": date, "session_id": session});
        let booked = timed(
            s,
            api::post(
                http,
                &format!("{base}/v1/applications/{id}/booking"),
                &booking,
                Some(token),
                true,
            ),
        )
        .await;
        if let Some(code) = booked["booking"]["billing_code"].as_str() {
            timed(
                s,
                api::post(
                    http,
                    &format!("{base}/v1/dev/payments/{code}"),
                    &json!({}),
                    None,
                    false,
                ),
            )
            .await;
        }
        for _ in 0..3 {
            timed(
                s,
                api::get(http, &format!("{base}/v1/applications/{id}"), Some(token)),
            )
            .await;
        }
        timed(
            s,
            api::post(
                http,
                &format!("{base}/v1/applications/{id}/cancel"),
                &json!({}),
                Some(token),
                true,
            ),
        )
        .await;
        rounds += 1;
    }
    Ok((stats, rounds))
}
