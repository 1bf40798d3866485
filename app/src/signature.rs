//! The `Paspor-Signature` header, one scheme for the payment notices the server takes and
//! the webhooks it sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. A
//! notice is accepted only with a valid signature made within 5 minutes of now either way,
//! compared in constant time; several `v1` values are allowed so that a secret can be
//! rotated.

use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header's name.
pub const SIGNATURE_HEADER: &str = "Paspor-Signature";

/// How far a signature's time may be from now.
const TOLERANCE: TimeDelta = TimeDelta::minutes(5);

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No header, or not of the form `t=...,v1=...`.
    #[error(
        "the Paspor-Signature header is missing or malformed (expected t=<unix seconds>,v1=<hex>)"
    )]
    Malformed,
    /// Signed too long ago (a replay) or in the future.
    #[error("the signature's time is more than 5 minutes from now")]
    Stale,
    /// No `v1` value matches.
    #[error("the signature does not match the body")]
    Mismatch,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body` signed at `at`.
pub fn sign(secret: &[u8], at: DateTime<Utc>, body: &[u8]) -> String {
    let timestamp = at.timestamp();
    let signature = hex::encode(mac(secret, timestamp, body).finalize().into_bytes());
    format!("t={timestamp},v1={signature}")
}

/// Checks a header value against the raw body at `now`.
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Malformed)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                );
            }
            Some(("v1", value)) => {
                signatures.push(hex::decode(value).map_err(|_| SignatureError::Malformed)?);
            }
            // Other schemes may come later: ignored, as Stripe-style headers do.
            Some(_) => {}
            None => return Err(SignatureError::Malformed),
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let signed_at = DateTime::from_timestamp(timestamp, 0).ok_or(SignatureError::Malformed)?;
    if (now - signed_at).abs() > TOLERANCE {
        return Err(SignatureError::Stale);
    }
    let expected = mac(secret, timestamp, body);
    if signatures
        .iter()
        .any(|signature| expected.clone().verify_slice(signature).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a-secret-of-at-least-32-bytes-long!!";

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn a_signature_verifies_its_body_within_five_minutes() {
        let body = br#"{"event_id":"e1"}"#;
        let header = sign(SECRET, now(), body);
        assert_eq!(verify(SECRET, Some(&header), body, now()), Ok(()));
        for offset in [TimeDelta::minutes(5), TimeDelta::minutes(-5)] {
            assert_eq!(
                verify(SECRET, Some(&header), body, now() + offset),
                Ok(()),
                "{offset}"
            );
        }
        for offset in [TimeDelta::seconds(301), TimeDelta::seconds(-301)] {
            assert_eq!(
                verify(SECRET, Some(&header), body, now() + offset),
                Err(SignatureError::Stale),
                "{offset}"
            );
        }
    }

    #[test]
    fn another_body_secret_or_form_is_refused() {
        let body = br#"{"amount":650000}"#;
        let header = sign(SECRET, now(), body);
        assert_eq!(
            verify(SECRET, Some(&header), br#"{"amount":1}"#, now()),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(
                b"another-secret-of-32-bytes-or-more!!",
                Some(&header),
                body,
                now()
            ),
            Err(SignatureError::Mismatch)
        );
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=zz", "nonsense"] {
            assert_eq!(
                verify(SECRET, Some(bad), body, now()),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(
            verify(SECRET, None, body, now()),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let body = b"{}";
        let good = sign(SECRET, now(), body);
        let v1 = good.split("v1=").nth(1).unwrap();
        let header = format!("t={},v1={},v1={v1}", now().timestamp(), "00".repeat(32));
        assert_eq!(verify(SECRET, Some(&header), body, now()), Ok(()));
    }

    mod properties {
        //! Hostile headers and bodies: the verifier never panics, signs what it verifies,
        //! and refuses every change that alters what was signed.

        use proptest::prelude::*;

        use super::*;

        fn at(seconds: i64) -> DateTime<Utc> {
            DateTime::from_timestamp(seconds, 0).unwrap()
        }

        /// Instants from 1970 to 2100, where a payment channel's clock may be.
        fn instant() -> impl Strategy<Value = DateTime<Utc>> {
            (0i64..4_102_444_800).prop_map(at)
        }

        proptest! {
            #[test]
            fn arbitrary_headers_never_panic_and_never_verify(
                header in any::<String>(),
                body in proptest::collection::vec(any::<u8>(), 0..256),
                now in instant(),
            ) {
                prop_assert!(verify(SECRET, Some(&header), &body, now).is_err());
            }

            #[test]
            fn header_shaped_garbage_is_refused(
                parts in proptest::collection::vec(
                    prop_oneof![
                        "t=-?[0-9]{0,20}",
                        "v1=[0-9a-fA-F]{0,70}",
                        "v[0-9]=[ -~]{0,10}",
                        "[ -~]{0,12}",
                    ],
                    0..5,
                ),
                body in proptest::collection::vec(any::<u8>(), 0..64),
                now in instant(),
            ) {
                let header = parts.join(",");
                prop_assert!(verify(SECRET, Some(&header), &body, now).is_err(), "{}", header);
            }

            #[test]
            fn a_signed_notice_verifies_within_the_window(
                body in proptest::collection::vec(any::<u8>(), 0..512),
                signed_at in instant(),
                skew in -300i64..=300,
            ) {
                let header = sign(SECRET, signed_at, &body);
                let now = signed_at + TimeDelta::seconds(skew);
                prop_assert_eq!(verify(SECRET, Some(&header), &body, now), Ok(()));
                let late = signed_at + TimeDelta::seconds(301 + skew.abs());
                prop_assert_eq!(
                    verify(SECRET, Some(&header), &body, late),
                    Err(SignatureError::Stale)
                );
            }

            #[test]
            fn any_changed_body_byte_is_refused(
                body in proptest::collection::vec(any::<u8>(), 1..512),
                index in any::<prop::sample::Index>(),
                flip in 1u8..=255,
                signed_at in instant(),
            ) {
                let header = sign(SECRET, signed_at, &body);
                let mut changed = body.clone();
                changed[index.index(body.len())] ^= flip;
                prop_assert_eq!(
                    verify(SECRET, Some(&header), &changed, signed_at),
                    Err(SignatureError::Mismatch)
                );
            }

            /// One byte of the header replaced by any other ASCII character: refused, unless
            /// it only changes the case of a hex digit of the signature (the same bytes).
            #[test]
            fn any_changed_header_byte_is_refused(
                body in proptest::collection::vec(any::<u8>(), 0..128),
                index in any::<prop::sample::Index>(),
                replacement in 0u8..128,
                signed_at in instant(),
            ) {
                let header = sign(SECRET, signed_at, &body);
                let at_index = index.index(header.len());
                let original = header.as_bytes()[at_index];
                prop_assume!(replacement != original);
                let mut changed = header.clone().into_bytes();
                changed[at_index] = replacement;
                let changed = String::from_utf8(changed).unwrap();
                let outcome = verify(SECRET, Some(&changed), &body, signed_at);
                let in_signature = at_index >= header.find("v1=").unwrap() + 3;
                if in_signature && original.eq_ignore_ascii_case(&replacement) {
                    prop_assert_eq!(outcome, Ok(()), "{}", changed);
                } else {
                    prop_assert!(outcome.is_err(), "{} verified", changed);
                }
            }

            #[test]
            fn another_secret_is_refused(
                secret in proptest::collection::vec(any::<u8>(), 32..64),
                body in proptest::collection::vec(any::<u8>(), 0..128),
                signed_at in instant(),
            ) {
                prop_assume!(secret != SECRET);
                let header = sign(&secret, signed_at, &body);
                prop_assert_eq!(
                    verify(SECRET, Some(&header), &body, signed_at),
                    Err(SignatureError::Mismatch)
                );
            }
        }
    }
}
