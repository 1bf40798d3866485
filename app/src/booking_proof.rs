//! What a booking attempt may be made to cost a script: a proof of work, off by default.
//!
//! The limits of `paspor_domain::booking_limits` bound what one account and one person may
//! hold; a broker with many accounts is bounded by the sign-in and registration limits. If
//! that is not enough on a release day, an operator sets `PASPOR_BOOKING_PROOF_BITS` (for
//! example 20, about a second of a phone's work): every booking then needs a solved
//! challenge. The app asks `GET /v1/applications/{id}/booking-challenge` for one (bound to
//! the account and the draft, valid 10 minutes, signed, so the server keeps nothing), finds
//! a nonce whose SHA-256 with the challenge starts with that many zero bits, and sends
//! `Paspor-Proof: <challenge>:<nonce>` with the booking. A person tapping once pays a
//! moment; a script booking thousands pays thousands of those moments.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac as _};
use sha2::{Digest, Sha256};

/// How long a challenge may be solved and used.
pub const CHALLENGE_TTL: TimeDelta = TimeDelta::minutes(10);

/// The most bits an operator may ask for (24 is already minutes of a phone's work).
pub const MAX_BITS: u8 = 24;

/// Issues and checks booking challenges.
#[derive(Clone)]
pub struct BookingProof {
    key: Vec<u8>,
    bits: u8,
}

/// A challenge to solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The text to hash with a nonce.
    pub challenge: String,
    /// How many leading zero bits the hash must have (0: none asked; any nonce does).
    pub bits: u8,
    /// Until when it is accepted.
    pub expires_at: DateTime<Utc>,
}

/// Why a proof was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// No proof sent, while one is required.
    #[error(
        "this booking needs a proof of work: solve a challenge from GET /v1/applications/{{id}}/booking-challenge and send `Paspor-Proof: <challenge>:<nonce>`"
    )]
    Missing,
    /// Not a challenge this server issued for this account and draft, or past its time.
    #[error(
        "the proof's challenge is not one issued for this draft, or it expired: ask for a new one"
    )]
    BadChallenge,
    /// The nonce does not give the zero bits asked for.
    #[error("the proof's nonce does not solve the challenge")]
    Unsolved,
}

impl BookingProof {
    /// Challenges of `bits` zero bits (0: off), signed with a key derived from the
    /// service's secret.
    pub fn new(secret: &[u8], bits: u8) -> BookingProof {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key");
        mac.update(b"paspor booking proofs");
        BookingProof {
            key: mac.finalize().into_bytes().to_vec(),
            bits: bits.min(MAX_BITS),
        }
    }

    /// Whether bookings need a proof.
    pub fn required(&self) -> bool {
        self.bits > 0
    }

    /// A challenge for `account`'s draft `application`, valid from `now`.
    pub fn challenge(&self, account: &str, application: &str, now: DateTime<Utc>) -> Challenge {
        let expires_at = now + CHALLENGE_TTL;
        let expires = expires_at.timestamp();
        let signature = URL_SAFE_NO_PAD.encode(self.sign(account, application, expires));
        Challenge {
            challenge: format!("{expires}.{signature}"),
            bits: self.bits,
            expires_at,
        }
    }

    /// Checks the `Paspor-Proof` header's value (if any) for a booking of `account`'s draft
    /// `application` at `now`.
    pub fn check(
        &self,
        proof: Option<&str>,
        account: &str,
        application: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ProofError> {
        if !self.required() {
            return Ok(());
        }
        let proof = proof.ok_or(ProofError::Missing)?;
        let (challenge, nonce) = proof.rsplit_once(':').ok_or(ProofError::BadChallenge)?;
        let (expires, signature) = challenge.split_once('.').ok_or(ProofError::BadChallenge)?;
        let expires: i64 = expires.parse().map_err(|_| ProofError::BadChallenge)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| ProofError::BadChallenge)?;
        let mac = self.mac(account, application, expires);
        if mac.verify_slice(&signature).is_err() || expires <= now.timestamp() {
            return Err(ProofError::BadChallenge);
        }
        if leading_zero_bits(challenge, nonce) < u32::from(self.bits) {
            return Err(ProofError::Unsolved);
        }
        Ok(())
    }

