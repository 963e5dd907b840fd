//! IP and MAC addresses.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A dotted-quad IPv4 address (no leading zeros). Private ranges count: they still
/// identify a device within a network.
pub fn is_ipv4(s: &str) -> bool {
    s.len() >= 7
        && s.parse::<Ipv4Addr>()
            .is_ok_and(|ip| !ip.is_unspecified() && !ip.is_broadcast())
}

/// An IPv6 address written with colons (at least two groups).
pub fn is_ipv6(s: &str) -> bool {
    s.contains(':')
        && s.bytes().filter(|c| *c == b':').count() >= 2
        && s.parse::<Ipv6Addr>()
            .is_ok_and(|ip| !ip.is_unspecified() && !ip.is_loopback())
}

/// A MAC address: `aa:bb:cc:dd:ee:ff`, `aa-bb-…` or `aabb.ccdd.eeff`; not all zeros or
/// all ones.
pub fn is_mac(s: &str) -> bool {
    let hex: String = match s.len() {
        17 => {
            let sep = s.as_bytes()[2];
            if !matches!(sep, b':' | b'-') {
                return false;
            }
            let parts: Vec<&str> = s.split(sep as char).collect();
            if parts.len() != 6 || parts.iter().any(|p| p.len() != 2) {
                return false;
            }
            parts.concat()
        }
        14 => {
            let parts: Vec<&str> = s.split('.').collect();
            if parts.len() != 3 || parts.iter().any(|p| p.len() != 4) {
                return false;
            }
            parts.concat()
        }
        _ => return false,
    };
    hex.bytes().all(|c| c.is_ascii_hexdigit())
        && !hex.bytes().all(|c| c == b'0')
        && !hex.bytes().all(|c| c == b'f' || c == b'F')
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert!(!is_ipv4(bad), "{bad}");
        }
    }

    #[test]
    fn ipv6() {
        assert!(is_ipv6("2001:db8::1"));
        assert!(is_ipv6("fe80::1ff:fe23:4567:890a"));
        for bad in ["::", "::1", "12:30:45", "00:1A:2B:3C:4D:5E", "2001:db8"] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }

    #[test]
    fn mac() {
        assert!(is_mac("00:1A:2B:3C:4D:5E"));
        assert!(is_mac("00-1a-2b-3c-4d-5e"));
        assert!(is_mac("001a.2b3c.4d5e"));
        for bad in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "00:1A:2B:3C:4D",
            "00:1G:2B:3C:4D:5E",
            "12:30:45:10:20:30:40",
        ] {
            assert!(!is_mac(bad), "{bad}");
        }
    }
}
