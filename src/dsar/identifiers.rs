//! A data subject's identifiers: normalised once when given, then matched against the
//! values of the columns discovery found to hold their kind — whole values, URIs
//! (`mailto:`, `sip:`, `tel:`), JSON documents and free text alike.

use crate::discovery::detectors::{self, at_decoded, find_in_text, is_email, is_national_id, Kind};
use crate::domain::IdentifierKind;
use phonenumber::country::Id as Region;
use phonenumber::Mode;
use std::net::IpAddr;

/// One identifier, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub kind: IdentifierKind,
    /// The normalised value: lower-case email, E.164 phone, canonical IP, 11 digits, or
    /// the account id as given (trimmed).
    pub value: String,
    /// For accounts: the column (`schema.table.column`) the id lives in.
    pub column: Option<String>,
}

impl Identifier {
    /// The kind's name in exports, e.g. `email`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            IdentifierKind::Email => "email",
            IdentifierKind::Phone => "phone",
            IdentifierKind::Ip => "ip",
            IdentifierKind::NationalId => "national_id",
            IdentifierKind::Account => "account",
        }
    }
}

/// Normalises `raw` as a `kind`, or says why it cannot be one.
pub fn normalize(kind: IdentifierKind, raw: &str, region: Region) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err("is empty".into());
    }
    match kind {
        IdentifierKind::Email => {
            let lower = v.to_lowercase();
            if is_email(&lower) {
                Ok(lower)
            } else {
                Err(format!("{} is not an email address", crate::discovery::mask::mask(Kind::Email, v)))
            }
        }
        IdentifierKind::Phone => phone_e164(v, region).ok_or_else(|| {
            "is not a valid phone number (give it in E.164, e.g. +4791234567, or in the national format of the default region)".into()
        }),
        IdentifierKind::Ip => canonical_ip(v).ok_or_else(|| "is not an IPv4 or IPv6 address".into()),
        IdentifierKind::NationalId => {
            let digits: Vec<u8> = v.bytes().filter(|b| !matches!(b, b' ' | b'-' | b'.')).collect();
            if is_national_id(&digits) {
                Ok(String::from_utf8(digits).expect("ASCII digits"))
            } else {
                Err("is not a valid national identity or D-number (11 digits, both check digits)".into())
            }
        }
        IdentifierKind::Account => Ok(v.to_owned()),
    }
}

/// A phone number in E.164, read in `region` when it has no country code.
pub fn phone_e164(v: &str, region: Region) -> Option<String> {
    let v = v.trim();
    let v = v.strip_prefix("tel:").unwrap_or(v);
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    if !(6..=15).contains(&digits)
        || !v
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b' ' | b'-' | b'(' | b')' | b'.'))
    {
        return None;
    }
    let number = phonenumber::parse(Some(region), v).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(Mode::E164).to_string())
}

/// An IP address in its canonical text form (`::ffff:` forms and `/32` suffixes too).
pub fn canonical_ip(v: &str) -> Option<String> {
    let v = v.trim();
    let v = match v.split_once('/') {
        Some((addr, bits)) if bits == "32" || bits == "128" => addr,
        Some(_) => return None,
        None => v,
    };
    let ip: IpAddr = v.parse().ok()?;
    Some(ip.to_canonical().to_string())
}

/// What kind of identifier a column is probed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProbeKind {
    Email,
    Phone,
    Ip,
    NationalId,
    /// The account identifiers whose column is this one.
    Account,
}

impl ProbeKind {
    /// The probe for a discovered kind, when identifiers of that kind exist.
    pub fn of_kind(kind: Kind) -> Option<Self> {
        match kind {
            Kind::Email => Some(Self::Email),
            Kind::Phone => Some(Self::Phone),
            Kind::Ip => Some(Self::Ip),
            Kind::NationalId => Some(Self::NationalId),
            _ => None,
        }
    }

    /// The probe for an inventory category key (descendants included).
    pub fn of_category(key: &str) -> Option<Self> {
        Kind::ALL
            .into_iter()
            .find(|k| key == k.category() || key.starts_with(&format!("{}.", k.category())))
            .and_then(Self::of_kind)
    }

