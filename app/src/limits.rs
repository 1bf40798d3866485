//! Bounds on what one client can make the server hold, as configured: how long it may take
//! to send a request's head and its body, how many connections a worker keeps and how many
//! wait to be accepted, and how long a request waits for a database connection, for a lock
//! in the database, or for a database that does not answer at all, before it is answered
//! 503. The HTTP edge applies the first ones (`paspor_api`'s `limits`), the database
//! calls the others (`crate::db`).

use std::time::Duration;

/// How the server bounds slow, many and waiting clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// `PASPOR_CLIENT_TIMEOUT_SECS`: how long a new connection may take to send its first
    /// request's head (request line and headers), default 10 s. Past it actix-web answers
    /// 408 and closes the connection: a slow-loris client holds a connection no longer.
    pub client_request_timeout: Duration,
    /// `PASPOR_KEEP_ALIVE_SECS`: how long an idle connection is kept for a next request,
    /// default 5 s; 0 closes every connection after its answer. actix-web's head deadline
    /// (`client_request_timeout`) covers only a connection's first request: on a kept-alive
    /// connection a client can send its next head as slowly as it likes, held back only by
    /// `max_connections`. Where the server faces clients without a buffering proxy in
    /// front, 0 closes that gap at the cost of connection reuse.
    pub keep_alive: Option<Duration>,
    /// How long the server waits for a client to acknowledge the closing of its connection
    /// before dropping it: 2 s.
    pub client_disconnect_timeout: Duration,
    /// `PASPOR_BODY_TIMEOUT_SECS`: how long a request's body may take to arrive once its
    /// head has, default 120 s (a 5 MiB document at about 44 KiB/s). Past it the request is
    /// answered 408 (problem+json) and the connection closed.
    pub body_timeout: Duration,
    /// `PASPOR_MAX_CONNECTIONS`: connections each worker keeps open at once, default 2,048
    /// (actix-web's own default is 25,000). Past it the worker stops accepting; new
    /// connections wait in the listen backlog until one closes. Workers times this must
    /// stay well under the process's open-file limit (`ulimit -n`), which the database
    /// connections and document files share.
    pub max_connections: usize,
    /// `PASPOR_BACKLOG`: connections the kernel queues before the server accepts them,
    /// default 1,024 (Linux caps it at `net.core.somaxconn`, 4,096 by default). Past it
    /// Linux drops new connection attempts, which clients retry and in the end give up.
    pub backlog: u32,
    /// `PASPOR_DB_POOL_TIMEOUT_SECS`: how long a request waits for a free database
    /// connection before it is answered 503 with `Retry-After`, default 5 s.
    pub pool_timeout: Duration,
    /// `PASPOR_DB_LOCK_TIMEOUT_SECS`: how long a statement waits for a lock another
    /// connection or process holds before the request is answered 503 with `Retry-After`,
    /// default 10 s (SQLite's `busy_timeout`, PostgreSQL's `lock_timeout`, which PostgreSQL
    /// otherwise leaves unbounded).
    pub lock_timeout: Duration,
    /// `PASPOR_DB_CONNECT_TIMEOUT_SECS`: how long opening a PostgreSQL connection may take,
    /// default 5 s (libpq's `connect_timeout`; a `connect_timeout` in the URL wins).
    pub db_connect_timeout: Duration,
    /// `PASPOR_DB_KEEPALIVE_SECS`: how long a PostgreSQL connection may be silent before
    /// TCP keepalive probes start, default 10 s; three more such intervals without an
    /// answer close it, so a vanished host or network frees its connections (`keepalives*`
    /// and `tcp_user_timeout` in the URL win).
    pub db_keepalive: Duration,
    /// `PASPOR_DB_STATEMENT_TIMEOUT_SECS`: how long one PostgreSQL statement may run
    /// before the server cancels it (503 with `Retry-After`), default 30 s.
    pub db_statement_timeout: Duration,
    /// `PASPOR_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS`: how long PostgreSQL keeps a
    /// transaction whose client sends nothing more before it ends the session and rolls
    /// the transaction back, default 60 s: a stuck process holds no row lock longer.
    pub db_idle_in_transaction_timeout: Duration,
    /// `PASPOR_DB_CALL_TIMEOUT_SECS`: the longest a request waits for any one database
    /// call, default 60 s, whatever else bounds it. Past it the request is answered 503 and
    /// the database is treated as failing. The other bounds normally end a call sooner.
    pub db_call_timeout: Duration,
    /// `PASPOR_DB_HANG_TIMEOUT_MS`: how long the database may leave a trivial query
    /// unanswered, while calls wait for it, before it is judged not to answer at all:
    /// the waiting requests are answered 503 and later ones refused at once, default 1 s.
    /// Readiness checks wait at most this long.
    pub db_hang_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            client_request_timeout: Duration::from_secs(10),
            keep_alive: Some(Duration::from_secs(5)),
            client_disconnect_timeout: Duration::from_secs(2),
            body_timeout: Duration::from_secs(120),
            max_connections: 2048,
            backlog: 1024,
            pool_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(10),
            db_connect_timeout: Duration::from_secs(5),
            db_keepalive: Duration::from_secs(10),
            db_statement_timeout: Duration::from_secs(30),
            db_idle_in_transaction_timeout: Duration::from_secs(60),
            db_call_timeout: Duration::from_secs(60),
            db_hang_timeout: Duration::from_secs(1),
        }
    }
}

