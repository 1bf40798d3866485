//! The token endpoint's client-credentials grant (RFC 6749 §4.4): a client authenticates
//! with its id and secret (HTTP Basic, or in the form body) and gets a short-lived access
//! token for the scopes it asks for, which must be among those granted to it.
//!
//! Refusals follow RFC 6749 §5.2 (`error`: `invalid_request`, `invalid_client`,
//! `unsupported_grant_type`, `invalid_scope`); the HTTP edge answers them inside a problem
//! body, the service's one error format, with the RFC's members at the top level where
//! OAuth libraries read them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paspor_domain::integrator::ScopeSet;
use paspor_openapi::{OAuthErrorCode, TokenDto};
use paspor_persistence::integrators;

use crate::auth::{ACCESS_TOKEN_TTL, client_secret_hash, client_secret_matches};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::text_input::{PARAMETER_REASON, forbidden_in_parameter, printable_name};

/// The only grant type served.
const CLIENT_CREDENTIALS: &str = "client_credentials";

/// The longest client id looked up (ours are 36 characters).
const MAX_CLIENT_ID_CHARS: usize = 200;

/// A refused token request, answered as RFC 6749 §5.2 asks (inside a problem body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    code: OAuthErrorCode,
    detail: String,
    /// The parameter at fault, for the problem's `errors`.
    field: Option<String>,
}

impl OAuthError {
    fn new(code: OAuthErrorCode, detail: impl Into<String>) -> OAuthError {
        OAuthError {
            code,
            detail: detail.into(),
            field: None,
        }
    }

    /// `invalid_request` naming a parameter (or the `Authorization` header) whose text holds
    /// a control character: such text is never looked up (see `crate::text_input`).
    fn control_characters(field: &str) -> OAuthError {
        let field = printable_name(field);
        OAuthError {
            field: Some(field.clone()),
            ..OAuthError::invalid_request(format!("`{field}` {PARAMETER_REASON}"))
        }
    }

    /// `invalid_request`: a parameter missing, repeated or malformed.
    pub fn invalid_request(detail: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidRequest, detail)
    }

    /// `invalid_client`: the client could not be authenticated.
    pub fn invalid_client(detail: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidClient, detail)
    }

    /// `invalid_scope`: a scope unknown, or not granted to the client.
    pub fn invalid_scope(detail: impl Into<String>) -> OAuthError {
        OAuthError::new(OAuthErrorCode::InvalidScope, detail)
    }

    /// The RFC 6749 error code.
    pub fn code(&self) -> OAuthErrorCode {
        self.code
    }

    /// Why, in words for the client.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The parameter whose text holds a control character, if that is the refusal.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

/// A token request that failed: refused as OAuth says, or failed inside (a problem).
#[derive(Debug)]
pub enum GrantError {
    /// Refused.
    OAuth(OAuthError),
    /// The server failed (database unreachable, signing failed).
    Api(Refusal),
}

impl std::fmt::Display for GrantError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrantError::OAuth(error) => error.fmt(f),
            GrantError::Api(error) => error.fmt(f),
        }
    }
}

impl From<OAuthError> for GrantError {
    fn from(error: OAuthError) -> Self {
        GrantError::OAuth(error)
    }
}

impl From<Refusal> for GrantError {
    fn from(error: Refusal) -> Self {
        GrantError::Api(error)
    }
}

/// A token request, read and checked for form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Request {
    client_id: String,
    client_secret: String,
    /// `None`: every scope of the client.
    scope: Option<ScopeSet>,
}