    fn identifier_kind(self) -> IdentifierKind {
        match self {
            Self::Email => IdentifierKind::Email,
            Self::Phone => IdentifierKind::Phone,
            Self::Ip => IdentifierKind::Ip,
            Self::NationalId => IdentifierKind::NationalId,
            Self::Account => IdentifierKind::Account,
        }
    }
}

/// Matches column values against a request's identifiers.
pub struct Matcher {
    identifiers: Vec<Identifier>,
    region: Region,
    /// For phones: the national significant number's digits, a cheap pre-filter.
    phone_digits: Vec<Option<String>>,
    /// For phones: the number's own country, in which its national forms are read too
    /// (a Swede's `070-123 45 67` in a Norwegian company's data).
    phone_regions: Vec<Option<Region>>,
    /// For emails: the address as a URL's query string writes it, `@` as `%40`.
    encoded_emails: Vec<Option<String>>,
}

impl Matcher {
    pub fn new(identifiers: Vec<Identifier>, region: Region) -> Self {
        let phone_digits = identifiers
            .iter()
            .map(|i| {
                (i.kind == IdentifierKind::Phone).then(|| {
                    phonenumber::parse(None, &i.value)
                        .map(|n| n.national().value().to_string())
                        .unwrap_or_else(|_| i.value.trim_start_matches('+').to_owned())
                })
            })
            .collect();
        let phone_regions = identifiers
            .iter()
            .map(|i| {
                (i.kind == IdentifierKind::Phone)
                    .then(|| phonenumber::parse(None, &i.value).ok()?.country().id())
                    .flatten()
                    .filter(|r| *r != region)
            })
            .collect();
        let encoded_emails = identifiers
            .iter()
            .map(|i| (i.kind == IdentifierKind::Email).then(|| i.value.replacen('@', "%40", 1)))
            .collect();
        Self {
            identifiers,
            region,
            phone_digits,
            phone_regions,
            encoded_emails,
        }
    }

    pub fn identifiers(&self) -> &[Identifier] {
        &self.identifiers
    }

    /// Whether any identifier could match a column probed as `kind`.
    pub fn wants(&self, kind: ProbeKind, column: &str) -> bool {
        self.applying(kind, column).next().is_some()
    }

    /// The identifiers a lookup on `column` probed as `kind` looks for.
    pub fn values_for(&self, kind: ProbeKind, column: &str) -> Vec<String> {
        self.applying(kind, column)
            .map(|i| i.value.clone())
            .collect()
    }

