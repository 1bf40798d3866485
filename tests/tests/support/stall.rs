//! A TCP relay to PostgreSQL that can stop relaying without closing anything: what the
//! server sees when the database's processes are stopped (SIGSTOP) or its machine paused.
//! The kernel still completes connections and acknowledges bytes, but nothing is read or
//! answered until the relay goes on, and then everything sent meanwhile arrives. The
//! shared PostgreSQL server is never stopped for this.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// How often a relay thread looks at its switches.
const TICK: Duration = Duration::from_millis(5);

/// The relay; it stops relaying with [`Stall::stop`], goes on with [`Stall::resume`], and
/// ends its threads when dropped.
pub struct Stall {
    address: SocketAddr,
    stopped: Arc<AtomicBool>,
    /// Relay threads between a look at `stopped` and the end of what they then relay.
    busy: Arc<AtomicUsize>,
    ended: Arc<AtomicBool>,
}

impl Stall {
    /// A relay on 127.0.0.1 to the server of the PostgreSQL URL `url`.
    pub fn to_server_of(url: &str) -> Stall {
        let (host, port) = host_and_port(url);
        let upstream = (host.as_str(), port)
            .to_socket_addrs()
            .expect("the database's address")
            .next()
            .expect("the database's address");
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the relay");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let stall = Stall {
            address: listener.local_addr().expect("the relay's address"),
            stopped: Arc::default(),
            busy: Arc::default(),
            ended: Arc::default(),
        };
        let (stopped, busy, ended) = (
            Arc::clone(&stall.stopped),
            Arc::clone(&stall.busy),
            Arc::clone(&stall.ended),
        );
        thread::spawn(move || {
            while !ended.load(Ordering::SeqCst) {
                // Stopped, nothing is accepted: new connections wait in the backlog, as
                // they do for a stopped postmaster.
                if stopped.load(Ordering::SeqCst) {
                    thread::sleep(TICK);
                    continue;
                }
                match listener.accept() {
                    Ok((client, _)) => {
                        let Ok(server) = TcpStream::connect(upstream) else {
                            continue;
                        };
                        for (from, to) in [
                            (client.try_clone(), server.try_clone()),
                            (server.try_clone(), client.try_clone()),
                        ] {
                            let (Ok(from), Ok(to)) = (from, to) else {
                                continue;
                            };
                            let switches = Switches {
                                stopped: Arc::clone(&stopped),
                                busy: Arc::clone(&busy),
                                ended: Arc::clone(&ended),
                            };
                            thread::spawn(move || relay(from, to, &switches));
                        }
                    }
                    Err(error) if error.kind() == ErrorKind::WouldBlock => thread::sleep(TICK),
                    Err(_) => thread::sleep(TICK),
                }
            }
        });
        stall
    }

    /// `url` (a PostgreSQL URL on the relayed server) pointed at the relay instead.
    pub fn url_for(&self, url: &str) -> String {
        let (host, port) = host_and_port(url);
        let original = if url.contains(&format!("{host}:{port}")) {
            format!("{host}:{port}")
        } else {
            host
        };
        url.replacen(&original, &self.address.to_string(), 1)
    }

    /// Stops relaying: the database seems stopped. Returns once nothing more gets
    /// through (a relay thread that was reading finishes relaying that read first).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        while self.busy.load(Ordering::SeqCst) > 0 {
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// Relays again: the database seems to resume.
    pub fn resume(&self) {
        self.stopped.store(false, Ordering::SeqCst);
    }
}

impl Drop for Stall {
    fn drop(&mut self) {
        self.ended.store(true, Ordering::SeqCst);
    }
}

/// What a relay thread shares with its [`Stall`].
struct Switches {
    stopped: Arc<AtomicBool>,
    busy: Arc<AtomicUsize>,
    ended: Arc<AtomicBool>,
}

/// Copies `from` to `to` while relaying; holds still (reads nothing) while stopped.
fn relay(mut from: TcpStream, mut to: TcpStream, switches: &Switches) {
    let _ = from.set_read_timeout(Some(TICK * 4));
    let mut buffer = [0; 16 * 1024];
    while !switches.ended.load(Ordering::SeqCst) {
        // Counted busy before looking, so that `stop` waits for a read begun before it.
        switches.busy.fetch_add(1, Ordering::SeqCst);
        if switches.stopped.load(Ordering::SeqCst) {
            switches.busy.fetch_sub(1, Ordering::SeqCst);
            thread::sleep(TICK);
            continue;
        }
        let relayed = match from.read(&mut buffer) {
            Ok(0) => false,
            Ok(n) => to.write_all(&buffer[..n]).is_ok(),
            Err(error) => matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        };
        switches.busy.fetch_sub(1, Ordering::SeqCst);
        if !relayed {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// The host and port of `postgres://[user[:password]@]host[:port][/db][?query]`.
fn host_and_port(url: &str) -> (String, u16) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let server = authority.rsplit_once('@').map_or(authority, |(_, s)| s);
    match server.rsplit_once(':') {
        Some((host, port)) => (host.to_owned(), port.parse().expect("a port number")),
        None => (server.to_owned(), 5432),
    }
}

#[test]
fn the_relay_takes_the_servers_place_in_the_url() {
    assert_eq!(
        host_and_port("postgres://postgres@127.0.0.1:5432/test"),
        ("127.0.0.1".to_owned(), 5432)
    );
    assert_eq!(
        host_and_port("postgres://u:p@db.example/x?sslmode=disable"),
        ("db.example".to_owned(), 5432)
    );
    let stall = Stall {
        address: "127.0.0.1:40000".parse().unwrap(),
        stopped: Arc::default(),
        busy: Arc::default(),
        ended: Arc::default(),
    };
    assert_eq!(
        stall.url_for("postgres://postgres@127.0.0.1:5432/db_1"),
        "postgres://postgres@127.0.0.1:40000/db_1"
    );
}