impl Limits {
    /// Reads the limits through `get`, adding a sentence to `problems` for each bad value.
    pub fn from_vars<'v>(
        get: &impl Fn(&str) -> Option<&'v str>,
        problems: &mut Vec<String>,
    ) -> Limits {
        let defaults = Limits::default();
        let seconds = |name: &str, range, default: Duration, problems: &mut Vec<String>| {
            number(get(name), name, range, problems)
                .map_or(default, |secs| Duration::from_secs(secs.into()))
        };
        Limits {
            client_request_timeout: seconds(
                "PASPOR_CLIENT_TIMEOUT_SECS",
                1..=300,
                defaults.client_request_timeout,
                problems,
            ),
            keep_alive: match number(
                get("PASPOR_KEEP_ALIVE_SECS"),
                "PASPOR_KEEP_ALIVE_SECS",
                0..=300,
                problems,
            ) {
                None => defaults.keep_alive,
                Some(0) => None,
                Some(secs) => Some(Duration::from_secs(secs.into())),
            },
            client_disconnect_timeout: defaults.client_disconnect_timeout,
            body_timeout: seconds(
                "PASPOR_BODY_TIMEOUT_SECS",
                1..=3600,
                defaults.body_timeout,
                problems,
            ),
            max_connections: number(
                get("PASPOR_MAX_CONNECTIONS"),
                "PASPOR_MAX_CONNECTIONS",
                1..=100_000,
                problems,
            )
            .map_or(defaults.max_connections, |n| n as usize),
            backlog: number(
                get("PASPOR_BACKLOG"),
                "PASPOR_BACKLOG",
                1..=65_535,
                problems,
            )
            .unwrap_or(defaults.backlog),
            pool_timeout: seconds(
                "PASPOR_DB_POOL_TIMEOUT_SECS",
                1..=60,
                defaults.pool_timeout,
                problems,
            ),
            lock_timeout: seconds(
                "PASPOR_DB_LOCK_TIMEOUT_SECS",
                1..=300,
                defaults.lock_timeout,
                problems,
            ),
            // libpq takes less than 2 s as 2.
            db_connect_timeout: seconds(
                "PASPOR_DB_CONNECT_TIMEOUT_SECS",
                2..=60,
                defaults.db_connect_timeout,
                problems,
            ),
            db_keepalive: seconds(
                "PASPOR_DB_KEEPALIVE_SECS",
                1..=600,
                defaults.db_keepalive,
                problems,
            ),
            db_statement_timeout: seconds(
                "PASPOR_DB_STATEMENT_TIMEOUT_SECS",
                1..=3600,
                defaults.db_statement_timeout,
                problems,
            ),
            db_idle_in_transaction_timeout: seconds(
                "PASPOR_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS",
                1..=3600,
                defaults.db_idle_in_transaction_timeout,
                problems,
            ),
            db_call_timeout: seconds(
                "PASPOR_DB_CALL_TIMEOUT_SECS",
                1..=3600,
                defaults.db_call_timeout,
                problems,
            ),
            db_hang_timeout: number(
                get("PASPOR_DB_HANG_TIMEOUT_MS"),
                "PASPOR_DB_HANG_TIMEOUT_MS",
                100..=60_000,
                problems,
            )
            .map_or(defaults.db_hang_timeout, |ms| {
                Duration::from_millis(ms.into())
            }),
        }
    }
}