    /// The identifiers of `kind`; for accounts, only those whose column is `column`.
    fn applying<'s>(
        &'s self,
        kind: ProbeKind,
        column: &'s str,
    ) -> impl Iterator<Item = &'s Identifier> + 's {
        self.identifiers.iter().filter(move |i| {
            i.kind == kind.identifier_kind()
                && (kind != ProbeKind::Account || i.column.as_deref() == Some(column))
        })
    }

    /// The index of the first identifier found in `value` of `column` probed as `kind`.
    pub fn find(&self, kind: ProbeKind, column: &str, value: &str) -> Option<usize> {
        self.find_with(kind, column, value, true)
    }

    /// [`Matcher::find`]; with `bare_digits` false, a value that is nothing but the
    /// national digits (`91234567`) does not count as a phone number. That is how
    /// columns discovery did not find phone numbers in are probed: there a bare number
    /// is more likely an order or customer number than a phone.
    pub fn find_with(
        &self,
        kind: ProbeKind,
        column: &str,
        value: &str,
        bare_digits: bool,
    ) -> Option<usize> {
        let wanted = kind.identifier_kind();
        let mut lower: Option<String> = None;
        let mut digits: Option<String> = None;
        for (i, id) in self.identifiers.iter().enumerate() {
            if id.kind != wanted {
                continue;
            }
            let hit = match kind {
                ProbeKind::Account => {
                    id.column.as_deref() == Some(column) && value.trim() == id.value
                }
                ProbeKind::Email => {
                    let lower = lower.get_or_insert_with(|| value.to_lowercase());
                    // In a URL's query string the `@` is often percent-encoded.
                    let encoded = || {
                        self.encoded_emails[i]
                            .as_deref()
                            .is_some_and(|e| lower.contains(e))
                    };
                    // Or spelt out in brackets (`ola [at] firma [dot] no`).
                    let spelt = || {
                        let local = id.value.split('@').next().unwrap_or_default();
                        lower.contains(local) && detectors::spells_out_at(value)
                    };
                    (lower.contains(&id.value) || encoded() || spelt())
                        && self.contains_email(value, &id.value)
                }
                ProbeKind::Phone => {
                    let digits = digits.get_or_insert_with(|| {
                        value.chars().filter(char::is_ascii_digit).collect()
                    });
                    self.phone_digits[i]
                        .as_deref()
                        .is_some_and(|d| digits.contains(d))
                        && self.contains_phone(value, &id.value, bare_digits, self.phone_regions[i])
                }
                ProbeKind::Ip => value.contains(['.', ':']) && contains_ip(value, &id.value),
                ProbeKind::NationalId => {
                    let digits = digits.get_or_insert_with(|| {
                        value.chars().filter(char::is_ascii_digit).collect()
                    });
                    digits.contains(&id.value) && contains_national_id(value, &id.value)
                }
            };
            if hit {
                return Some(i);
            }
        }
        None
    }

    /// When all of `text` (of `column`, probed as `kind`) is one identifier: its kind's
    /// name, its normalised value, and whether it is one of the request's (`None` when
    /// the request gives no identifier of that kind).
    pub fn whole(
        &self,
        kind: ProbeKind,
        column: &str,
        text: &str,
    ) -> Option<(&'static str, String, Option<bool>)> {
        let v = detectors::unwrap_uri(text.trim());
        let (name, value) = match kind {
            ProbeKind::Email => {
                let lower = v.to_lowercase();
                if !is_email(&lower) {
                    return None;
                }
                ("email", lower)
            }
            ProbeKind::Phone => ("phone", phone_e164(v, self.region)?),
            ProbeKind::NationalId => (
                "national_id",
                normalize(IdentifierKind::NationalId, v, self.region).ok()?,
            ),
            ProbeKind::Account => ("account", text.trim().to_owned()),
            ProbeKind::Ip => return None,
        };
        let theirs: Vec<&Identifier> = self.applying(kind, column).collect();
        let mine = (!theirs.is_empty()).then(|| theirs.iter().any(|i| i.value == value));
        Some((name, value, mine))
    }

    fn contains_email(&self, value: &str, email: &str) -> bool {
        let whole = detectors::unwrap_uri(value.trim());
        whole.eq_ignore_ascii_case(email)
            || find_in_text(value).iter().any(|m| {
                m.kind == Kind::Email
                    && at_decoded(&value[m.start..m.end]).eq_ignore_ascii_case(email)
            })
    }

    fn contains_phone(
        &self,
        value: &str,
        e164: &str,
        bare_digits: bool,
        own_region: Option<Region>,
    ) -> bool {
        let is_it = |c: &str| {
            phone_e164(c, self.region).as_deref() == Some(e164)
                || own_region.is_some_and(|r| phone_e164(c, r).as_deref() == Some(e164))
        };
        let whole = detectors::unwrap_uri(value.trim());
        // `sip:+4791234567@example.com`: the user part is the number.
        let user = whole.split('@').next().unwrap_or(whole);
        let written_as_phone = |c: &str| {
            bare_digits
                || c.starts_with("00")
                || c.contains(['+', ' ', '-', '(', ')', '.'])
                || value.trim_start().starts_with("tel:")
        };
        // A list of numbers in one value (`41234567 / 98765432`, `{…,…}`), as discovery
        // reads a column of them: each item is a candidate.
        let items = detectors::ListItems::of(whole).map(|(items, _)| items);
        [whole, user]
            .into_iter()
            .chain(items.into_iter().flatten())
            .filter(|c| written_as_phone(c))
            .any(is_it)
            || find_in_text(value).iter().any(|m| {
                // Ten digits or more alone are an international number found without
                // its `+` (`wa.me/4791234567`, a percent-encoded `%2B4791234567`).
                let c = &value[m.start..m.end];
                let bare = c.len() >= 10 && c.bytes().all(|b| b.is_ascii_digit());
                m.kind == Kind::Phone && (is_it(c) || bare && is_it(&format!("+{c}")))
            })
    }
}

