//! The folder backend of the document store: a file per object, written atomically (a
//! temporary file in the same folder, flushed to disk, then renamed), so that a name either
//! does not exist or holds the complete object, whatever crashes when.
//!
//! Every function here blocks: the store calls them on tokio's blocking pool.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::{DocumentStoreError, StorageError, check_name};

/// The folder objects are kept in.
#[derive(Debug, Clone)]
pub(super) struct Folder {
    dir: PathBuf,
}

impl Folder {
    pub(super) fn new(dir: PathBuf) -> Folder {
        Folder { dir }
    }

    pub(super) fn describe(&self) -> String {
        format!("folder {}", self.dir.display())
    }

    /// Writes `object` whole under `key`: a new name, or (`replacing`) one that holds the
    /// same document, re-encrypted.
    pub(super) fn put(
        &self,
        key: &str,
        object: &[u8],
        replacing: bool,
    ) -> Result<(), DocumentStoreError> {
        check_name(key)?;
        Ok(write_atomically(&self.dir, key, object, replacing)?)
    }

    /// The object named `key`.
    pub(super) fn get(&self, key: &str) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path_of(key)?;
        match fs::read(&path) {
            Ok(content) => Ok(content),
            // A row names it, so it was written whole: gone since is not a passing failure.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                Err(DocumentStoreError::Internal(anyhow::anyhow!(
                    "document file {} is missing",
                    path.display()
                )))
            }
            Err(error) => Err(failed("reading", &path)(error).into()),
        }
    }

    /// Copies the object `from` to the new name `to`.
    pub(super) fn copy(&self, from: &str, to: &str) -> Result<(), DocumentStoreError> {
        let source = self.path_of(from)?;
        let content = fs::read(&source).map_err(failed("reading", &source))?;
        self.put(to, &content, false)
    }

    /// Deletes the object named `key`; one already gone counts as deleted.
    pub(super) fn delete(&self, key: &str) -> Result<(), DocumentStoreError> {
        let path = self.path_of(key)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(failed("deleting", &path)(error).into()),
        }
    }

    /// Removes the objects named; one already gone is no failure, others are logged.
    pub(super) fn remove(&self, keys: &[String]) {
        for path in keys.iter().filter_map(|key| self.path_of(key).ok()) {
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
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, DocumentStoreError> {
        check_name(key)?;
        Ok(self.dir.join(key))
    }
}

/// The failure of `what` on `path`, for `map_err`.
fn failed<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StorageError + 'a {
    move |source| StorageError::new(what, path.display().to_string(), source)
}

/// Writes `content` to `dir/key` so that the name appears only with the whole content
/// durably on disk; on failure no temporary file is left behind, nor the name unless it
/// was there before (`replacing`: then it holds the old content or the new, whole).
fn write_atomically(
    dir: &Path,
    key: &str,
    content: &[u8],
    replacing: bool,
) -> Result<(), StorageError> {
    create_folder(dir).map_err(failed("creating the folder", dir))?;
    let temporary = dir.join(format!(".{key}.{}.partial", uuid::Uuid::new_v4().simple()));
    let target = dir.join(key);
    let written = write_then_rename(dir, &temporary, &target, content);
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
        if !replacing {
            let _ = fs::remove_file(&target);
        }
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
        write_atomically(&folder, "a.pdf", b"%PDF-1.7", false).unwrap();
        // Replaced whole, as re-encryption does.
        write_atomically(&folder, "a.pdf", b"%PDF-1.7 again", true).unwrap();
        assert_eq!(fs::read(folder.join("a.pdf")).unwrap(), b"%PDF-1.7 again");
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
        let error =
            write_atomically(&file.join("documents"), "a.pdf", b"%PDF-1.7", false).unwrap_err();
        assert!(!error.is_full(), "{error}");
        assert!(error.to_string().contains("creating the folder"), "{error}");
    }

    #[test]
    fn only_names_the_store_makes_are_opened() {
        let store = Folder::new(PathBuf::from("/srv/documents"));
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
