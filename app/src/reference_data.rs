//! What changes only by an administrator's act, kept in each process's memory for a short
//! while: offices, the tariff schedules and validity rule sets switched on, and the
//! booking limits. A booking
//! and an application's quote read them on every request; they change a few times a year.
//!
//! An act of this process forgets what it changed once the act has committed (an answer
//! read meanwhile from before the act is not kept: each entry remembers the generation it
//! was read in). Other api processes sharing the database see the change within the time
//! an entry is kept (`PASPOR_REFERENCE_CACHE_MS`; 0 reads the database every time).
//! Writes that must see the database's own state (switching schedules, changing an office
//! under its lock) read it directly, not from here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use paspor_domain::office::Office;
use paspor_domain::tariff::TariffSchedule;
use paspor_domain::{BookingLimits, ValidityRules};
use paspor_persistence::{
    DbConnection, StoreResult, booking_limits, offices, tariffs, validity_rules,
};

/// How many offices a process remembers at most (Indonesia has about 125 immigration
/// offices; ids that name no office are never remembered).
const OFFICES_AT_MOST: usize = 1_024;

/// The reference data this process remembers, shared by its workers.
#[derive(Clone)]
pub struct ReferenceData {
    offices: Remembered<String, Office>,
    tariffs: Remembered<(), Arc<[TariffSchedule]>>,
    validity_rules: Remembered<(), Arc<[ValidityRules]>>,
    limits: Remembered<(), BookingLimits>,
}

impl ReferenceData {
    /// Entries kept for `keep_for` (zero: the database is read every time).
    pub fn new(keep_for: Duration) -> ReferenceData {
        ReferenceData {
            offices: Remembered::new(keep_for, OFFICES_AT_MOST),
            tariffs: Remembered::new(keep_for, 1),
            validity_rules: Remembered::new(keep_for, 1),
            limits: Remembered::new(keep_for, 1),
        }
    }

    /// The office `id`, if it exists.
    pub fn office(&self, conn: &mut DbConnection, id: &str) -> StoreResult<Option<Office>> {
        let key = id.to_owned();
        if let Some(office) = self.offices.get(&key) {
            return Ok(Some(office));
        }
        let generation = self.offices.generation();
        let office = offices::find(conn, id)?;
        if let Some(office) = &office {
            self.offices.keep(key, office.clone(), generation);
        }
        Ok(office)
    }

    /// The tariff schedules switched on.
    pub fn tariffs(&self, conn: &mut DbConnection) -> StoreResult<Arc<[TariffSchedule]>> {
        if let Some(schedules) = self.tariffs.get(&()) {
            return Ok(schedules);
        }
        let generation = self.tariffs.generation();
        let schedules: Arc<[TariffSchedule]> = tariffs::enabled(conn)?.into();
        self.tariffs.keep((), schedules.clone(), generation);
        Ok(schedules)
    }

    /// The validity rule sets switched on.
    pub fn validity_rules(&self, conn: &mut DbConnection) -> StoreResult<Arc<[ValidityRules]>> {
        if let Some(rules) = self.validity_rules.get(&()) {
            return Ok(rules);
        }
        let generation = self.validity_rules.generation();
        let rules: Arc<[ValidityRules]> = validity_rules::enabled(conn)?.into();
        self.validity_rules.keep((), rules.clone(), generation);
        Ok(rules)
    }

    /// The booking limits in force.
    pub fn limits(&self, conn: &mut DbConnection) -> StoreResult<BookingLimits> {
        if let Some(limits) = self.limits.get(&()) {
            return Ok(limits);
        }
        let generation = self.limits.generation();
        let limits = booking_limits::get(conn)?;
        self.limits.keep((), limits, generation);
        Ok(limits)
    }

    /// An office was created or changed: call once the change has committed.
    pub fn offices_changed(&self) {
        self.offices.forget();
    }

    /// The schedules switched on changed: call once the change has committed.
    pub fn tariffs_changed(&self) {
        self.tariffs.forget();
    }

    /// The validity rule sets switched on changed: call once the change has committed.
    pub fn validity_rules_changed(&self) {
        self.validity_rules.forget();
    }