fn contains_ip(value: &str, ip: &str) -> bool {
    canonical_ip(value).as_deref() == Some(ip)
        || find_in_text(value).iter().any(|m| {
            m.kind == Kind::Ip && canonical_ip(&value[m.start..m.end]).as_deref() == Some(ip)
        })
}

fn contains_national_id(value: &str, id: &str) -> bool {
    let whole: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    whole == id
        || find_in_text(value)
            .iter()
            .any(|m| m.kind == Kind::NationalId && value[m.start..m.end] == *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(kind: IdentifierKind, raw: &str) -> Identifier {
        Identifier {
            kind,
            value: normalize(kind, raw, Region::NO).unwrap(),
            column: None,
        }
    }

    #[test]
    fn identifiers_are_normalised() {
        let n = |k, v| normalize(k, v, Region::NO);
        assert_eq!(
            n(IdentifierKind::Email, "  Ola.Nordmann@Example.NO ").unwrap(),
            "ola.nordmann@example.no"
        );
        assert_eq!(
            n(IdentifierKind::Phone, "912 34 567").unwrap(),
            "+4791234567"
        );
        assert_eq!(
            n(IdentifierKind::Phone, "+47 912 34 567").unwrap(),
            "+4791234567"
        );
        assert_eq!(
            n(IdentifierKind::Phone, "0046 70 123 45 67").unwrap(),
            "+46701234567"
        );
        assert_eq!(
            n(IdentifierKind::Ip, "2001:DB8:0:0::1").unwrap(),
            "2001:db8::1"
        );
        assert_eq!(
            n(IdentifierKind::Ip, "::ffff:10.0.0.1").unwrap(),
            "10.0.0.1"
        );
        assert_eq!(
            n(IdentifierKind::NationalId, "010107 50160").unwrap(),
            "01010750160"
        );
        assert!(n(IdentifierKind::Email, "not-an-email").is_err());
        assert!(n(IdentifierKind::Phone, "12").is_err());
        assert!(n(IdentifierKind::Ip, "10.2.3.4.5").is_err());
        assert!(n(IdentifierKind::NationalId, "01010750161").is_err());
        assert!(n(IdentifierKind::Account, "  ").is_err());
        // The region is configurable: a Swedish national number.
        assert_eq!(
            normalize(IdentifierKind::Phone, "070-123 45 67", Region::SE).unwrap(),
            "+46701234567"
        );
    }

    #[test]
    fn values_match_whole_inside_uris_json_and_text() {
        let m = Matcher::new(
            vec![
                id(IdentifierKind::Email, "Ola@Example.no"),
                id(IdentifierKind::Phone, "91234567"),
                id(IdentifierKind::Ip, "10.1.2.3"),
                id(IdentifierKind::NationalId, "01010750160"),
            ],
            Region::NO,
        );
        let e = |v| m.find(ProbeKind::Email, "c", v);
        assert_eq!(e(" OLA@example.NO "), Some(0));
        assert_eq!(e("mailto:ola@example.no"), Some(0));
        assert_eq!(e(r#"{"contact": {"email": "Ola@Example.no"}}"#), Some(0));
        assert_eq!(e("Hi, please write to ola@example.no about it"), Some(0));
        // A URL's query string, its `@` percent-encoded (discovery finds these too).
        assert_eq!(
            e("https://shop.example/reset?email=ola%40example.no&t=1"),
            Some(0)
        );
        assert_eq!(
            e("https://shop.example/reset?email=kola%40example.no"),
            None
        );
        assert_eq!(e("https://shop.example/?e=ola%40example.no.evil.com"), None);
        assert_eq!(e("kola@example.no"), None);
        assert_eq!(e("ola@example.no.evil.com"), None);
        // Spelt out in brackets to keep it from harvesters.
        assert_eq!(e("Skriv til Ola [at] example [dot] no 🙂"), Some(0));
        assert_eq!(e("ola(at)example.no"), Some(0));
        assert_eq!(e("kola (at) example.no"), None);
        assert_eq!(e("ola [at] example [dot] com"), None);
        let p = |v| m.find(ProbeKind::Phone, "c", v);
        assert_eq!(p("+47 912 34 567"), Some(1));
        assert_eq!(p("912 34 567"), Some(1));
        assert_eq!(p("sip:+4791234567@voip.example.no"), Some(1));
        assert_eq!(p("tel:+4791234567"), Some(1));
        assert_eq!(p("Call me on +47 912 34 567 tomorrow"), Some(1));
        // As discovery reads them: with a label, or the country code in brackets.
        assert_eq!(p("+47 912 34 567 (mobil)"), Some(1));
        assert_eq!(p("(+47) 912 34 567"), Some(1));
        assert_eq!(p("+47 912 34 568"), None);
        assert_eq!(p("invoice 1991234567"), None);
        // In a URL without its `+`: a webhook's form body, a WhatsApp link.
        assert_eq!(p("From=%2B4791234567&Body=Hei+p%C3%A5+deg"), Some(1));
        assert_eq!(p("Skriv på https://wa.me/4791234567 🙂"), Some(1));
        assert_eq!(p("From=%2B4791234568&Body=Hei"), None);
        // A form's pair of numbers, or a list, in a column of phones.
        assert_eq!(p("41234567 / 91234567"), Some(1));
        assert_eq!(p("41234567, 91234567"), Some(1));
        assert_eq!(p("{41234567,91234567}"), Some(1));
        assert_eq!(p("41234567 / 91234568"), None);
        // Where discovery found no phones, a bare number is an order number, not a phone.
        let strict = |v| m.find_with(ProbeKind::Phone, "c", v, false);
        assert_eq!(strict("91234567"), None);
        assert_eq!(strict("912 34 567"), Some(1));
        assert_eq!(strict("+4791234567"), Some(1));
        assert_eq!(strict("0047 91234567"), Some(1));
        assert_eq!(strict("tel:91234567"), Some(1));
        // A foreign number written in its own country's national form.
        let abroad = Matcher::new(
            vec![
                id(IdentifierKind::Phone, "+46 70 123 45 67"),
                id(IdentifierKind::Phone, "+49 30 1234567"),
            ],
            Region::NO,
        );
        let p = |v| abroad.find(ProbeKind::Phone, "c", v);
        assert_eq!(p("070-123 45 67"), Some(0));
        assert_eq!(p("ring 070-123 45 67 etter kl. 16"), Some(0));
        assert_eq!(p("030 1234567"), Some(1));
        assert_eq!(p("070-123 45 68"), None);
        let i = |v| m.find(ProbeKind::Ip, "c", v);
        assert_eq!(i("10.1.2.3"), Some(2));
        assert_eq!(i("login from 10.1.2.3 failed"), Some(2));
        assert_eq!(i("10.1.2.33"), None);
        assert_eq!(m.find(ProbeKind::NationalId, "c", "010107 50160"), Some(3));
        assert_eq!(m.find(ProbeKind::NationalId, "c", "01010750169"), None);
    }

    #[test]
    fn accounts_match_only_their_column() {
        let m = Matcher::new(
            vec![Identifier {
                kind: IdentifierKind::Account,
                value: "C-42".into(),
                column: Some("public.customers.ref".into()),
            }],
            Region::NO,
        );
        assert_eq!(
            m.find(ProbeKind::Account, "public.customers.ref", "C-42"),
            Some(0)
        );
        assert_eq!(
            m.find(ProbeKind::Account, "public.orders.ref", "C-42"),
            None
        );
        assert_eq!(
            m.find(ProbeKind::Account, "public.customers.ref", "C-421"),
            None
        );
        assert!(m.wants(ProbeKind::Account, "public.customers.ref"));
        assert!(!m.wants(ProbeKind::Email, "public.customers.ref"));
    }
}
