//! The language of problems: the same refusal in Bahasa Indonesia (no `Accept-Language`,
//! or one that asks for Indonesian or for nothing the service writes) and in English (on
//! request), for a use case's refusal, a field validation with per-field messages, the
//! problems actix-web makes itself (bad JSON, no route, wrong method, wrong media type, too
//! large) and a missing token; `Content-Language` and `Vary` on each; what programs read
//! (`type`, `status`, field names) the same in both; and hostile headers never refused.

use futures::future::join_all;
use paspor_openapi::Problem;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::support::*;

/// A man born 15 May 1990 in Jakarta.
const NIK: &str = "3171011505900001";

fn person(nik: &str) -> Value {
    json!({
        "nik": nik, "full_name": "Budi Santoso", "place_of_birth": "Jakarta",
        "birth_date": "1990-05-15", "sex": "male", "address": "Jl. Merdeka 1, Pangkalpinang",
        "father_name": "Santoso", "mother_name": "Sri", "marital_status": "single",
        "dual_citizen_child": false
    })
}

/// The headers of a request in each way a reader may ask: `None` sends no
/// `Accept-Language` at all.
const INDONESIAN_ASKS: [Option<&str>; 4] = [
    None,
    Some("id"),
    Some("fr, de;q=0.5"),
    Some("id-ID,en;q=0.8"),
];
const ENGLISH_ASKS: [&str; 3] = ["en", "en-GB,en;q=0.9", "fr, en;q=0.5, id;q=0.1"];

/// `method path` with `body` (JSON when given) and a bearer token, asking for `language`.
async fn ask(
    app: &TestApp,
    language: Option<&str>,
    method: Method,
    path: &str,
    body: Option<&Value>,
    token: Option<&str>,
) -> Answer {
    let bearer = token.map(|token| format!("Bearer {token}"));
    let key = uuid::Uuid::new_v4().to_string();
    let mut headers = vec![("idempotency-key", key.as_str())];
    if let Some(bearer) = &bearer {
        headers.push(("authorization", bearer.as_str()));
    }
    if let Some(body) = body {
        headers.push(("content-type", "application/json"));
        let bytes = serde_json::to_vec(body).unwrap();
        return match language {
            Some(language) => {
                headers.push(("accept-language", language));
                app.request_body(method, path, bytes, &headers).await
            }
            None => {
                app.request_unlabelled_body(method, path, bytes, &headers)
                    .await
            }
        };
    }
    match language {
        Some(language) => {
            headers.push(("accept-language", language));
            app.request(method, path, &headers).await
        }
        None => app.request_unlabelled(method, path, &headers).await,
    }
}

/// The problem of `status` in `answer`, checked to say it is written in `language`.
#[track_caller]
fn problem_in(answer: &Answer, status: u16, language: &str) -> Problem {
    let problem = answer.problem(status);
    assert_eq!(
        answer.header("content-language"),
        language,
        "{:#}",
        answer.json
    );
    let vary: Vec<&str> = answer
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    assert!(
        vary.iter()
            .any(|value| value.to_ascii_lowercase().contains("accept-language")),
        "{vary:?}"
    );
    problem
}

/// What programs read of a problem: the same in every language.
fn machine_part(problem: &Problem) -> (String, u16, Vec<String>) {
    (
        problem.problem_type.clone(),
        problem.status,
        problem
            .errors
            .iter()
            .flatten()
            .map(|error| error.field.clone())
            .collect(),
    )
}

