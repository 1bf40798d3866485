//! An integrator's own double calls: access tokens asked for at once, one webhook URL
//! subscribed, subscriptions added past the limit, one subscription deleted and one
//! delivery replayed, each many times at once. Afterwards: every token answered works, one
//! subscription per URL, never more than a client may hold, deleted once, and a replayed
//! delivery is still one delivery.

use diesel::prelude::*;
use paspor_persistence::schema::{webhook_deliveries, webhook_subscriptions};
use reqwest::Method;
use serde_json::{Value, json};

use super::flows::{Citizen, sessions_on};
use super::invariants::{MAX_SUBSCRIPTIONS, assert_database_invariants, connection};
use crate::support::{AT_ONCE, DATE, ROUNDS, TestApp, at_once, eventually, split, token_of};

/// A URL nothing listens on (deliveries to it fail and are retried, which is fine here).
fn hook(round: usize, n: usize) -> String {
    format!("http://127.0.0.1:9/paspor/{round}/{n}")
}

/// The client's subscriptions not deleted: (id, url).
fn active_subscriptions(pool: &paspor_persistence::DbPool, client: &str) -> Vec<(String, String)> {
    webhook_subscriptions::table
        .filter(webhook_subscriptions::client_id.eq(client))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select((webhook_subscriptions::id, webhook_subscriptions::url))
        .load(&mut connection(pool))
        .unwrap()
}

async fn subscribe_at_once(
    app: &TestApp,
    token: &str,
    urls: &[String],
) -> Vec<crate::support::Answer> {
    let bodies: Vec<Value> = urls
        .iter()
        .map(|url| json!({"url": url, "events": ["application.status_changed"]}))
        .collect();
    at_once(bodies.iter().map(|body| {
        app.send(
            Method::POST,
            "/v1/integrator/webhooks",
            Some(body),
            Some(token),
        )
    }))
    .await
}

on_both_backends! {
    async fn tokens_and_subscriptions_asked_for_at_once(app) {
        let pool = app.pool();
        for round in 0..ROUNDS {
            let client = app.integrator(&format!("Mitra {round}"), &["webhooks:manage"]).await;
            let form = "grant_type=client_credentials";
            let answers = at_once((0..AT_ONCE).map(|_| app.token_request(form, Some((&client.id, &client.secret))))).await;
            let what = format!("round {round}: {AT_ONCE} access tokens at once");
            let answered = split(&what, &answers, &[200]);
            assert_eq!(answered.done.len(), AT_ONCE, "{what}: {:?}", answered.details());
            for answer in &answered.done {
                let listed = app.send(Method::GET, "/v1/integrator/webhooks", None, Some(&token_of(answer))).await;
                assert_eq!(listed.status, 200, "{what}: a token answered does not work: {:#}", listed.json);
            }
            let token = token_of(&answers[0]);

            // One URL subscribed many times at once: one subscription.
            let same = vec![hook(round, 0); AT_ONCE];
            let answers = subscribe_at_once(&app, &token, &same).await;
            let what = format!("round {round}: one URL subscribed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[201]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            let held = active_subscriptions(&pool, &client.id);
            assert_eq!(held.len(), 1, "{what}: {held:?}");
            assert_eq!(answered.done[0].json["id"], held[0].0.as_str(), "{what}");
            assert_database_invariants(&app, &pool, &what);

            // Up to three places short of the limit, then eight new URLs at once.
            let more: Vec<String> = (1..MAX_SUBSCRIPTIONS - 3).map(|n| hook(round, n)).collect();
            for answer in subscribe_at_once(&app, &token, &more).await {
                assert_eq!(answer.status, 201, "{:#}", answer.json);
            }
            let beyond: Vec<String> = (100..100 + AT_ONCE).map(|n| hook(round, n)).collect();
            let answers = subscribe_at_once(&app, &token, &beyond).await;
            let what = format!("round {round}: {AT_ONCE} subscriptions at once for 3 places left");
            let answered = split(&what, &answers, &[201]);
            let held = active_subscriptions(&pool, &client.id);
            assert_eq!(held.len(), MAX_SUBSCRIPTIONS, "{what}: {} answered 201", answered.done.len());
            assert_eq!(answered.done.len(), 3, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            assert_database_invariants(&app, &pool, &what);

            // One subscription deleted many times at once: deleted once.
            let path = format!("/v1/integrator/webhooks/{}", held[0].0);
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::DELETE, &path, None, Some(&token)))).await;
            let what = format!("round {round}: one subscription deleted {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[204]);
            assert_eq!(answered.done.len(), 1, "{what}: {:?} {:?}", answered.statuses(), answered.details());
            assert_eq!(active_subscriptions(&pool, &client.id).len(), MAX_SUBSCRIPTIONS - 1, "{what}");
        }
    }
}

