//! Emails and phone numbers.

use phonenumber::country::Id;
use phonenumber::Mode;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

/// An email address in the common, deliverable form (not every RFC 5322 corner).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
    {
        return false;
    }
    // At least two labels, each a hostname label; the last (the TLD) letters only.
    let mut labels = 0;
    let mut last = "";
    for l in domain.split('.') {
        if l.is_empty()
            || l.len() > 63
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        {
            return false;
        }
        labels += 1;
        last = l;
    }
    labels >= 2 && last.len() >= 2 && last.bytes().all(|c| c.is_ascii_alphabetic())
}

/// How sure a phone match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneForm {
    /// Written as a phone number: `+47 …`, `0047…`, or grouped like `912 34 567`.
    Strong,
    /// Bare digits that are a valid number but could as well be an invoice number or a
    /// date: counts only where the column name says phone.
    Bare,
}

/// The `phonenumber` crate's verdict on 8-digit Norwegian numbers, remembered per
/// 5-digit prefix: Norway's numbering plan (the crate's NO metadata) decides validity
/// by the leading digits of a fixed-length number, so one answer serves the prefix.
/// 0 = not asked yet, 1 = valid, 2 = invalid.
static NO_PREFIX_VALID: LazyLock<Vec<AtomicU8>> =
    LazyLock::new(|| (0..100_000).map(|_| AtomicU8::new(0)).collect());

fn norwegian_valid(national: &[u8; 8]) -> bool {
    let prefix = national[..5]
        .iter()
        .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
    match NO_PREFIX_VALID[prefix].load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            let text = std::str::from_utf8(national).unwrap_or_default();
            let valid =
                phonenumber::parse(Some(Id::NO), text).is_ok_and(|n| phonenumber::is_valid(&n));
            NO_PREFIX_VALID[prefix].store(if valid { 1 } else { 2 }, Ordering::Relaxed);
            valid
        }
    }
}

/// The 8 national digits of a number written the Norwegian way (`+47 …`, `0047 …`, or
/// bare), if it is written that way.
fn norwegian_digits(s: &str) -> Option<[u8; 8]> {
    let rest = s
        .strip_prefix("+47")
        .or_else(|| s.strip_prefix("0047"))
        .unwrap_or(s);
    let mut out = [0u8; 8];
    let mut n = 0;
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => {
                if n == 8 {
                    return None;
                }
                out[n] = b;
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return None,
        }
    }
    (n == 8 && out[0] != b'0').then_some(out)
}

/// Parses a phone number (default region NO). Returns its E.164 form and how it was written.
pub fn parse_phone(s: &str) -> Option<(String, PhoneForm)> {
    let (s, form, national) = phone_shape(s)?;
    if let Some(national) = national {
        if !norwegian_valid(&national) {
            return None;
        }
        let digits = std::str::from_utf8(&national).unwrap_or_default();
        return Some((format!("+47{digits}"), form));
    }
    let number = phonenumber::parse(Some(Id::NO), s).ok()?;
    if !phonenumber::is_valid(&number) {
        return None;
    }
    Some((number.format().mode(Mode::E164).to_string(), form))
}

/// Whether `s` is a valid phone number (as [`parse_phone`] says), and how it was
/// written, without formatting it: Norwegian numbers allocate nothing.
pub fn phone_form(s: &str) -> Option<PhoneForm> {
    let (s, form, national) = phone_shape(s)?;
    match national {
        Some(national) => norwegian_valid(&national).then_some(form),
        None => phonenumber::parse(Some(Id::NO), s)
            .is_ok_and(|n| phonenumber::is_valid(&n))
            .then_some(form),
    }
}

/// The checks on how a phone number is written, before its number is looked up: the
/// trimmed text, its form, and its 8 national digits when written the Norwegian way.
fn phone_shape(s: &str) -> Option<(&str, PhoneForm, Option<[u8; 8]>)> {
    let s = s.trim();
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    if !(8..=15).contains(&digits)
        || !s
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b' ' | b'-' | b'(' | b')' | b'.'))
        || s.bytes().filter(|c| *c == b'+').count() > 1
        || (s.contains('+') && !s.starts_with('+'))
    {
        return None;
    }
    let international = s.starts_with('+') || s.starts_with("00");
    let grouped = s.contains(' ') || s.contains('-') || s.contains('(');
    // Dots are common in dates and versions: only with an explicit country code.
    if s.contains('.') && !international {
        return None;
    }
    let form = if international || grouped {
        PhoneForm::Strong
    } else {
        PhoneForm::Bare
    };
    Some((s, form, norwegian_digits(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["ola.nordmann@example.no", "a+tag@sub.example.com", "x@e.io"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "plainaddress",
            "@example.com",
            "a@b",
            "a..b@example.com",
            "a@example.c0m",
            "a@-x.com",
            "a b@example.com",
            ".a@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones_in_norwegian_and_international_formats() {
        assert_eq!(
            parse_phone("+47 912 34 567"),
            Some(("+4791234567".into(), PhoneForm::Strong))
        );
        assert_eq!(parse_phone("0047 91234567").unwrap().0, "+4791234567");
        assert_eq!(
            parse_phone("912 34 567"),
            Some(("+4791234567".into(), PhoneForm::Strong))
        );
        assert_eq!(
            parse_phone("22 22 22 22").unwrap().0,
            "+4722222222",
            "Oslo landline"
        );
        assert_eq!(
            parse_phone("91234567"),
            Some(("+4791234567".into(), PhoneForm::Bare))
        );
        assert_eq!(parse_phone("+1 415 555 2671").unwrap().0, "+14155552671");
        assert_eq!(parse_phone("+46 70 123 45 67").unwrap().0, "+46701234567");
        assert_eq!(phone_form("+46 70 123 45 67"), Some(PhoneForm::Strong));
        assert_eq!(phone_form("91234567"), Some(PhoneForm::Bare));
    }

    #[test]
    fn the_norwegian_fast_path_agrees_with_the_phonenumber_crate() {
        // Every 5-digit prefix, with two different tails, against the crate itself.
        for prefix in (10_000..100_000).step_by(7) {
            for tail in ["000", "987"] {
                let national = format!("{prefix}{tail}");
                let crate_says = phonenumber::parse(Some(Id::NO), &national)
                    .is_ok_and(|n| phonenumber::is_valid(&n));
                assert_eq!(parse_phone(&national).is_some(), crate_says, "{national}");
                assert_eq!(phone_form(&national).is_some(), crate_says, "{national}");
                assert_eq!(
                    parse_phone(&format!("+47 {national}")).is_some(),
                    crate_says,
                    "+47 {national}"
                );
            }
        }
    }

    #[test]
    fn things_that_are_not_phones() {
        for bad in [
            "12345",
            "+47 123",
            "10.2.3.4",
            "2024-01-15 10:30",
            "15.01.2024",
            "1234567890123456789",
            "abc",
            "+47 012 34 567",
        ] {
            assert_eq!(parse_phone(bad), None, "{bad}");
            assert_eq!(phone_form(bad), None, "{bad}");
        }
    }
}