/// One component of HTTP Basic credentials, form-decoded as RFC 6749 §2.3.1 asks.
fn form_decoded(part: &str) -> Option<String> {
    percent_encoding::percent_decode_str(&part.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// `Authorization: Basic ...` as (client id, secret); `Err` for another scheme or a
/// malformed value.
fn basic_credentials(value: &str) -> Result<(String, String), OAuthError> {
    let malformed = || {
        OAuthError::invalid_client(
            "the Authorization header must be `Basic base64(client_id:client_secret)`",
        )
    };
    let (scheme, encoded) = value.trim().split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let (id, secret) = (
        form_decoded(id).ok_or_else(malformed)?,
        form_decoded(secret).ok_or_else(malformed)?,
    );
    if id.chars().chain(secret.chars()).any(forbidden_in_parameter) {
        return Err(OAuthError::control_characters("Authorization"));
    }
    Ok((id, secret))
}

/// Reads a token request: the form body (when `form_encoded`) and the `Authorization`
/// header. Everything that needs no database is checked here.
fn parse(
    authorization: Option<&str>,
    form_encoded: bool,
    body: &[u8],
) -> Result<Request, OAuthError> {
    if !form_encoded {
        return Err(OAuthError::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let mut grant_type = None;
    let mut scope = None;
    let mut body_id = None;
    let mut body_secret = None;
    for (name, value) in form_urlencoded::parse(body) {
        // Every parameter, the ignored ones too: no text with control characters is taken.
        if name
            .chars()
            .chain(value.chars())
            .any(forbidden_in_parameter)
        {
            return Err(OAuthError::control_characters(&name));
        }
        let slot = match name.as_ref() {
            "grant_type" => &mut grant_type,
            "scope" => &mut scope,
            "client_id" => &mut body_id,
            "client_secret" => &mut body_secret,
            // RFC 6749 §3.2: unrecognised parameters are ignored.
            _ => continue,
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "the parameter `{name}` is sent more than once"
            )));
        }
    }
    let (client_id, client_secret) = match (authorization, body_id, body_secret) {
        (Some(_), _, Some(_)) => {
            return Err(OAuthError::invalid_request(
                "the client authenticates one way only: HTTP Basic or client_secret in the body",
            ));
        }
        (Some(header), body_id, None) => {
            let (id, secret) = basic_credentials(header)?;
            if body_id.is_some_and(|body_id| body_id != id) {
                return Err(OAuthError::invalid_request(
                    "`client_id` differs from the client of the Authorization header",
                ));
            }
            (id, secret)
        }
        (None, Some(id), Some(secret)) => (id, secret),
        (None, _, _) => {
            return Err(OAuthError::invalid_client(
                "the client must authenticate: HTTP Basic with its id and secret, or \
                 `client_id` and `client_secret` in the body",
            ));
        }
    };
    match grant_type.as_deref() {
        None => {
            return Err(OAuthError::invalid_request("`grant_type` is required"));
        }
        Some(CLIENT_CREDENTIALS) => {}
        Some(other) => {
            return Err(OAuthError::new(
                OAuthErrorCode::UnsupportedGrantType,
                format!("the grant type {other:?} is not supported: use client_credentials"),
            ));
        }
    }
    let scope = scope
        .map(|text| {
            ScopeSet::parse(&text).map_err(|error| OAuthError::invalid_scope(error.to_string()))
        })
        .transpose()?;
    Ok(Request {
        client_id,
        client_secret,
        scope,
    })
}

/// The client-credentials grant: checks the request and the client, and issues a token
/// for the scopes asked (all of the client's when none are).
pub async fn grant_token(
    state: &AppState,
    authorization: Option<&str>,
    form_encoded: bool,
    body: &[u8],
) -> Result<TokenDto, GrantError> {
    let request = parse(authorization, form_encoded, body)?;
    let refused = || OAuthError::invalid_client("unknown client, revoked client or wrong secret");
    if request.client_id.is_empty() || request.client_id.chars().count() > MAX_CLIENT_ID_CHARS {
        return Err(refused().into());
    }
    let client_id = request.client_id.clone();
    let credentials = state
        .db
        .run(move |conn| integrators::active_credentials(conn, &client_id))
        .await?;
    let granted = match credentials {
        Some(credentials)
            if client_secret_matches(&request.client_secret, &credentials.secret_hash) =>
        {
            credentials.scopes
        }
        Some(_) => return Err(refused().into()),
        None => {
            // The same work as for a known client, so that timing does not tell them apart.
            let _ = client_secret_matches(&request.client_secret, &client_secret_hash(""));
            return Err(refused().into());
        }
    };
    let scopes = request.scope.unwrap_or(granted);
    if !scopes.is_subset_of(granted) {
        let missing: ScopeSet = scopes.iter().filter(|s| !granted.contains(*s)).collect();
        return Err(OAuthError::invalid_scope(format!(
            "the client is not granted {missing}; it may ask for: {granted}"
        ))
        .into());
    }
    if scopes.is_empty() {
        return Err(OAuthError::invalid_scope("ask for at least one scope").into());
    }
    let (access_token, _) = state
        .tokens
        .issue_integrator(&request.client_id, scopes, state.clock.now())
        .map_err(Refusal::internal)?;
    tracing::info!(client_id = request.client_id, scope = %scopes, "integrator token issued");
    Ok(TokenDto {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: u32::try_from(ACCESS_TOKEN_TTL.num_seconds()).unwrap_or(0),
        scope: scopes.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(id: &str, secret: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
    }

    fn code(result: Result<Request, OAuthError>) -> OAuthErrorCode {
        result.unwrap_err().code()
    }

    #[test]
    fn basic_or_body_credentials() {
        let body = b"grant_type=client_credentials&scope=applications%3Aread";
        let with_basic = parse(Some(&basic("c1", "s%2B1+x")), true, body).unwrap();
        assert_eq!(with_basic.client_id, "c1");
        assert_eq!(
            with_basic.client_secret, "s+1 x",
            "form-decoded per RFC 6749 §2.3.1"
        );
        assert_eq!(
            with_basic.scope,
            Some(ScopeSet::parse("applications:read").unwrap())
        );
        let in_body = parse(
            None,
            true,
            b"grant_type=client_credentials&client_id=c1&client_secret=s1&extra=ignored",
        )
        .unwrap();
        assert_eq!(
            (in_body.client_id.as_str(), in_body.client_secret.as_str()),
            ("c1", "s1")
        );
        assert_eq!(in_body.scope, None);
        // The client id may repeat the Basic one in the body.
        assert!(
            parse(
                Some(&basic("c1", "s1")),
                true,
                b"grant_type=client_credentials&client_id=c1"
            )
            .is_ok()
        );
    }

    #[test]
    fn malformed_requests_are_refused_with_the_rfc_codes() {
        use OAuthErrorCode::*;
        let good = basic("c1", "s1");
        let cases: [(Option<&str>, bool, &[u8], OAuthErrorCode); 11] = [
            (
                Some(&good),
                false,
                b"grant_type=client_credentials",
                InvalidRequest,
            ),
            (Some(&good), true, b"", InvalidRequest),
            (
                Some(&good),
                true,
                b"grant_type=client_credentials&grant_type=client_credentials",
                InvalidRequest,
            ),
            (
                Some(&good),
                true,
                b"grant_type=client_credentials&client_secret=s1",
                InvalidRequest,
            ),
            (
                Some(&good),
                true,
                b"grant_type=client_credentials&client_id=c2",
                InvalidRequest,
            ),
            (
                Some(&good),
                true,
                b"grant_type=password",
                UnsupportedGrantType,
            ),
            (
                Some(&good),
                true,
                b"grant_type=client_credentials&scope=admin",
                InvalidScope,
            ),
            (
                Some(&good),
                true,
                b"grant_type=client_credentials&scope=offices:read%20%20x",
                InvalidScope,
            ),
            (None, true, b"grant_type=client_credentials", InvalidClient),
            (
                None,
                true,
                b"grant_type=client_credentials&client_id=c1",
                InvalidClient,
            ),
            (
                Some("Bearer abc"),
                true,
                b"grant_type=client_credentials",
                InvalidClient,
            ),
        ];
        for (authorization, form, body, expected) in cases {
            assert_eq!(
                code(parse(authorization, form, body)),
                expected,
                "{authorization:?} {}",
                String::from_utf8_lossy(body)
            );
        }
        for header in [
            "Basic",
            "Basic !!!",
            &format!("Basic {}", STANDARD.encode("no-colon")),
        ] {
            assert_eq!(
                code(parse(Some(header), true, b"grant_type=client_credentials")),
                InvalidClient
            );
        }
    }

    #[test]
    fn control_characters_are_refused_naming_where_they_are() {
        for (authorization, body, field) in [
            (
                None,
                &b"grant_type=client_credentials&client_id=a%00b&client_secret=s"[..],
                "client_id",
            ),
            (
                None,
                b"grant_type=client_credentials&client_id=c1&client_secret=s%0A",
                "client_secret",
            ),
            (
                None,
                b"grant_type=client%5Fcredentials%7F&client_id=c1&client_secret=s",
                "grant_type",
            ),
            (
                None,
                b"grant_type=client_credentials&extra=%C2%85&client_id=c1&client_secret=s",
                "extra",
            ),
            (
                Some(basic("a\u{0}b", "s")),
                b"grant_type=client_credentials",
                "Authorization",
            ),
            (
                Some(basic("c1", "s%00")),
                b"grant_type=client_credentials",
                "Authorization",
            ),
        ] {
            let error = parse(authorization.as_deref(), true, body).unwrap_err();
            assert_eq!(error.code(), OAuthErrorCode::InvalidRequest, "{field}");
            assert_eq!(error.field.as_deref(), Some(field));
        }
    }
}
