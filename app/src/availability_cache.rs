//! A short-lived, in-process cache of availability answers, the most read route on a
//! release day.
//!
//! Each answer (a month of sessions, ~30 KB of JSON) is counted from the database; without
//! a cache every app refresh costs two range queries. An entry is served while all of
//! these hold, so it is never older than the configured time to live
//! (`PASPOR_AVAILABILITY_CACHE_MS`, 1 s by default) and this process's own changes show at
//! once:
//! - it is younger than the time to live, on the monotonic clock and on the service clock
//!   (the tests' clock moves by hours);
//! - no write transaction had committed in this process, when the request asking for it
//!   arrived, since the entry's queries began ([`paspor_persistence::committed_writes`]
//!   is noted *before* the queries run, and again when a request arrives);
//! - no session of its range has reached its release time or its start since (an entry
//!   never keeps a day "not released" past the moment it opens, nor a session bookable
//!   past the moment it begins).
//!
//! Another process's bookings show within the time to live. Booking itself never reads
//! this cache: the count that decides a place is always the database's, under its lock.
//!
//! Misses of one key take turns ([`AvailabilityCache::turn`]): when an entry has expired
//! while 64 clients read it, one of them counts again and the others wait for its answer,
//! instead of all 64 running the same two range queries at once.
//!
//! An entry that is only *behind* (a write committed since its queries began, or its time
//! to live is over, but it is younger than [`STALE_FOR_TTLS`] times that and no session of
//! its range has opened or started since) is counted again by one request while the others
//! are served the entry as it is ([`Lookup::Behind`]), as they would be by another process:
//! on a release day bookings commit hundreds of times a second and hold most database
//! connections, and had every read waited for a recount, the reads would queue behind the
//! bookings and one another by the thousand. A client reading alone (after its own
//! booking, say) still counts again, so what it did shows at once.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Entries kept at most; past this the expired ones are dropped, and if none were, all.
/// Clients can ask for any range, so the key space is not bounded by the offices alone.
const MAX_ENTRIES: usize = 4096;

/// Locks the misses take turns on, a key always on the same one: few enough to keep, many
/// enough that two busy keys rarely share one (a shared turn only delays, never mixes
/// answers).
const TURNS: usize = 64;

/// How many times its time to live an answer may still be served while one request counts
/// it again.
pub const STALE_FOR_TTLS: u32 = 5;

/// What an answer is cached under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AvailabilityKey {
    pub office_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One computed answer: its JSON body and entity tag.
#[derive(Debug)]
pub struct CachedAnswer {
    /// The serialised `AvailabilityDto`.
    pub body: Bytes,
    /// The strong entity tag of `body`, quoted.
    pub etag: String,
    /// The value of `committed_writes()` before the answer was read from the database.
    writes: u64,
    /// When it was computed, on the monotonic clock.
    computed: Instant,
    /// The service clock's "now" it was computed for.
    computed_at: DateTime<Utc>,
    /// The service clock's instant from which it is no longer fresh.
    stale_at: DateTime<Utc>,
    /// The first release or start of a session in its range after it was computed: from
    /// then on it must not be served at all.
    changes_at: Option<DateTime<Utc>>,
}

impl CachedAnswer {
    /// An answer computed for `now`, after `writes` commits, which changes by itself at
    /// `change_times` (its sessions' releases and starts).
    pub fn new(
        body: Bytes,
        etag: String,
        writes: u64,
        now: DateTime<Utc>,
        ttl: Duration,
        change_times: impl IntoIterator<Item = DateTime<Utc>>,
    ) -> CachedAnswer {
        let expiry = now + TimeDelta::from_std(ttl).unwrap_or(TimeDelta::zero());
        let next_change = change_times.into_iter().filter(|at| *at > now).min();
        CachedAnswer {
            body,
            etag,
            writes,
            computed: Instant::now(),
            computed_at: now,
            stale_at: next_change.map_or(expiry, |change| change.min(expiry)),
            changes_at: next_change,
        }
    }

    /// Whether the answer may be served at `now` to a request that arrived when `writes`
    /// commits had been made: its queries began after all of those.
    fn is_fresh(&self, now: DateTime<Utc>, writes: u64, ttl: Duration) -> bool {
        self.writes >= writes
            && self.computed.elapsed() < ttl
            && self.computed_at <= now
            && now < self.stale_at
    }

