//! Masked evidence: enough of a value for a person to recognise its kind, never
//! enough to identify anyone. Raw values are never stored.

use super::detectors::{parse_phone, Kind};

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
    match parse_phone(v.trim().trim_start_matches("tel:")) {
        Some((e164, _)) if e164.starts_with("+47") && e164.len() == 11 => {
            let d: Vec<char> = e164[3..].chars().collect();
            format!("+47 {}** ** *{}{}", d[0], d[6], d[7])
        }
        Some((e164, _)) => first_last(&e164, 3, 2),
        None => first_last(&digits(v), 1, 2),
    }
}

fn ip(v: &str) -> String {
    let v = v.trim();
    if v.contains(':') {
        let mut groups = v.split(':');
        let head = groups.next().unwrap_or_default();
        format!("{head}:****:****")
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
        Kind::Mac => {
            let parts: Vec<&str> = v.split([':', '-']).collect();
            if parts.len() == 6 {
                format!("{}:{}:**:**:**:{}", parts[0], parts[1], parts[5]).to_lowercase()
            } else {
                first_last(v, 4, 2)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_hint_of_the_value() {
        assert_eq!(mask(Kind::Email, "John.Doe@Example.com"), "j***@e***.com");
        assert_eq!(mask(Kind::Email, "sip:alice@vc.example.no"), "a***@v***.no");
        assert_eq!(mask(Kind::Phone, "912 34 567"), "+47 9** ** *67");
        assert_eq!(mask(Kind::Phone, "+47 41234512"), "+47 4** ** *12");
        assert_eq!(mask(Kind::Ip, "81.167.42.7"), "81.167.*.*");
        assert_eq!(
            mask(Kind::Card, "4111 1111 1111 1234"),
            "**** **** **** 1234"
        );
        assert_eq!(mask(Kind::Iban, "NO93 8601 1117 947"), "NO93*********47");
        assert_eq!(mask(Kind::NationalId, "01010750160"), "*********60");
        assert_eq!(mask(Kind::OrgNumber, "812664522"), "812 *** **2");
        assert_eq!(mask(Kind::BankAccount, "8601.11.17947"), "****.**.***47");
        assert_eq!(mask(Kind::Imei, "490154203237518"), "49***********18");
        assert_eq!(mask(Kind::Mac, "00:1A:2B:3C:4D:5E"), "00:1a:**:**:**:5e");
    }

    #[test]
    fn masks_never_contain_the_raw_value() {
        for (kind, raw) in [
            (Kind::Email, "ola.nordmann@example.no"),
            (Kind::Phone, "+4791234567"),
            (Kind::NationalId, "01010750160"),
            (Kind::Card, "4111111111111111"),
            (Kind::Ip, "192.168.10.20"),
        ] {
            let masked = mask(kind, raw);
            assert!(!masked.contains(raw), "{masked}");
            assert!(masked.contains('*'), "{masked}");
        }
    }
}
