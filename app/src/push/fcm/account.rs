//! The service-account key Google gives for a Firebase project (the JSON file downloaded
//! from the console): who signs the access-token requests and where they are exchanged.

use std::fmt;

use secrecy::SecretString;
use serde::Deserialize;

/// The fields of a service-account key that sending needs; the rest of the file is ignored.
#[derive(Clone, Deserialize)]
pub struct ServiceAccount {
    /// The Firebase project messages are sent for.
    pub project_id: String,
    /// The account's address: the issuer of the signed assertion.
    pub client_email: String,
    /// The id of the key, named in the assertion's header when present.
    #[serde(default)]
    pub private_key_id: Option<String>,
    /// The RSA private key, PEM (PKCS#8).
    #[serde(deserialize_with = "secret")]
    pub private_key: SecretString,
    /// Where the signed assertion is exchanged for an access token.
    pub token_uri: String,
}

fn secret<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<SecretString, D::Error> {
    String::deserialize(deserializer).map(SecretString::from)
}

// By hand: the private key never reaches a log.
impl fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("project_id", &self.project_id)
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl ServiceAccount {
    /// Reads a key from its JSON text, checking what can be checked before the first send:
    /// the fields are there, the key is a usable RSA key, the token URI is HTTP(S).
    /// The reason never quotes the text: it holds the private key.
    pub fn parse(json: &str) -> Result<ServiceAccount, String> {
        use secrecy::ExposeSecret;
        let account: ServiceAccount = serde_json::from_str(json).map_err(|error| {
            format!(
                "not a service-account key (line {}, column {}: a field is missing or of the wrong type)",
                error.line(),
                error.column()
            )
        })?;
        let project_ok = !account.project_id.is_empty()
            && account
                .project_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !project_ok {
            return Err("its project_id is empty or not a Firebase project id".to_owned());
        }
        if account.client_email.is_empty() {
            return Err("its client_email is empty".to_owned());
        }
        match url::Url::parse(&account.token_uri) {
            Ok(uri) if matches!(uri.scheme(), "https" | "http") => {}
            _ => return Err("its token_uri is not an http(s) URL".to_owned()),
        }
        signing_key(account.private_key.expose_secret())?;
        Ok(account)
    }

    /// The key that signs assertions.
    pub(super) fn signing_key(&self) -> Result<jsonwebtoken::EncodingKey, String> {
        use secrecy::ExposeSecret;
        signing_key(self.private_key.expose_secret())
    }
}

/// An RSA key from PEM, PKCS#8 as Google writes it (or PKCS#1), in the PKCS#1 DER form
/// the signing backend takes.
fn signing_key(pem: &str) -> Result<jsonwebtoken::EncodingKey, String> {
    use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(pem))
        .map_err(|_| "its private_key is not an RSA private key in PEM".to_owned())?;
    let der = key
        .to_pkcs1_der()
        .map_err(|_| "its private_key cannot be encoded for signing".to_owned())?;
    Ok(jsonwebtoken::EncodingKey::from_rsa_der(der.as_bytes()))
}
