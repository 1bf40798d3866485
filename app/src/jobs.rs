//! Background work inside the api process. Each job is safe to run in several processes
//! at once (the storage layer serialises what must not run twice).
//!
//! Today: keeping the sessions of the coming weeks created, once an hour; deleting expired
//! idempotency keys, once an hour; delivering the outbox's messages, polling every second
//! and woken at once by handlers that enqueue; expiring applications whose booking
//! lapsed unpaid; refusing applications whose missing documents were not supplied in time;
//! moving passports on: ready on their ready date, cancelled when uncollected past their
//! collection deadline; sending the reminders due (payment deadlines, appointments,
//! collection deadlines), each once; delivering integrators' webhooks, polling every
//! second; building the copies of their data people asked for (deleting them after 7
//! days); and, daily, erasing what was kept after an account closed once its retention
//! period ended.

use std::sync::Arc;
use std::time::Duration;

use paspor_persistence::{StoreError, idempotency, rate_limits};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::applications::{expire_lapsed, offer_freed_places};
use crate::clock::Clock;
use crate::config::{PrivacySettings, ReminderSettings, RetentionSettings, WebhookSettings};
use crate::db::Db;
use crate::documents::DocumentStore;
use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::office::issuance::{CollectionPass, advance_collection};
use crate::office::processing::refuse_overdue;
use crate::outbox::{BATCH, Outbox, Senders, deliver_due};
use crate::privacy::exports::{BuildPass, build_next, expire_archives};
use crate::privacy::run_retention;
use crate::push::PushSender;
use crate::reminders::send_due_reminders;
use crate::startup::extend_sessions;
use crate::webhooks::{self, WebhookSender};
use crate::whatsapp::WhatsAppSender;

/// How often the session horizon is extended.
const HORIZON_EVERY: Duration = Duration::from_secs(3600);

/// How often expired idempotency keys are deleted. An expired key is already ignored (a
/// request reusing it starts afresh), so this only bounds the table's size.
const PURGE_KEYS_EVERY: Duration = Duration::from_secs(3600);

/// The running jobs, stopped together.
pub struct Jobs {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Jobs {
    /// Starts the jobs on the current runtime. The outbox is delivered through `senders`,
    /// looking for due messages every `poll` and whenever `outbox` is woken; every pass of
    /// every job is counted in `metrics`.
    #[expect(
        clippy::too_many_arguments,
        reason = "each job's own settings, passed straight through to it"
    )]
    pub fn start(
        db: Db,
        clock: Arc<dyn Clock>,
        horizon_days: u32,
        senders: Senders<impl Mailer, impl PushSender, impl WhatsAppSender>,
        outbox: Outbox,
        poll: Duration,
        expiry_every: Duration,
        metrics: Metrics,
    ) -> Jobs {
        let (stop, stopped) = watch::channel(false);
        let deadlines = tokio::spawn(deadline_checks(
            db.clone(),
            clock.clone(),
            outbox.clone(),
            expiry_every,
            stopped.clone(),
            metrics.clone(),
        ));
        let delivery = tokio::spawn(outbox_delivery(
            db.clone(),
            clock.clone(),
            senders,
            outbox,
            poll,
            stopped.clone(),
            metrics.clone(),
        ));
        let purge = tokio::spawn(purge_idempotency_keys(
            db.clone(),
            clock.clone(),
            stopped.clone(),
            metrics.clone(),
        ));
        let horizon = tokio::spawn(session_horizon(db, clock, horizon_days, stopped, metrics));
        Jobs {
            stop,
            tasks: vec![horizon, purge, delivery, deadlines],
        }
    }

    /// Adds the delivery of webhooks, looking for due deliveries every poll interval.
    pub fn start_webhook_delivery(
        &mut self,
        db: Db,
        clock: Arc<dyn Clock>,
        sender: WebhookSender,
        settings: &WebhookSettings,
    ) {
        let stopped = self.stop.subscribe();
        self.tasks.push(tokio::spawn(webhook_delivery(
            db,
            clock,
            sender,
            settings.poll_interval,
            settings.timeout,
            stopped,
        )));
    }

    /// Adds the reminders: every `settings.interval`, sends the reminders due (each once,
    /// whichever process finds it first) and wakes the outbox for them.
    pub fn start_reminders(
        &mut self,
        db: Db,
        clock: Arc<dyn Clock>,
        outbox: Outbox,
        settings: ReminderSettings,
        metrics: Metrics,
    ) {
        let stopped = self.stop.subscribe();
        self.tasks.push(tokio::spawn(reminder_checks(
            db, clock, outbox, settings, stopped, metrics,
        )));
    }

    /// Adds the retention job: every `settings.interval` (daily by default), erases what
    /// was kept after an account closed once its period ended, and deletes the document
    /// files recorded for deletion (see `crate::privacy`).
    pub fn start_retention(
        &mut self,
        db: Db,
        clock: Arc<dyn Clock>,
        store: DocumentStore,
        settings: RetentionSettings,
        metrics: Metrics,
    ) {
        let stopped = self.stop.subscribe();
        self.tasks.push(tokio::spawn(retention_checks(
            db, clock, store, settings, stopped, metrics,
        )));
    }

    /// Adds the export builder: every `settings.export_poll`, deletes the archives whose
    /// time is up and builds the exports asked for, one after another (each claimed by one
    /// process, whichever finds it first).
    pub fn start_exports(
        &mut self,
        db: Db,
        clock: Arc<dyn Clock>,
        store: DocumentStore,
        settings: PrivacySettings,
        metrics: Metrics,
    ) {
        let stopped = self.stop.subscribe();
        self.tasks.push(tokio::spawn(export_builds(
            db, clock, store, settings, stopped, metrics,
        )));
    }

    /// Asks every job to stop and waits up to `grace` in all for them: a pass under way
    /// finishes (an outbox delivery sends the message in hand and gives the rest of its
    /// batch back). A job still running after that is left to the process's exit; whatever
    /// it had claimed is taken again by another instance once the claim's lease lapses.
    pub async fn stop(self, grace: Duration) {
        let _ = self.stop.send(true);
        let deadline = tokio::time::Instant::now() + grace;
        for task in self.tasks {
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                tracing::warn!("a background job did not stop in time");
            }
        }
    }
}

