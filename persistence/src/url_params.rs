//! Parameters added to a PostgreSQL URL unless the URL sets them itself: a bound on
//! opening a connection (libpq's `connect_timeout`) and TCP keepalives with a user
//! timeout, so that neither a database that stops answering while a connection is being
//! opened nor a host that vanishes from the network holds a connection without end.
//!
//! Keepalives do not notice a database whose processes are stopped (the kernel still
//! answers for them); the client-side bounds in the api do. They free the connections,
//! and the threads waiting on them, once the peer is really gone.

use std::time::Duration;

/// How many unanswered keepalive probes mean the peer is gone.
const KEEPALIVE_PROBES: u64 = 3;

/// `url` with the connection parameters it lacks, for PostgreSQL; any other URL unchanged.
/// A parameter the URL names (even with another value) is left as the URL has it.
pub(crate) fn with_connection_defaults(
    url: &str,
    connect_timeout: Duration,
    keepalive: Duration,
) -> String {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return url.to_owned();
    }
    let idle = keepalive.as_secs().max(1);
    // libpq counts in whole seconds, and treats less than 2 as 2.
    let connect = connect_timeout.as_secs().max(2);
    let defaults = [
        ("connect_timeout", connect.to_string()),
        ("keepalives", "1".to_owned()),
        ("keepalives_idle", idle.to_string()),
        ("keepalives_interval", idle.to_string()),
        ("keepalives_count", KEEPALIVE_PROBES.to_string()),
        // Data sent and not acknowledged for as long as the probes would take: the same
        // bound while a statement is being sent as keepalives give an idle connection.
        (
            "tcp_user_timeout",
            ((idle + idle * KEEPALIVE_PROBES) * 1000).to_string(),
        ),
    ];
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let present: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|key| !key.is_empty())
        .collect();
    let mut out = url.to_owned();
    let mut separator = if url.contains('?') {
        if query.is_empty() || query.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    for (key, value) in defaults {
        if !present.contains(&key) {
            out.push_str(separator);
            out.push_str(key);
            out.push('=');
            out.push_str(&value);
            separator = "&";
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE: Duration = Duration::from_secs(5);
    const TEN: Duration = Duration::from_secs(10);

    #[test]
    fn a_postgres_url_gets_every_bound_it_lacks() {
        assert_eq!(
            with_connection_defaults("postgres://u@h:5432/db", FIVE, TEN),
            "postgres://u@h:5432/db?connect_timeout=5&keepalives=1&keepalives_idle=10\
             &keepalives_interval=10&keepalives_count=3&tcp_user_timeout=40000"
        );
        assert_eq!(
            with_connection_defaults("postgresql://h/db?sslmode=require", FIVE, TEN),
            "postgresql://h/db?sslmode=require&connect_timeout=5&keepalives=1\
             &keepalives_idle=10&keepalives_interval=10&keepalives_count=3\
             &tcp_user_timeout=40000"
        );
    }

    #[test]
    fn what_the_url_sets_is_kept() {
        let url = "postgres://h/db?connect_timeout=30&keepalives=0&keepalives_idle=1\
                   &keepalives_interval=1&keepalives_count=1&tcp_user_timeout=0";
        assert_eq!(with_connection_defaults(url, FIVE, TEN), url);
        assert_eq!(
            with_connection_defaults("postgres://h/db?connect_timeout=30&", FIVE, TEN),
            "postgres://h/db?connect_timeout=30&keepalives=1&keepalives_idle=10\
             &keepalives_interval=10&keepalives_count=3&tcp_user_timeout=40000"
        );
    }

    #[test]
    fn other_urls_are_left_alone() {
        for url in ["sqlite://data/paspor.db", "./data/paspor.db", "sqlite:x.db"] {
            assert_eq!(with_connection_defaults(url, FIVE, TEN), url);
        }
    }
}
