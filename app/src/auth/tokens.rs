//! Access tokens: JWTs signed with HS256 and nothing else, carrying the issuer, audience,
//! subject, role, office, session and a 15-minute expiry.
//!
//! Integrator clients get the same kind of token from the client-credentials grant: role
//! `integrator`, the client id as subject, and the granted scopes in `scope` (RFC 8693's
//! claim, space-separated as in OAuth). They have no sign-in session: their `sid` is the
//! token's own id.
//!
//! Expiry is checked against the service's [`Clock`](crate::clock::Clock), not the
//! library's reading of the system time, so that tests that move time see tokens expire.

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use paspor_domain::account::Role;
use paspor_domain::integrator::ScopeSet;
use serde::{Deserialize, Serialize};

/// How long an access token is good for.
pub const ACCESS_TOKEN_TTL: TimeDelta = TimeDelta::minutes(15);

/// The one algorithm accepted: a token naming any other (or `none`) is refused.
const ALGORITHM: Algorithm = Algorithm::HS256;
const ISSUER: &str = "paspor";
const AUDIENCE: &str = "paspor-api";
/// The token type claim: access tokens only; anything else is refused.
const ACCESS: &str = "access";

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The account's id.
    pub sub: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Issue time, Unix seconds.
    pub iat: i64,
    /// The token's own id.
    pub jti: String,
    /// The account's role.
    pub role: Role,
    /// The office of an officer or office admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The sign-in (refresh-token family) this token belongs to.
    pub sid: String,
    /// Always `access`.
    pub typ: String,
    /// The scopes of an integrator's token, space-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Why a presented token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Past its expiry.
    #[error("the access token has expired")]
    Expired,
    /// Anything else: malformed, another algorithm or key, wrong issuer or audience, or not
    /// an access token.
    #[error("the access token is not valid")]
    Invalid,
}

