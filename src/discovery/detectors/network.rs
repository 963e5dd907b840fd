//! IP and MAC addresses.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A netmask (`255.255.255.0`): ones, then zeros. Not anyone's address.
fn is_netmask(ip: Ipv4Addr) -> bool {
    let m = u32::from(ip);
    let inverted = !m;
    m != 0 && inverted & inverted.wrapping_add(1) == 0
}

/// Whether a parsed IPv4 address can be a host's: not `0.x.x.x` (this network, and
/// wildcard masks such as `0.0.0.15`), not broadcast, not a netmask.
fn host_v4(ip: Ipv4Addr) -> bool {
    ip.octets()[0] != 0 && !ip.is_broadcast() && !is_netmask(ip)
}

/// A dotted-quad IPv4 address (no leading zeros) that can be a host's. Private ranges
/// count: they still identify a device within a network.
pub fn is_ipv4(s: &str) -> bool {
    s.len() >= 7 && s.parse::<Ipv4Addr>().is_ok_and(host_v4)
}

/// An IPv6 address written with colons, compressed or not, IPv4-mapped
/// (`::ffff:192.0.2.1`) or with a zone (`fe80::1%eth0`); not `::`.
pub fn is_ipv6(s: &str) -> bool {
    v6_strength(s).is_some()
}

fn v6_strength(s: &str) -> Option<f32> {
    let addr = match s.split_once('%') {
        Some((a, zone))
            if !zone.is_empty()
                && zone
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) =>
        {
            a
        }
        Some(_) => return None,
        None => s,
    };
    if addr.bytes().filter(|c| *c == b':').count() < 2 {
        return None;
    }
    let ip = addr.parse::<Ipv6Addr>().ok()?;
    if ip.is_unspecified() {
        return None;
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return host_v4(v4).then_some(0.9);
    }
    // `::1` is this host: an address all the same, but it identifies nobody alone.
    Some(if ip.is_loopback() { 0.6 } else { 0.9 })
}

/// How sure a whole value is an IP address: one address (v4 or v6, with a CIDR suffix
/// such as `/32`, as PostgreSQL writes `inet` values), or a list of them as proxies
/// write `X-Forwarded-For` (`1.2.3.4,10.0.0.1` or with spaces). `None` if it is not one.
pub fn ip_strength(s: &str) -> Option<f32> {
    // Most values are not addresses: one early-exit pass over the characters an address
    // list can hold says so (a zone, `%eth0`, may hold any).
    let ip_char = |b: u8| {
        b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b',' | b' ' | b'/' | b'[' | b']')
    };
    if !s.bytes().all(ip_char) && !s.contains('%') {
        return None;
    }
    if s.contains(',') {
        let mut best = None::<f32>;
        for part in s.split(',') {
            let one = single_ip(part.trim())?;
            best = Some(best.map_or(one, |b| b.max(one)));
        }
        return best;
    }
    single_ip(s)
}

/// The address in one written address: without its port (`81.167.42.7:443`,
/// `[2001:db8::1]:443`) or the brackets of a URL's host (`[2001:db8::1]`), and its
/// prefix length (`/32`), which it returns apart.
pub fn address_part(s: &str) -> (&str, Option<&str>) {
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    let bracketed = addr.strip_prefix('[');
    let addr = match bracketed.and_then(|a| a.split_once("]:")) {
        Some((v6, port)) if port.parse::<u16>().is_ok() => v6,
        _ if bracketed.is_some_and(|a| a.ends_with(']')) => &addr[1..addr.len() - 1],
        _ => match addr.rsplit_once(':') {
            Some((v4, port)) if !v4.contains(':') && port.parse::<u16>().is_ok() => v4,
            _ => addr,
        },
    };
    (addr, prefix)
}

/// Whether `addr/prefix` is not a host's address: a prefix that is no length, or one
/// that leaves no host bits set (`10.0.0.0/8`, `2001:db8::/32`).
fn not_a_host(addr: &str, prefix: &str) -> bool {
    let Some(bits) = prefix.parse::<u8>().ok().filter(|_| prefix.len() <= 3) else {
        return true;
    };
    let max = if addr.contains(':') { 128 } else { 32 };
    bits > max || (bits < max && network_only(addr, bits))
}

/// Whether an address found in text is followed by a prefix length that makes it a
/// network (`192.168.10.0/24`, `2001:db8:1::/48`): what the same text alone as a
/// value would not count as an address either.
pub fn names_network(addr: &str, after: &str) -> bool {
    let Some(rest) = after.strip_prefix('/') else {
        return false;
    };
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    len > 0 && not_a_host(addr, &rest[..len])
}

