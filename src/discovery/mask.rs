//! Masked evidence: enough of a value for a person to recognise its kind, never
//! enough to identify anyone. Raw values are never stored.

use super::detectors::{
    address_part, at_decoded, display_name_email, parse_phone, plain, read_phone, Kind,
};

fn stars(n: usize) -> String {
    "*".repeat(n)
}

fn digits(v: &str) -> String {
    v.chars().filter(char::is_ascii_digit).collect()
}

fn first_last(v: &str, first: usize, last: usize) -> String {
    let chars: Vec<char> = v.chars().collect();
    if chars.len() <= first + last {
        return stars(chars.len().max(3));
    }
    let head: String = chars[..first].iter().collect();
    let tail: String = chars[chars.len() - last..].iter().collect();
    format!("{head}{}{tail}", stars(chars.len() - first - last))
}

fn email(v: &str) -> String {
    let v = v.trim();
    // `"Hansen, Per" <per@firma.no>`: the address, not its display name.
    let v = display_name_email(v).unwrap_or(v);
    // `kari%40example.no` in a URL's query string.
    let decoded = at_decoded(v);
    let v = decoded.as_ref();
    let Some((local, domain)) = v.rsplit_once('@') else {
        return "***".into();
    };
    let local = local.rsplit(':').next().unwrap_or(local);
    let (name, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    let initial = |s: &str| {
        s.chars()
            .next()
            .map(|c| c.to_lowercase().to_string())
            .unwrap_or_default()
    };
    format!(
        "{}***@{}***.{}",
        initial(local),
        initial(name),
        tld.to_lowercase()
    )
}

fn phone(v: &str) -> String {
    let v = plain(v.trim().trim_start_matches("tel:"));
    let v = v.as_ref();
    match read_phone(v, parse_phone) {
        Some((e164, _)) if e164.starts_with("+47") && e164.len() == 11 => {
            let d: Vec<char> = e164[3..].chars().collect();
            format!("+47 {}** ** *{}{}", d[0], d[6], d[7])
        }
        Some((e164, _)) => first_last(&e164, 3, 2),
        None => first_last(&digits(v), 1, 2),
    }
}

/// The first address of a list, without its port, prefix and brackets: the network
/// part of an IPv4 address, the first group of an IPv6 one.
fn ip(v: &str) -> String {
    let first = v.split(',').next().unwrap_or_default().trim();
    let (v, _) = address_part(first);
    if v.contains(':') {
        // An IPv4 address in IPv6 form (`::ffff:81.167.42.7`) shows as IPv4 does; a
        // compressed one (`::1`) has no first group to show.
        if let Some(v4) = v.rsplit(':').next().filter(|t| t.contains('.')) {
            return format!("::ffff:{}", ip(v4));
        }
        match v.split(':').next().unwrap_or_default() {
            "" => "::****".into(),
            head => format!("{head}:****:****"),
        }
    } else {
        let octets: Vec<&str> = v.split('.').collect();
        if octets.len() == 4 {
            format!("{}.{}.*.*", octets[0], octets[1])
        } else {
            "*.*.*.*".into()
        }
    }
}

/// Masks a matched value of `kind`.
pub fn mask(kind: Kind, value: &str) -> String {
    let v = value.trim();
    match kind {
        Kind::Email => email(v),
        Kind::Phone => phone(v),
        Kind::Ip => ip(v),
        Kind::Card => format!(
            "**** **** **** {}",
            first_last(&digits(v), 0, 4).trim_start_matches('*')
        ),
        Kind::Iban => {
            let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
            first_last(&compact, 4, 2)
        }
        Kind::NationalId => first_last(&digits(v), 0, 2),
        Kind::OrgNumber => {
            let d = digits(v);
            format!(
                "{} *** **{}",
                &d[..3.min(d.len())],
                d.chars().last().unwrap_or('*')
            )
        }
        Kind::BankAccount => format!(
            "****.**.***{}",
            first_last(&digits(v), 0, 2).trim_start_matches('*')
        ),
        Kind::Imei => first_last(&digits(v), 2, 2),
        // The country (an ICCID's `8947`, an IMSI's `2420`), not the card.
        // An IMSI in a 3GPP identity: its digits, not the realm's.
        Kind::Sim => first_last(&digits(v.split('@').next().unwrap_or(v)), 4, 2),
        Kind::Mac => {
            let parts: Vec<&str> = v.split([':', '-']).collect();
            // Six groups, or eight (EUI-64): the vendor's first two and the last.
            match parts.as_slice() {
                [a, b, middle @ .., last] if matches!(parts.len(), 6 | 8) => {
                    let hidden = vec!["**"; middle.len()].join(":");
                    format!("{a}:{b}:{hidden}:{last}").to_lowercase()
                }
                _ => first_last(v, 4, 2),
            }
        }
        // Initials: `Kari Nordmann` → `K*** N***`.
        Kind::Name => {
            let initials: Vec<String> = v
                .split_whitespace()
                .take(4)
                .map(|w| format!("{}***", w.chars().next().unwrap_or('*')))
                .collect();
            if initials.is_empty() {
                "***".into()
            } else {
                initials.join(" ")
            }
        }
        // The street's first letter: `S*** **`.
        Kind::Address => format!("{}*** **", v.chars().next().unwrap_or('*')),
        Kind::PostalCode => first_last(v, 1, 0),
        // The first letter: `O***`.
        Kind::City => format!("{}***", v.trim().chars().next().unwrap_or('*')),
        // The decade a person was born in, nothing more: `198*-**-**`.
        Kind::BirthDate => {
            let d = digits(v);
            // A birth year alone.
            if d.len() == 4 && v.trim().len() == 4 {
                return format!("{}*", &d[..3]);
            }
            let year_first = v.bytes().take_while(u8::is_ascii_digit).count() >= 4;
            let year = if year_first { d.get(..3) } else { d.get(4..7) };
            format!("{}*-**-**", year.unwrap_or("***"))
        }
        Kind::Gender | Kind::Nationality | Kind::Country => first_last(v, 1, 0),
        // The scheme, never the hash: `$2b$12$***`.
        Kind::Credential => match v.split('$').collect::<Vec<_>>().as_slice() {
            ["", algo, cost, ..] if algo.starts_with('2') => format!("${algo}${cost}$***"),
            ["", algo, ..] => format!("${algo}$***"),
            [algo, _, ..] => format!("{algo}$***"),
            _ => "***".into(),
        },
        // Only how long the text is.
        Kind::Note => format!("*** ({} characters of text)", v.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_hint_of_the_value() {
        assert_eq!(mask(Kind::Email, "John.Doe@Example.com"), "j***@e***.com");
        assert_eq!(mask(Kind::Email, "ola [at] firma [dot] no"), "o***@f***.no");
        assert_eq!(mask(Kind::Email, "sip:alice@vc.example.no"), "a***@v***.no");
        assert_eq!(mask(Kind::Phone, "912 34 567"), "+47 9** ** *67");
        assert_eq!(mask(Kind::Phone, "+47 41234512"), "+47 4** ** *12");
        assert_eq!(mask(Kind::Phone, "+1 415-555-0132 ext. 12"), "+14*******32");
        assert_eq!(
            mask(Kind::Phone, "+47\u{a0}912\u{a0}34\u{a0}567"),
            "+47 9** ** *67"
        );
        assert_eq!(mask(Kind::Ip, "81.167.42.7"), "81.167.*.*");
        assert_eq!(mask(Kind::Ip, "81.167.42.7:443"), "81.167.*.*");
        assert_eq!(mask(Kind::Ip, "10.158.30.113/32"), "10.158.*.*");
        assert_eq!(mask(Kind::Ip, "81.167.42.7, 10.0.0.1"), "81.167.*.*");
        assert_eq!(mask(Kind::Ip, "[2001:db8::1]:443"), "2001:****:****");
        assert_eq!(mask(Kind::Ip, "::1"), "::****");
        assert_eq!(mask(Kind::Ip, "::ffff:81.167.42.7"), "::ffff:81.167.*.*");
        assert_eq!(
            mask(Kind::Email, "\"Hansen, Per\" <per.hansen@firma.no>"),
            "p***@f***.no"
        );
        assert_eq!(mask(Kind::Email, "kari%40example.no"), "k***@e***.no");
        assert_eq!(
            mask(Kind::Email, "\"Per Hansen\" <sip:per@firma.no>;tag=8a7b"),
            "p***@f***.no"
        );
        assert_eq!(
            mask(Kind::Card, "4111 1111 1111 1234"),
            "**** **** **** 1234"
        );
        assert_eq!(mask(Kind::Iban, "NO93 8601 1117 947"), "NO93*********47");
        assert_eq!(mask(Kind::NationalId, "01010750160"), "*********60");
        assert_eq!(mask(Kind::OrgNumber, "812664522"), "812 *** **2");
        assert_eq!(mask(Kind::BankAccount, "8601.11.17947"), "****.**.***47");
        assert_eq!(mask(Kind::Imei, "490154203237518"), "49***********18");
        assert_eq!(mask(Kind::Sim, "242010123456781"), "2420*********81");
        assert_eq!(
            mask(
                Kind::Sim,
                "0242010123456781@wlan.mnc001.mcc242.3gppnetwork.org"
            ),
            "0242**********81"
        );
        assert_eq!(mask(Kind::Mac, "00:1A:2B:3C:4D:5E"), "00:1a:**:**:**:5e");
        assert_eq!(
            mask(Kind::Mac, "08:00:2B:01:02:03:04:05"),
            "08:00:**:**:**:**:**:05"
        );
        assert_eq!(mask(Kind::Name, "Kari Nordmann"), "K*** N***");
        assert_eq!(mask(Kind::Address, "Storgata 12B"), "S*** **");
        assert_eq!(mask(Kind::PostalCode, "0150"), "0***");
        assert_eq!(mask(Kind::City, "Ås"), "Å***");
        assert_eq!(mask(Kind::BirthDate, "1985-04-17"), "198*-**-**");
        assert_eq!(mask(Kind::BirthDate, "17.04.1985"), "198*-**-**");
        assert_eq!(mask(Kind::BirthDate, "1985"), "198*");
        assert_eq!(
            mask(
                Kind::Credential,
                "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
            ),
            "$2b$12$***"
        );
        assert_eq!(
            mask(Kind::Note, "Ring på: 6. etasje"),
            "*** (18 characters of text)"
        );
    }

    #[test]
    fn masks_never_contain_the_raw_value() {
        for (kind, raw) in [
            (Kind::Email, "ola.nordmann@example.no"),
            (Kind::Phone, "+4791234567"),
            (Kind::NationalId, "01010750160"),
            (Kind::Card, "4111111111111111"),
            (Kind::Ip, "192.168.10.20"),
            (Kind::Ip, "81.167.42.7:443"),
            (Kind::Ip, "[2001:db8::8a2e:370:7334]:443"),
            (Kind::Ip, "81.167.42.7,10.0.0.1"),
        ] {
            let masked = mask(kind, raw);
            assert!(!masked.contains(raw), "{masked}");
            assert!(masked.contains('*'), "{masked}");
        }
    }
}
