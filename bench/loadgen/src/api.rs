//! The passport API as the benchmark's clients use it: accounts, applicants, drafts.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

/// The password of every benchmark account.
pub const PASSWORD: &str = "kopi tubruk di pagi hari";
/// The seed office.
pub const OFFICE: &str = "0193a000-0000-7000-8000-000000000001";

/// An HTTP client that keeps up to `connections` connections per server. An idle connection
/// is dropped after 2 s, before the server's keep-alive (5 s) closes it: a request sent on a
/// connection the server is closing fails ("connection closed before message completed"),
/// as the first 2-process rush setup did.
pub fn client(connections: usize) -> reqwest::Client {
    // Answers in English, as an app in English asks for them: the scenarios tell a full
    // session by its refusal's words. The server speaks Indonesian to a client that asks
    // for no language (since commit e78e027), and release day took every such refusal for
    // an error and gave the draft up.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static("en"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(connections)
        .pool_idle_timeout(Duration::from_secs(2))
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a client")
}

/// Sends a JSON POST (with a fresh Idempotency-Key when `key`); returns status and body.
pub async fn post(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
    token: Option<&str>,
    key: bool,
) -> anyhow::Result<(u16, Value)> {
    let mut request = http.post(url).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if key {
        request = request.header("idempotency-key", uuid::Uuid::new_v4().to_string());
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    Ok((status, body))
}

/// A POST without token or key to the sign-in routes (register, verify, log in), sent again
/// while the server's bound on password hashing turns it away (503 or 429, waiting its
/// `Retry-After`, 1 s when absent): setting up thousands of accounts on a busy machine
/// meets that bound, and the setup is not what is measured.
pub async fn post_admitted(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
) -> anyhow::Result<(u16, Value)> {
    for _ in 0..60 {
        let response = http.post(url).json(body).send().await?;
        let status = response.status().as_u16();
        if status != 503 && status != 429 {
            return Ok((status, response.json().await.unwrap_or(Value::Null)));
        }
        let wait = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(1);
        tokio::time::sleep(Duration::from_secs(wait)).await;
    }
    bail!("{url} turned the request away 60 times")
}

/// A GET with an optional token; returns status and body.
pub async fn get(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
) -> anyhow::Result<(u16, Value)> {
    let mut request = http.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    Ok((status, body))
}

/// The n-th of distinct valid NIKs of a man born 15 May 1990 (the district varies past 9999).
pub fn nik(n: usize) -> String {
    format!("3171{:02}150590{:04}", n / 9999 + 1, n % 9999 + 1)
}

/// Runs `jobs` with at most `limit` at once, keeping their order.
pub async fn bounded<T, F>(limit: usize, jobs: Vec<F>) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(limit));
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|job| {
            let gate = gate.clone();
            tokio::spawn(async move {
                let _permit = gate.acquire_owned().await.expect("open");
                job.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.expect("the job ran"));
    }
    out
}

/// The one-time codes in the development mail file, by address (the newest wins).
fn codes(mail_file: &Path) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(mail_file).unwrap_or_default();
    let mut codes = HashMap::new();
    for line in text.lines() {
        let mail: Value = serde_json::from_str(line)?;
        if let (Some(to), Some(code)) = (mail["to"].as_str(), mail["code"].as_str()) {
            codes.insert(to.to_owned(), code.to_owned());
        }
    }
    Ok(codes)
}

