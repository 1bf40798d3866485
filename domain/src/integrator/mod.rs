//! Integrators: other systems (payment channels, partner apps) that call the API with
//! client credentials and receive signed webhooks.
//!
//! The rules here are pure: which scopes exist and how a requested scope string is read
//! (OAuth 2.0 style, RFC 6749 §3.3), which events an integrator can subscribe to, and when
//! a failed webhook delivery is tried again.

mod event;
mod retry;
mod scope;

pub use event::{EventType, UnknownEventType};
pub use retry::{FIRST_RETRY, LONGEST_RETRY, RETRY_WINDOW, next_attempt, retry_delay};
pub use scope::{Scope, ScopeError, ScopeSet};
