//! Whether the sign-in an access token names is still live, asked of the database on
//! requests with a token and remembered by each process for a bounded moment.
//!
//! A signed-out session, a reused refresh token's family, the other sessions after a
//! password change, every session after a reset or the account's closing, and a staff
//! account disabled or given another role: their access tokens stop working at once in
//! the process that ended them (the memory is forgotten there), and within the time a
//! process remembers an answer (`PASPOR_SESSION_CHECK_CACHE_MS`) in every other process
//! sharing the database.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use paspor_domain::account::Role;
use paspor_persistence::accounts::sessions;

use crate::db::Db;
use crate::refusal::Refusal;

/// How many answers a process remembers at most; past it, the stale ones are dropped.
const REMEMBERED_AT_MOST: usize = 50_000;

/// What a token names: its own id (the key), and what must still hold of the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionClaim {
    /// The token's id.
    pub token: String,
    /// The account.
    pub account: String,
    /// The sign-in (refresh-token family).
    pub session: String,
    /// The role the token was issued for.
    pub role: Role,
    /// The office the token was issued for.
    pub office: Option<String>,
}

/// The answers of this process, shared by its workers.
#[derive(Clone)]
pub struct LiveSessions {
    remembered: Arc<Mutex<HashMap<String, Remembered>>>,
    /// Bumped when this process ends a session: answers remembered before are stale.
    ended: Arc<AtomicU64>,
    remember_for: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Remembered {
    at: Instant,
    /// The value of `ended` when the answer was read.
    ended: u64,
}

impl LiveSessions {
    /// Answers remembered for `remember_for` (zero: the database is asked every time).
    pub fn new(remember_for: Duration) -> LiveSessions {
        LiveSessions {
            remembered: Arc::default(),
            ended: Arc::default(),
            remember_for,
        }
    }

    /// Whether `claim`'s session is live: from memory when it was found live moments ago
    /// and no session ended in this process since, else from the database.
    pub async fn is_live(&self, db: &Db, claim: SessionClaim) -> Result<bool, Refusal> {
        let ended = self.ended.load(Ordering::Acquire);
        if self.remembered_live(&claim.token, ended) {
            return Ok(true);
        }
        let token = claim.token.clone();
        // On the reads' own connections: asked before nearly every request with a token,
        // it would otherwise queue for the pool behind the very writes it admits, and a
        // booking in a rush would wait for a connection twice (docs/PERFORMANCE.md).
        let live = db
            .reads()
            .run(move |conn| {
                sessions::is_live(
                    conn,
                    &claim.account,
                    &claim.session,
                    claim.role,
                    claim.office.as_deref(),
                )
            })
            .await?;
        if live && !self.remember_for.is_zero() {
            self.remember(token, ended);
        }
        Ok(live)
    }

    /// This process ended a session (or changed an account): forget every answer.
    pub fn ended(&self) {
        self.ended.fetch_add(1, Ordering::AcqRel);
    }

    fn remembered_live(&self, token: &str, ended: u64) -> bool {
        let remembered = self.lock();
        remembered
            .get(token)
            .is_some_and(|seen| seen.ended == ended && seen.at.elapsed() < self.remember_for)
    }

    fn remember(&self, token: String, ended: u64) {
        let mut remembered = self.lock();
        if remembered.len() >= REMEMBERED_AT_MOST {
            let remember_for = self.remember_for;
            remembered.retain(|_, seen| seen.at.elapsed() < remember_for);
        }
        remembered.insert(
            token,
            Remembered {
                at: Instant::now(),
                ended,
            },
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Remembered>> {
        self.remembered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
