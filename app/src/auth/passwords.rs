//! Password hashing with argon2id at OWASP's minimum (m=19 MiB, t=2, p=1), off the async
//! workers and behind a bound: a hash that would wait longer than allowed is refused at once
//! (see `hashing_queue`).
//!
//! Hashing is slow on purpose. Hashes run on a few threads of their own (one per core by
//! default), so a storm of logins queues for them instead of taking the threads database
//! calls need. Each hashing thread also owns its argon2 memory (19 MiB), allocated once and
//! reused by every hash it runs: allocating it per hash (as argon2's own `hash_password`
//! does) made glibc keep a fresh 19 MB block after nearly every login, so the process grew
//! by 19 MB a login up to ~250 MB (measured with `bench/loadgen`; see docs/PERFORMANCE.md).
//!
//! The hashing threads run 10 nice steps below the rest of the server (nice 10 for a server
//! started at the default 0). When the cores are idle a hash gets all of one; when other requests need them
//! (a storm of logins on a release day, and the reads it would otherwise slow down), the
//! kernel lets the cheap requests run first, and hashing still gets its share, about a
//! tenth of a core against each busy thread of normal priority.

use std::cell::RefCell;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use super::hashing_queue::{HashingQueue, QueueFull};
use crate::thread_lane::ThreadLane;

/// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// How much lower the hashing threads' priority is than the process's own, in nice steps
/// (0 is the default, 19 the lowest priority). Relative, so that a server started under
/// `nice` still runs its cheap requests ahead of its hashes.
const HASHING_NICENESS: i32 = 10;

/// The lowest priority there is.
const LOWEST_PRIORITY: i32 = 19;

/// The nice value of a hashing thread in a process running at `own`.
fn hashing_priority(own: i32) -> i32 {
    own.saturating_add(HASHING_NICENESS).min(LOWEST_PRIORITY)
}

/// Lowers the calling thread's scheduling priority by [`HASHING_NICENESS`]. A failure
/// (a platform without per-thread nice values) leaves it as it was: hashing still works.
fn lower_own_priority() {
    #[cfg(unix)]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        let lowered = getpriority_process(None)
            .and_then(|own| setpriority_process(None, hashing_priority(own)));
        if let Err(error) = lowered {
            tracing::warn!(%error, "password hashing threads keep the normal priority");
        }
    }
}

/// Why a hash was not made.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// The hashes queued ahead would keep this one longer than allowed: try again after
    /// `retry_after`.
    #[error("password hashes are queued beyond their allowed wait")]
    Busy {
        /// When trying again is likely to be admitted.
        retry_after: Duration,
    },
    /// The hashing threads failed or argon2 did.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<QueueFull> for HashingError {
    fn from(full: QueueFull) -> Self {
        HashingError::Busy {
            retry_after: full.retry_after,
        }
    }
}

/// Hashes and verifies passwords, a bounded number at a time.
#[derive(Clone)]
pub struct PasswordHasher {
    /// The hashing threads; they end when the last hasher is dropped.
    lane: ThreadLane,
    /// Which hashes may join that queue.
    queue: Arc<HashingQueue>,
    /// A hash of a random password: unknown emails are verified against it, so that they
    /// take as long as known ones and answer alike.
    dummy_hash: Arc<str>,
}

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, PASSES, LANES, None).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

thread_local! {
    /// This thread's argon2 memory, grown once to the parameters' size and then reused.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Argon2 of `password` and `salt` into `out`, in this thread's reused memory.
fn compute(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with_borrow_mut(|memory| {
        let needed = argon2.params().block_count();
        if memory.len() < needed {
            *memory = vec![Block::new(); needed];
        }
        argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..needed])
    })
}

/// A new PHC-format hash (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a random salt.
fn hash_now(password: &[u8]) -> anyhow::Result<String> {
    let failed = |error: &dyn std::fmt::Display| anyhow::anyhow!("argon2 failed: {error}");
    let argon2 = argon2();
    let salt = rand::random::<[u8; Salt::RECOMMENDED_LENGTH]>();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, password, &salt, &mut out).map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params()).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC-format `stored` hash, whatever argon2 parameters it was
/// made with (so that raising them later keeps old hashes valid). The comparison of outputs
/// is constant-time (`Output`'s equality).
fn verify_now(password: &[u8], stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm.as_str()) else {
        return false;
    };
    let version = hash
        .version
        .map_or(Ok(Version::default()), Version::try_from);
    let (Ok(version), Ok(params)) = (version, Params::try_from(&hash)) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    compute(&argon2, password, salt, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| &computed == expected)
}

impl PasswordHasher {
    /// A hasher with `threads` threads of its own, admitting a hash only if it would be
    /// done within `max_wait`.
    pub fn new(threads: usize, max_wait: Duration) -> anyhow::Result<PasswordHasher> {
        let lane = ThreadLane::new("argon2", threads, lower_own_priority)?;
        // The dummy is hashed on a hashing thread, in the memory that thread keeps anyway:
        // hashed here, the caller's thread would hold a second 19 MiB for the process's life.
        // Its time is the queue's first pace.
        let (reply, dummy_hash) = mpsc::channel();
        lane.send(move || {
            let dummy = super::new_refresh_token();
            let started = Instant::now();
            let hash = hash_now(dummy.as_bytes());
            let _ = reply.send((hash, started.elapsed()));
        })?;
        let (dummy_hash, first_pace) = dummy_hash
            .recv()
            .map_err(|_| anyhow::anyhow!("a password hashing thread failed"))?;
        Ok(PasswordHasher {
            lane,
            queue: HashingQueue::new(threads, max_wait, first_pace),
            dummy_hash: dummy_hash?.into(),
        })
    }

