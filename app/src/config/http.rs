//! The HTTP server's settings that need more than a number: the CORS origins
//! (`PASPOR_CORS_ORIGINS`), and the defaults of the answer caches and of the shutdown grace.

use std::time::Duration;

use super::Environment;

/// How long an availability answer is reused unless `PASPOR_AVAILABILITY_CACHE_MS` says
/// otherwise: long enough to absorb a release-day storm of refreshes, short enough that
/// the places shown are the present ones.
pub(super) const DEFAULT_AVAILABILITY_CACHE: Duration = Duration::from_secs(1);

/// How long offices, tariff schedules and booking limits are remembered unless
/// `PASPOR_REFERENCE_CACHE_MS` says otherwise: an administrator's change made in another
/// process is seen within it (in the process that made it, at once).
pub(super) const DEFAULT_REFERENCE_CACHE: Duration = Duration::from_secs(5);

/// How long requests in flight have to finish on SIGTERM unless
/// `PASPOR_SHUTDOWN_TIMEOUT_SECS` says otherwise.
pub(super) const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// The origins of `PASPOR_CORS_ORIGINS`: each exactly `scheme://host[:port]` as a browser
/// sends it in `Origin` (no path, no trailing slash, no wildcard), https in production.
pub(super) fn cors_origins(
    value: Option<&str>,
    environment: Environment,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let Some(list) = value else {
        return Vec::new();
    };
    let mut origins = Vec::new();
    for origin in list.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        match origin_problem(origin, environment) {
            Some(reason) => problems.push(format!("PASPOR_CORS_ORIGINS has {origin:?}: {reason}")),
            None => origins.push(origin.to_owned()),
        }
    }
    origins
}

/// Why `origin` cannot be an allowed CORS origin, if it cannot.
fn origin_problem(origin: &str, environment: Environment) -> Option<&'static str> {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return Some("an origin is scheme://host[:port], e.g. https://app.example.go.id");
    };
    if !matches!(scheme, "https" | "http") {
        return Some("the scheme must be https (or http in development)");
    }
    if scheme == "http" && environment == Environment::Production {
        return Some("production allows only https origins");
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    if !host_ok || !port_ok {
        return Some(
            "an origin is scheme://host[:port] with no path, slash, wildcard or credentials",
        );
    }
    None
}
