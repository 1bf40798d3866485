//! A prefix of its own in a bucket of a real S3-compatible server, for the tests of the S3
//! document store: the server at `TEST_S3_URL` (CI starts moto's; MinIO does as well),
//! bucket `TEST_S3_BUCKET` (default `paspor-test`, created if missing). Where no server
//! answers, a test says SKIPPED loudly; `REQUIRE_S3=1` makes it fail instead.

use std::io::Write as _;

use futures::TryStreamExt as _;
use object_store::ObjectStore as _;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use paspor_api::Config;
use paspor_api::config::S3Settings;

/// The S3-compatible server used when `TEST_S3_URL` is unset.
const DEFAULT_S3: &str = "http://127.0.0.1:9000";
const DEFAULT_BUCKET: &str = "paspor-test";
/// Credentials of the test server (moto takes any; a MinIO started for tests uses these).
const ACCESS_KEY_ID: &str = "paspor-test";
const SECRET_ACCESS_KEY: &str = "paspor-test-secret";

/// A prefix in the test bucket that only one test uses.
pub struct TestBucket {
    endpoint: String,
    bucket: String,
    prefix: String,
    client: AmazonS3,
}

impl TestBucket {
    /// A fresh prefix in the test bucket, or `None` (after saying SKIPPED) when no
    /// S3-compatible server answers and `REQUIRE_S3` is not set.
    pub async fn new(test: &str) -> Option<TestBucket> {
        let endpoint = std::env::var("TEST_S3_URL").unwrap_or_else(|_| DEFAULT_S3.to_owned());
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let bucket = std::env::var("TEST_S3_BUCKET").unwrap_or_else(|_| DEFAULT_BUCKET.to_owned());
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("an HTTP client");
        // Creating the bucket tells whether a server answers; one that exists already is
        // refused (409) or accepted again (200), both fine.
        match http.put(format!("{endpoint}/{bucket}")).send().await {
            Ok(_) => {}
            Err(error) => {
                let required = std::env::var("REQUIRE_S3").is_ok_and(|v| v == "1");
                assert!(
                    !required,
                    "REQUIRE_S3=1 but no S3-compatible server answers at {endpoint}: {error}"
                );
                // Written to stderr directly: libtest would swallow `eprintln!` of a passing test.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** SKIPPED {test}: no S3-compatible server answers at {endpoint} ({error}). \
                     Set TEST_S3_URL (e.g. `moto_server -p 9000`), or REQUIRE_S3=1 to fail instead. ***"
                );
                return None;
            }
        }
        let client = AmazonS3Builder::new()
            .with_bucket_name(&bucket)
            .with_region("us-east-1")
            .with_endpoint(&endpoint)
            .with_allow_http(true)
            .with_access_key_id(ACCESS_KEY_ID)
            .with_secret_access_key(SECRET_ACCESS_KEY)
            .build()
            .expect("an S3 client for the test bucket");
        Some(TestBucket {
            endpoint,
            bucket,
            prefix: format!("test-{}", uuid::Uuid::new_v4().simple()),
            client,
        })
    }

    /// Points `config` at this prefix of the bucket.
    pub fn configure(&self, config: &mut Config) {
        config.documents.s3 = Some(S3Settings {
            bucket: self.bucket.clone(),
            prefix: self.prefix.clone(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            access_key_id: Some(ACCESS_KEY_ID.into()),
            secret_access_key: Some(SECRET_ACCESS_KEY.into()),
            path_style: true,
        });
    }

    /// The names of the objects under this prefix (without it), sorted.
    pub async fn names(&self) -> Vec<String> {
        let prefix = Path::from(self.prefix.as_str());
        let mut names: Vec<String> = self
            .client
            .list(Some(&prefix))
            .map_ok(|meta| meta.location.filename().unwrap_or_default().to_owned())
            .try_collect()
            .await
            .expect("the test bucket lists");
        names.sort();
        names
    }

    /// The object `name` as the bucket holds it, read straight from the S3 server.
    pub async fn object(&self, name: &str) -> Vec<u8> {
        let path = Path::from(format!("{}/{name}", self.prefix));
        self.client
            .get(&path)
            .await
            .expect("the object is in the bucket")
            .bytes()
            .await
            .expect("the object reads")
            .to_vec()
    }
}
