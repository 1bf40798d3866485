//! The document store: a folder of files named by the server. Each file is written
//! atomically (a temporary file in the same folder, flushed to disk, then renamed), so that
//! a name either does not exist or holds the complete content, whatever crashes when.
//!
//! File I/O and hashing run on tokio's blocking pool, never on an async worker.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use paspor_domain::MediaType;
use paspor_persistence::new_id;
use sha2::{Digest as _, Sha256};

/// Why the document store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum DocumentStoreError {
    /// A file operation failed.
    #[error(transparent)]
    File(#[from] StorageError),
    /// What should never happen: a file a row names is missing, a stored name is not one
    /// the store makes, or the blocking task was lost.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A file operation of the document store that failed.
#[derive(Debug, thiserror::Error)]
#[error("{what} {}: {source}", path.display())]
pub struct StorageError {
    what: &'static str,
    path: PathBuf,
    #[source]
    source: io::Error,
}

impl StorageError {
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
    pub(super) fn of_kind(kind: io::ErrorKind) -> StorageError {
        StorageError {
            what: "writing",
            path: PathBuf::from("/srv/documents/x.pdf"),
            source: io::Error::from(kind),
        }
    }
}

/// The failure of `what` on `path`, for `map_err`.
fn failed<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StorageError + 'a {
    move |source| StorageError {
        what,
        path: path.to_owned(),
        source,
    }
}

/// A file written to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Its name in the store.
    pub key: String,
    /// The SHA-256 of its content, lowercase hex.
    pub sha256: String,
    /// Its length in bytes.
    pub size: u64,
}

/// The folder documents are kept in.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    dir: Arc<PathBuf>,
}

impl DocumentStore {
    /// The store in `dir`, created at the first write.
    pub fn new(dir: PathBuf) -> DocumentStore {
        DocumentStore { dir: Arc::new(dir) }
    }

    /// Writes `content` whole under a new name (never one a client chose).
    pub async fn save(
        &self,
        content: bytes::Bytes,
        media_type: MediaType,
    ) -> Result<Saved, DocumentStoreError> {
        let dir = Arc::clone(&self.dir);
        blocking(move || {
            let key = format!("{}.{}", new_id(), media_type.extension());
            write_atomically(&dir, &key, &content)?;
            Ok(Saved {
                key,
                sha256: hex::encode(Sha256::digest(&content)),
                size: content.len() as u64,
            })
        })
        .await
    }

    /// The content of the file named `key`.
    pub async fn read(&self, key: String) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path_of(&key)?;
        blocking(move || match fs::read(&path) {
            Ok(content) => Ok(content),
            // A row names it, so it was written whole: gone since is not a passing failure.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                Err(DocumentStoreError::Internal(anyhow::anyhow!(
                    "document file {} is missing",
                    path.display()
                )))
            }
            Err(error) => Err(failed("reading", &path)(error).into()),
        })
        .await
    }

    /// Removes files that no row names any more. A failure is logged, not answered: the
    /// database already says what the documents are, and a stray file is never served.
    pub async fn discard(&self, keys: Vec<String>) {
        if keys.is_empty() {
            return;
        }
        let paths: Vec<PathBuf> = keys
            .iter()
            .filter_map(|key| self.path_of(key).ok())
            .collect();
        let removed = tokio::task::spawn_blocking(move || {
            for path in paths {
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    Err(error) => tracing::warn!(
                        path = %path.display(),
                        %error,
                        "a document file that no row names could not be removed"
                    ),
                }
            }
        })
        .await;
        if let Err(error) = removed {
            tracing::warn!(%error, "document files that no row names were not removed");
        }
    }

    /// Deletes the file named `key`; one already gone counts as deleted. Erasure records
    /// the deletion before calling this and forgets it only once this succeeded.
    pub async fn delete(&self, key: String) -> Result<(), DocumentStoreError> {
        let path = self.path_of(&key)?;
        blocking(move || match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(failed("deleting", &path)(error).into()),
        })
        .await
    }

    /// Copies the file named `key` under a new name, on the calling thread (a blocking
    /// one: a restarted application's documents are copied inside its transaction), so
    /// that the two applications never share a file and deleting one leaves the other.
    pub fn copy_blocking(&self, key: &str) -> Result<String, DocumentStoreError> {
        let source = self.path_of(key)?;
        let content = fs::read(&source).map_err(failed("reading", &source))?;
        let extension = key
            .rsplit_once('.')
            .map_or("bin", |(_, extension)| extension);
        let copy = format!("{}.{extension}", new_id());
        write_atomically(&self.dir, &copy, &content)?;
        Ok(copy)
    }

    /// The path of a stored name. Names come from the database, which only ever holds names
    /// this store made; refusing anything else keeps a corrupted row from reaching outside
    /// the folder.
    fn path_of(&self, key: &str) -> Result<PathBuf, DocumentStoreError> {
        let plain = !key.is_empty()
            && !key.starts_with('.')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if plain {
            Ok(self.dir.join(key))
        } else {
            Err(DocumentStoreError::Internal(anyhow::anyhow!(
                "stored document name {key:?} is not one the store makes"
            )))
        }
    }
}

/// Runs file work on the blocking pool.
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

/// Writes `content` to `dir/key` so that the name appears only with the whole content
/// durably on disk; on failure neither the name nor a temporary file is left behind.
fn write_atomically(dir: &Path, key: &str, content: &[u8]) -> Result<(), StorageError> {
    create_folder(dir).map_err(failed("creating the folder", dir))?;
    let temporary = dir.join(format!(".{key}.partial"));
    let target = dir.join(key);
    let written = write_then_rename(dir, &temporary, &target, content);
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
        let _ = fs::remove_file(&target);
    }
    written
}

fn write_then_rename(
    dir: &Path,
    temporary: &Path,
    target: &Path,
    content: &[u8],
) -> Result<(), StorageError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    // Identity documents: readable by the service's own user only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(temporary)
        .map_err(failed("creating", temporary))?;
    file.write_all(content)
        .map_err(failed("writing", temporary))?;
    // On disk before the name appears, or a crash could leave the name on a short file.
    file.sync_all().map_err(failed("flushing", temporary))?;
    drop(file);
    fs::rename(temporary, target).map_err(failed("renaming", temporary))?;
    // The new name itself is durable only once the folder is flushed.
    File::open(dir)
        .and_then(|folder| folder.sync_all())
        .map_err(failed("flushing the folder", dir))
}

fn create_folder(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("documents");
        write_atomically(&folder, "a.pdf", b"%PDF-1.7").unwrap();
        assert_eq!(fs::read(folder.join("a.pdf")).unwrap(), b"%PDF-1.7");
        let names: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.pdf"]);
    }

    #[test]
    fn an_unusable_folder_fails_as_a_passing_failure_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        fs::write(&file, b"not a folder").unwrap();
        let error = write_atomically(&file.join("documents"), "a.pdf", b"%PDF-1.7").unwrap_err();
        assert!(!error.is_full(), "{error}");
        assert!(error.to_string().contains("creating the folder"), "{error}");
    }

    #[test]
    fn only_names_the_store_makes_are_opened() {
        let store = DocumentStore::new(PathBuf::from("/srv/documents"));
        assert!(
            store
                .path_of("0193a000-0000-7000-8000-000000000001.pdf")
                .is_ok()
        );
        for bad in [
            "",
            "../etc/passwd",
            "/etc/passwd",
            ".hidden",
            "a/b.pdf",
            "a\\b",
        ] {
            assert!(store.path_of(bad).is_err(), "{bad}");
        }
    }
}