    fn mac(&self, account: &str, application: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        for part in [account, application, &expires.to_string()] {
            mac.update(part.as_bytes());
            // A separator no part holds, so that parts cannot be shifted into each other.
            mac.update(&[0]);
        }
        mac
    }

    fn sign(&self, account: &str, application: &str, expires: i64) -> Vec<u8> {
        self.mac(account, application, expires)
            .finalize()
            .into_bytes()
            .to_vec()
    }
}

/// How many leading zero bits SHA-256 of `challenge:nonce` has.
pub fn leading_zero_bits(challenge: &str, nonce: &str) -> u32 {
    let digest = Sha256::digest(format!("{challenge}:{nonce}").as_bytes());
    let mut bits = 0;
    for byte in digest {
        if byte == 0 {
            bits += 8;
        } else {
            bits += byte.leading_zeros();
            break;
        }
    }
    bits
}

/// A nonce that solves `challenge` for `bits` bits, as the app finds one (for tests and
/// tools: the server never solves).
pub fn solve(challenge: &str, bits: u8) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|nonce| leading_zero_bits(challenge, nonce) >= u32::from(bits))
        .expect("some nonce solves any challenge")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
    }

    const SECRET: &[u8] = b"a test secret of at least thirty-two bytes";

    #[test]
    fn off_any_booking_passes() {
        let proof = BookingProof::new(SECRET, 0);
        assert!(!proof.required());
        assert_eq!(proof.check(None, "siti", "draft-1", now()), Ok(()));
    }

    #[test]
    fn on_a_solved_challenge_of_this_draft_passes_and_nothing_else_does() {
        let proof = BookingProof::new(SECRET, 12);
        let issued = proof.challenge("siti", "draft-1", now());
        assert_eq!(issued.bits, 12);
        let nonce = solve(&issued.challenge, 12);
        let header = format!("{}:{nonce}", issued.challenge);
        assert_eq!(proof.check(Some(&header), "siti", "draft-1", now()), Ok(()));

        assert_eq!(
            proof.check(None, "siti", "draft-1", now()),
            Err(ProofError::Missing)
        );
        // Another draft, another account, after its time, or a forged one.
        for (account, draft, at) in [
            ("siti", "draft-2", now()),
            ("budi", "draft-1", now()),
            ("siti", "draft-1", now() + CHALLENGE_TTL),
        ] {
            assert_eq!(
                proof.check(Some(&header), account, draft, at),
                Err(ProofError::BadChallenge),
                "{account} {draft} {at}"
            );
        }
        let forged = format!("{}.AAAA:{nonce}", issued.expires_at.timestamp());
        assert_eq!(
            proof.check(Some(&forged), "siti", "draft-1", now()),
            Err(ProofError::BadChallenge)
        );
        for garbage in ["", ":", "x:y", "1.:0", "::::"] {
            assert!(
                proof
                    .check(Some(garbage), "siti", "draft-1", now())
                    .is_err(),
                "{garbage}"
            );
        }
        // A nonce that does not solve it.
        let unsolved = (0u64..)
            .map(|n| n.to_string())
            .find(|nonce| leading_zero_bits(&issued.challenge, nonce) < 12)
            .unwrap();
        let header = format!("{}:{unsolved}", issued.challenge);
        assert_eq!(
            proof.check(Some(&header), "siti", "draft-1", now()),
            Err(ProofError::Unsolved)
        );
    }

    #[test]
    fn the_bits_asked_are_capped() {
        assert_eq!(
            BookingProof::new(SECRET, 200)
                .challenge("a", "b", now())
                .bits,
            MAX_BITS
        );
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        // Whatever the digest, the count agrees with a direct reading of its bits.
        for nonce in 0..200 {
            let nonce = nonce.to_string();
            let digest = Sha256::digest(format!("c:{nonce}").as_bytes());
            let direct = digest
                .iter()
                .flat_map(|byte| (0..8).rev().map(move |bit| (byte >> bit) & 1))
                .take_while(|bit| *bit == 0)
                .count();
            assert_eq!(leading_zero_bits("c", &nonce) as usize, direct);
        }
    }
}
