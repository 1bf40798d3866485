//! What the HTTP edge bounds itself: how large a body may be per route, how long its body
//! may take to arrive, and the listening socket's backlog. The configured values are
//! `paspor_app::limits::Limits`.
//!
//! What actix-web enforces itself, before any of the application runs (so its answers are
//! bare, not problem+json): a request head larger than 128 KiB or with more than 96 headers
//! is answered 431 and the connection closed; a head not complete within
//! `client_request_timeout` of the connection's start is answered 408 and closed; a request
//! line or header that does not parse as HTTP/1.1 is answered 400 and closed.

mod body_deadline;

use std::net::{SocketAddr, TcpListener};

pub use body_deadline::BodyDeadline;

/// The largest JSON body any route takes (the app-wide `JsonConfig` and `PayloadConfig`).
pub const JSON_BODY_BYTES: usize = 64 * 1024;

/// The largest payment notice: a notice is a few hundred bytes; 16 KiB leaves room for
/// fields a payment channel may add without letting an unauthenticated caller make the
/// server buffer and hash 64 KiB per request.
pub const PAYMENT_NOTICE_BYTES: usize = 16 * 1024;

/// A listening socket on `address` with the given backlog (std's `TcpListener::bind`
/// chooses its own), with `SO_REUSEADDR` so that a restart does not wait for old
/// connections' `TIME_WAIT`.
pub fn listener(address: SocketAddr, backlog: u32) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(i32::try_from(backlog).unwrap_or(i32::MAX))?;
    Ok(socket.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listener_takes_a_free_port() {
        let listener = listener(SocketAddr::from(([127, 0, 0, 1], 0)), 16).unwrap();
        assert_ne!(listener.local_addr().unwrap().port(), 0);
    }
}