    /// Whether the answer may still be served while another request counts it again: no
    /// older than [`STALE_FOR_TTLS`] times the time to live, on both clocks, and nothing in
    /// its range opened or started since, whatever was committed meanwhile.
    fn is_servable_behind(&self, now: DateTime<Utc>, ttl: Duration) -> bool {
        let longest = ttl.saturating_mul(STALE_FOR_TTLS);
        let longest_on_service_clock = TimeDelta::from_std(longest).unwrap_or(TimeDelta::zero());
        self.computed.elapsed() < longest
            && self.computed_at <= now
            && now < self.computed_at + longest_on_service_clock
            && self.changes_at.is_none_or(|change| now < change)
    }
}

/// What the cache holds for a request.
#[derive(Debug)]
pub enum Lookup {
    /// An answer fresh for it.
    Fresh(Arc<CachedAnswer>),
    /// An answer that is not fresh (writes committed since it was counted, or its time to
    /// live is over) but may be served while another request counts it again.
    Behind(Arc<CachedAnswer>),
    /// Nothing that may be served.
    Missing,
}

/// The cache, shared by every worker of the process.
#[derive(Debug, Clone)]
pub struct AvailabilityCache {
    ttl: Duration,
    entries: Arc<RwLock<HashMap<AvailabilityKey, Arc<CachedAnswer>>>>,
    turns: Arc<[tokio::sync::Mutex<()>]>,
    turn_of: RandomState,
}

impl AvailabilityCache {
    /// A cache keeping answers up to `ttl`; a zero `ttl` keeps none.
    pub fn new(ttl: Duration) -> AvailabilityCache {
        AvailabilityCache {
            ttl,
            entries: Arc::default(),
            turns: (0..TURNS).map(|_| tokio::sync::Mutex::new(())).collect(),
            turn_of: RandomState::new(),
        }
    }

