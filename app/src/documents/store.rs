//! The document store: where uploaded documents are kept, encrypted at rest. Two backends
//! behind one type, chosen by configuration: a folder (the embedded default,
//! `PASPOR_STORAGE_DIR`) or an S3-compatible bucket (`PASPOR_STORAGE_URL=s3://...`) that
//! every api process on every machine shares. Either way each object is the document
//! sealed by [`DocumentKeys`] (see `cipher.rs`), under a name the server makes.
//!
//! File I/O, hashing and encryption run on tokio's blocking pool, never on an async worker.

mod folder;
mod s3;

use std::io;
use std::sync::Arc;

use paspor_domain::MediaType;
use paspor_persistence::new_id;
use sha2::{Digest as _, Sha256};

use super::cipher::{DocumentKeys, Sealed};
use crate::config::DocumentSettings;
use folder::Folder;
use s3::Bucket;

/// Why the document store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum DocumentStoreError {
    /// A file or bucket operation failed.
    #[error(transparent)]
    File(#[from] StorageError),
    /// What should never happen: an object a row names is missing or cannot be decrypted
    /// (tampered with, or under a key no longer configured), a stored name is not one the
    /// store makes, or the blocking task was lost.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A file or bucket operation of the document store that failed.
#[derive(Debug, thiserror::Error)]
#[error("{what} {place}: {source}")]
pub struct StorageError {
    what: &'static str,
    place: String,
    #[source]
    source: io::Error,
}

impl StorageError {
    fn new(what: &'static str, place: String, source: io::Error) -> StorageError {
        StorageError {
            what,
            place,
            source,
        }
    }

    /// Whether it failed for want of space (a full disk or an exhausted quota), which only
    /// an operator can cure, rather than for a passing reason.
    pub fn is_full(&self) -> bool {
        matches!(
            self.source.kind(),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
        )
    }

    /// A failure of this kind, for the tests of how failures are answered.
    #[cfg(test)]
    pub(in crate::documents) fn of_kind(kind: io::ErrorKind) -> StorageError {
        StorageError::new(
            "writing",
            "/srv/documents/x.pdf".to_owned(),
            io::Error::from(kind),
        )
    }
}

/// A document written to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Its name in the store.
    pub key: String,
    /// The SHA-256 of its content (as uploaded, not as stored), lowercase hex.
    pub sha256: String,
    /// The length of its content in bytes.
    pub size: u64,
}

/// What re-encrypting one stored document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reencrypted {
    /// It was already under the current key: left alone.
    AlreadyCurrent,
    /// It was under an older key, or stored before encryption: written again under the
    /// current key.
    Rewritten,
}

#[derive(Debug, Clone)]
enum Backend {
    Folder(Folder),
    Bucket(Bucket),
}

/// Where documents are kept, and the keys they are sealed with.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    backend: Backend,
    keys: Arc<DocumentKeys>,
}

impl DocumentStore {
    /// The store in the folder `dir` (created at the first write), sealing with `keys`.
    pub fn folder(dir: std::path::PathBuf, keys: DocumentKeys) -> DocumentStore {
        DocumentStore {
            backend: Backend::Folder(Folder::new(dir)),
            keys: Arc::new(keys),
        }
    }

    /// The store the settings choose: their bucket if they name one, else the folder
    /// `dir`.
    pub fn configured(
        dir: std::path::PathBuf,
        settings: &DocumentSettings,
    ) -> anyhow::Result<DocumentStore> {
        let backend = match &settings.s3 {
            Some(s3) => Backend::Bucket(Bucket::new(s3)?),
            None => Backend::Folder(Folder::new(dir)),
        };
        Ok(DocumentStore {
            backend,
            keys: Arc::new(settings.keys.clone()),
        })
    }

    /// Where documents go and which key seals them, for the log at start.
    pub fn describe(&self) -> String {
        let place = match &self.backend {
            Backend::Folder(folder) => folder.describe(),
            Backend::Bucket(bucket) => bucket.describe(),
        };
        format!("{place}, sealed with key {:?}", self.keys.current().id())
    }

