//! Delivery against a real (SQLite) database with a fake mailer that fails on demand: the
//! retry schedule, giving up, giving claims back, and the wake-up; and push notices going
//! through the push sender.

use std::sync::{Arc, Mutex, PoisonError};

use paspor_persistence::outbox::{NewMessage, Status};
use paspor_persistence::{PoolSettings, connect_pool, run_migrations};
use tokio::sync::watch;

use super::*;
use crate::clock::ManualClock;
use crate::push::{LogPushSender, Push, PushError, PushSender};
use crate::whatsapp::LogWhatsAppSender;

/// The senders of a test: `mailer` for email, the logging sender for push.
fn senders(mailer: &FakeMailer) -> Senders<FakeMailer, LogPushSender, LogWhatsAppSender> {
    Senders {
        mail: mailer.clone(),
        push: LogPushSender,
        whatsapp: LogWhatsAppSender,
    }
}

/// Accepts email, or refuses the next few; remembers what it delivered.
#[derive(Clone, Default)]
struct FakeMailer {
    state: Arc<Mutex<Fake>>,
}

#[derive(Default)]
struct Fake {
    refuse_next: u32,
    permanently: bool,
    attempts: u32,
    delivered: Vec<Email>,
}

impl FakeMailer {
    fn refusing(times: u32, permanently: bool) -> FakeMailer {
        let mailer = FakeMailer::default();
        {
            let mut fake = mailer.fake();
            fake.refuse_next = times;
            fake.permanently = permanently;
        }
        mailer
    }

    fn fake(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Mailer for FakeMailer {
    async fn send(&self, email: Email, _now: DateTime<Utc>) -> Result<(), MailError> {
        let mut fake = self.fake();
        fake.attempts += 1;
        if fake.refuse_next > 0 {
            fake.refuse_next -= 1;
            return Err(if fake.permanently {
                MailError::Permanent("550 no such mailbox".to_owned())
            } else {
                MailError::Transient("421 relay busy".to_owned())
            });
        }
        fake.delivered.push(email);
        Ok(())
    }
}

struct Fixture {
    db: Db,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("paspor.db").display());
        run_migrations(&url).expect("migrations");
        let (pool, backend) = connect_pool(&url, PoolSettings::default()).expect("a pool");
        let start = DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z").unwrap();
        Fixture {
            db: Db::new(pool, backend),
            clock: ManualClock::new(start.to_utc()),
            _dir: dir,
        }
    }

    fn enqueue(&self) -> String {
        let mut conn = self.db.pool().get().unwrap();
        let message = NewMessage {
            channel: Channel::Email,
            recipient: "budi@example.id".to_owned(),
            subject: "Kode verifikasi".to_owned(),
            body: "Kode verifikasi Anda: 482913".to_owned(),
            code: Some("482913".to_owned()),
        };
        outbox::enqueue(&mut conn, &message, self.clock.now()).unwrap()
    }

    fn find(&self, id: &str) -> OutboxMessage {
        let mut conn = self.db.pool().get().unwrap();
        outbox::find(&mut conn, id).unwrap().expect("the message")
    }

    async fn deliver(&self, mailer: &FakeMailer) -> usize {
        deliver_due(&self.db, &senders(mailer), &self.clock, &|| false)
            .await
            .expect("delivery runs")
    }
}

#[tokio::test]
async fn a_failed_delivery_is_retried_after_a_growing_delay() {
    let fixture = Fixture::new();
    let start = fixture.clock.now();
    let id = fixture.enqueue();
    let mailer = FakeMailer::refusing(2, false);

    assert_eq!(fixture.deliver(&mailer).await, 1);
    let failed = fixture.find(&id);
    assert_eq!(failed.status, Status::Pending);
    assert_eq!(failed.attempts, 1);
    assert_eq!(failed.next_attempt_at, start + TimeDelta::seconds(10));
    assert_eq!(failed.last_error.as_deref(), Some("421 relay busy"));
    assert_eq!(
        failed.claimed_until, None,
        "the claim ends with the attempt"
    );
    assert_eq!(failed.code.as_deref(), Some("482913"), "kept for the retry");

    fixture.clock.advance(TimeDelta::seconds(9));
    assert_eq!(
        fixture.deliver(&mailer).await,
        0,
        "not due before its retry"
    );
    assert_eq!(mailer.fake().attempts, 1);

    fixture.clock.advance(TimeDelta::seconds(1));
    assert_eq!(fixture.deliver(&mailer).await, 1);
    let failed = fixture.find(&id);
    assert_eq!(failed.attempts, 2);
    assert_eq!(
        failed.next_attempt_at,
        start + TimeDelta::seconds(10 + 20),
        "the second wait is twice the first"
    );

    fixture.clock.set(failed.next_attempt_at);
    assert_eq!(fixture.deliver(&mailer).await, 1);
    let sent = fixture.find(&id);
    assert_eq!(sent.status, Status::Sent);
    assert_eq!(sent.attempts, 3);
    assert_eq!(sent.sent_at, Some(start + TimeDelta::seconds(30)));
    assert_eq!((sent.body.as_str(), sent.code), ("", None));
    let delivered = &mailer.fake().delivered;
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].code.as_deref(), Some("482913"));
}

