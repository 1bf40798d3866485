//! Who is calling: password hashing, access tokens, the secrets emailed or handed out,
//! the extractor that turns a bearer token into a [`Principal`], the roles a use case
//! takes it as ([`RoleGuard`]), and the rate limit of the sign-in endpoints.

mod hashing_queue;
mod live_sessions;
mod passwords;
mod principal;
mod rate_limit;
mod roles;
mod secrets;
mod tokens;

pub use live_sessions::{LiveSessions, SessionClaim};
pub use passwords::{HashingError, PasswordHasher};
pub use principal::{Principal, authenticate, unauthorized};
pub use rate_limit::{SignInLimit, admit_sign_in, sign_in_limit};
pub use roles::{AccountHolder, Applicant, RoleGuard, SystemAdmin};
pub use secrets::{
    CheckInKey, CodeKey, client_secret_hash, client_secret_matches, new_client_secret,
    new_one_time_code, new_refresh_token, new_webhook_secret, refresh_token_hash,
};
pub use tokens::{ACCESS_TOKEN_TTL, TokenKeys};
