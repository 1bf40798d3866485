//! Where and how documents are kept: [`DocumentSettings`] from `PASPOR_DOCUMENT_KEYS` (the
//! keys that encrypt them at rest) and `PASPOR_STORAGE_URL` with the `PASPOR_S3_*` settings
//! (an S3-compatible bucket instead of the folder `PASPOR_STORAGE_DIR`).
//!
//! A secret may be given as the variable itself or, with `_FILE` after its name, as the
//! path of a file holding it (as container secrets are mounted).

use base64::Engine as _;
use secrecy::{ExposeSecret as _, SecretString};

use super::Environment;
use super::parse::flag;
use crate::documents::{DocumentKey, DocumentKeys};

/// The key id of the development key, which is derived from a constant and so no secret:
/// only ever used where `PASPOR_DOCUMENT_KEYS` is unset outside production.
pub const DEVELOPMENT_KEY_ID: &str = "development";

/// The region signed for when `PASPOR_S3_REGION` is unset.
const DEFAULT_REGION: &str = "us-east-1";

/// How documents are kept.
#[derive(Debug, Clone)]
pub struct DocumentSettings {
    /// `PASPOR_DOCUMENT_KEYS`: `id:base64-of-32-bytes`, comma-separated; the first
    /// encrypts, all decrypt. Required in production; in development a fixed development
    /// key is used, with a warning at start.
    pub keys: DocumentKeys,
    /// Whether `keys` is the development key (warned about at start).
    pub development_key: bool,
    /// `PASPOR_STORAGE_URL` = `s3://bucket[/prefix]`: documents in that bucket; unset, in
    /// the folder `PASPOR_STORAGE_DIR`.
    pub s3: Option<S3Settings>,
}

/// An S3-compatible bucket (AWS S3, MinIO, Ceph, ...).
#[derive(Debug, Clone)]
pub struct S3Settings {
    /// The bucket.
    pub bucket: String,
    /// A prefix of every object's name, without slashes at its ends ("" for none).
    pub prefix: String,
    /// `PASPOR_S3_ENDPOINT`: the server's URL (`http://minio:9000`); unset, AWS itself.
    pub endpoint: Option<String>,
    /// `PASPOR_S3_REGION`: the region signed for, default `us-east-1`.
    pub region: String,
    /// `PASPOR_S3_ACCESS_KEY_ID`.
    pub access_key_id: Option<SecretString>,
    /// `PASPOR_S3_SECRET_ACCESS_KEY` (or `_FILE`).
    pub secret_access_key: Option<SecretString>,
    /// `PASPOR_S3_PATH_STYLE`: `bucket` in the path rather than the host name, default true
    /// (what MinIO and most S3-compatible servers expect).
    pub path_style: bool,
}

