//! Raw HTTP/1.1 over a TCP connection of the test's own: for what a well-behaved client
//! such as reqwest will not send (bytes that are not UTF-8 in the request line or headers,
//! hundreds of headers, a body that stops half-way) and for watching a connection close.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::TestApp;

/// How long a raw answer is waited for before the test fails: far above what a loaded
/// two-core machine needs, and only there so that a server that never answers fails the
/// test instead of hanging it.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// An answer read off a raw connection.
#[derive(Debug)]
pub struct RawAnswer {
    /// The status code (0 when the server closed without answering).
    pub status: u16,
    /// The head, lowercased, for header checks.
    pub head: String,
    /// The body as sent.
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// Parses what was read; `bytes` is everything up to the server's close.
    pub fn parse(bytes: &[u8]) -> RawAnswer {
        let split = bytes
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .map_or(bytes.len(), |at| at + 4);
        let head = String::from_utf8_lossy(&bytes[..split]).to_lowercase();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        RawAnswer {
            status,
            head,
            body: bytes[split..].to_vec(),
        }
    }

    /// Whether the head has this header line (name and value, lowercase).
    pub fn has_header(&self, name: &str, value: &str) -> bool {
        self.head
            .lines()
            .any(|line| line.trim_end() == format!("{name}: {value}"))
    }

    /// Asserts a problem+json answer of `status` and returns its body.
    #[track_caller]
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.head);
        assert!(
            self.has_header("content-type", "application/problem+json"),
            "{}",
            self.head
        );
        let body: Value = serde_json::from_slice(&self.body).expect("a JSON problem");
        assert_eq!(body["status"], status);
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        body
    }
}

/// A new connection to the server.
pub async fn connect(app: &TestApp) -> TcpStream {
    let address = app.base.trim_start_matches("http://");
    TcpStream::connect(address).await.expect("a connection")
}

/// Sends `request` as it is on a new connection and reads until the server closes it.
/// Requests should carry `Connection: close`; error answers close the connection anyway.
pub async fn send(app: &TestApp, request: &[u8]) -> RawAnswer {
    let mut stream = connect(app).await;
    // The server may answer and close before all is written (a head too large): what it
    // said is still there to read.
    let _ = stream.write_all(request).await;
    RawAnswer::parse(&read_to_close(&mut stream).await)
}

/// Everything the server sends until it closes the connection (or resets it).
pub async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut read = Vec::new();
    let outcome = tokio::time::timeout(PATIENCE, async {
        let mut buffer = [0u8; 8192];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => read.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the server kept the connection open for {} s; it had sent {:?}",
        PATIENCE.as_secs(),
        String::from_utf8_lossy(&read)
    );
    read
}

/// A request head with the given extra header lines, `Connection: close` and, if a body is
/// given, its `Content-Length`.
pub fn request(method: &str, target: &[u8], headers: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(method.as_bytes());
    bytes.push(b' ');
    bytes.extend_from_slice(target);
    bytes.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for header in headers {
        bytes.extend_from_slice(header);
        bytes.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() || method != "GET" {
        bytes.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    bytes
}

/// The same request with its body sent chunked (no `Content-Length`), in 8 KiB chunks.
pub fn chunked(method: &str, target: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Transfer-Encoding: chunked\r\n"
    )
    .into_bytes();
    for header in headers {
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    for chunk in body.chunks(8192) {
        bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        bytes.extend_from_slice(chunk);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}
