//! The ways the races set up their state through the API: a citizen with one person to
//! apply for (drafting, booking, paying and cancelling again round after round, since a
//! cancelled application frees the person), the sessions of a date, and signed payment
//! notices as the payment channel sends them.

use paspor_openapi::{ApplicationDto, TokenPairDto};
use serde_json::{Value, json};

use crate::support::{Answer, PASSWORD, SEED_OFFICE_ID, TestApp, access, add_applicant, draft};

/// The day after `support::DATE`, a Friday, released at the start of every test.
pub const NEXT_DAY: &str = "2026-11-27";

/// A signed-in applicant and one person the account applies for.
pub struct Citizen {
    /// The account's email.
    pub email: String,
    /// Its token pair.
    pub tokens: TokenPairDto,
    /// The person's applicant id.
    pub applicant: String,
}

impl Citizen {
    /// Registers `email` and adds the person with this NIK. The races book, cancel and book
    /// the same person again round after round, which the limits that hold brokers back
    /// refuse after two rounds (`booking_limits.rs` tests them): relaxed here, as an
    /// operator would for such a test.
    pub async fn new(app: &TestApp, email: &str, nik: &str) -> Citizen {
        relax_booking_limits(app);
        let tokens = app.applicant(email).await;
        let applicant = add_applicant(app, &tokens, nik).await;
        Citizen {
            email: email.to_owned(),
            tokens,
            applicant,
        }
    }

    /// The access token.
    pub fn token(&self) -> &str {
        access(&self.tokens)
    }

    /// Signs in again (the access token lives 15 minutes of the test's clock).
    pub async fn sign_in_again(&mut self, app: &TestApp) {
        self.tokens = app.login(&self.email, PASSWORD).await;
    }

    /// A new draft for the person; returns its id.
    pub async fn draft(&self, app: &TestApp) -> String {
        let created = app
            .post(
                "/v1/applications",
                &draft(&self.applicant),
                Some(self.token()),
            )
            .await;
        assert_eq!(created.status, 201, "{:#}", created.json);
        created.json["id"].as_str().unwrap().to_owned()
    }

    /// A new draft booked in `session` on `date` at the seed office: (id, billing code).
    pub async fn booked(&self, app: &TestApp, session: &str, date: &str) -> (String, String) {
        let id = self.draft(app).await;
        let booked = app
            .post(
                &format!("/v1/applications/{id}/booking"),
                &place(session, date),
                Some(self.token()),
            )
            .await;
        assert_eq!(booked.status, 200, "{:#}", booked.json);
        let code = booked.json["booking"]["billing_code"]
            .as_str()
            .unwrap()
            .to_owned();
        (id, code)
    }

    /// A new draft booked in `session` on `date` and paid; returns its id.
    pub async fn paid(&self, app: &TestApp, session: &str, date: &str) -> String {
        let (id, code) = self.booked(app, session, date).await;
        let paid = app
            .post(&format!("/v1/dev/payments/{code}"), &json!({}), None)
            .await;
        assert_eq!(paid.json["result"], "applied", "{:#}", paid.json);
        id
    }

    /// Cancels an application (expects it to be cancelled), so that the person may apply
    /// again in the next round.
    pub async fn cancel(&self, app: &TestApp, id: &str) {
        let cancelled = app
            .post(
                &format!("/v1/applications/{id}/cancel"),
                &json!({}),
                Some(self.token()),
            )
            .await;
        assert_eq!(cancelled.status, 200, "{:#}", cancelled.json);
    }
}

/// Sets the booking limits wide open, in the database.
pub fn relax_booking_limits(app: &TestApp) {
    use diesel::{ExpressionMethods, RunQueryDsl};
    use paspor_persistence::schema::booking_limits;
    let mut conn = app.pool().get().expect("a connection");
    diesel::update(booking_limits::table)
        .set((
            booking_limits::lapses_before_cooldown.eq(0),
            booking_limits::holds_per_account.eq(100),
            booking_limits::bookings_per_release.eq(1000),
        ))
        .execute(&mut conn)
        .expect("the limits relaxed");
}

/// The ids of the seed office's sessions on `date`, in order.
pub async fn sessions_on(app: &TestApp, date: &str) -> Vec<String> {
    let answer = app
        .get(&format!(
            "/v1/offices/{SEED_OFFICE_ID}/availability?from={date}&to={date}"
        ))
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.json);
    answer.json["days"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|session| session["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A booking or reschedule request for `session` on `date` at the seed office.
pub fn place(session: &str, date: &str) -> Value {
    json!({"office_id": SEED_OFFICE_ID, "date": date, "session_id": session})
}

/// An application answer, read into the contract's type.
#[track_caller]
pub fn application_of(answer: &Answer) -> ApplicationDto {
    serde_json::from_value(answer.json.clone())
        .unwrap_or_else(|error| panic!("not an application ({error}): {:#}", answer.json))
}

/// A notice paying `amount` on `billing_code`, as event `event_id`.
pub fn notice(event_id: &str, billing_code: &str, amount: i64) -> Value {
    json!({
        "event_id": event_id,
        "billing_code": billing_code,
        "amount": amount,
        "paid_at": "2026-11-25T03:00:00Z",
    })
}