    /// Waits for the turn to count `key` afresh; held while counting and storing it, so
    /// that the requests waiting behind find the answer in the cache (look again with
    /// [`get`](Self::get) once the turn is yours).
    pub async fn turn(&self, key: &AvailabilityKey) -> tokio::sync::MutexGuard<'_, ()> {
        self.turns[self.turn_index(key)].lock().await
    }

    /// The turn to count `key` afresh if no one holds it now.
    pub fn try_turn(&self, key: &AvailabilityKey) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        self.turns[self.turn_index(key)].try_lock().ok()
    }

    fn turn_index(&self, key: &AvailabilityKey) -> usize {
        usize::try_from(self.turn_of.hash_one(key)).unwrap_or_default() % TURNS
    }

    /// How long an answer is kept.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The answer for `key` if one is fresh at `now` for a request that arrived after
    /// `writes` commits.
    pub fn get(
        &self,
        key: &AvailabilityKey,
        now: DateTime<Utc>,
        writes: u64,
    ) -> Option<Arc<CachedAnswer>> {
        match self.lookup(key, now, writes) {
            Lookup::Fresh(answer) => Some(answer),
            Lookup::Behind(_) | Lookup::Missing => None,
        }
    }

    /// What is kept for `key`, for a request at `now` that arrived after `writes` commits.
    pub fn lookup(&self, key: &AvailabilityKey, now: DateTime<Utc>, writes: u64) -> Lookup {
        if self.ttl.is_zero() {
            return Lookup::Missing;
        }
        let entries = self
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match entries.get(key) {
            Some(answer) if answer.is_fresh(now, writes, self.ttl) => {
                Lookup::Fresh(Arc::clone(answer))
            }
            Some(answer) if answer.is_servable_behind(now, self.ttl) => {
                Lookup::Behind(Arc::clone(answer))
            }
            _ => Lookup::Missing,
        }
    }

    /// Keeps `answer` for `key` (nothing when the cache is off).
    pub fn put(&self, key: AvailabilityKey, answer: Arc<CachedAnswer>) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            let now = answer.computed_at;
            entries.retain(|_, kept| kept.is_fresh(now, answer.writes, self.ttl));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(office: &str) -> AvailabilityKey {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        AvailabilityKey {
            office_id: office.to_owned(),
            from: date,
            to: date,
        }
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn answer(writes: u64, now: DateTime<Utc>, releases: Vec<DateTime<Utc>>) -> Arc<CachedAnswer> {
        Arc::new(CachedAnswer::new(
            Bytes::from_static(b"{}"),
            "\"t\"".to_owned(),
            writes,
            now,
            Duration::from_secs(60),
            releases,
        ))
    }

    #[test]
    fn an_answer_is_served_until_a_write_commits() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        cache.put(key("a"), answer(7, at(0), vec![]));
        assert!(cache.get(&key("a"), at(1), 7).is_some());
        assert!(cache.get(&key("a"), at(1), 8).is_none());
        assert!(cache.get(&key("b"), at(1), 7).is_none());
    }

    #[test]
    fn an_answer_counted_after_a_request_arrived_is_fresh_for_it() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        // Counted after commit 8, for a request that arrived after commit 7.
        cache.put(key("a"), answer(8, at(0), vec![]));
        assert!(cache.get(&key("a"), at(1), 7).is_some());
        assert!(cache.get(&key("a"), at(1), 8).is_some());
        assert!(cache.get(&key("a"), at(1), 9).is_none());
    }

    #[test]
    fn misses_of_one_key_take_turns() {
        use futures_util::FutureExt as _;
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        let first = cache
            .turn(&key("a"))
            .now_or_never()
            .expect("no one holds it");
        assert!(cache.turn(&key("a")).now_or_never().is_none());
        drop(first);
        assert!(cache.turn(&key("a")).now_or_never().is_some());
    }

    #[test]
    fn an_answer_behind_commits_is_told_apart_from_one_expired() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        cache.put(key("a"), answer(7, at(0), vec![at(30)]));
        assert!(matches!(
            cache.lookup(&key("a"), at(1), 7),
            Lookup::Fresh(_)
        ));
        assert!(matches!(
            cache.lookup(&key("a"), at(1), 8),
            Lookup::Behind(_)
        ));
        // Past a release in its range it is no answer at all.
        assert!(matches!(
            cache.lookup(&key("a"), at(30), 8),
            Lookup::Missing
        ));
        assert!(matches!(cache.lookup(&key("b"), at(1), 7), Lookup::Missing));

        // Past its time to live it is behind, up to five times that.
        cache.put(key("c"), answer(7, at(0), vec![]));
        assert!(matches!(
            cache.lookup(&key("c"), at(59), 7),
            Lookup::Fresh(_)
        ));
        assert!(matches!(
            cache.lookup(&key("c"), at(60), 7),
            Lookup::Behind(_)
        ));
        assert!(matches!(
            cache.lookup(&key("c"), at(299), 7),
            Lookup::Behind(_)
        ));
        assert!(matches!(
            cache.lookup(&key("c"), at(300), 7),
            Lookup::Missing
        ));
    }

    #[test]
    fn a_turn_held_is_not_taken_without_waiting() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        let held = cache.try_turn(&key("a")).expect("no one holds it");
        assert!(cache.try_turn(&key("a")).is_none());
        drop(held);
        assert!(cache.try_turn(&key("a")).is_some());
    }

    #[test]
    fn the_service_clock_ages_an_answer_too() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        cache.put(key("a"), answer(0, at(0), vec![]));
        assert!(cache.get(&key("a"), at(59), 0).is_some());
        assert!(cache.get(&key("a"), at(60), 0).is_none());
        // A clock set back is not trusted either.
        assert!(cache.get(&key("a"), at(-1), 0).is_none());
    }

    #[test]
    fn an_answer_stops_at_the_next_release_of_its_range() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        // Released long ago, and releasing at +10 s: the second bounds the entry.
        cache.put(key("a"), answer(0, at(0), vec![at(-3600), at(10)]));
        assert!(cache.get(&key("a"), at(9), 0).is_some());
        assert!(cache.get(&key("a"), at(10), 0).is_none());
    }

    #[test]
    fn a_zero_time_to_live_keeps_nothing() {
        let cache = AvailabilityCache::new(Duration::ZERO);
        cache.put(key("a"), answer(0, at(0), vec![]));
        assert!(cache.get(&key("a"), at(0), 0).is_none());
    }

    #[test]
    fn a_full_cache_makes_room() {
        let cache = AvailabilityCache::new(Duration::from_secs(60));
        for n in 0..MAX_ENTRIES {
            cache.put(key(&n.to_string()), answer(0, at(0), vec![]));
        }
        // Every kept entry is stale for an answer computed after another commit.
        cache.put(key("new"), answer(1, at(1), vec![]));
        assert!(cache.get(&key("new"), at(1), 1).is_some());
        let kept = cache.entries.read().unwrap().len();
        assert_eq!(kept, 1);
    }
}
