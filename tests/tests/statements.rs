//! What the reads and writes users wait for cost the database, in statements, counted by the
//! server itself (`paspor_db_request_statements_total` on `/metrics`): a booking, the read of
//! one application, and the list of an account's applications, which must not cost more per
//! application listed. Counts, not times: the same on any machine. The numbers, before and
//! after each change, are in `docs/PERFORMANCE.md`.

use paspor_domain::account::Role;
use paspor_openapi::{ApplicationDto, ApplicationPage, TokenPairDto};
use reqwest::Method;
use serde_json::json;

use crate::operability::{sample, scrape};
use crate::support::*;

/// The statements the server has run for requests so far.
async fn statements_so_far(app: &TestApp) -> u64 {
    let text = scrape(app).await;
    sample(&text, "paspor_db_request_statements_total").expect("the statement count") as u64
}

/// The statements `request` ran: the count's difference around it, less what one scrape
/// costs (its own count of the outbox's backlog, run after it read the statements).
async fn cost_of(app: &TestApp, request: impl Future<Output = ()>) -> u64 {
    let first = statements_so_far(app).await;
    let second = statements_so_far(app).await;
    let scrape = second - first;
    request.await;
    let after = statements_so_far(app).await;
    after - second - scrape
}

/// A draft of a new applicant with this NIK; returns its id.
async fn new_draft(app: &TestApp, tokens: &TokenPairDto, nik: &str) -> String {
    let applicant = add_applicant(app, tokens, nik).await;
    let created = app
        .post("/v1/applications", &draft(&applicant), Some(access(tokens)))
        .await;
    assert_eq!(created.status, 201, "{:#}", created.json);
    created.parse::<ApplicationDto>().id
}

/// The server measured: as the tests' servers, but remembering offices, tariffs and
/// booking limits for a minute, so that what a booking reads afresh does not depend on how
/// fast this machine runs the test.
async fn measured(database: TestDatabase) -> TestApp {
    TestApp::start_with(database, |c| {
        c.reference_cache = std::time::Duration::from_secs(60);
    })
    .await
}

#[actix_web::test]
async fn a_booking_and_the_reads_of_applications_cost_few_statements_sqlite() {
    a_booking_and_the_reads_of_applications_cost_few_statements(
        measured(TestDatabase::sqlite()).await,
    )
    .await;
}

#[actix_web::test]
async fn a_booking_and_the_reads_of_applications_cost_few_statements_postgres() {
    if let Some(database) = TestDatabase::postgres("statements") {
        a_booking_and_the_reads_of_applications_cost_few_statements(measured(database).await).await;
    }
}