async fn session_horizon(
    db: Db,
    clock: Arc<dyn Clock>,
    horizon_days: u32,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(HORIZON_EVERY) => {}
            _ = stopped.changed() => return,
        }
        let now = clock.now();
        let outcome = db
            .run(move |conn| extend_sessions(conn, horizon_days, now))
            .await;
        metrics.job_run("session_horizon", outcome.is_ok());
        if let Err(error) = outcome {
            tracing::warn!(%error, "extending the session horizon failed; retrying next hour");
        }
    }
}

async fn purge_idempotency_keys(
    db: Db,
    clock: Arc<dyn Clock>,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(PURGE_KEYS_EVERY) => {}
            _ = stopped.changed() => return,
        }
        let now = clock.now();
        let outcome = db
            .run(move |conn| {
                let keys = idempotency::purge_expired(conn, now)?;
                // A rate limit whose next request was due before now holds nothing: its row
                // says what no row says (tracking writes one per application number tried).
                let limits = rate_limits::purge(conn, now)?;
                Ok::<_, StoreError>((keys, limits))
            })
            .await;
        metrics.job_run("purge_idempotency_keys", outcome.is_ok());
        match outcome {
            Ok((0, 0)) => {}
            Ok((keys, limits)) => {
                tracing::info!(
                    keys,
                    limits,
                    "expired idempotency keys and spent rate limits deleted"
                );
            }
            Err(error) => {
                tracing::warn!(%error, "purging idempotency keys failed; retrying next hour");
            }
        }
    }
}

/// Delivers due outbox messages until stopped. A full batch means more may be due, so the
/// next follows at once; otherwise the worker sleeps until the poll or a wake-up.
pub async fn outbox_delivery(
    db: Db,
    clock: Arc<dyn Clock>,
    senders: Senders<impl Mailer, impl PushSender, impl WhatsAppSender>,
    outbox: Outbox,
    poll: Duration,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        loop {
            let stopping = || *stopped.borrow();
            let outcome = deliver_due(&db, &senders, clock.as_ref(), &stopping).await;
            metrics.job_run("outbox_delivery", outcome.is_ok());
            match outcome {
                Ok(claimed) if claimed == BATCH && !stopping() => {}
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(%error, "delivering the outbox failed; trying at the next poll");
                    break;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            () = outbox.woken() => {}
            _ = stopped.changed() => return,
        }
    }
}