#[tokio::test]
async fn a_message_still_failing_after_a_day_is_given_up() {
    let fixture = Fixture::new();
    let id = fixture.enqueue();
    let mailer = FakeMailer::refusing(u32::MAX, false);
    fixture.clock.advance(TimeDelta::hours(24));
    assert_eq!(fixture.deliver(&mailer).await, 1);
    let dead = fixture.find(&id);
    assert_eq!(dead.status, Status::Dead);
    assert_eq!(
        (dead.body.as_str(), dead.code),
        ("", None),
        "its secret is dropped"
    );
    fixture.clock.advance(TimeDelta::days(7));
    assert_eq!(fixture.deliver(&mailer).await, 0, "never attempted again");
}

#[tokio::test]
async fn a_permanent_refusal_is_given_up_at_once() {
    let fixture = Fixture::new();
    let id = fixture.enqueue();
    let mailer = FakeMailer::refusing(1, true);
    assert_eq!(fixture.deliver(&mailer).await, 1);
    let dead = fixture.find(&id);
    assert_eq!(dead.status, Status::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("550 no such mailbox"));
}

#[tokio::test]
async fn a_stopping_worker_gives_back_what_it_did_not_attempt() {
    let fixture = Fixture::new();
    for _ in 0..3 {
        fixture.enqueue();
    }
    let mailer = FakeMailer::default();
    let stopping = || mailer.fake().attempts >= 1;
    let claimed = deliver_due(&fixture.db, &senders(&mailer), &fixture.clock, &stopping)
        .await
        .unwrap();
    assert_eq!((claimed, mailer.fake().attempts), (3, 1));
    assert_eq!(
        fixture.deliver(&mailer).await,
        2,
        "the other two are due again at once, not when the lease lapses"
    );
}

#[tokio::test]
async fn a_wake_up_delivers_without_waiting_for_the_poll() {
    let fixture = Fixture::new();
    let mailer = FakeMailer::default();
    let outbox = Outbox::new();
    let (stop, stopped) = watch::channel(false);
    let job = tokio::spawn(crate::jobs::outbox_delivery(
        fixture.db.clone(),
        Arc::new(fixture.clock.clone()),
        senders(&mailer),
        outbox.clone(),
        Duration::from_secs(3600),
        stopped,
        crate::metrics::Metrics::new(),
    ));
    // The first message goes out in the worker's first pass; after it the worker sleeps
    // for an hour, so the second can only be delivered by the wake-up.
    fixture.enqueue();
    delivered(&mailer, 1).await;
    fixture.enqueue();
    outbox.wake();
    delivered(&mailer, 2).await;

    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), job)
        .await
        .expect("the worker stops when told")
        .unwrap();
}

