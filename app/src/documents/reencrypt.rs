//! Re-encryption of every stored document under the current key (the first of
//! `PASPOR_DOCUMENT_KEYS`): the middle step of a key rotation, and how documents stored
//! before encryption are encrypted. `paspor reencrypt-documents` runs it.
//!
//! It walks the recorded documents in name order, a batch at a time, and leaves alone
//! those already under the current key, so it is safe to stop, re-run, and run beside
//! serving processes (each document keeps its content throughout, readable with either
//! key while both are configured) or in several processes at once.

use paspor_persistence::{DbPool, documents};

use super::store::{DocumentStore, Reencrypted};

/// How many names are read from the database at a time.
const BATCH: i64 = 200;

/// How far re-encryption has gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReencryptionProgress {
    /// Documents looked at so far.
    pub done: u64,
    /// Documents recorded when it started.
    pub total: u64,
    /// Of those looked at, written again under the current key.
    pub rewritten: u64,
    /// Of those looked at, already under it.
    pub current: u64,
    /// Of those looked at, deleted meanwhile (their rewritten object removed again).
    pub gone: u64,
}

/// Re-encrypts every recorded document under the current key, calling `progress` after
/// each; stops at the first failure (a re-run picks up where it matters).
pub fn reencrypt_all(
    pool: &DbPool,
    store: &DocumentStore,
    runtime: &tokio::runtime::Runtime,
    mut progress: impl FnMut(&ReencryptionProgress),
) -> anyhow::Result<ReencryptionProgress> {
    let mut conn = pool.get()?;
    let mut seen = ReencryptionProgress {
        total: u64::try_from(documents::count_all(&mut conn)?).unwrap_or(0),
        ..ReencryptionProgress::default()
    };
    let mut after: Option<String> = None;
    loop {
        let batch = documents::storage_keys_after(&mut conn, after.as_deref(), BATCH)?;
        let Some(last) = batch.last().cloned() else {
            break;
        };
        for key in batch {
            match runtime.block_on(store.reencrypt(key.clone())) {
                Ok(Reencrypted::AlreadyCurrent) => seen.current += 1,
                Ok(Reencrypted::Rewritten) => {
                    // Deleted while it was rewritten: the rewrite brought its object back.
                    if documents::names(&mut conn, &key)? {
                        seen.rewritten += 1;
                    } else {
                        runtime.block_on(store.discard(vec![key]));
                        seen.gone += 1;
                    }
                }
                // Deleted before it was read (its object removed with its row).
                Err(_) if !documents::names(&mut conn, &key)? => seen.gone += 1,
                Err(error) => {
                    return Err(anyhow::Error::new(error).context(format!("document {key}")));
                }
            }
            seen.done += 1;
            progress(&seen);
        }
        after = Some(last);
    }
    Ok(seen)
}