    /// Runs `work` on a hashing thread and waits for it without blocking the caller's, if
    /// the queue admits it.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let admitted = self.queue.admit()?;
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.lane
            .send(move || {
                // A requester gone by now (its client hung up) needs no hash: the thread
                // takes the next one at once.
                if !reply.is_closed() {
                    let made = admitted.timed(work);
                    // The place is free before the requester hears, so its next hash finds it.
                    drop(admitted);
                    let _ = reply.send(made);
                }
            })
            .map_err(anyhow::Error::from)?;
        Ok(answer
            .await
            .map_err(|_| anyhow::anyhow!("a password hashing thread failed"))??)
    }

    /// The PHC string of `password`, on the calling thread: for the command line.
    pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
        hash_now(password.as_bytes())
    }

    /// The PHC string of `password`, with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<String, HashingError> {
        Ok(self.run(move || hash_now(password.as_bytes())).await??)
    }

    /// Whether `password` matches `stored`. With no stored hash (unknown account) the
    /// dummy is checked instead and the answer is false, after the same work.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashingError> {
        let known = stored.as_deref().is_some_and(|hash| !hash.is_empty());
        let hash = match stored {
            Some(hash) if known => hash,
            _ => self.dummy_hash.to_string(),
        };
        let matches = self
            .run(move || verify_now(password.as_bytes(), &hash))
            .await?;
        Ok(known && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Long enough that no test's hash is refused.
    const WAIT: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hasher = PasswordHasher::new(2, WAIT).unwrap();
        let hash = hasher.hash("correct horse".to_owned()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            hasher
                .verify("correct horse".to_owned(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse".to_owned(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[test]
    fn hashes_interoperate_with_argon2s_own_implementation() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        // Ours verify with the library's verifier...
        let ours = hash_now(b"correct horse").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2().verify_password(b"correct horse", &parsed).is_ok());
        assert!(argon2().verify_password(b"wrong horse", &parsed).is_err());
        // ... and the library's (as stored before this change) verify with ours, also at
        // other parameters than today's.
        let theirs = argon2()
            .hash_password(b"correct horse")
            .unwrap()
            .to_string();
        assert!(verify_now(b"correct horse", &theirs));
        assert!(!verify_now(b"wrong horse", &theirs));
        let lighter = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        );
        let old = lighter.hash_password(b"correct horse").unwrap().to_string();
        assert!(verify_now(b"correct horse", &old));
        assert!(!verify_now(b"correct horse", "not a hash"));
        assert!(!verify_now(
            b"correct horse",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ"
        ));
    }

    #[tokio::test]
    async fn more_hashes_than_threads_all_complete() {
        let hasher = PasswordHasher::new(1, WAIT).unwrap();
        let hash = hasher.hash("queued".to_owned()).await.unwrap();
        let check = |password: &str| hasher.verify(password.to_owned(), Some(hash.clone()));
        let results = tokio::join!(
            check("queued"),
            check("other"),
            check("queued"),
            check("other")
        );
        assert_eq!(
            [results.0, results.1, results.2, results.3].map(Result::unwrap),
            [true, false, true, false]
        );
    }

    #[tokio::test]
    async fn hashes_beyond_the_allowed_wait_are_refused_at_once_and_the_rest_answered() {
        let hasher = PasswordHasher::new(1, Duration::from_millis(1)).unwrap();
        let hash = hasher.hash("queued".to_owned()).await.unwrap();
        let check = |password: &str| hasher.verify(password.to_owned(), Some(hash.clone()));
        // The first takes the free thread; the others would wait a whole hash for it.
        let (first, second, third) = tokio::join!(check("queued"), check("queued"), check("other"));
        assert!(first.unwrap());
        for refused in [second, third] {
            let Err(HashingError::Busy { retry_after }) = refused else {
                panic!("admitted beyond the wait: {refused:?}");
            };
            assert_eq!(retry_after, Duration::from_secs(1));
        }
        // Once the thread is free, the next is admitted.
        assert!(!hasher.verify("other".to_owned(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn no_stored_hash_never_verifies() {
        let hasher = PasswordHasher::new(1, WAIT).unwrap();
        assert!(!hasher.verify("anything".to_owned(), None).await.unwrap());
        assert!(
            !hasher
                .verify("anything".to_owned(), Some(String::new()))
                .await
                .unwrap()
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn hashes_run_below_the_normal_priority() {
        let hasher = PasswordHasher::new(1, WAIT).unwrap();
        let nice = hasher
            .run(|| rustix::process::getpriority_process(None))
            .await
            .unwrap()
            .unwrap();
        // Relative to the caller's (the test may itself run under `nice`), which stays.
        let own = rustix::process::getpriority_process(None).unwrap();
        assert_eq!(nice, hashing_priority(own));
        if own < LOWEST_PRIORITY {
            assert!(nice > own, "hashing at {nice}, the rest at {own}");
        }
    }

    #[test]
    fn the_hashing_priority_is_relative_and_bounded() {
        assert_eq!(hashing_priority(0), 10);
        assert_eq!(hashing_priority(5), 15);
        assert_eq!(hashing_priority(10), 19);
        assert_eq!(hashing_priority(19), 19);
        assert_eq!(hashing_priority(-5), 5);
    }
}