/// Registers and verifies `emails` (codes read from the mail file), then signs each in;
/// returns their access tokens in order. Spreads the work over `bases`.
pub async fn verified_accounts(
    http: &reqwest::Client,
    bases: &[String],
    mail_file: &Path,
    emails: &[String],
) -> anyhow::Result<Vec<String>> {
    let base = |n: usize| bases[n % bases.len()].clone();
    let registrations = emails
        .iter()
        .enumerate()
        .map(|(n, email)| {
            let (http, url, email) = (http.clone(), format!("{}/v1/auth/register", base(n)), email.clone());
            async move {
                let body = json!({"email": email, "phone": "081234567890", "full_name": "Bench", "password": PASSWORD});
                post_admitted(&http, &url, &body).await
            }
        })
        .collect();
    for answer in bounded(32, registrations).await {
        let (status, body) = answer?;
        if status != 202 && status != 201 {
            bail!("registration answered {status}: {body}");
        }
    }
    let mut found = HashMap::new();
    for _ in 0..600 {
        found = codes(mail_file)?;
        if emails.iter().all(|email| found.contains_key(email)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let verifications = emails
        .iter()
        .enumerate()
        .map(|(n, email)| {
            let code = found.get(email).cloned().unwrap_or_default();
            let (http, base, email) = (http.clone(), base(n), email.clone());
            async move {
                let verify = json!({"email": email, "code": code});
                let url = format!("{base}/v1/auth/verify-email");
                let (status, body) = post_admitted(&http, &url, &verify).await?;
                if !(200..300).contains(&status) {
                    bail!("verifying {email} answered {status}: {body}");
                }
                login(&http, &base, &email, PASSWORD).await
            }
        })
        .collect();
    bounded(32, verifications).await.into_iter().collect()
}

/// `emails.len()` verified accounts (spread over `bases`), each with `per_account` people
/// and a draft for each: the accounts' tokens in order, each with its drafts' ids. The
/// people of account `n` have NIKs `nik(n * per_account + person)`.
pub async fn families(
    http: &reqwest::Client,
    bases: &[String],
    mail_file: &Path,
    emails: &[String],
    per_account: usize,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let tokens = verified_accounts(http, bases, mail_file, emails).await?;
    let drafting = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| {
            let (http, base) = (http.clone(), bases[n % bases.len()].clone());
            async move {
                let mut drafts = Vec::with_capacity(per_account);
                for person in 0..per_account {
                    let n = n * per_account + person;
                    drafts.push(applicant_with_draft(&http, &base, &token, n).await?);
                }
                anyhow::Ok((token, drafts))
            }
        })
        .collect();
    bounded(32, drafting).await.into_iter().collect()
}

/// Signs in (again while turned away, as [`post_admitted`]); returns the access token.
pub async fn login(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let url = format!("{base}/v1/auth/login");
    let credentials = json!({"email": email, "password": password});
    let (status, body) = post_admitted(http, &url, &credentials).await?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("login of {email} answered {status}: {body}"))
}

/// Adds an applicant with NIK `nik(n)` and a draft for them; returns the draft's id.
pub async fn applicant_with_draft(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    n: usize,
) -> anyhow::Result<String> {
    let person = json!({
        "nik": nik(n), "full_name": "Bench", "place_of_birth": "Jakarta",
        "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1",
        "father_name": "A", "mother_name": "B", "marital_status": "single",
        "dual_citizen_child": false, "previous_passport_number": null, "guardian_nik": null
    });
    let (status, applicant) = post(
        http,
        &format!("{base}/v1/applicants"),
        &person,
        Some(token),
        false,
    )
    .await?;
    let applicant = applicant["id"]
        .as_str()
        .with_context(|| format!("applicant answered {status}: {applicant}"))?;
    let draft = json!({
        "applicant_id": applicant, "passport_kind": "electronic", "application_kind": "new",
        "service": "regular", "travel": {"purpose": "tourism", "destination_country": "JP"}
    });
    let (status, application) = post(
        http,
        &format!("{base}/v1/applications"),
        &draft,
        Some(token),
        true,
    )
    .await?;
    application["id"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("draft answered {status}: {application}"))
}

/// The first bookable session (released, not begun) with regular places of the seed office between `from` and
/// `to`: (date, session id).
pub async fn first_open_session(
    http: &reqwest::Client,
    base: &str,
    from: &str,
    to: &str,
) -> anyhow::Result<(String, String)> {
    let url = format!("{base}/v1/offices/{OFFICE}/availability?from={from}&to={to}");
    let (_, offices) = get(http, &url, None).await?;
    for day in offices["days"].as_array().into_iter().flatten() {
        for session in day["sessions"].as_array().into_iter().flatten() {
            if session["bookable"].as_bool() == Some(true)
                && session["channels"]["regular"]["remaining"]
                    .as_i64()
                    .unwrap_or(0)
                    > 0
            {
                return Ok((
                    day["date"].as_str().unwrap_or_default().to_owned(),
                    session["id"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    bail!("no open session in {offices}")
}

/// The first session of an availability answer that is bookable, has a regular place left
/// and is `wanted`, with its day's date.
pub fn open_session_in(
    availability: &Value,
    wanted: impl Fn(&Value) -> bool,
) -> Option<(&Value, &Value)> {
    availability["days"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|day| {
            day["sessions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|session| {
                    session["bookable"].as_bool() == Some(true)
                        && session["channels"]["regular"]["remaining"]
                            .as_i64()
                            .unwrap_or(0)
                            > 0
                        && wanted(session)
                })
                .map(|session| (&day["date"], session))
        })
}