    /// Writes `content` whole, sealed, under a new name (never one a client chose).
    pub async fn save(
        &self,
        content: bytes::Bytes,
        media_type: MediaType,
    ) -> Result<Saved, DocumentStoreError> {
        let key = format!("{}.{}", new_id(), media_type.extension());
        let size = content.len() as u64;
        let keys = Arc::clone(&self.keys);
        let (sealed, sha256) =
            blocking(move || Ok((keys.seal(&content), hex::encode(Sha256::digest(&content)))))
                .await?;
        self.put(key.clone(), sealed, false).await?;
        Ok(Saved { key, sha256, size })
    }

    /// The content of the document named `key`, opened.
    pub async fn read(&self, key: String) -> Result<Vec<u8>, DocumentStoreError> {
        let stored = self.get(key.clone()).await?;
        let keys = Arc::clone(&self.keys);
        blocking(move || {
            keys.open(&stored).map_err(|error| {
                DocumentStoreError::Internal(anyhow::anyhow!("document {key}: {error}"))
            })
        })
        .await
    }

    /// Seals the document named `key` under the current key unless it already is: what
    /// rotating keys (and encrypting documents stored before encryption) needs. Safe to
    /// repeat and to run beside the server: the name keeps the same content throughout,
    /// readable with either key while both are configured.
    pub async fn reencrypt(&self, key: String) -> Result<Reencrypted, DocumentStoreError> {
        let stored = self.get(key.clone()).await?;
        let keys = Arc::clone(&self.keys);
        let name = key.clone();
        let resealed = blocking(move || {
            let current = match DocumentKeys::inspect(&stored) {
                Ok(Sealed::Under(id)) => id == keys.current().id(),
                Ok(Sealed::Plain) => false,
                Err(error) => {
                    return Err(anyhow::anyhow!("document {name}: {error}").into());
                }
            };
            if current {
                return Ok(None);
            }
            let content = keys
                .open(&stored)
                .map_err(|error| anyhow::anyhow!("document {name}: {error}"))?;
            Ok(Some(keys.seal(&content)))
        })
        .await?;
        match resealed {
            None => Ok(Reencrypted::AlreadyCurrent),
            Some(sealed) => {
                self.put(key, sealed, true).await?;
                Ok(Reencrypted::Rewritten)
            }
        }
    }

    /// Removes documents that no row names any more. A failure is logged, not answered:
    /// the database already says what the documents are, and a stray object is never
    /// served.
    pub async fn discard(&self, keys: Vec<String>) {
        if keys.is_empty() {
            return;
        }
        match &self.backend {
            Backend::Folder(folder) => {
                let folder = folder.clone();
                let removed = tokio::task::spawn_blocking(move || folder.remove(&keys)).await;
                if let Err(error) = removed {
                    tracing::warn!(%error, "document files that no row names were not removed");
                }
            }
            Backend::Bucket(bucket) => bucket.remove(keys).await,
        }
    }

    /// Deletes the document named `key`; one already gone counts as deleted. Erasure records
    /// the deletion before calling this and forgets it only once this succeeded.
    pub async fn delete(&self, key: String) -> Result<(), DocumentStoreError> {
        match &self.backend {
            Backend::Folder(folder) => {
                let folder = folder.clone();
                blocking(move || folder.delete(&key)).await
            }
            Backend::Bucket(bucket) => bucket.delete(&key).await,
        }
    }

    /// Copies the document named `key` under a new name, on the calling thread (a blocking
    /// one: a restarted application's documents are copied inside its transaction), so
    /// that the two applications never share an object and deleting one leaves the other.
    /// The copy is the sealed object as it is: the same content under the same key.
    pub fn copy_blocking(&self, key: &str) -> Result<String, DocumentStoreError> {
        let extension = key
            .rsplit_once('.')
            .map_or("bin", |(_, extension)| extension);
        let copy = format!("{}.{extension}", new_id());
        match &self.backend {
            Backend::Folder(folder) => folder.copy(key, &copy)?,
            Backend::Bucket(bucket) => bucket.copy_blocking(key, &copy)?,
        }
        Ok(copy)
    }

