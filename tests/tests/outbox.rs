//! The outbox: a message recorded in a transaction is delivered by the server's worker
//! (in tests, as a JSON line in the mail file) and then forgets its secret; one rolled back
//! with its cause never goes out; and workers claiming at once never share a message.

use std::collections::HashSet;

use chrono::TimeDelta;
use paspor_persistence::outbox::{self, Channel, NewMessage, Status};
use paspor_persistence::{PoolSettings, StoreError, connect_pool, write_transaction};
use serde_json::Value;

use crate::support::*;

fn verification_email(to: &str) -> NewMessage {
    NewMessage {
        channel: Channel::Email,
        recipient: to.to_owned(),
        subject: "Kode verifikasi M-Paspor".to_owned(),
        body: "Kode verifikasi Anda: 482913. Jangan berikan kode ini kepada siapa pun.".to_owned(),
        code: Some("482913".to_owned()),
    }
}

on_both_backends! {
    async fn an_enqueued_email_is_written_to_the_mail_file_and_then_forgotten(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let id = write_transaction(&mut conn, |conn| {
            outbox::enqueue(conn, &verification_email("budi@example.id"), now)
        })
        .unwrap();

        let mail = eventually("the email in the mail file", || {
            app.mail().into_iter().find(|line| line["id"] == id.as_str())
        })
        .await;
        assert_eq!(mail["to"], "budi@example.id");
        assert_eq!(mail["subject"], "Kode verifikasi M-Paspor");
        assert_eq!(mail["body"], verification_email("").body);
        assert_eq!(mail["code"], "482913");
        assert_eq!(mail["sent_at"], "2026-11-25T03:00:00Z", "the server's clock");

        let sent = eventually("the message marked sent", || {
            outbox::find(&mut conn, &id).unwrap().filter(|m| m.status == Status::Sent)
        })
        .await;
        assert_eq!(sent.code, None, "the code is not kept once delivered");
        assert_eq!(sent.body, "", "nor the text that carried it");
        assert_eq!(sent.attempts, 1);
        assert_eq!(sent.sent_at, Some(now));
        assert_eq!(outbox::pending_count(&mut conn).unwrap(), 0);
        assert_eq!(app.mail().len(), 1, "delivered once");
    }
}

on_both_backends! {
    async fn a_message_rolled_back_with_its_cause_is_never_sent(app) {
        let pool = app.pool();
        let mut conn = pool.get().unwrap();
        let now = app.clock.now();
        let rolled_back = write_transaction(&mut conn, |conn| {
            outbox::enqueue(conn, &verification_email("ani@example.id"), now)?;
            // The change that caused the message fails after it was recorded.
            Err::<(), _>(StoreError::Corrupt("the cause failed".to_owned()))
        });
        assert!(rolled_back.is_err());
        let committed = write_transaction(&mut conn, |conn| {
            outbox::enqueue(conn, &verification_email("budi@example.id"), now)
        })
        .unwrap();

        // Messages are claimed oldest first, so once the later one is out the earlier one
        // would have been too, had it existed.
        eventually("the committed email in the mail file", || {
            app.mail().iter().any(|line| line["id"] == committed.as_str()).then_some(())
        })
        .await;
        let recipients: Vec<Value> = app.mail().iter().map(|line| line["to"].clone()).collect();
        assert_eq!(recipients, ["budi@example.id"]);
    }
}

on_both_backends! {
    async fn workers_claiming_at_once_never_get_the_same_message(app) {
        const MESSAGES: usize = 200;
        const WORKERS: usize = 6;
        // Sized for the workers: the default test pool is smaller.
        let pool = connect_pool(
            app.database_url(),
            PoolSettings { max_size: WORKERS as u32, ..PoolSettings::default() },
        )
        .unwrap()
        .0;
        // Due a day after the server's clock, so that only these workers see them, not the
        // server's own.
        let later = app.clock.now() + TimeDelta::days(1);
        let lease = TimeDelta::minutes(5);
        {
            let mut conn = pool.get().unwrap();
            for n in 0..MESSAGES {
                let email = verification_email(&format!("pemohon{n}@example.id"));
                outbox::enqueue(&mut conn, &email, later).unwrap();
            }
        }
        // Connections are taken before the threads start, so that they claim at once.
        let connections: Vec<_> = (0..WORKERS).map(|_| pool.get().expect("a connection")).collect();
        let workers: Vec<_> = connections
            .into_iter()
            .map(|mut conn| {
                std::thread::spawn(move || {
                    let mut claimed = Vec::new();
                    loop {
                        let batch = outbox::claim_due(&mut conn, later, 5, lease).expect("a claim");
                        if batch.is_empty() {
                            return claimed;
                        }
                        claimed.extend(batch.into_iter().map(|message| message.id));
                    }
                })
            })
            .collect();
        let claims: Vec<String> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
        let distinct: HashSet<&String> = claims.iter().collect();
        assert_eq!(distinct.len(), claims.len(), "a message was claimed twice");
        assert_eq!(claims.len(), MESSAGES, "every message was claimed");

        let mut conn = pool.get().unwrap();
        let just_before = later + lease - TimeDelta::seconds(1);
        let held = outbox::claim_due(&mut conn, just_before, 500, lease).unwrap();
        assert!(held.is_empty(), "held while the lease runs");
        let lapsed = outbox::claim_due(&mut conn, later + lease, 500, lease).unwrap();
        assert_eq!(lapsed.len(), MESSAGES, "claimed again once the lease lapsed");
        assert_eq!(outbox::pending_count(&mut conn).unwrap(), MESSAGES as i64);
    }
}
