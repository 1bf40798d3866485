//! The SSRF guard: a subscriber URL must not make the server call its own network.
//!
//! In production (unless `PASPOR_WEBHOOK_ALLOW_PRIVATE` says otherwise) a host that is, or
//! resolves to, a loopback, private, link-local or otherwise non-public address is
//! refused: when the subscription is made, and again at every delivery, because DNS can
//! change in between. At delivery the check sits in the HTTP client's resolver, so the
//! addresses checked are the ones connected to (no second lookup to rebind); redirects are
//! never followed, so a public URL cannot bounce the request inward either.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why an address may not be called, or `None` when it is public.
pub fn forbidden_reason(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(address: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = address.octets();
    Some(match (a, b, c) {
        (0, _, _) => "an unspecified (\"this network\") address",
        (127, _, _) => "a loopback address",
        (10, _, _) | (192, 168, _) => "a private address",
        (172, 16..=31, _) => "a private address",
        (100, 64..=127, _) => "a shared (carrier-grade NAT) address",
        (169, 254, _) => "a link-local address",
        (192, 0, 0) => "an IETF protocol address",
        (198, 18..=19, _) => "a benchmarking address",
        (224..=239, _, _) => "a multicast address",
        (240..=255, _, _) => "a reserved or broadcast address",
        _ => return None,
    })
}

fn forbidden_v6(address: Ipv6Addr) -> Option<&'static str> {
    let segments = address.segments();
    if address.is_unspecified() {
        return Some("an unspecified address");
    }
    if address.is_loopback() {
        return Some("a loopback address");
    }
    // Forms that carry an IPv4 address, judged by that address: IPv4-mapped
    // (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
    // (2002:aabb:ccdd::) all reach the IPv4 address inside.
    let embedded = |high: u16, low: u16| {
        Ipv4Addr::new(
            (high >> 8) as u8,
            (high & 0xff) as u8,
            (low >> 8) as u8,
            (low & 0xff) as u8,
        )
    };
    match segments {
        [0, 0, 0, 0, 0, 0xffff, high, low]
        | [0, 0, 0, 0, 0, 0, high, low]
        | [0x64, 0xff9b, 0, 0, 0, 0, high, low] => {
            return forbidden_v4(embedded(high, low));
        }
        [0x2002, high, low, ..] => return forbidden_v4(embedded(high, low)),
        _ => {}
    }
    Some(match segments[0] {
        0xfc00..=0xfdff => "a private (unique local) address",
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a site-local address",
        0xff00..=0xffff => "a multicast address",
        _ => return None,
    })
}

/// Why none of `addresses` may be called (the first one that may not), or `None`.
fn refused(host: &str, addresses: &[SocketAddr]) -> Option<String> {
    addresses.iter().find_map(|address| {
        forbidden_reason(address.ip()).map(|reason| {
            format!(
                "{host} resolves to {}, {reason}: webhooks go to public addresses only",
                address.ip()
            )
        })
    })
}

/// The host of `url` as an IP address, when it is written as one.
fn literal_address(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// Why `url`'s host may not be called, after resolving it: `Ok(())` when every address it
/// resolves to is public. A host that does not resolve is refused too: nothing could be
/// delivered to it.
pub async fn check_host(url: &Url) -> Result<(), String> {
    if let Some(address) = literal_address(url) {
        return match forbidden_reason(address) {
            Some(reason) => Err(format!(
                "{address} is {reason}: webhooks go to public addresses only"
            )),
            None => Ok(()),
        };
    }
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|error| format!("{host} does not resolve: {error}"))?
        .collect();
    if addresses.is_empty() {
        return Err(format!("{host} does not resolve"));
    }
    refused(host, &addresses).map_or(Ok(()), Err)
}

/// Whether the host of `url` is written as an address that may not be called (the
/// resolver never sees those).
pub fn refused_literal(url: &Url) -> Option<String> {
    let address = literal_address(url)?;
    forbidden_reason(address)
        .map(|reason| format!("{address} is {reason}: webhooks go to public addresses only"))
}

/// The delivery client's resolver: the system's, refusing a host with any address that
/// may not be called.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // The port is the connector's to set; 0 only makes this a socket address.
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(reason) = refused(&host, &addresses) {
                return Err(reason.into());
            }
            let addresses: Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Option<&'static str> {
        forbidden_reason(text.parse().unwrap())
    }

    #[test]
    fn non_public_ipv4_addresses_are_refused() {
        let refused = [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "127.255.255.254",
            "10.0.0.1",
            "10.255.255.255",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "192.0.0.8",
            "198.18.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ];
        for address in refused {
            assert!(reason(address).is_some(), "{address}");
        }
        // The neighbours of every refused range are public.
        let public = [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "126.255.255.255",
            "128.0.0.1",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "192.0.1.1",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "103.10.20.30",
        ];
        for address in public {
            assert_eq!(reason(address), None, "{address}");
        }
        assert_eq!(reason("169.254.169.254"), Some("a link-local address"));
        assert_eq!(reason("10.0.0.1"), Some("a private address"));
        assert_eq!(reason("127.0.0.1"), Some("a loopback address"));
    }

    #[test]
    fn non_public_ipv6_addresses_and_ipv4_in_disguise_are_refused() {
        let refused = [
            ("::", "an unspecified address"),
            ("::1", "a loopback address"),
            ("fc00::1", "a private (unique local) address"),
            ("fdff:ffff::1", "a private (unique local) address"),
            ("fe80::1", "a link-local address"),
            ("febf::1", "a link-local address"),
            ("fec0::1", "a site-local address"),
            ("ff02::1", "a multicast address"),
            ("::ffff:127.0.0.1", "a loopback address"),
            ("::ffff:10.0.0.1", "a private address"),
            ("::ffff:169.254.169.254", "a link-local address"),
            ("::10.0.0.1", "a private address"),
            ("64:ff9b::a00:1", "a private address"),
            ("2002:c0a8:0101::1", "a private address"),
            ("2002:7f00:1::", "a loopback address"),
        ];
        for (address, expected) in refused {
            assert_eq!(reason(address), Some(expected), "{address}");
        }
        let public = [
            "2001:4860:4860::8888",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
            "fbff::1",
            "2400::1",
        ];
        for address in public {
            assert_eq!(reason(address), None, "{address}");
        }
    }

    #[tokio::test]
    async fn literal_hosts_are_judged_without_resolving() {
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://10.0.0.1/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::ffff:a00:1]/",
            // The URL parser reads the other IPv4 spellings as the address they mean.
            "http://2130706433/",
            "http://0x7f.1/",
            "http://017700000001/",
        ] {
            let url = Url::parse(url).unwrap();
            assert!(refused_literal(&url).is_some(), "{url}");
            assert!(check_host(&url).await.is_err(), "{url}");
        }
        let public = Url::parse("https://203.0.113.9/hook").unwrap();
        assert_eq!(refused_literal(&public), None);
        assert_eq!(check_host(&public).await, Ok(()));
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused() {
        let url = Url::parse("http://localhost:8080/hook").unwrap();
        let refusal = check_host(&url).await.unwrap_err();
        assert!(refusal.contains("loopback"), "{refusal}");
    }
}
