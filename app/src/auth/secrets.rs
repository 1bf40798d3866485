//! The random secrets handed out (refresh tokens, one-time codes) and how they are kept:
//! only as hashes, so that a copy of the database signs nobody in.
//!
//! Refresh tokens carry 256 random bits, so a plain SHA-256 suffices. One-time codes have
//! only a million values: they are hashed with HMAC under a server key, which a stolen
//! database does not contain.
//!
//! Check-in codes are signed, not stored: an HMAC under a key of their own, so that no
//! other MAC the service computes can pass for one.
//!
//! Integrator client secrets are machine secrets of 256 random bits, stored as a plain
//! SHA-256 like refresh tokens. argon2 exists to make guessing a human's low-entropy
//! password slow; nobody can guess among 2^256 values however fast the hash, and a slow
//! hash would make every token request cost a password hash's CPU, turning the token
//! endpoint into a lever for exhausting the server. The comparison is constant-time all
//! the same. Webhook signing secrets are kept as given: the server signs with them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::Rng as _;
use rand::RngCore as _;
use sha2::{Digest, Sha256};

/// A new refresh token: 32 random bytes, base64url.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a refresh token is stored and looked up.
pub fn refresh_token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new integrator client secret: 32 random bytes, base64url (43 characters).
pub fn new_client_secret() -> String {
    new_refresh_token()
}

/// How a client secret is stored: SHA-256, hex.
pub fn client_secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` is the one stored as `stored` (a [`client_secret_hash`]), compared in
/// constant time.
pub fn client_secret_matches(secret: &str, stored: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    let presented = Sha256::digest(secret.as_bytes());
    hex::decode(stored).is_ok_and(|stored| bool::from(presented[..].ct_eq(&stored)))
}

/// A new webhook signing secret: `whsec_` and 32 random bytes, base64url. The prefix tells
/// it apart from a client secret in an integrator's configuration.
pub fn new_webhook_secret() -> String {
    format!("whsec_{}", new_refresh_token())
}

/// A new 6-digit code, uniformly drawn.
pub fn new_one_time_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// The key under which one-time codes are hashed.
#[derive(Clone)]
pub struct CodeKey {
    key: Vec<u8>,
}

impl CodeKey {
    /// Derives the code key from the service's secret, apart from the token key.
    pub fn derive(secret: &[u8]) -> CodeKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key");
        mac.update(b"paspor one-time codes");
        CodeKey {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self, account: &str, purpose: &str, code: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        // Bound to the account and purpose: a code for one cannot serve another.
        for part in [account, purpose, code] {
            mac.update(part.as_bytes());
            mac.update(b"\0");
        }
        mac
    }

    /// The stored form of `code`, sent to `account` for `purpose`.
    pub fn hash(&self, account: &str, purpose: &str, code: &str) -> String {
        hex::encode(self.mac(account, purpose, code).finalize().into_bytes())
    }

    /// Whether `code` is the one stored as `stored`, compared in constant time.
    pub fn matches(&self, account: &str, purpose: &str, code: &str, stored: &str) -> bool {
        hex::decode(stored).is_ok_and(|stored| {
            self.mac(account, purpose, code)
                .verify_slice(&stored)
                .is_ok()
        })
    }
}

/// The key check-in codes are signed with.
#[derive(Clone)]
pub struct CheckInKey {
    key: Vec<u8>,
}

impl CheckInKey {
    /// Derives the check-in key from the service's secret, apart from the token and code
    /// keys.
    pub fn derive(secret: &[u8]) -> CheckInKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key");
        mac.update(b"paspor check-in codes");
        CheckInKey {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(payload);
        mac
    }

    /// The signature of `payload`: HMAC-SHA256, 32 bytes.
    pub fn sign(&self, payload: &[u8]) -> Vec<u8> {
        self.mac(payload).finalize().into_bytes().to_vec()
    }

    /// Whether `signature` is the signature of `payload`, compared in constant time.
    pub fn is_signature_of(&self, payload: &[u8], signature: &[u8]) -> bool {
        self.mac(payload).verify_slice(signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_are_long_random_and_hashed_stably() {
        let (a, b) = (new_refresh_token(), new_refresh_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(refresh_token_hash(&a), refresh_token_hash(&a));
        assert_ne!(refresh_token_hash(&a), refresh_token_hash(&b));
    }

    #[test]
    fn a_client_secret_matches_only_its_hash() {
        let secret = new_client_secret();
        assert_eq!(secret.len(), 43);
        let stored = client_secret_hash(&secret);
        assert_eq!(stored.len(), 64);
        assert!(client_secret_matches(&secret, &stored));
        assert!(!client_secret_matches(&new_client_secret(), &stored));
        assert!(!client_secret_matches(&secret, "not hex"));
        assert!(!client_secret_matches(&secret, &stored[..62]));
        assert!(!client_secret_matches("", &stored));
        let webhook = new_webhook_secret();
        assert!(webhook.starts_with("whsec_") && webhook.len() == 49);
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = new_one_time_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn a_code_matches_only_its_account_and_purpose() {
        let key = CodeKey::derive(b"secret");
        let stored = key.hash("user-1", "verify_email", "123456");
        assert!(key.matches("user-1", "verify_email", "123456", &stored));
        assert!(!key.matches("user-1", "verify_email", "123457", &stored));
        assert!(!key.matches("user-2", "verify_email", "123456", &stored));
        assert!(!key.matches("user-1", "password_reset", "123456", &stored));
        assert!(!key.matches("user-1", "verify_email", "123456", "not hex"));
        let other = CodeKey::derive(b"other secret");
        assert!(!other.matches("user-1", "verify_email", "123456", &stored));
    }

    #[test]
    fn check_in_signatures_hold_only_for_their_payload_and_key() {
        let key = CheckInKey::derive(b"secret");
        let signature = key.sign(b"v1|a|o|2026-11-26");
        assert_eq!(signature.len(), 32);
        assert!(key.is_signature_of(b"v1|a|o|2026-11-26", &signature));
        assert!(!key.is_signature_of(b"v1|a|o|2026-11-27", &signature));
        assert!(!key.is_signature_of(b"v1|a|o|2026-11-26", &signature[..31]));
        assert!(
            !CheckInKey::derive(b"other secret").is_signature_of(b"v1|a|o|2026-11-26", &signature)
        );
        // Derived apart: the code key's MAC of the same secret is another key.
        assert_ne!(key.key, CodeKey::derive(b"secret").key);
    }
}