/// The date and deadline checks, every `every`, one after the other: marks applications
/// whose booking lapsed unpaid as expired (their places stopped counting at the deadline
/// already; this records it and tells the applicants), offers freed places to the
/// waitlist, refuses applications still awaiting documents past their 30-day deadline, and
/// makes issued passports ready on their ready date or cancels them uncollected past their
/// collection deadline.
async fn deadline_checks(
    db: Db,
    clock: Arc<dyn Clock>,
    outbox: Outbox,
    every: Duration,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stopped.changed() => return,
        }
        let now = clock.now();
        let expired = db.call(move |conn| expire_lapsed(conn, now)).await;
        metrics.job_run("booking_expiry", expired.is_ok());
        match expired {
            Ok(0) => {}
            Ok(expired) => {
                tracing::info!(expired, "unpaid bookings expired");
                outbox.wake();
            }
            Err(error) => tracing::warn!(%error, "expiring unpaid bookings failed; retrying"),
        }
        // Places freed by expiry (or by cancellations since the last pass) go to the waitlist.
        let offered = db.call(move |conn| offer_freed_places(conn, now)).await;
        metrics.job_run("waitlist_offers", offered.is_ok());
        match offered {
            Ok(0) => {}
            Ok(offered) => {
                tracing::info!(offered, "freed places offered from the waitlist");
                outbox.wake();
            }
            Err(error) => tracing::warn!(%error, "offering freed places failed; retrying"),
        }
        let refused = db.call(move |conn| refuse_overdue(conn, now)).await;
        metrics.job_run("documents_deadline", refused.is_ok());
        match refused {
            Ok(0) => {}
            Ok(refused) => {
                tracing::info!(
                    refused,
                    "applications refused: documents not supplied in time"
                );
                outbox.wake();
            }
            Err(error) => {
                tracing::warn!(%error, "refusing applications past their documents deadline failed; retrying");
            }
        }
        let collection = db.call(move |conn| advance_collection(conn, now)).await;
        metrics.job_run("passport_collection", collection.is_ok());
        match collection {
            Ok(CollectionPass {
                ready: 0,
                cancelled: 0,
            }) => {}
            Ok(CollectionPass { ready, cancelled }) => {
                tracing::info!(ready, cancelled, "passports moved on for collection");
                outbox.wake();
            }
            Err(error) => tracing::warn!(%error, "moving passports on failed; retrying"),
        }
    }
}

/// Delivers due webhooks until stopped. A full batch means more may be due, so the next
/// follows at once; otherwise the worker sleeps until the next poll.
async fn webhook_delivery(
    db: Db,
    clock: Arc<dyn Clock>,
    sender: WebhookSender,
    poll: Duration,
    timeout: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        loop {
            match webhooks::deliver_due(&db, &sender, &clock, timeout).await {
                Ok(claimed) if claimed == webhooks::BATCH && !*stopped.borrow() => {}
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(%error, "delivering webhooks failed; trying at the next poll");
                    break;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = stopped.changed() => return,
        }
    }
}

/// Sends the reminders due, every `settings.interval`, until stopped.
async fn reminder_checks(
    db: Db,
    clock: Arc<dyn Clock>,
    outbox: Outbox,
    settings: ReminderSettings,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(settings.interval) => {}
            _ = stopped.changed() => return,
        }
        let now = clock.now();
        let sent = db
            .call(move |conn| send_due_reminders(conn, now, &settings))
            .await;
        metrics.job_run("reminders", sent.is_ok());
        match sent {
            Ok(pass) if pass.total() == 0 => {}
            Ok(pass) => {
                tracing::info!(
                    payments = pass.payments,
                    appointments = pass.appointments,
                    collections = pass.collections,
                    "reminders sent"
                );
                outbox.wake();
            }
            Err(error) => tracing::warn!(%error, "sending reminders failed; retrying"),
        }
    }
}

/// Erases what was kept past its retention period, every `settings.interval`, until
/// stopped.
async fn retention_checks(
    db: Db,
    clock: Arc<dyn Clock>,
    store: DocumentStore,
    settings: RetentionSettings,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(settings.interval) => {}
            _ = stopped.changed() => return,
        }
        let outcome = run_retention(&db, &store, settings, clock.now()).await;
        metrics.job_run("retention", outcome.is_ok());
        match outcome {
            Ok(pass) if pass.is_empty() => {}
            Ok(pass) => tracing::info!(
                applications = pass.applications,
                aged = pass.aged,
                files = pass.files,
                "kept data erased at the end of its retention period"
            ),
            Err(error) => tracing::warn!(%error, "the retention pass failed; retrying"),
        }
    }
}

/// Deletes the exports' archives whose time is up and builds the exports asked for, every
/// `settings.export_poll`, until stopped. One pass builds what is waiting, one export after
/// another, so that a person's export does not wait for the next poll behind another's.
async fn export_builds(
    db: Db,
    clock: Arc<dyn Clock>,
    store: DocumentStore,
    settings: PrivacySettings,
    mut stopped: watch::Receiver<bool>,
    metrics: Metrics,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(settings.export_poll) => {}
            _ = stopped.changed() => return,
        }
        match expire_archives(&db, clock.as_ref()).await {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "expired export archives deleted"),
            Err(error) => {
                tracing::warn!(%error, "deleting expired export archives failed; retrying");
            }
        }
        let outcome = loop {
            match build_next(&db, &store, clock.as_ref(), settings.export_ttl).await {
                Ok(BuildPass::Idle) => break Ok(()),
                Ok(BuildPass::Built | BuildPass::Failed) if !*stopped.borrow() => {}
                Ok(BuildPass::Built | BuildPass::Failed) => break Ok(()),
                Err(error) => break Err(error),
            }
        };
        metrics.job_run("exports", outcome.is_ok());
        if let Err(error) = outcome {
            tracing::warn!(%error, "building exports failed; retrying at the next poll");
        }
    }
}
