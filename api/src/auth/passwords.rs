//! Password hashing with argon2id at OWASP's minimum (m=19 MiB, t=2, p=1), off the async
//! workers and behind a bound.
//!
//! Hashing is slow on purpose. Each hash runs on the blocking pool, and a semaphore with
//! one slot per core admits them, so a storm of logins queues for the slots instead of
//! taking every thread the database calls also need.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Hashes and verifies passwords, a bounded number at a time.
#[derive(Clone)]
pub struct PasswordHasher {
    slots: Arc<Semaphore>,
    /// A hash of a random password: unknown emails are verified against it, so that they
    /// take as long as known ones and answer alike.
    dummy_hash: Arc<str>,
}

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, PASSES, LANES, None).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &[u8]) -> anyhow::Result<String> {
    argon2()
        .hash_password(password)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("argon2 failed: {error}"))
}

impl PasswordHasher {
    /// A hasher admitting `slots` hashes at once.
    pub fn new(slots: usize) -> anyhow::Result<PasswordHasher> {
        let dummy = super::new_refresh_token();
        Ok(PasswordHasher {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            dummy_hash: hash_now(dummy.as_bytes())?.into(),
        })
    }

    /// The PHC string of `password`, on the calling thread: for the command line.
    pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
        hash_now(password.as_bytes())
    }

    /// The PHC string of `password`, with a fresh salt.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _slot = self.slots.acquire().await?;
        actix_web::web::block(move || hash_now(password.as_bytes())).await?
    }

    /// Whether `password` matches `stored`. With no stored hash (unknown account) the
    /// dummy is checked instead and the answer is false, after the same work.
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        let known = stored.as_deref().is_some_and(|hash| !hash.is_empty());
        let hash = match stored {
            Some(hash) if known => hash,
            _ => self.dummy_hash.to_string(),
        };
        let _slot = self.slots.acquire().await?;
        let matches = actix_web::web::block(move || {
            argon2()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok()
        })
        .await?;
        Ok(known && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hasher = PasswordHasher::new(2).unwrap();
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

    #[actix_web::test]
    async fn no_stored_hash_never_verifies() {
        let hasher = PasswordHasher::new(1).unwrap();
        assert!(!hasher.verify("anything".to_owned(), None).await.unwrap());
        assert!(
            !hasher
                .verify("anything".to_owned(), Some(String::new()))
                .await
                .unwrap()
        );
    }
}