    /// The booking limits changed: call once the change has committed.
    pub fn limits_changed(&self) {
        self.limits.forget();
    }
}

/// Values read from the database, each kept for a while unless forgotten.
struct Remembered<K, V> {
    entries: Arc<Mutex<HashMap<K, Entry<V>>>>,
    /// Bumped when this process changes what is remembered: entries of an earlier
    /// generation are stale.
    generation: Arc<AtomicU64>,
    keep_for: Duration,
    at_most: usize,
}

// Derived `Clone` would ask `K: Clone, V: Clone` of the handles' contents.
impl<K, V> Clone for Remembered<K, V> {
    fn clone(&self) -> Self {
        Remembered {
            entries: self.entries.clone(),
            generation: self.generation.clone(),
            keep_for: self.keep_for,
            at_most: self.at_most,
        }
    }
}

struct Entry<V> {
    value: V,
    at: Instant,
    generation: u64,
}

impl<K: std::hash::Hash + Eq, V: Clone> Remembered<K, V> {
    fn new(keep_for: Duration, at_most: usize) -> Self {
        Remembered {
            entries: Arc::default(),
            generation: Arc::default(),
            keep_for,
            at_most,
        }
    }

    /// The generation to read in: pass it to [`keep`](Self::keep) with what was read.
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn get(&self, key: &K) -> Option<V> {
        let generation = self.generation();
        let entries = self.lock();
        entries
            .get(key)
            .filter(|entry| entry.generation == generation && entry.at.elapsed() < self.keep_for)
            .map(|entry| entry.value.clone())
    }

    /// Keeps `value`, read in `generation`, unless something changed since it was read.
    fn keep(&self, key: K, value: V, generation: u64) {
        if self.keep_for.is_zero() {
            return;
        }
        let mut entries = self.lock();
        if self.generation() != generation {
            return;
        }
        if entries.len() >= self.at_most {
            let keep_for = self.keep_for;
            entries
                .retain(|_, entry| entry.generation == generation && entry.at.elapsed() < keep_for);
            if entries.len() >= self.at_most {
                return;
            }
        }
        entries.insert(
            key,
            Entry {
                value,
                at: Instant::now(),
                generation,
            },
        );
    }

    fn forget(&self) {
        let mut entries = self.lock();
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Entry<V>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_for_its_time_and_then_read_again() {
        let kept = Remembered::<&str, u32>::new(Duration::from_secs(60), 8);
        kept.keep("a", 1, kept.generation());
        assert_eq!(kept.get(&"a"), Some(1));
        let brief = Remembered::<&str, u32>::new(Duration::from_nanos(1), 8);
        brief.keep("a", 1, brief.generation());
        std::thread::sleep(Duration::from_millis(1));
        assert_eq!(brief.get(&"a"), None);
    }

    #[test]
    fn nothing_is_kept_when_keeping_is_off() {
        let off = Remembered::<&str, u32>::new(Duration::ZERO, 8);
        off.keep("a", 1, off.generation());
        assert_eq!(off.get(&"a"), None);
    }

    #[test]
    fn a_change_forgets_what_was_kept_and_what_was_being_read() {
        let kept = Remembered::<&str, u32>::new(Duration::from_secs(60), 8);
        kept.keep("a", 1, kept.generation());
        let read_before_the_change = kept.generation();
        kept.forget();
        assert_eq!(kept.get(&"a"), None);
        kept.keep("b", 2, read_before_the_change);
        assert_eq!(
            kept.get(&"b"),
            None,
            "a value read before the change is stale"
        );
        kept.keep("b", 3, kept.generation());
        assert_eq!(kept.get(&"b"), Some(3));
    }

    #[test]
    fn a_full_memory_drops_the_stale_and_keeps_no_more_than_its_bound() {
        let kept = Remembered::<u32, u32>::new(Duration::from_secs(60), 2);
        for key in 0..5 {
            kept.keep(key, key, kept.generation());
        }
        assert_eq!(kept.get(&0), Some(0));
        assert_eq!(kept.get(&1), Some(1));
        assert_eq!(kept.get(&2), None, "past the bound nothing more is kept");
    }
}