fn number(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<String>,
) -> Option<u32> {
    let value = value?;
    match value.parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            problems.push(format!(
                "{name} is {value:?}: it must be a whole number from {} to {}",
                range.start(),
                range.end()
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn limits(pairs: &[(&str, &str)]) -> (Limits, Vec<String>) {
        let vars: HashMap<&str, &str> = pairs.iter().copied().collect();
        let get = |name: &str| vars.get(name).copied();
        let mut problems = Vec::new();
        let limits = Limits::from_vars(&get, &mut problems);
        (limits, problems)
    }

    #[test]
    fn unset_variables_give_the_defaults() {
        let (read, problems) = limits(&[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read, Limits::default());
        assert_eq!(read.client_request_timeout, Duration::from_secs(10));
        assert_eq!(read.pool_timeout, Duration::from_secs(5));
        assert_eq!(read.keep_alive, Some(Duration::from_secs(5)));
        assert_eq!(read.db_hang_timeout, Duration::from_secs(1));
        assert_eq!(read.db_call_timeout, Duration::from_secs(60));
        assert_eq!(read.db_statement_timeout, Duration::from_secs(30));
        let (read, _) = limits(&[("PASPOR_KEEP_ALIVE_SECS", "30")]);
        assert_eq!(read.keep_alive, Some(Duration::from_secs(30)));
    }

    #[test]
    fn each_variable_is_read_and_checked() {
        let (read, problems) = limits(&[
            ("PASPOR_CLIENT_TIMEOUT_SECS", "3"),
            ("PASPOR_BODY_TIMEOUT_SECS", "30"),
            ("PASPOR_MAX_CONNECTIONS", "500"),
            ("PASPOR_BACKLOG", "256"),
            ("PASPOR_DB_POOL_TIMEOUT_SECS", "2"),
            ("PASPOR_KEEP_ALIVE_SECS", "0"),
            ("PASPOR_DB_LOCK_TIMEOUT_SECS", "3"),
            ("PASPOR_DB_CONNECT_TIMEOUT_SECS", "4"),
            ("PASPOR_DB_KEEPALIVE_SECS", "20"),
            ("PASPOR_DB_STATEMENT_TIMEOUT_SECS", "15"),
            ("PASPOR_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS", "45"),
            ("PASPOR_DB_CALL_TIMEOUT_SECS", "25"),
            ("PASPOR_DB_HANG_TIMEOUT_MS", "750"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read.db_connect_timeout, Duration::from_secs(4));
        assert_eq!(read.db_keepalive, Duration::from_secs(20));
        assert_eq!(read.db_statement_timeout, Duration::from_secs(15));
        assert_eq!(read.db_idle_in_transaction_timeout, Duration::from_secs(45));
        assert_eq!(read.db_call_timeout, Duration::from_secs(25));
        assert_eq!(read.db_hang_timeout, Duration::from_millis(750));
        assert_eq!(read.keep_alive, None);
        assert_eq!(read.lock_timeout, Duration::from_secs(3));
        assert_eq!(read.client_request_timeout, Duration::from_secs(3));
        assert_eq!(read.body_timeout, Duration::from_secs(30));
        assert_eq!(read.max_connections, 500);
        assert_eq!(read.backlog, 256);
        assert_eq!(read.pool_timeout, Duration::from_secs(2));

        let (read, problems) = limits(&[
            ("PASPOR_CLIENT_TIMEOUT_SECS", "0"),
            ("PASPOR_BODY_TIMEOUT_SECS", "soon"),
            ("PASPOR_MAX_CONNECTIONS", "-1"),
            ("PASPOR_BACKLOG", "100000"),
            ("PASPOR_DB_POOL_TIMEOUT_SECS", "61"),
            ("PASPOR_KEEP_ALIVE_SECS", "301"),
            ("PASPOR_DB_LOCK_TIMEOUT_SECS", "0"),
            ("PASPOR_DB_CONNECT_TIMEOUT_SECS", "1"),
            ("PASPOR_DB_KEEPALIVE_SECS", "0"),
            ("PASPOR_DB_STATEMENT_TIMEOUT_SECS", "0"),
            ("PASPOR_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECS", "3601"),
            ("PASPOR_DB_CALL_TIMEOUT_SECS", "never"),
            ("PASPOR_DB_HANG_TIMEOUT_MS", "50"),
        ]);
        assert_eq!(problems.len(), 13, "{problems:?}");
        assert!(problems[0].starts_with("PASPOR_CLIENT_TIMEOUT_SECS is \"0\""));
        assert_eq!(read, Limits::default(), "a bad value leaves the default");
    }
}
