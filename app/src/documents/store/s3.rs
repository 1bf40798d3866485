//! The S3-compatible backend of the document store (AWS S3, MinIO, Ceph, ...), through the
//! `object_store` crate: an object per document in one bucket that every api process on
//! every machine shares.
//!
//! Its requests run on a small runtime of their own, so that they are served the same way
//! from an HTTP worker, from the blocking pool (a restart copies documents inside its
//! transaction) and from the command line.

use std::future::Future;
use std::io;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore as _, PutPayload, RetryConfig};
use secrecy::ExposeSecret as _;

use super::{DocumentStoreError, StorageError, check_name};
use crate::config::S3Settings;

/// A bucket (and a prefix in it) documents are kept in.
#[derive(Debug, Clone)]
pub(super) struct Bucket {
    store: Arc<AmazonS3>,
    bucket: String,
    prefix: String,
}

/// How long one request to the bucket may take, and how long to wait for a connection:
/// a request of a person's must not hang on a store that stopped answering.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl Bucket {
    pub(super) fn new(settings: &S3Settings) -> anyhow::Result<Bucket> {
        // From the environment first (AWS_* variables, web identity, instance metadata),
        // so that where no key is configured the platform's credentials are used.
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_virtual_hosted_style_request(!settings.path_style)
            .with_client_options(
                ClientOptions::new()
                    .with_timeout(REQUEST_TIMEOUT)
                    .with_connect_timeout(CONNECT_TIMEOUT),
            )
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &settings.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(id) = &settings.access_key_id {
            builder = builder.with_access_key_id(id.expose_secret());
        }
        if let Some(secret) = &settings.secret_access_key {
            builder = builder.with_secret_access_key(secret.expose_secret());
        }
        runtime()?;
        Ok(Bucket {
            store: Arc::new(builder.build()?),
            bucket: settings.bucket.clone(),
            prefix: settings.prefix.clone(),
        })
    }

    pub(super) fn describe(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    fn path(&self, key: &str) -> Result<Path, DocumentStoreError> {
        check_name(key)?;
        Ok(if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        })
    }

    fn failed(&self, what: &'static str, path: &Path, error: object_store::Error) -> StorageError {
        StorageError::new(
            what,
            format!("s3://{}/{path}", self.bucket),
            io::Error::other(error),
        )
    }

    /// Writes `object` whole under `key` (S3 makes a new version appear at once, whole).
    pub(super) async fn put(&self, key: &str, object: Vec<u8>) -> Result<(), DocumentStoreError> {
        let path = self.path(key)?;
        let this = self.clone();
        on_runtime(async move {
            this.store
                .put(&path, PutPayload::from(object))
                .await
                .map(|_| ())
                .map_err(|error| this.failed("writing", &path, error).into())
        })
        .await
    }

    /// The object named `key`.
    pub(super) async fn get(&self, key: &str) -> Result<Vec<u8>, DocumentStoreError> {
        let path = self.path(key)?;
        let this = self.clone();
        on_runtime(async move {
            let read = async { this.store.get(&path).await?.bytes().await };
            match read.await {
                Ok(bytes) => Ok(bytes.to_vec()),
                // A row names it, so it was written whole: gone since is not a passing failure.
                Err(object_store::Error::NotFound { .. }) => Err(DocumentStoreError::Internal(
                    anyhow::anyhow!("document object {} is missing", this.describe_path(&path)),
                )),
                Err(error) => Err(this.failed("reading", &path, error).into()),
            }
        })
        .await
    }

    /// Copies `from` to the new name `to` inside the bucket, on the calling (blocking) thread.
    pub(super) fn copy_blocking(&self, from: &str, to: &str) -> Result<(), DocumentStoreError> {
        let (from, to) = (self.path(from)?, self.path(to)?);
        let this = self.clone();
        block_on_runtime(async move {
            this.store
                .copy(&from, &to)
                .await
                .map_err(|error| this.failed("copying", &from, error).into())
        })
    }

    /// Deletes the object named `key`; one already gone counts as deleted.
    pub(super) async fn delete(&self, key: &str) -> Result<(), DocumentStoreError> {
        let path = self.path(key)?;
        let this = self.clone();
        on_runtime(async move {
            match this.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(error) => Err(this.failed("deleting", &path, error).into()),
            }
        })
        .await
    }

    /// Removes the objects named; failures are logged.
    pub(super) async fn remove(&self, keys: Vec<String>) {
        let this = self.clone();
        let removed = on_runtime(async move {
            for key in keys {
                let Ok(path) = this.path(&key) else { continue };
                match this.store.delete(&path).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(error) => tracing::warn!(
                        object = this.describe_path(&path),
                        %error,
                        "a document object that no row names could not be removed"
                    ),
                }
            }
            Ok(())
        })
        .await;
        if let Err(error) = removed {
            tracing::warn!(%error, "document objects that no row names were not removed");
        }
    }

    fn describe_path(&self, path: &Path) -> String {
        format!("s3://{}/{path}", self.bucket)
    }
}

/// The runtime the bucket's requests run on: one per process, never dropped (a runtime
/// cannot be dropped from async code, where the last handle to a store may go).
static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();

fn runtime() -> anyhow::Result<&'static tokio::runtime::Runtime> {
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    let built = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("paspor-s3")
        .enable_all()
        .build()?;
    // Two stores made at once: one runtime is kept, the other dropped here, unused.
    let _ = RUNTIME.set(built);
    RUNTIME
        .get()
        .ok_or_else(|| anyhow::anyhow!("the S3 runtime could not be kept"))
}

/// Runs `work` on the bucket's runtime and waits for it from any async context.
async fn on_runtime<T: Send + 'static>(
    work: impl Future<Output = Result<T, DocumentStoreError>> + Send + 'static,
) -> Result<T, DocumentStoreError> {
    runtime()?.spawn(work).await.map_err(|lost| {
        DocumentStoreError::Internal(anyhow::anyhow!("an S3 request was lost: {lost}"))
    })?
}

/// Runs `work` on the bucket's runtime and waits for it on this (blocking) thread.
fn block_on_runtime<T: Send + 'static>(
    work: impl Future<Output = Result<T, DocumentStoreError>> + Send + 'static,
) -> Result<T, DocumentStoreError> {
    let (answer, answered) = std::sync::mpsc::sync_channel(1);
    runtime()?.spawn(async move {
        let _ = answer.send(work.await);
    });
    answered.recv().map_err(|lost| {
        DocumentStoreError::Internal(anyhow::anyhow!("an S3 request was lost: {lost}"))
    })?
}
