//! Whether a parsed phone number is valid, as `phonenumber::is_valid` says, from the
//! same numbering plans, without the crate's shared pattern cache.
//!
//! The crate keeps its compiled patterns in one least-recently-used cache behind one
//! mutex: every pattern used hashes the pattern's text (a German plan's is kilobytes)
//! and runs under the lock. A check of one number uses a dozen patterns, so a column of
//! numbers from Sweden, Germany or the UK cost 10–30 µs a value, most of it hashing,
//! and scan workers waited on each other. Here the plans of a calling code are compiled
//! once, on first use, into patterns of their own, found by the code under a read lock
//! that threads share, and a number is checked by the crate's rules (kept in step by a property test that
//! compares the two on generated numbers).

use phonenumber::metadata::{Descriptor, Descriptors, Metadata, DATABASE};
use phonenumber::PhoneNumber;
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

/// One descriptor (general, mobile, toll free…): the lengths it allows and its pattern,
/// which must match from the number's first digit.
struct Desc {
    lengths: Vec<u16>,
    pattern: Regex,
}

impl Desc {
    fn of(d: &Descriptor) -> Self {
        Self {
            lengths: d.possible_length().to_vec(),
            pattern: at_start(d.national_number().as_str()),
        }
    }

    /// The crate's `Descriptor::is_match`: an allowed length (when it lists any), and a
    /// match of the pattern that starts at the first digit.
    fn is_match(&self, national: &str) -> bool {
        (self.lengths.is_empty() || self.lengths.contains(&(national.len() as u16)))
            && self.pattern.is_match(national)
    }
}

/// A region's plan: what says a number is this region's (when regions share a calling
/// code), the general descriptor and the descriptors of the number types.
struct Plan {
    leading_digits: Option<Regex>,
    general: Desc,
    types: Vec<Desc>,
}

/// The descriptors of a plan's number types, in the order the crate's `number_type`
/// tries them (absent ones as `None`).
fn type_descriptors(d: &Descriptors) -> [Option<&Descriptor>; 10] {
    [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ]
}

impl Plan {
    fn of(meta: &Metadata) -> Self {
        let d = meta.descriptors();
        Self {
            leading_digits: meta.leading_digits().map(|r| at_start(r.as_str())),
            general: Desc::of(d.general()),
            types: type_descriptors(d)
                .into_iter()
                .flatten()
                .map(Desc::of)
                .collect(),
        }
    }

    /// The crate's `number_type(…) != Type::Unknown`: the general descriptor matches
    /// and so does the descriptor of some type.
    fn has_type(&self, national: &str) -> bool {
        self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
    }
}

/// A metadata pattern (written with insignificant whitespace) as a regex that matches
/// only from the start of the text. The crate asks for the leftmost match and checks
/// that it starts at 0, which is the same answer. Digits are ASCII: the numbers checked
/// are ASCII digits, and the patterns' automata stay small.
fn at_start(source: &str) -> Regex {
    // The newline ends a trailing comment, which would otherwise swallow the `)`.
    let wrapped = format!("^(?:{source}\n)");
    let build = |unicode| {
        RegexBuilder::new(&wrapped)
            .ignore_whitespace(true)
            .unicode(unicode)
            .build()
    };
    build(false)
        .or_else(|_| build(true))
        .unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("a regex that never matches"))
}

/// Whether `s` is written the plain international way, `+` or `00` and then digits and
/// single spaces, no calling code starting with 0 (`+4791234567`, `+46 70 123 45 67`):
/// the forms [`international_e164`] reads as the crate does. Other forms (dashes, brackets, dots) go to the crate,
/// whose reading of them has quirks (`+4920-1000` is refused there).
pub fn plain_international(s: &str) -> bool {
    s.strip_prefix('+')
        .or_else(|| s.strip_prefix("00"))
        .is_some_and(|rest| {
            rest.starts_with(|c: char| matches!(c, '1'..='9'))
                && !rest.contains("  ")
                && rest.bytes().all(|b| b.is_ascii_digit() || b == b' ')
        })
}