on_both_backends! {
    async fn one_delivery_replayed_at_once_stays_one_delivery(app) {
        let pool = app.pool();
        let client = app.integrator("Mitra Aplikasi", &["webhooks:manage"]).await;
        let token = app.integrator_token(&client, None).await;
        let subscribed = subscribe_at_once(&app, &token, &[hook(0, 0)]).await;
        assert_eq!(subscribed[0].status, 201, "{:#}", subscribed[0].json);
        let subscription = subscribed[0].json["id"].as_str().unwrap().to_owned();
        let citizen = Citizen::new(&app, "hook@example.com", &nth_nik(31)).await;
        let sessions = sessions_on(&app, DATE).await;
        for round in 0..ROUNDS {
            // Each earlier round left two deliveries (its booking and its cancellation); a
            // booking now makes one more.
            let deliveries_of = |count: usize| {
                let pool = &pool;
                let subscription = &subscription;
                eventually("the deliveries of the events so far", move || {
                    let ids: std::collections::BTreeSet<String> = webhook_deliveries::table
                        .filter(webhook_deliveries::subscription_id.eq(subscription))
                        .select(webhook_deliveries::id)
                        .load(&mut connection(pool))
                        .unwrap()
                        .into_iter()
                        .collect();
                    (ids.len() == count).then_some(ids)
                })
            };
            let earlier = deliveries_of(round * 2).await;
            let (id, _) = citizen.booked(&app, &sessions[0], DATE).await;
            let now = deliveries_of(round * 2 + 1).await;
            let delivery = now.difference(&earlier).next().expect("the booking's delivery").clone();
            // Its first attempt over (the receiver is down): no longer being sent.
            eventually("the delivery's first attempt", || {
                let (attempts, claimed): (i32, Option<chrono::NaiveDateTime>) = webhook_deliveries::table
                    .find(&delivery)
                    .select((webhook_deliveries::attempts, webhook_deliveries::claimed_until))
                    .first(&mut connection(&pool))
                    .unwrap();
                (attempts >= 1 && claimed.is_none()).then_some(())
            })
            .await;
            let path = format!("/v1/integrator/webhooks/{subscription}/deliveries/{delivery}/replay");
            let answers = at_once((0..AT_ONCE).map(|_| app.send(Method::POST, &path, None, Some(&token)))).await;
            let what = format!("round {round}: one delivery replayed {AT_ONCE} times at once");
            let answered = split(&what, &answers, &[202]);
            assert!(!answered.done.is_empty(), "{what}: {:?}", answered.details());
            for refused in &answered.refused {
                assert_eq!(refused.status, 409, "{what}: only one being sent is refused: {:#}", refused.json);
            }
            let rows: Vec<(String, String)> = webhook_deliveries::table
                .filter(webhook_deliveries::id.eq(&delivery))
                .select((webhook_deliveries::status, webhook_deliveries::event_id))
                .load(&mut connection(&pool))
                .unwrap();
            assert_eq!(rows.len(), 1, "{what}");
            for done in &answered.done {
                assert_eq!(done.json["event_id"], rows[0].1.as_str(), "{what}: a replay answered another event");
            }
            assert_database_invariants(&app, &pool, &what);
            citizen.cancel(&app, &id).await;
        }
    }
}