/// The keys and rules of access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    /// Keys from the service's secret.
    pub fn new(secret: &[u8]) -> TokenKeys {
        let mut validation = Validation::new(ALGORITHM);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Checked below against the service's clock.
        validation.validate_exp = false;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// Signs an access token for an account's session; returns it and its claims.
    pub fn issue(
        &self,
        account: &str,
        role: Role,
        office: Option<String>,
        session: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, AccessClaims)> {
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: account.to_owned(),
            exp: (now + ACCESS_TOKEN_TTL).timestamp(),
            iat: now.timestamp(),
            jti: uuid::Uuid::new_v4().to_string(),
            role,
            office,
            sid: session.to_owned(),
            typ: ACCESS.to_owned(),
            scope: None,
        };
        let token = jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    /// Signs an integrator client's access token for `scopes`; returns it and its claims.
    pub fn issue_integrator(
        &self,
        client_id: &str,
        scopes: ScopeSet,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, AccessClaims)> {
        let jti = uuid::Uuid::new_v4().to_string();
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: client_id.to_owned(),
            exp: (now + ACCESS_TOKEN_TTL).timestamp(),
            iat: now.timestamp(),
            sid: jti.clone(),
            jti,
            role: Role::Integrator,
            office: None,
            typ: ACCESS.to_owned(),
            scope: Some(scopes.to_string()),
        };
        let token = jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    /// The claims of a valid, unexpired access token.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AccessClaims, TokenError> {
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?
            .claims;
        if claims.typ != ACCESS {
            return Err(TokenError::Invalid);
        }
        if claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T03:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn issued(keys: &TokenKeys) -> (String, AccessClaims) {
        keys.issue(
            "user-1",
            Role::Officer,
            Some("office-1".into()),
            "family-1",
            now(),
        )
        .unwrap()
    }

    /// A token with the given header and claims, signed (or not) as given.
    fn forged(header: &str, claims: &serde_json::Value, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    #[test]
    fn a_fresh_token_verifies_with_its_claims() {
        let keys = TokenKeys::new(SECRET);
        let (token, claims) = issued(&keys);
        let verified = keys.verify(&token, now()).unwrap();
        assert_eq!(verified, claims);
        assert_eq!(verified.role, Role::Officer);
        assert_eq!(verified.exp - verified.iat, 15 * 60);
    }

    #[test]
    fn a_token_expires_after_fifteen_minutes() {
        let keys = TokenKeys::new(SECRET);
        let (token, _) = issued(&keys);
        let almost = now() + ACCESS_TOKEN_TTL - TimeDelta::seconds(1);
        assert!(keys.verify(&token, almost).is_ok());
        assert_eq!(
            keys.verify(&token, now() + ACCESS_TOKEN_TTL),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn another_key_is_refused() {
        let (token, _) = issued(&TokenKeys::new(SECRET));
        let other = TokenKeys::new(b"another-secret-another-secret-xx");
        assert_eq!(other.verify(&token, now()), Err(TokenError::Invalid));
    }

    #[test]
    fn alg_none_and_other_algorithms_are_refused() {
        let keys = TokenKeys::new(SECRET);
        let (_, claims) = issued(&keys);
        let claims = serde_json::to_value(&claims).unwrap();
        let none = forged(r#"{"alg":"none","typ":"JWT"}"#, &claims, "");
        assert_eq!(keys.verify(&none, now()), Err(TokenError::Invalid));
        // HS512 under the same secret: a valid signature, but not the pinned algorithm.
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert_eq!(keys.verify(&hs512, now()), Err(TokenError::Invalid));
    }

    #[test]
    fn wrong_audience_issuer_or_type_is_refused() {
        let keys = TokenKeys::new(SECRET);
        let (_, claims) = issued(&keys);
        for (field, value) in [
            ("aud", "someone-else"),
            ("iss", "elsewhere"),
            ("typ", "refresh"),
        ] {
            let mut changed = serde_json::to_value(&claims).unwrap();
            changed[field] = value.into();
            let token = jsonwebtoken::encode(
                &Header::new(ALGORITHM),
                &changed,
                &EncodingKey::from_secret(SECRET),
            )
            .unwrap();
            assert_eq!(
                keys.verify(&token, now()),
                Err(TokenError::Invalid),
                "{field}"
            );
        }
    }

    #[test]
    fn an_integrator_token_carries_its_client_and_scopes() {
        let keys = TokenKeys::new(SECRET);
        let scopes = ScopeSet::parse("webhooks:manage applications:read").unwrap();
        let (token, claims) = keys.issue_integrator("client-1", scopes, now()).unwrap();
        let verified = keys.verify(&token, now()).unwrap();
        assert_eq!(verified, claims);
        assert_eq!(verified.role, Role::Integrator);
        assert_eq!(verified.sub, "client-1");
        assert_eq!(
            verified.scope.as_deref(),
            Some("applications:read webhooks:manage")
        );
        assert_eq!(verified.office, None);
        assert_eq!(verified.exp - verified.iat, 15 * 60);
        // An account's token has no scope claim at all.
        let (_, account) = issued(&keys);
        assert!(
            serde_json::to_value(&account)
                .unwrap()
                .get("scope")
                .is_none()
        );
    }

    #[test]
    fn garbage_is_refused() {
        let keys = TokenKeys::new(SECRET);
        for token in ["", "abc", "a.b.c", &crate::auth::new_refresh_token()] {
            assert_eq!(
                keys.verify(token, now()),
                Err(TokenError::Invalid),
                "{token}"
            );
        }
    }

    mod properties {
        //! The bearer token is the first thing read of most requests: whatever it holds,
        //! verifying never panics and nothing but a token this service signed is taken.

        use proptest::prelude::*;

        use super::*;

        proptest! {
            #[test]
            fn arbitrary_tokens_never_verify(token in any::<String>()) {
                prop_assert_eq!(TokenKeys::new(SECRET).verify(&token, now()), Err(TokenError::Invalid));
            }

            #[test]
            fn token_shaped_garbage_never_verifies(
                parts in proptest::collection::vec("[A-Za-z0-9_-]{0,60}", 1..5),
            ) {
                let token = parts.join(".");
                prop_assert_eq!(TokenKeys::new(SECRET).verify(&token, now()), Err(TokenError::Invalid));
            }

            #[test]
            fn any_changed_character_is_refused(
                index in any::<prop::sample::Index>(),
                replacement in "[A-Za-z0-9_.-]",
            ) {
                let keys = TokenKeys::new(SECRET);
                let (token, _) = issued(&keys);
                let at = index.index(token.len());
                let mut changed = token.clone();
                changed.replace_range(at..=at, &replacement);
                prop_assume!(changed != token);
                prop_assert!(keys.verify(&changed, now()).is_err(), "{} verified", changed);
            }
        }
    }
}
