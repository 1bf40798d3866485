//! Integrators, as use cases the routes call: system admins register and revoke clients;
//! clients exchange their credentials for access tokens (the OAuth 2.0 client-credentials
//! grant) and read what their scopes allow.
//!
//! Revocation is immediate: every integrator request checks that its client is still
//! active ([`authorize`]), so a revoked client's unexpired tokens stop working at once.
//! Tokens stay short (15 minutes) all the same.

mod access;
mod applications;
mod clients;
mod error;
mod token;

pub use access::authorize;
pub use applications::application_status;
pub use clients::{create_client, list_clients, revoke_client};
pub use error::IntegratorError;
pub use error::is_unique_violation;
pub use token::{GrantError, OAuthError, grant_token};