async fn a_booking_and_the_reads_of_applications_cost_few_statements(app: TestApp) {
    let tokens = app.applicant("ani@example.id").await;
    let id = new_draft(&app, &tokens, &nth_nik(1)).await;
    let session = seed_session_on_date(&app).await;
    let booking = json!({"office_id": SEED_OFFICE_ID, "date": DATE, "session_id": session});

    let book = |draft: String, key: &'static str| {
        let (app, tokens, booking) = (&app, &tokens, &booking);
        async move {
            let path = format!("/v1/applications/{draft}/booking");
            let answer = app
                .post_with_key(&path, booking, Some(access(tokens)), key)
                .await;
            assert_eq!(answer.status, 200, "{:#}", answer.json);
        }
    };
    let booked = cost_of(&app, book(id.clone(), "book-1")).await;
    let read = cost_of(&app, async {
        let answer = app
            .send(
                Method::GET,
                &format!("/v1/applications/{id}"),
                None,
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(answer.status, 200, "{:#}", answer.json);
    })
    .await;
    let list_of_one = cost_of(&app, async {
        let answer = app
            .send(Method::GET, "/v1/applications", None, Some(access(&tokens)))
            .await;
        assert_eq!(answer.parse::<ApplicationPage>().items.len(), 1);
    })
    .await;
    for n in 2..=4 {
        new_draft(&app, &tokens, &nth_nik(n)).await;
    }
    let list_of_four = cost_of(&app, async {
        let answer = app
            .send(Method::GET, "/v1/applications", None, Some(access(&tokens)))
            .await;
        assert_eq!(answer.parse::<ApplicationPage>().items.len(), 4);
    })
    .await;

    // Read a page at a time, each application is as read alone (the booked one and drafts).
    let listed = app
        .send(Method::GET, "/v1/applications", None, Some(access(&tokens)))
        .await;
    let items = listed.json["items"].as_array().expect("the items").clone();
    assert!(
        items.iter().any(|item| item["booking"].is_object()),
        "{:#}",
        listed.json
    );
    for item in items {
        let alone = app
            .send(
                Method::GET,
                &format!("/v1/applications/{}", item["id"].as_str().expect("an id")),
                None,
                Some(access(&tokens)),
            )
            .await;
        assert_eq!(alone.json, item);
    }

    // A second booking, with the booking limits remembered from the first.
    let second = new_draft(&app, &tokens, &nth_nik(5)).await;
    let booked_again = cost_of(&app, book(second, "book-2")).await;

    // A booking refused as full: the session's regular places brought down to the two held.
    let admin = app
        .staff(
            "kepala@imigrasi.example",
            Role::OfficeAdmin,
            Some(SEED_OFFICE_ID),
        )
        .await;
    let capacity = app
        .send(
            Method::PATCH,
            &format!("/v1/office/sessions/{session}"),
            Some(&json!({"capacity_regular": 2})),
            Some(access(&admin)),
        )
        .await;
    assert_eq!(capacity.status, 200, "{:#}", capacity.json);
    // Of another account: this one has as many people as an account may.
    let other = app.applicant("budi@example.id").await;
    let third = new_draft(&app, &other, &nth_nik(6)).await;
    let refused_full = cost_of(&app, async {
        let path = format!("/v1/applications/{third}/booking");
        let answer = app
            .post_with_key(&path, &booking, Some(access(&other)), "book-3")
            .await;
        let detail = answer.problem(409).detail;
        assert!(detail.contains("no free place"), "{detail}");
    })
    .await;

    // Seen with `--nocapture`, for docs/PERFORMANCE.md.
    #[allow(clippy::print_stderr, reason = "the measurement, for the record")]
    {
        eprintln!(
            "statements: booking {booked}, another {booked_again}, refused as full {refused_full}, read {read}, list of 1 {list_of_one}, list of 4 {list_of_four}"
        );
    }
    let counted = format!(
        "booking {booked}, another {booked_again}, refused as full {refused_full}, read {read}, list of 1 {list_of_one}, list of 4 {list_of_four}"
    );
    assert!(
        booked <= BOOKING_AT_MOST + LIMITS_READ + SIGN_IN_CHECK,
        "{counted}"
    );
    assert!(booked_again <= BOOKING_AT_MOST + SIGN_IN_CHECK, "{counted}");
    assert!(
        refused_full <= REFUSED_FULL_AT_MOST + SIGN_IN_CHECK,
        "{counted}"
    );
    assert!(read <= READ_AT_MOST + SIGN_IN_CHECK, "{counted}");
    assert!(list_of_one <= LIST_AT_MOST + SIGN_IN_CHECK, "{counted}");
    assert!(
        list_of_four <= list_of_one + 3 * PER_LISTED_AT_MOST + SIGN_IN_CHECK,
        "{counted}"
    );
}

/// The most statements a booking may take: the look before the transaction (one: the
/// draft, the session with its places held and the draft's offer there), then the transaction: `BEGIN`, the key held, the account
/// and the draft locked, where the booking stands (two statements: the ids of the account's
/// and the person's applications first, so that the second is planned on keys whatever
/// the planner's statistics; see docs/PERFORMANCE.md), the applicant's facts,
/// the booking, the status and its history, the webhooks and notices, the answer's
/// history, the session locked and counted, the key's answer and `COMMIT`. The office and
/// the tariffs are remembered from the availability read and the draft made before it.
const BOOKING_AT_MOST: u64 = 19;

/// The most statements a booking refused as full may take, most of a rush's requests: the
/// look (one statement), then what the request's `Idempotency-Key` holds (a key reused for
/// another request is refused as such, not as full).
const REFUSED_FULL_AT_MOST: u64 = 2;

/// The booking limits, read by a process's first booking and then once per
/// `PASPOR_REFERENCE_CACHE_MS`.
const LIMITS_READ: u64 = 1;

/// The most statements the read of one application may take: one, the application joined
/// with its applicant's facts, its history, its booking with its session and its payment.
const READ_AT_MOST: u64 = 1;

/// The most statements a page of applications that is not full may take: the page joined as
/// one application's read is, which tells how many there are (a full page also counts them).
const LIST_AT_MOST: u64 = 1;

/// The most statements each further application listed may add: none, the page is one
/// statement whatever its size.
const PER_LISTED_AT_MOST: u64 = 0;

/// The check that the request's sign-in is live, which the server remembers for a second
/// (`PASPOR_SESSION_CHECK_CACHE_MS`): a slow machine may run it for any request.
const SIGN_IN_CHECK: u64 = 1;