impl DocumentSettings {
    pub(super) fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        environment: Environment,
        problems: &mut Vec<String>,
    ) -> DocumentSettings {
        let given = secret(
            ("PASPOR_DOCUMENT_KEYS", get("PASPOR_DOCUMENT_KEYS")),
            (
                "PASPOR_DOCUMENT_KEYS_FILE",
                get("PASPOR_DOCUMENT_KEYS_FILE"),
            ),
            problems,
        );
        let (keys, development_key) = match given {
            Some(list) => match parse_keys(list.expose_secret()) {
                Ok(keys) => (keys, false),
                Err(problem) => {
                    problems.push(format!("PASPOR_DOCUMENT_KEYS: {problem}"));
                    (development_keys(), true)
                }
            },
            None if environment == Environment::Production => {
                problems.push(
                    "PASPOR_DOCUMENT_KEYS is required in production: `id:key` with a key of 32 \
                     random bytes in base64 (e.g. `k1:$(openssl rand -base64 32)`)"
                        .to_owned(),
                );
                (development_keys(), true)
            }
            None => (development_keys(), true),
        };
        let s3 = get("PASPOR_STORAGE_URL").and_then(|url| match bucket_of(url) {
            Some((bucket, prefix)) => Some(S3Settings {
                bucket,
                prefix,
                endpoint: endpoint(get("PASPOR_S3_ENDPOINT"), problems),
                region: get("PASPOR_S3_REGION").unwrap_or(DEFAULT_REGION).to_owned(),
                access_key_id: get("PASPOR_S3_ACCESS_KEY_ID").map(SecretString::from),
                secret_access_key: secret(
                    (
                        "PASPOR_S3_SECRET_ACCESS_KEY",
                        get("PASPOR_S3_SECRET_ACCESS_KEY"),
                    ),
                    (
                        "PASPOR_S3_SECRET_ACCESS_KEY_FILE",
                        get("PASPOR_S3_SECRET_ACCESS_KEY_FILE"),
                    ),
                    problems,
                ),
                path_style: flag(
                    get("PASPOR_S3_PATH_STYLE"),
                    "PASPOR_S3_PATH_STYLE",
                    true,
                    problems,
                ),
            }),
            None => {
                problems.push(format!(
                    "PASPOR_STORAGE_URL is {url:?}: it must be s3://bucket or s3://bucket/prefix \
                     (unset keeps documents in PASPOR_STORAGE_DIR)"
                ));
                None
            }
        });
        DocumentSettings {
            keys,
            development_key,
            s3,
        }
    }

    /// The development key and the folder: what the tests start with.
    pub(super) fn for_tests() -> DocumentSettings {
        DocumentSettings {
            keys: development_keys(),
            development_key: true,
            s3: None,
        }
    }
}

/// A secret given as the variable `name`, or in the file the variable `file_name` names;
/// a problem when both are set.
fn secret(
    (name, value): (&str, Option<&str>),
    (file_name, path): (&str, Option<&str>),
    problems: &mut Vec<String>,
) -> Option<SecretString> {
    match (value, path) {
        (Some(_), Some(_)) => {
            problems.push(format!(
                "{name} and {file_name} are both set: give the secret one way"
            ));
            None
        }
        (Some(value), None) => Some(SecretString::from(value)),
        (None, Some(path)) => match std::fs::read_to_string(path) {
            Ok(text) => Some(SecretString::from(text.trim())),
            Err(error) => {
                problems.push(format!("{file_name} {path:?} cannot be read: {error}"));
                None
            }
        },
        (None, None) => None,
    }
}

/// The keys of `id:base64,id:base64,...` (problems never quote a key).
pub fn parse_keys(list: &str) -> Result<DocumentKeys, String> {
    let mut keys = Vec::new();
    for (n, entry) in list.split(',').map(str::trim).enumerate() {
        let Some((id, encoded)) = entry.split_once(':') else {
            return Err(format!("entry {} is not `id:base64-key`", n + 1));
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| format!("the key {:?} is not base64", id.trim()))?;
        keys.push(DocumentKey::new(id.trim(), &bytes)?);
    }
    DocumentKeys::new(keys).ok_or_else(|| "two keys share an id".to_owned())
}

/// The key used where none is configured outside production: derived from a constant,
/// so that every development process (and test server) reads the others' documents. It
/// protects nothing: production refuses to start without `PASPOR_DOCUMENT_KEYS`.
pub fn development_keys() -> DocumentKeys {
    use sha2::Digest as _;
    let bytes = sha2::Sha256::digest(b"paspor development document key: not a secret");
    let key = DocumentKey::new(DEVELOPMENT_KEY_ID, &bytes).expect("32 bytes and a plain id");
    DocumentKeys::new(vec![key]).expect("one key")
}

/// The bucket and prefix of `s3://bucket[/prefix]`.
fn bucket_of(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let valid_bucket = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    let prefix = prefix.trim_matches('/');
    let valid_prefix = prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    (valid_bucket && valid_prefix).then(|| (bucket.to_owned(), prefix.to_owned()))
}

fn endpoint(value: Option<&str>, problems: &mut Vec<String>) -> Option<String> {
    let value = value?;
    match url::Url::parse(value) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            Some(value.trim_end_matches('/').to_owned())
        }
        _ => {
            problems.push(format!(
                "PASPOR_S3_ENDPOINT is {value:?}: it must be an http(s) URL"
            ));
            None
        }
    }
}