/// The E.164 form of a number written the plain international way (see
/// [`plain_international`]), when it is valid, as `phonenumber::parse` reads it with
/// Norway as the default region and `is_valid` answers: the first prefix of one to
/// three digits that is a calling code, and the digits after it. `None` where the
/// crate refuses the number.
pub fn international_e164(s: &str) -> Option<String> {
    let rest = s.strip_prefix('+').or_else(|| s.strip_prefix("00"))?;
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.len() <= 2 || digits.starts_with('0') {
        return None;
    }
    let (len, code) = (1..=3).find_map(|len| {
        let code: u16 = digits.get(..len)?.parse().ok()?;
        DATABASE.by_code(&code).map(|_| (len, code))
    })?;
    let national = &digits[len..];
    ((2..=17).contains(&national.len()) && is_valid_parts(code, national))
        .then(|| format!("+{code}{national}"))
}

/// The national number (the digits after the trunk `0`) of a number written nationally
/// the plain way: the trunk `0`, a digit other than 0, then digits with single spaces
/// or dashes and at most one slash between them (`070-123 45 67`, `030 1234567`,
/// `0151/1234567`, `020 7946 0958`). `None` for other forms.
pub fn trunk_national(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let plain = b.len() >= 2
        && b[0] == b'0'
        && matches!(b[1], b'1'..=b'9')
        && b.last().is_some_and(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b' ' | b'-' | b'/'))
        && b.windows(2)
            .all(|w| w[0].is_ascii_digit() || w[1].is_ascii_digit())
        && b.iter().filter(|c| **c == b'/').count() <= 1;
    plain.then(|| s[1..].chars().filter(char::is_ascii_digit).collect())
}

/// The E.164 form of a number written nationally the plain way, whose national number
/// is `national` (see [`trunk_national`]), read in `region`, when it is valid there, as
/// `phonenumber::parse(Some(region), …)` and `is_valid` answer for the regions whose
/// trunk prefix is `0`. `None` (ask the crate) where the crate's reading may differ: a
/// number too short without its `0` keeps it there.
pub fn trunk_e164(region: phonenumber::country::Id, national: &str) -> Option<Option<String>> {
    let meta = DATABASE.by_id(region.as_ref())?;
    if meta.national_prefix() != Some("0") {
        return None;
    }
    let general = meta.descriptors().general();
    let (lengths, len) = (general.possible_length(), national.len() as u16);
    let too_short = lengths.first().is_some_and(|min| len < *min)
        && !general.possible_local_length().contains(&len);
    if too_short || !(2..=17).contains(&national.len()) {
        return None;
    }
    let code = meta.country_code();
    Some(is_valid_parts(code, national).then(|| format!("+{code}{national}")))
}

/// The E.164 form of a North American number grouped 3-3-4 (`(202) 555-0143`,
/// `415-555-0132`), when it is valid, as `phonenumber::parse(Some(US), s)` and
/// `is_valid` answer: the ten digits after `+1`, the region among the plan's regions
/// found as the crate finds it. `None` (ask the crate) when the first digit is 0 or 1,
/// which the crate reads as a prefix.
pub fn north_american_e164(s: &str) -> Option<Option<String>> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 10 || !digits.starts_with(|c: char| matches!(c, '2'..='9')) {
        return None;
    }
    Some(is_valid_parts(1, &digits).then(|| format!("+1{digits}")))
}

/// The plans of a calling code's regions, compiled on first use, as the crate finds
/// them: for a code of one region, that region's plan alone (the non-geographic
/// entity's for region `001`; none when the crate knows no such region); for a code
/// several regions share, theirs in the crate's order.
struct CodePlans {
    shared: bool,
    plans: Vec<Plan>,
}

static PLANS: LazyLock<RwLock<HashMap<u16, Arc<CodePlans>>>> = LazyLock::new(Default::default);