    async fn put(
        &self,
        key: String,
        object: Vec<u8>,
        replacing: bool,
    ) -> Result<(), DocumentStoreError> {
        match &self.backend {
            Backend::Folder(folder) => {
                let folder = folder.clone();
                blocking(move || folder.put(&key, &object, replacing)).await
            }
            Backend::Bucket(bucket) => bucket.put(&key, object).await,
        }
    }

    async fn get(&self, key: String) -> Result<Vec<u8>, DocumentStoreError> {
        match &self.backend {
            Backend::Folder(folder) => {
                let folder = folder.clone();
                blocking(move || folder.get(&key)).await
            }
            Backend::Bucket(bucket) => bucket.get(&key).await,
        }
    }
}

/// Refuses a stored name the store does not make. Names come from the database, which only
/// ever holds names this store made; refusing anything else keeps a corrupted row from
/// reaching outside the folder or the prefix.
fn check_name(key: &str) -> Result<(), DocumentStoreError> {
    let plain = !key.is_empty()
        && !key.starts_with('.')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if plain {
        Ok(())
    } else {
        Err(DocumentStoreError::Internal(anyhow::anyhow!(
            "stored document name {key:?} is not one the store makes"
        )))
    }
}

/// Runs file and cipher work on the blocking pool.
async fn blocking<T, F>(work: F) -> Result<T, DocumentStoreError>
where
    F: FnOnce() -> Result<T, DocumentStoreError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|cancelled| {
            DocumentStoreError::Internal(anyhow::anyhow!("blocking task failed: {cancelled}"))
        })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentKey;

    fn keys(list: &[(&str, u8)]) -> DocumentKeys {
        DocumentKeys::new(
            list.iter()
                .map(|(id, byte)| DocumentKey::new(id, &[*byte; 32]).unwrap())
                .collect(),
        )
        .unwrap()
    }

    const PDF: &[u8] = b"%PDF-1.7\n% a birth certificate\n";

    #[tokio::test]
    async fn documents_are_sealed_on_disk_and_rotated_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let old = DocumentStore::folder(dir.path().to_owned(), keys(&[("a", 1)]));
        let saved = old
            .save(bytes::Bytes::from_static(PDF), MediaType::Pdf)
            .await
            .unwrap();
        assert_eq!(saved.size, PDF.len() as u64);
        assert_eq!(saved.sha256, hex::encode(Sha256::digest(PDF)));
        let on_disk = std::fs::read(dir.path().join(&saved.key)).unwrap();
        assert!(!on_disk.windows(PDF.len()).any(|w| w == PDF));

        let both = DocumentStore::folder(dir.path().to_owned(), keys(&[("b", 2), ("a", 1)]));
        assert_eq!(both.read(saved.key.clone()).await.unwrap(), PDF);
        assert_eq!(
            both.reencrypt(saved.key.clone()).await.unwrap(),
            Reencrypted::Rewritten
        );
        assert_eq!(
            both.reencrypt(saved.key.clone()).await.unwrap(),
            Reencrypted::AlreadyCurrent
        );
        let new = DocumentStore::folder(dir.path().to_owned(), keys(&[("b", 2)]));
        assert_eq!(new.read(saved.key.clone()).await.unwrap(), PDF);
        assert!(matches!(
            old.read(saved.key.clone()).await,
            Err(DocumentStoreError::Internal(_))
        ));
    }

    #[tokio::test]
    async fn a_document_stored_before_encryption_is_read_and_then_sealed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.pdf"), PDF).unwrap();
        let store = DocumentStore::folder(dir.path().to_owned(), keys(&[("a", 1)]));
        assert_eq!(store.read("old.pdf".to_owned()).await.unwrap(), PDF);
        assert_eq!(
            store.reencrypt("old.pdf".to_owned()).await.unwrap(),
            Reencrypted::Rewritten
        );
        let on_disk = std::fs::read(dir.path().join("old.pdf")).unwrap();
        assert!(on_disk.starts_with(b"PSPE"));
        assert_eq!(store.read("old.pdf".to_owned()).await.unwrap(), PDF);
    }
}