/// Waits (a bounded while) until the mailer has delivered `count` emails.
async fn delivered(mailer: &FakeMailer, count: usize) {
    for _ in 0..500 {
        if mailer.fake().delivered.len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{count} emails were not delivered within 5 s");
}

#[tokio::test]
async fn a_push_notice_goes_through_the_push_sender_not_the_mailer() {
    let fixture = Fixture::new();
    let id = {
        let mut conn = fixture.db.pool().get().unwrap();
        let message = NewMessage {
            channel: Channel::Push,
            recipient: "fcm-device-token".to_owned(),
            subject: "Payment received".to_owned(),
            body: "Your appointment is confirmed.".to_owned(),
            code: None,
        };
        outbox::enqueue(&mut conn, &message, fixture.clock.now()).unwrap()
    };
    let mailer = FakeMailer::default();
    assert_eq!(fixture.deliver(&mailer).await, 1);
    let sent = fixture.find(&id);
    assert_eq!(sent.status, Status::Sent);
    assert_eq!((sent.attempts, sent.last_error), (1, None));
    assert_eq!(sent.body, "", "forgotten once delivered, like an email's");
    assert_eq!(mailer.fake().attempts, 0, "not an email");
}

/// Refuses every push notice for a while, as a push service that is down.
struct DownPush;

impl PushSender for DownPush {
    async fn send(&self, _push: Push, _now: DateTime<Utc>) -> Result<(), PushError> {
        Err(PushError::Transient("503 from the push service".to_owned()))
    }
}

#[tokio::test]
async fn a_push_notice_the_service_refuses_is_retried_like_an_email() {
    let fixture = Fixture::new();
    let id = {
        let mut conn = fixture.db.pool().get().unwrap();
        let message = NewMessage {
            channel: Channel::Push,
            recipient: "apns-device-token".to_owned(),
            subject: "Booking expired".to_owned(),
            body: "It was not paid within 2 hours.".to_owned(),
            code: None,
        };
        outbox::enqueue(&mut conn, &message, fixture.clock.now()).unwrap()
    };
    let down = Senders {
        mail: FakeMailer::default(),
        push: DownPush,
        whatsapp: LogWhatsAppSender,
    };
    assert_eq!(
        deliver_due(&fixture.db, &down, &fixture.clock, &|| false)
            .await
            .unwrap(),
        1
    );
    let failed = fixture.find(&id);
    assert_eq!(failed.status, Status::Pending);
    assert_eq!(
        failed.last_error.as_deref(),
        Some("503 from the push service")
    );
    assert_eq!(
        failed.next_attempt_at,
        fixture.clock.now() + TimeDelta::seconds(10)
    );
    fixture.clock.advance(TimeDelta::seconds(10));
    assert_eq!(fixture.deliver(&FakeMailer::default()).await, 1);
    assert_eq!(fixture.find(&id).status, Status::Sent);
}

#[test]
fn retries_wait_10_s_then_twice_as_long_each_time_up_to_an_hour() {
    let created = DateTime::parse_from_rfc3339("2026-11-25T00:00:00Z")
        .unwrap()
        .to_utc();
    let now = created + TimeDelta::minutes(5);
    let wait = |attempts| retry_at(attempts, created, now).map(|at| (at - now).num_seconds());
    assert_eq!(wait(1), Some(10));
    assert_eq!(wait(2), Some(20));
    assert_eq!(wait(3), Some(40));
    assert_eq!(wait(9), Some(2560));
    assert_eq!(wait(10), Some(3600), "capped at an hour");
    assert_eq!(wait(1000), Some(3600));
    let last_moment = created + TimeDelta::hours(24) - TimeDelta::seconds(1);
    assert!(retry_at(40, created, last_moment).is_some());
    assert_eq!(retry_at(40, created, created + TimeDelta::hours(24)), None);
}

#[tokio::test]
async fn a_dead_workers_claim_lapses_within_one_send_and_is_not_renewed_by_it() {
    let fixture = Fixture::new();
    let id = fixture.enqueue();
    // A worker claims the message and dies before sending it.
    let claimed_at = fixture.clock.now();
    let dead = {
        let mut conn = fixture.db.pool().get().unwrap();
        outbox::claim_due(&mut conn, claimed_at, BATCH as i64, lease()).unwrap()
    };
    let held = dead[0].claimed_until.expect("claimed");
    let mailer = FakeMailer::default();
    fixture.clock.advance(lease() - TimeDelta::seconds(1));
    assert_eq!(
        fixture.deliver(&mailer).await,
        0,
        "held while its lease runs"
    );

    fixture.clock.advance(TimeDelta::seconds(1));
    assert_eq!(
        fixture.deliver(&mailer).await,
        1,
        "taken over after one lease"
    );
    assert_eq!(fixture.find(&id).status, Status::Sent);
    assert_eq!(mailer.fake().delivered.len(), 1);
    // The first worker, had it lived, could not renew the claim it lost.
    let mut conn = fixture.db.pool().get().unwrap();
    assert!(
        outbox::renew_claim(&mut conn, &id, held, fixture.clock.now() + lease())
            .unwrap()
            .skipped()
    );
}