fn plans(code: u16) -> Arc<CodePlans> {
    if let Some(p) = PLANS.read().ok().and_then(|m| m.get(&code).cloned()) {
        return p;
    }
    let regions = DATABASE.region(&code).unwrap_or_default();
    let metas: Vec<&Metadata> = match regions[..] {
        ["001"] => DATABASE
            .by_code(&code)
            .and_then(|m| m.into_iter().next())
            .into_iter()
            .collect(),
        [only] if only.parse::<phonenumber::country::Id>().is_err() => Vec::new(),
        _ => regions.iter().filter_map(|r| DATABASE.by_id(*r)).collect(),
    };
    let p = Arc::new(CodePlans {
        shared: regions.len() > 1,
        plans: metas.into_iter().map(Plan::of).collect(),
    });
    if let Ok(mut m) = PLANS.write() {
        m.entry(code).or_insert_with(|| p.clone());
    }
    p
}

/// Whether `number` is valid: `phonenumber::is_valid(number)`, answered from plans
/// compiled here. The region is found as the crate finds it: the only region of the
/// calling code, or the first of several whose leading digits match (or, without
/// leading digits, whose plan gives the number a type).
pub fn is_valid(number: &PhoneNumber) -> bool {
    is_valid_parts(number.code().value(), &number.national().to_string())
}