/// Asks for the same refusal in every way, checks each language's words and that only the
/// words differ; returns (Indonesian, English).
async fn both_ways<F, Fut>(status: u16, send: F) -> (Problem, Problem)
where
    F: Fn(Option<&'static str>) -> Fut,
    Fut: Future<Output = Answer>,
{
    let mut indonesian = Vec::new();
    for language in INDONESIAN_ASKS {
        indonesian.push(problem_in(&send(language).await, status, "id"));
    }
    let mut english = Vec::new();
    for language in ENGLISH_ASKS {
        english.push(problem_in(&send(Some(language)).await, status, "en"));
    }
    let (id, en) = (indonesian[0].clone(), english[0].clone());
    for problem in indonesian.iter().chain(&english) {
        assert_eq!(machine_part(problem), machine_part(&id));
    }
    for problem in &indonesian {
        assert_eq!((&problem.title, &problem.detail), (&id.title, &id.detail));
    }
    for problem in &english {
        assert_eq!((&problem.title, &problem.detail), (&en.title, &en.detail));
    }
    assert_ne!(id.title, en.title, "the title is written in each language");
    assert_ne!(
        id.detail, en.detail,
        "the detail is written in each language"
    );
    (id, en)
}

on_both_backends! {
    async fn a_use_case_refusal_is_indonesian_unless_english_is_asked_for(app) {
        let tokens = app.applicant("siti@example.id").await;
        let token = access(&tokens).to_owned();
        app.post("/v1/applicants", &person(NIK), Some(&token)).await;
        let (id, en) = both_ways(409, |language| {
            let (app, token) = (&app, token.clone());
            async move { ask(app, language, Method::POST, "/v1/applicants", Some(&person(NIK)), Some(&token)).await }
        })
        .await;
        assert_eq!(id.title, "Bertentangan dengan keadaan saat ini");
        assert_eq!(id.detail, "akun ini sudah memiliki pemohon dengan NIK ini");
        assert_eq!(en.title, "Conflict with the current state");
        assert_eq!(en.detail, "this account already has an applicant with this NIK");
        assert_eq!(id.problem_type, "urn:paspor:problem:conflict");
        // Still one applicant: the refusals changed nothing.
        let list = app.send(Method::GET, "/v1/applicants", None, Some(&token)).await;
        assert_eq!(list.json["items"].as_array().map(Vec::len), Some(1), "{:#}", list.json);
    }
}

on_both_backends! {
    async fn a_field_validation_names_the_same_fields_with_messages_in_each_language(app) {
        let tokens = app.applicant("siti@example.id").await;
        let token = access(&tokens).to_owned();
        let mut body = person("123");
        body["full_name"] = json!("   ");
        let (id, en) = both_ways(400, |language| {
            let (app, token, body) = (&app, token.clone(), body.clone());
            async move { ask(app, language, Method::POST, "/v1/applicants", Some(&body), Some(&token)).await }
        })
        .await;
        assert_eq!(machine_part(&id).2, ["nik", "full_name"]);
        let messages = |problem: &Problem| -> Vec<String> {
            problem.errors.iter().flatten().map(|error| error.message.clone()).collect()
        };
        assert_eq!(messages(&id), ["NIK harus 16 digit angka, yang dikirim 3 karakter", "wajib diisi"]);
        assert_eq!(messages(&en), ["a NIK has exactly 16 digits, this has 3 characters", "must not be empty"]);
        assert_eq!(id.title, "Permintaan tidak valid");
        assert!(id.detail.starts_with("`nik` NIK harus 16 digit angka"), "{}", id.detail);
        let list = app.send(Method::GET, "/v1/applicants", None, Some(&token)).await;
        assert_eq!(list.json["items"].as_array().map(Vec::len), Some(0), "{:#}", list.json);
    }
}

on_both_backends! {
    async fn a_rule_that_refuses_a_field_speaks_the_readers_language(app) {
        let tokens = app.applicant("siti@example.id").await;
        let token = access(&tokens).to_owned();
        // 16 digits, but the serial 0000 no NIK has: a rule (422), not the schema.
        let (id, en) = both_ways(422, |language| {
            let (app, token) = (&app, token.clone());
            async move {
                ask(app, language, Method::POST, "/v1/applicants", Some(&person("3171011505900000")), Some(&token)).await
            }
        })
        .await;
        assert_eq!(id.errors.unwrap()[0].message, "nomor urut NIK (4 digit terakhir) tidak boleh 0000");
        assert_eq!(en.errors.unwrap()[0].message, "the serial number of a NIK (its last 4 digits) cannot be 0000");
    }
}

on_both_backends! {
    async fn problems_actix_makes_are_written_in_the_readers_language(app) {
        let app = &app;
        let tokens = app.applicant("siti@example.id").await;
        let bearer = format!("Bearer {}", access(&tokens));
        let bearer = bearer.as_str();

        // Malformed JSON.
        let (id, en) = both_ways(400, |language| async move {
            let mut headers = vec![("authorization", bearer), ("content-type", "application/json"), ("idempotency-key", "k-1")];
            headers.extend(language.map(|language| ("accept-language", language)));
            send_with(app, language, Method::POST, "/v1/applicants", b"{\"nik\":".to_vec(), &headers).await
        })
        .await;
        assert_eq!(id.problem_type, "urn:paspor:problem:malformed-body");
        assert!(id.detail.starts_with("isi permintaan bukan JSON yang valid"), "{}", id.detail);
        assert!(en.detail.starts_with("the body is not valid JSON"), "{}", en.detail);

        // A field of the wrong type, named by serde.
        let (id, en) = both_ways(400, |language| async move {
            let mut headers = vec![("authorization", bearer), ("content-type", "application/json"), ("idempotency-key", "k-2")];
            headers.extend(language.map(|language| ("accept-language", language)));
            let mut body = person(NIK);
            body["sex"] = json!("robot");
            send_with(app, language, Method::POST, "/v1/applicants", serde_json::to_vec(&body).unwrap(), &headers).await
        })
        .await;
        assert!(id.detail.contains("`robot` bukan salah satu nilai yang diizinkan"), "{}", id.detail);
        assert!(en.detail.contains("`robot` is not one of the allowed values"), "{}", en.detail);

        // Wrong media type.
        let (id, _) = both_ways(415, |language| async move {
            let mut headers = vec![("authorization", bearer), ("content-type", "text/plain"), ("idempotency-key", "k-3")];
            headers.extend(language.map(|language| ("accept-language", language)));
            send_with(app, language, Method::POST, "/v1/applicants", b"{}".to_vec(), &headers).await
        })
        .await;
        assert_eq!(id.title, "Jenis media tidak didukung");

        // No such route; a route without this method.
        let (id, en) = both_ways(404, |language| async move {
            ask(app, language, Method::GET, "/v1/tidak-ada", None, None).await
        })
        .await;
        assert_eq!(id.detail, "tidak ada sumber daya di /v1/tidak-ada");
        assert_eq!(en.detail, "no resource at /v1/tidak-ada");
        let (id, en) = both_ways(405, |language| async move {
            ask(app, language, Method::DELETE, "/v1/applicants", None, None).await
        })
        .await;
        assert!(id.detail.starts_with("metode DELETE tidak diizinkan pada /v1/applicants"), "{}", id.detail);
        assert!(en.detail.starts_with("DELETE is not allowed on /v1/applicants"), "{}", en.detail);

        // Too large a body.
        let big = format!("{{\"nik\":\"{}\"}}", "1".repeat(300 * 1024));
        let (id, _) = both_ways(413, |language| {
            let big = big.clone();
            async move {
                let mut headers = vec![("authorization", bearer), ("content-type", "application/json"), ("idempotency-key", "k-4")];
                headers.extend(language.map(|language| ("accept-language", language)));
                send_with(app, language, Method::POST, "/v1/applicants", big.into_bytes(), &headers).await
            }
        })
        .await;
        assert_eq!(id.title, "Isi permintaan terlalu besar");
    }
}

on_both_backends! {
    async fn a_missing_or_bad_token_is_refused_in_the_readers_language(app) {
        let app = &app;
        let (id, en) = both_ways(401, |language| async move {
            ask(app, language, Method::GET, "/v1/applicants", None, None).await
        })
        .await;
        assert_eq!(id.title, "Belum masuk");
        assert_eq!(id.detail, "permintaan ini memerlukan token akses: kirim `Authorization: Bearer <token>`");
        assert_eq!(en.detail, "this needs an access token: send `Authorization: Bearer <token>`");
        let (id, _) = both_ways(401, |language| async move {
            ask(app, language, Method::GET, "/v1/applicants", None, Some("not-a-token")).await
        })
        .await;
        assert_eq!(id.detail, "token akses tidak valid");
        // The challenge header is read by programs: the same in both languages.
        let challenges: Vec<String> = join_all([Some("id"), Some("en")].map(|language| {
            async move {
                let answer = ask(app, language, Method::GET, "/v1/applicants", None, Some("not-a-token")).await;
                answer.header("www-authenticate").to_owned()
            }
        }))
        .await;
        assert_eq!(challenges[0], challenges[1]);
        assert!(challenges[0].contains("invalid_token"), "{challenges:?}");
    }
}

on_both_backends! {
    async fn readers_asking_at_once_each_get_their_own_language(app) {
        let tokens = app.applicant("siti@example.id").await;
        let token = access(&tokens).to_owned();
        app.post("/v1/applicants", &person(NIK), Some(&token)).await;
        let asks: Vec<&str> = (0..24).map(|n| if n % 2 == 0 { "id" } else { "en" }).collect();
        let answers = join_all(asks.iter().map(|language| {
            let (app, token) = (&app, token.clone());
            async move { ask(app, Some(language), Method::POST, "/v1/applicants", Some(&person(NIK)), Some(&token)).await }
        }))
        .await;
        for (language, answer) in asks.iter().zip(&answers) {
            let problem = problem_in(answer, 409, language);
            let expected = if *language == "id" {
                "akun ini sudah memiliki pemohon dengan NIK ini"
            } else {
                "this account already has an applicant with this NIK"
            };
            assert_eq!(problem.detail, expected);
        }
        let list = app.send(Method::GET, "/v1/applicants", None, Some(&token)).await;
        assert_eq!(list.json["items"].as_array().map(Vec::len), Some(1), "{:#}", list.json);
    }
}

/// A raw request with `accept_language` as bytes (which a client library would refuse to
/// send), answered with its status and head.
async fn raw_with_language(app: &TestApp, accept_language: &[u8]) -> (u16, String) {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("a connection");
    let mut request =
        b"GET /v1/tidak-ada HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept-Language: "
            .to_vec();
    request.extend_from_slice(accept_language);
    request.extend_from_slice(b"\r\n\r\n");
    stream.write_all(&request).await.expect("sent");
    let mut read = Vec::new();
    stream.read_to_end(&mut read).await.expect("read");
    let text = String::from_utf8_lossy(&read).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    (status, head)
}

on_both_backends! {
    async fn a_hostile_accept_language_is_never_refused(app) {
        let long = "en-GB;q=0.5, ".repeat(800);
        for header in [
            long.as_str(),
            "*",
            "id;q=0, en;q=0",
            "en;q=abc, ;;;, q=1, -",
            "xx-yy-zz-123456789-abcdefgh-ijklmnop",
            "en;q=2",
            "\u{00e9}n",
        ] {
            let answer = app.request(Method::GET, "/health/live", &[("accept-language", header)]).await;
            assert_eq!(answer.status, 200, "{header:?}");
            // The refusal of a missing route is still answered, in the default language.
            let answer = app.request(Method::GET, "/v1/tidak-ada", &[("accept-language", header)]).await;
            let problem = answer.problem(404);
            assert!(["id", "en"].contains(&answer.header("content-language")), "{header:?}");
            assert!(!problem.title.is_empty());
        }
        // Bytes that are not visible ASCII ask for nothing: Indonesian.
        for header in [&b"en\x01"[..], b"en\x7f", b"\xff\xfe", b"en\tq=1"] {
            let (status, head) = raw_with_language(&app, header).await;
            // A head the HTTP parser refuses is its 400; anything it takes is answered.
            assert!(matches!(status, 400 | 404), "{header:?}: {status}");
            if status == 404 {
                assert!(head.contains("content-language: id") || head.contains("content-language: en"), "{head}");
            }
        }
    }
}

/// A request with `body` and `headers` as given, from the English client or, when
/// `language` is `None`, one that sends no `Accept-Language`.
async fn send_with(
    app: &TestApp,
    language: Option<&str>,
    method: Method,
    path: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Answer {
    match language {
        Some(_) => app.request_body(method, path, body, headers).await,
        None => {
            app.request_unlabelled_body(method, path, body, headers)
                .await
        }
    }
}