/// A dotted quad some logs write with its parts zero-padded (`081.167.042.007`), which
/// the standard parser refuses: an address if the quad without its padding is one. As
/// a whole value only (in prose such numbers are more often something else).
fn is_padded_ipv4(s: &str) -> bool {
    // Most values that reach here are digit runs or hex: their length, or at the latest
    // the first part, says no.
    if !(7..=15).contains(&s.len()) {
        return false;
    }
    let mut octets = [0u8; 4];
    let (mut parts, mut padded) = (0, false);
    for part in s.split('.') {
        let octet = (parts < 4
            && (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse::<u8>().ok())
        .flatten();
        let Some(octet) = octet else {
            return false;
        };
        padded |= part.len() > 1 && part.starts_with('0');
        octets[parts] = octet;
        parts += 1;
    }
    parts == 4 && padded && host_v4(Ipv4Addr::from(octets))
}

fn single_ip(s: &str) -> Option<f32> {
    let (addr, prefix) = address_part(s);
    if prefix.is_some_and(|p| not_a_host(addr, p)) {
        return None;
    }
    if addr.contains(':') {
        return v6_strength(addr);
    }
    if !is_ipv4(addr) && !is_padded_ipv4(addr) {
        return None;
    }
    // All four parts single digits (`3.2.1.4`) reads as a section number as often as an
    // address: weak alone, an IP column's other values or its name decide.
    Some(if addr.len() == 7 { 0.25 } else { 0.85 })
}

/// Whether `addr/bits` names a network rather than a host in it (`10.0.0.0/8`: no
/// host bits set). Networks are configuration, not anyone's address.
fn network_only(addr: &str, bits: u8) -> bool {
    if let Ok(ip) = addr.parse::<Ipv4Addr>() {
        let host_mask = u32::MAX.checked_shr(u32::from(bits)).unwrap_or(0);
        return u32::from(ip) & host_mask == 0;
    }
    let v6 = addr.split('%').next().unwrap_or(addr);
    v6.parse::<Ipv6Addr>().is_ok_and(|ip| {
        let host_mask = u128::MAX.checked_shr(u32::from(bits)).unwrap_or(0);
        u128::from(ip) & host_mask == 0
    })
}

/// A MAC address: `aa:bb:cc:dd:ee:ff`, `aa-bb-…` or `aabb.ccdd.eeff`; not all zeros or
/// all ones.
pub fn is_mac(s: &str) -> bool {
    let b = s.as_bytes();
    let hex_at = |positions: &mut dyn Iterator<Item = usize>| {
        let mut zeros = true;
        let mut ones = true;
        for i in positions {
            let c = b[i];
            if !c.is_ascii_hexdigit() {
                return false;
            }
            zeros &= c == b'0';
            ones &= c == b'f' || c == b'F';
        }
        !zeros && !ones
    };
    match b.len() {
        17 => {
            let sep = b[2];
            matches!(sep, b':' | b'-')
                && (2..17).step_by(3).all(|i| b[i] == sep)
                && hex_at(&mut (0..17).filter(|i| i % 3 != 2))
        }
        14 => b[4] == b'.' && b[9] == b'.' && hex_at(&mut (0..14).filter(|i| *i != 4 && *i != 9)),
        _ => false,
    }
}

/// Twelve hex digits with no separators (`001a2b3c4d5e`), as device tables often keep
/// MAC addresses: the same shape as a serial number or a hash prefix, so it counts
/// only in a column whose name says MAC.
pub fn is_bare_mac(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 12
        && b.iter().all(u8::is_ascii_hexdigit)
        && b.iter().any(|c| !c.eq_ignore_ascii_case(&b[0]))
}

/// Four pairs of digits with dots between (`88.60.15.31`): an IPv4 address's shape, and
/// how Danish, French and Belgian numbers are written in pairs. Where a column's name
/// says phone it is read as a number, not an address.
pub fn is_dotted_pairs(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b.iter().enumerate().all(|(i, c)| {
            if i % 3 == 2 {
                *c == b'.'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// An IPv4 address kept as the unsigned integer of its four bytes (`1409286145`, what
/// MySQL's `INET_ATON` stores), written the dotted way when it is a host address
/// [`ip_strength`] accepts. Any integer is such a number, so it counts only in a
/// column whose name says IP.
pub fn integer_ipv4(s: &str) -> Option<String> {
    if !(8..=10).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().ok()?;
    let dotted = std::net::Ipv4Addr::from(n).to_string();
    ip_strength(&dotted).map(|_| dotted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_pairs() {
        assert!(is_dotted_pairs("88.60.15.31"));
        assert!(is_dotted_pairs("33.12.34.56"));
        for other in [
            "88.60.15.3",
            "188.60.15.31",
            "88.60.15.31.1",
            "88-60-15-31",
            "8a.60.15.31",
        ] {
            assert!(!is_dotted_pairs(other), "{other}");
        }
    }

    #[test]
    fn zero_padded_quads() {
        assert!(is_padded_ipv4("081.167.042.007") && is_padded_ipv4("010.000.000.001"));
        for not in [
            "81.167.42.7",
            "255.255.255.000",
            "000.000.000.001",
            "081.167.042.007.1",
            "081.167.042",
            "0081.1.1.1",
            "081.167.042.256",
            "4711081167042",
        ] {
            assert!(!is_padded_ipv4(not), "{not}");
        }
    }

    #[test]
    fn addresses_kept_as_integers() {
        assert_eq!(integer_ipv4("1409286145").as_deref(), Some("84.0.0.1"));
        assert_eq!(integer_ipv4("3232235777").as_deref(), Some("192.168.1.1"));
        for not in [
            "4294967296",
            "12345",
            "0",
            "+140928614",
            "1409286145 ",
            "4294967295",
        ] {
            assert_eq!(integer_ipv4(not), None, "{not}");
        }
    }

    #[test]
    fn ipv4() {
        for ok in ["192.168.1.20", "10.0.0.5", "8.8.8.8", "81.167.42.7"] {
            assert!(is_ipv4(ok), "{ok}");
        }
        for bad in [
            "256.1.1.1",
            "1.2.3",
            "01.02.03.04",
            "0.0.0.0",
            "255.255.255.255",
            "1.2.3.4.5",
            "255.255.255.0",
            "255.0.0.0",
            "255.255.240.0",
            "0.0.0.15",
            "0.0.255.255",
        ] {
            assert!(!is_ipv4(bad), "{bad}");
        }
    }

    #[test]
    fn ipv6() {
        for ok in [
            "2001:db8::1",
            "fe80::1ff:fe23:4567:890a",
            "::1",
            "fe80::1%eth0",
            "::ffff:192.0.2.1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
        ] {
            assert!(is_ipv6(ok), "{ok}");
        }
        for bad in [
            "::",
            "12:30:45",
            "00:1A:2B:3C:4D:5E",
            "2001:db8",
            "fe80::1%",
            "::ffff:255.255.255.0",
        ] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }

    #[test]
    fn whole_values_with_prefixes_and_lists() {
        assert_eq!(ip_strength("10.158.30.113/32"), Some(0.85));
        assert_eq!(ip_strength("2001:db8::8a2e:370:7334/128"), Some(0.9));
        assert_eq!(ip_strength("81.167.42.7,10.0.0.1"), Some(0.85));
        assert_eq!(ip_strength("81.167.42.7, 10.0.0.1, 172.16.0.9"), Some(0.85));
        assert!(
            ip_strength("3.2.1.4").unwrap() < 0.5,
            "a section number reads weak"
        );
        assert_eq!(
            ip_strength("192.168.1.20/24"),
            Some(0.85),
            "a host and its network"
        );
        assert_eq!(ip_strength("81.167.42.7:443"), Some(0.85));
        assert_eq!(ip_strength("[2001:db8::1]:8443"), Some(0.9));
        for bad in [
            "10.0.0.0/8",
            "192.168.0.0/16",
            "2001:db8::/32",
            "81.167.42.7:99999",
            "10.0.0.1/33",
            "10.0.0.1/",
            "10.0.0.1,x",
            "1,2",
            "10.0.0.1/3a",
        ] {
            assert_eq!(ip_strength(bad), None, "{bad}");
        }
    }

    #[test]
    fn addresses_in_text_followed_by_a_network_prefix_are_networks() {
        assert!(names_network("192.168.10.0", "/24 er kontorets nett"));
        assert!(names_network("2001:db8:1::", "/48"));
        assert!(names_network("10.0.0.1", "/40"), "no prefix length");
        assert!(
            !names_network("192.168.10.7", "/24"),
            "a host in its network"
        );
        assert!(!names_network("10.0.0.1", "/32"));
        assert!(!names_network("10.0.0.0", " /8"), "not written as a prefix");
        assert!(!names_network("10.0.0.0", "/ x"));
        assert_eq!(address_part("81.167.42.7:443"), ("81.167.42.7", None));
        assert_eq!(address_part("[2001:db8::1]:443"), ("2001:db8::1", None));
        assert_eq!(address_part("10.0.0.1/32"), ("10.0.0.1", Some("32")));
        assert_eq!(address_part("[2a01:79c::1]"), ("2a01:79c::1", None));
        assert_eq!(address_part("[81.167.42.7]"), ("81.167.42.7", None));
        assert_eq!(address_part("[]"), ("", None));
        assert!(ip_strength("[2a01:79c::1]").is_some());
        assert!(ip_strength("[2a01:79c::1").is_none());
        assert!(ip_strength("[1.2.3]").is_none());
    }

    #[test]
    fn mac() {
        assert!(is_bare_mac("001a2b3c4d5e"));
        assert!(is_bare_mac("001A2B3C4D5E"));
        for bad in [
            "000000000000",
            "FFFFFFFFFFFF",
            "001a2b3c4d5",
            "001a2b3c4d5g",
            "00:1a:2b:3c",
        ] {
            assert!(!is_bare_mac(bad), "{bad}");
        }
        assert!(is_mac("00:1A:2B:3C:4D:5E"));
        assert!(is_mac("00-1a-2b-3c-4d-5e"));
        assert!(is_mac("001a.2b3c.4d5e"));
        for bad in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "00:1A:2B:3C:4D",
            "00:1G:2B:3C:4D:5E",
            "12:30:45:10:20:30:40",
            "00:1A-2B:3C:4D:5E",
            "ææ:1A:2B:3C:4D:5",
        ] {
            assert!(!is_mac(bad), "{bad}");
        }
    }
}