/// [`is_valid`] of the number with calling code `code` and national number `national`.
pub fn is_valid_parts(code: u16, national: &str) -> bool {
    let code_plans = plans(code);
    if !code_plans.shared {
        return code_plans.plans.iter().any(|p| p.has_type(national));
    }
    code_plans
        .plans
        .iter()
        .find_map(|p| match &p.leading_digits {
            Some(leading) if leading.is_match(national) => Some(p.has_type(national)),
            Some(_) => None,
            None => p.has_type(national).then_some(true),
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::super::contact::TRUNK_REGIONS;
    use super::*;
    use phonenumber::country::Id;
    use proptest::prelude::*;

    /// Both answers for `text` read in `region`, when the crate parses it.
    fn both(region: Option<Id>, text: &str) -> Option<(bool, bool)> {
        let n = phonenumber::parse(region, text).ok()?;
        Some((is_valid(&n), phonenumber::is_valid(&n)))
    }

    #[test]
    fn every_regions_example_numbers_and_their_neighbours_agree_with_the_crate() {
        let mut checked = 0;
        for meta in DATABASE.iter() {
            let d = meta.descriptors();
            let descs = std::iter::once(Some(d.general())).chain(type_descriptors(d));
            for example in descs.flatten().filter_map(|d| d.example()) {
                if example.len() < 2 || !example.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let last = example
                    .chars()
                    .last()
                    .map_or(0, |c| c.to_digit(10).unwrap_or(0));
                let variants = [
                    example.to_string(),
                    format!("{}{}", &example[..example.len() - 1], (last + 1) % 10),
                    format!("{example}7"),
                    example[..example.len() - 1].to_string(),
                ];
                for national in variants {
                    let text = format!("+{} {national}", meta.country_code());
                    if let Some((ours, theirs)) = both(None, &text) {
                        assert_eq!(ours, theirs, "{} {text}", meta.id());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 2_000, "only {checked} numbers checked");
    }

    /// The crate's E.164 form of `text` read in `region`, when it is valid.
    fn crate_in(region: Id, text: &str) -> Option<String> {
        phonenumber::parse(Some(region), text)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
    }

    #[test]
    fn common_international_numbers_are_read_as_the_crate_reads_them() {
        for text in [
            "+46 70 123 45 67",
            "+4791234567",
            "0046 70 123 45 67",
            "+1 415 555 0132",
            "+44 20 7946 0958",
            "+358 40 1234567",
            "+39 02 1234 5678",
            "+49 151 12345678",
            "+47 000 00 000",
            "+999 1234",
        ] {
            assert!(plain_international(text), "{text}");
            assert_eq!(international_e164(text), crate_in(Id::NO, text), "{text}");
        }
        assert!(international_e164("+46 70 123 45 67").is_some());
        assert!(!plain_international("+1 (415) 555-0132"));
        assert!(!plain_international("+47  912"));
        // `+00…` and `000…`: the crate strips the second `00` as well; left to it.
        assert!(!plain_international("+00491640") && !plain_international("0004791234567"));
    }

    /// Ours for a plain national number in `region`, the crate's where ours defers.
    fn ours_in(region: Id, text: &str) -> Option<String> {
        let national = trunk_national(text).expect("a plain national number");
        trunk_e164(region, &national).unwrap_or_else(|| crate_in(region, text))
    }

    #[test]
    fn common_national_numbers_are_read_as_the_crate_reads_them() {
        for text in [
            "070-123 45 67",
            "08-123 456 78",
            "030 1234567",
            "0151/12345678",
            "020 7946 0958",
            "040 1234567",
            "09 1234567",
            "050 1234567",
            "0800 123 4567",
        ] {
            assert!(trunk_national(text).is_some(), "{text}");
            for region in TRUNK_REGIONS {
                assert_eq!(
                    ours_in(region, text),
                    crate_in(region, text),
                    "{region:?} {text}"
                );
            }
        }
        assert!(trunk_e164(Id::SE, "701234567").is_some_and(|e| e.is_some()));
        for text in [
            "(202) 555-0143",
            "415-555-0132",
            "(416) 555-0199",
            "212 555 0100",
        ] {
            let ours = north_american_e164(text).expect("read here");
            assert_eq!(ours, crate_in(Id::US, text), "{text}");
        }
        for text in ["(030) 1234567", "00 46", "030  123", "030-", "0030 1234"] {
            assert!(trunk_national(text).is_none(), "{text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn north_american_numbers_are_read_as_the_crate_reads_them(
            area in "[0-9]{3}",
            exchange in "[0-9]{3}",
            line in "[0-9]{4}",
            form in 0..4usize,
        ) {
            let text = match form {
                0 => format!("({area}) {exchange}-{line}"),
                1 => format!("({area}){exchange}-{line}"),
                2 => format!("{area}-{exchange}-{line}"),
                _ => format!("{area} {exchange} {line}"),
            };
            let ours = north_american_e164(&text).unwrap_or_else(|| crate_in(Id::US, &text));
            prop_assert_eq!(ours, crate_in(Id::US, &text), "{}", text);
        }

        #[test]
        fn national_numbers_are_read_as_the_crate_reads_them(
            region in prop::sample::select(TRUNK_REGIONS.to_vec()),
            head in "0[1-9][0-9]{0,3}",
            groups in prop::collection::vec(("[0-9]{1,6}", prop::sample::select(vec!["", " ", "-", "/"])), 0..4),
        ) {
            let mut text = head;
            for (digits, sep) in groups {
                text.push_str(sep);
                text.push_str(&digits);
            }
            prop_assume!(trunk_national(&text).is_some());
            prop_assert_eq!(ours_in(region, &text), crate_in(region, &text), "{:?} {}", region, text);
        }

        #[test]
        fn international_numbers_are_read_as_the_crate_reads_them(
            prefix in prop::sample::select(vec!["+", "00"]),
            code in prop::sample::select(vec!["1", "7", "20", "33", "39", "44", "46", "47", "49", "358", "372", "800", "882", "979", "999", "21", "42"]),
            groups in prop::collection::vec(("[0-9]{1,5}", prop::sample::select(vec!["", " "])), 0..5),
        ) {
            let mut text = format!("{prefix}{code}");
            for (digits, sep) in groups {
                text.push_str(sep);
                text.push_str(&digits);
            }
            prop_assume!(plain_international(&text));
            prop_assert_eq!(international_e164(&text), crate_in(Id::NO, &text), "{}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn national_and_international_numbers_agree_with_the_crate(
            region in prop::sample::select(vec![Id::SE, Id::DE, Id::GB, Id::FI, Id::US, Id::NO, Id::DK, Id::CA, Id::JE]),
            code in prop::sample::select(vec![1u16, 7, 33, 44, 45, 46, 47, 49, 358, 372, 800, 882, 979]),
            digits in "[0-9]{3,13}",
            international in any::<bool>(),
        ) {
            let text = if international {
                format!("+{code} {digits}")
            } else {
                format!("0{digits}")
            };
            if let Some((ours, theirs)) = both(Some(region), &text) {
                prop_assert_eq!(ours, theirs, "{:?} {}", region, text);
            }
        }
    }
}
