//! Emails and phone numbers.

use super::plans;
use phonenumber::country::Id;
use phonenumber::Mode;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

/// An email address in the common, deliverable form (not every RFC 5322 corner),
/// including internationalised ones (RFC 6531): letters of any script in the local part
/// and the domain (`åse@blåbær.no`), and IDN domains in punycode (`a@xn--d1acufc.xn--p1ai`).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let word = |c: char| c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric());
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local
            .chars()
            .all(|c| word(c) || ".!#$%&'*+/=?^_`{|}~-".contains(c))
    {
        return false;
    }
    // At least two labels, each a hostname label; the last (the TLD) letters only, or
    // an IDN TLD in punycode.
    let mut labels = 0;
    let mut last = "";
    for l in domain.split('.') {
        if l.is_empty()
            || l.len() > 63
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.chars().all(|c| word(c) || c == '-')
        {
            return false;
        }
        labels += 1;
        last = l;
    }
    labels >= 2
        && (last.chars().count() >= 2 && last.chars().all(char::is_alphabetic)
            || last.len() > 4
                && last
                    .get(..4)
                    .is_some_and(|p| p.eq_ignore_ascii_case("xn--")))
        && !FILE_EXTENSIONS.iter().any(|e| last.eq_ignore_ascii_case(e))
}

/// File name endings that no top-level domain spells: an image drawn at twice or three
/// times the size is named `logo@2x.png`, `hero@3x.webp` (iOS, the web's `srcset`), and
/// a path or URL of one holds no one's address.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "tif", "tiff", "ico", "heic", "avif", "pdf",
    "css", "js", "json", "txt", "html", "htm", "php", "xml", "webm", "woff", "ttf",
];

/// An address as written in a URL's query string, its `@` percent-encoded
/// (`kari%40example.no`), or spelt out in brackets to keep it from harvesters (`kari
/// [at] example [dot] no`, `kari(at)example.no`), with the `@` and the dots back; any
/// other text as it is.
pub fn at_decoded(s: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr3(b'[', b'(', b'{', s.as_bytes()).is_some() {
        if let Some(address) = deobfuscated(s) {
            return address.into();
        }
    }
    if s.contains('@') || !s.contains("%40") {
        return s.into();
    }
    s.replacen("%40", "@", 1).into()
}

/// Whether `s` holds a bracketed `at` ([`bracketed_at`]): an address may be spelt out in it.
pub fn spells_out_at(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(b'[', b'(', b'{', b).any(|i| opens_at(&b[i..]))
}

/// Whether the bracket that starts `b` opens a spelt-out `at` ([`bracketed_at`]). Most
/// brackets open a word (`(versjon …`): the byte after one says so before the whole check.
pub(super) fn opens_at(b: &[u8]) -> bool {
    matches!(b.get(1), Some(b'a' | b'A' | b'@' | b' ')) && bracketed_at(b).is_some()
}

/// The length of a bracketed `at` (`[at]`, `(AT)`, `{@}`, one space inside each side
/// or none) at the start of `b`.
fn bracketed_at(b: &[u8]) -> Option<usize> {
    bracketed(b, &[b"at", b"@"])
}

/// [`bracketed_at`] for a dot: `[dot]`, `(.)`, `[punktum]`.
fn bracketed_dot(b: &[u8]) -> Option<usize> {
    bracketed(b, &[b"dot", b".", b"punktum"])
}

fn bracketed(b: &[u8], words: &[&[u8]]) -> Option<usize> {
    let close = match b.first()? {
        b'[' => b']',
        b'(' => b')',
        b'{' => b'}',
        _ => return None,
    };
    let mut i = 1 + usize::from(b.get(1) == Some(&b' '));
    let word = words.iter().find(|w| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    })?;
    i += word.len();
    i += usize::from(b.get(i) == Some(&b' '));
    (b.get(i) == Some(&close)).then_some(i + 1)
}

/// `kari [at] example [dot] no` as `kari@example.no`: the local part, one bracketed
/// `at`, then the domain's labels joined by dots or bracketed dots (one space on either
/// side of a bracket or none). `None` when the text is not so made.
fn deobfuscated(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let at = b.iter().position(|c| matches!(c, b'[' | b'(' | b'{'))?;
    let local = s[..at].strip_suffix(' ').unwrap_or(&s[..at]);
    if local.is_empty() || local.contains(' ') {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    out.push_str(local);
    out.push('@');
    let space = |i: usize| usize::from(b.get(i) == Some(&b' '));
    let mut i = at + bracketed_at(&b[at..])?;
    loop {
        i += space(i);
        let end = b[i..]
            .iter()
            .position(|c| matches!(c, b' ' | b'[' | b'(' | b'{'))
            .map_or(b.len(), |n| i + n);
        if end == i {
            return None;
        }
        out.push_str(&s[i..end]);
        if end == b.len() {
            return Some(out);
        }
        i = end + space(end);
        i += bracketed_dot(&b[i..])?;
        out.push('.');
    }
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
    // Every 4x and 9x number is a mobile number in Nkom's plan; the crate's metadata
    // lags behind it (it refuses the 47 series).
    if matches!(national[0], b'4' | b'9') {
        return true;
    }
    let prefix = national[..5]
        .iter()
        .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
    match NO_PREFIX_VALID[prefix].load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            let text = std::str::from_utf8(national).unwrap_or_default();
            let valid = phonenumber::parse(Some(Id::NO), text).is_ok_and(|n| plans::is_valid(&n));
            NO_PREFIX_VALID[prefix].store(if valid { 1 } else { 2 }, Ordering::Relaxed);
            valid
        }
    }
}

/// The 8 national digits of a number written the Norwegian way (`+47 …`, `0047 …`, or
/// bare), if it is written that way.
fn norwegian_digits(s: &str) -> Option<[u8; 8]> {
    let prefixed = s.strip_prefix("+47").or_else(|| s.strip_prefix("0047"));
    // `45 678 901` groups thousands: an amount (kroner, a count), where numbers are
    // grouped `456 78 901` or `45 67 89 01`.
    let b = s.as_bytes();
    if prefixed.is_none()
        && b.len() == 10
        && b[2] == b' '
        && b[6] == b' '
        && b.iter().filter(|c| **c == b' ').count() == 2
    {
        return None;
    }
    let rest = prefixed.unwrap_or(s);
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

/// Regions tried, in order, for a number written nationally with a leading trunk `0`
/// (`070-123 45 67`, `030 1234567`, `020 7946 0958`): where our users' customers live.
pub(super) const TRUNK_REGIONS: [Id; 4] = [Id::SE, Id::DE, Id::GB, Id::FI];

/// National number lengths by country calling code, for international numbers written
/// as bare digits (`004670…`), which are checked by shape only: the same shape is a
/// product code (a US product's EAN-13 starts `001…`), so they are weak evidence and
/// not worth the numbering-plan lookup.
fn bare_international(digits: &[u8]) -> bool {
    const PLANS: &[(&[u8], std::ops::RangeInclusive<usize>)] = &[
        (b"1", 10..=10),
        (b"31", 9..=9),
        (b"33", 9..=9),
        (b"34", 9..=9),
        (b"39", 6..=11),
        (b"41", 9..=9),
        (b"43", 4..=13),
        (b"44", 9..=10),
        (b"45", 8..=8),
        (b"46", 7..=9),
        (b"48", 9..=9),
        (b"49", 6..=13),
        (b"354", 7..=9),
        (b"358", 5..=12),
        (b"370", 8..=8),
        (b"371", 8..=8),
        (b"372", 7..=8),
    ];
    PLANS
        .iter()
        .any(|(cc, lengths)| digits.starts_with(cc) && lengths.contains(&(digits.len() - cc.len())))
}

/// Whether bare digits that start with a country code (`4791234567`) are a number:
/// Norway's plan for `47` and eight digits, the shape of [`bare_international`] for
/// the others. Read in place: the digits are the whole value.
fn country_code_first(digits: &[u8]) -> bool {
    match digits.strip_prefix(b"47") {
        Some(national) if national.len() == 12 => plans::valid_digits(47, national),
        Some(national) => {
            <[u8; 8]>::try_from(national).is_ok_and(|n| n[0] != b'0' && norwegian_valid(&n))
        }
        None => bare_international(digits),
    }
}

/// How a candidate phone number is written, which says how to check it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// `+47 …`, `0047 …` or 8 national digits: Norway's plan, by prefix.
    Norwegian([u8; 8]),
    /// `+…` or `00 …` with separators: the country code says which plan.
    International,
    /// `00…` as bare digits: by shape only (see [`bare_international`]).
    BareInternational,
    /// Bare digits that start with a country code and have no `+` or `00`
    /// (`4791234567`, `46701234567`), as telecom systems keep subscriber numbers
    /// (MSISDNs): Norway's plan for `47` and eight digits, shape only otherwise.
    CountryCode,
    /// A leading trunk `0`: one of [`TRUNK_REGIONS`].
    Trunk,
    /// Ten digits grouped the North American way: `(202) 555-0143`, `415-555-0132`.
    NorthAmerican,
}

/// Ten digits grouped 3-3-4, as North American numbers are written (`(202) 555-0143`,
/// `415-555-0132`); other groupings of ten digits (`811228-9874`) are something else.
fn north_american_groups(s: &str) -> bool {
    let mut groups = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len);
    (groups.next(), groups.next(), groups.next(), groups.next())
        == (Some(3), Some(3), Some(4), None)
}

/// Whether `s` holds `part`, read a few bytes at a time: `str::contains` is made for
/// long texts, and a phone number is a dozen bytes.
pub(super) fn has(s: &str, part: &[u8]) -> bool {
    s.as_bytes()
        .windows(part.len())
        .any(|w| w.iter().zip(part).all(|(a, b)| a == b))
}

/// A valid number's E.164 form, formatted only when shown: a column's check needs only
/// to know that there is one.
enum Valid {
    /// Read here: its calling code and national number.
    Read(plans::E164),
    /// Checked by shape only: the digits after the `+`.
    Shaped(plans::DigitString),
    /// Read by the crate.
    Parsed(phonenumber::PhoneNumber),
}

impl std::fmt::Display for Valid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Valid::Read(e) => e.fmt(f),
            Valid::Shaped(d) => write!(f, "+{}", d.as_str()),
            Valid::Parsed(n) => n.format().mode(Mode::E164).fmt(f),
        }
    }
}

/// A number's E.164 form (`+4791234567`), when it is a valid phone number.
fn e164(s: &str, written: Written) -> Option<Valid> {
    let parse = |region: Id| {
        phonenumber::parse(Some(region), s)
            .ok()
            .filter(plans::is_valid)
            .map(Valid::Parsed)
    };
    match written {
        Written::Norwegian(national) => {
            let digits = plans::DigitString::of(std::str::from_utf8(&national).ok()?)?;
            norwegian_valid(&national).then_some(Valid::Read(plans::E164::checked(47, digits)))
        }
        // `+49 (0)30 …`: the trunk 0 in brackets is dialled only from inside the country.
        Written::International if has(s, b"(0)") => phonenumber::parse(None, s.replace("(0)", ""))
            .ok()
            .filter(plans::is_valid)
            .map(Valid::Parsed),
        // `+46 70 123 45 67`, `+4791234567`: read here, as the crate would.
        Written::International if plans::plain_international(s) => {
            plans::international_e164(s).map(Valid::Read)
        }
        Written::International => parse(Id::NO),
        // Bare digits: those after the `00`, and the whole value.
        Written::BareInternational => {
            let digits = plans::DigitString::of(s.get(2..)?)?;
            bare_international(digits.as_str().as_bytes()).then_some(Valid::Shaped(digits))
        }
        Written::CountryCode => {
            let digits = plans::DigitString::of(s)?;
            if country_code_first(digits.as_str().as_bytes()) {
                return Some(Valid::Shaped(digits));
            }
            // Ten bare digits as North American systems keep a number (`2125550143`,
            // no `1`): by the plan, and weak evidence as any bare number is.
            plans::north_american_digits(&digits)
                .flatten()
                .map(Valid::Read)
        }
        // `070-123 45 67`, `030 1234567`: read here where the crate's reading is the
        // plain one, by the crate otherwise.
        Written::Trunk => match plans::trunk_national(s) {
            Some(national) => {
                TRUNK_REGIONS
                    .into_iter()
                    .find_map(|r| match plans::trunk_e164(r, &national) {
                        Some(read) => read.map(Valid::Read),
                        None => parse(r),
                    })
            }
            None => TRUNK_REGIONS.into_iter().find_map(parse),
        },
        Written::NorthAmerican => match plans::north_american_e164(s) {
            Some(read) => read.map(Valid::Read),
            None => parse(Id::US),
        },
    }
}

/// A phone number written with its extension (`+1 415-555-0132 ext. 12`, `… x12`,
/// `… #12`, `…, ext 4`): the number without it, when there is one.
fn without_extension(s: &str) -> Option<&str> {
    let s = s.trim_end();
    let ext = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=6).contains(&ext) {
        return None;
    }
    let head = s[..s.len() - ext].trim_end().as_bytes();
    let marker = ["extension", "ext.", "ext", "x", "#"]
        .into_iter()
        .find(|m| {
            head.len() > m.len() && head[head.len() - m.len()..].eq_ignore_ascii_case(m.as_bytes())
        })?;
    // Bytes before an ASCII marker end on a character boundary.
    let number = std::str::from_utf8(&head[..head.len() - marker.len()]).ok()?;
    let number = number.trim_end().trim_end_matches([',', ';']).trim_end();
    number
        .ends_with(|c: char| c.is_ascii_digit() || c == ')')
        .then_some(number)
}

/// A phone number with a word or two in brackets after it (`+47 912 34 567 (mobil)`,
/// `… (jobb)`, `… (kun SMS)`): the number without them. Brackets holding a digit are
/// part of the number (`(0)30 …`, `(202) 555-0143`) and stay.
fn without_label(s: &str) -> Option<&str> {
    let s = s.trim_end().strip_suffix(')')?;
    let open = s.rfind('(')?;
    let label = &s[open + 1..];
    let wordy = label.chars().any(char::is_alphabetic)
        && label.chars().count() <= 24
        && label
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '-' | '/'));
    let number = s[..open].trim_end();
    (wordy && number.ends_with(|c: char| c.is_ascii_digit() || c == ')')).then_some(number)
}

/// A phone number whose country code is in brackets (`(+47) 912 34 567`), written the
/// usual way (`+47 912 34 567`).
fn with_bracketed_country_code(s: &str) -> Option<String> {
    let (code, rest) = s.trim_start().strip_prefix("(+")?.split_once(')')?;
    ((1..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("+{code} {}", rest.trim_start()))
}

/// `read` applied to a phone number as written, or else to the number inside the ways
/// people annotate one: an extension, a label in brackets, a bracketed country code.
pub fn read_phone<T>(s: &str, read: impl Fn(&str) -> Option<T>) -> Option<T> {
    read(s)
        .or_else(|| without_extension(s).and_then(&read))
        .or_else(|| without_label(s).and_then(&read))
        .or_else(|| with_bracketed_country_code(s).and_then(|n| read(&n)))
}

/// Parses a phone number: Norwegian by default, international with a country code,
/// and national formats of Sweden, Germany, the UK, Finland and North America. Returns
/// its E.164 form and how it was written.
pub fn parse_phone(s: &str) -> Option<(String, PhoneForm)> {
    let (s, form, written) = phone_shape(s)?;
    Some((e164(s, written)?.to_string(), form))
}

/// Whether `s` is a valid phone number (as [`parse_phone`] says), and how it was
/// written, without formatting it: numbers read here (not by the crate's parser) allocate
/// nothing.
pub fn phone_form(s: &str) -> Option<PhoneForm> {
    let (s, form, written) = phone_shape(s)?;
    let valid = match written {
        // Bare digits with a leading 0 are as often a zero-padded code: weak evidence,
        // checked by length only (ten digits: a Swedish mobile) rather than against four
        // numbering plans; eleven would collide with national ids and bank accounts.
        Written::Trunk if form == PhoneForm::Bare => {
            s.bytes().filter(u8::is_ascii_digit).count() == 10
        }
        _ => e164(s, written).is_some(),
    };
    valid.then_some(form)
}

/// What a phone number's characters are, counted in one pass.
#[derive(Default)]
struct Tally {
    digits: usize,
    plus: usize,
    open: usize,
    close: usize,
    dashes: usize,
    slashes: usize,
    dots: usize,
    spaces: usize,
    /// Where the first `(` and `)` are.
    first_open: Option<usize>,
    first_close: Option<usize>,
    /// Two spaces in a row.
    double_space: bool,
}

impl Tally {
    /// `None` when a byte is none of the digits and `+ -()./` a number is written with.
    fn of(b: &[u8]) -> Option<Self> {
        let mut t = Self::default();
        let mut last = 0u8;
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'0'..=b'9' => t.digits += 1,
                b' ' => {
                    t.spaces += 1;
                    t.double_space |= last == b' ';
                }
                b'-' => t.dashes += 1,
                b'+' => t.plus += 1,
                b'(' => {
                    t.open += 1;
                    t.first_open.get_or_insert(i);
                }
                b')' => {
                    t.close += 1;
                    t.first_close.get_or_insert(i);
                }
                b'.' => t.dots += 1,
                b'/' => t.slashes += 1,
                _ => return None,
            }
            last = c;
        }
        Some(t)
    }
}

/// The checks on how a phone number is written, before its number is looked up: the
/// trimmed text, its form, and how to check it.
fn phone_shape(s: &str) -> Option<(&str, PhoneForm, Written)> {
    let s = s.trim();
    let b = s.as_bytes();
    let t = Tally::of(b)?;
    let digits = t.digits;
    if !(7..=15).contains(&digits)
        || t.plus > 1
        || (t.plus == 1 && b[0] != b'+')
        || t.open > 1
        || t.open != t.close
        || t.first_open > t.first_close
        || t.double_space
    {
        return None;
    }
    // A date written with dashes (`01-02-2024`, `2024-01-15`) is no phone number.
    let parts = || s.split('-').map(str::len);
    if t.dashes == 2 && (parts().eq([2, 2, 4]) || parts().eq([4, 2, 2])) {
        return None;
    }
    let international = s.starts_with('+') || s.starts_with("00");
    // No country code starts with 0: `+0…` and `000…` (zero-padded codes, digit runs)
    // are no numbers, and need no numbering plan to say so.
    let after_prefix = s.strip_prefix('+').or_else(|| s.strip_prefix("00"));
    if after_prefix.is_some_and(|r| r.bytes().find(u8::is_ascii_digit) == Some(b'0')) {
        return None;
    }
    let grouped = t.spaces + t.dashes + t.open + t.slashes + t.dots > 0;
    // Dots are common in dates and versions: only with an explicit country code, or
    // in the North American grouping (`415.555.0132`), which neither has.
    if t.dots > 0 && !international {
        let dotted_north_american =
            digits == 10 && t.spaces + t.dashes == 0 && s.split('.').map(str::len).eq([3, 3, 4]);
        if !dotted_north_american {
            return None;
        }
    }
    // A slash splits an area code from the number (`0151/1234567`) in national form.
    if t.slashes > 0 && (international || !s.starts_with('0') || t.slashes > 1) {
        return None;
    }
    let form = if international || grouped {
        PhoneForm::Strong
    } else {
        PhoneForm::Bare
    };
    if let Some(national) = norwegian_digits(s) {
        return Some((s, form, Written::Norwegian(national)));
    }
    let written = if international && !grouped && s.starts_with("00") {
        return Some((s, PhoneForm::Bare, Written::BareInternational));
    } else if international {
        Written::International
    } else if s.starts_with('0') || s.starts_with("(0") {
        Written::Trunk
    } else if digits == 10 && north_american_groups(s) {
        Written::NorthAmerican
    } else if !grouped
        && ((10..=13).contains(&digits)
            || s.strip_prefix("47")
                .is_some_and(|n| plans::norwegian_twelve_digits(47, n.as_bytes())))
    {
        return Some((s, PhoneForm::Bare, Written::CountryCode));
    } else {
        return None;
    };
    Some((s, form, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_top_level_label_with_a_letter_of_several_bytes_is_read_without_panicking() {
        // Found by the property tests: `no-İ` is 5 bytes, and its 4th byte is inside `İ`.
        assert!(!is_email("a@example.no-İ"));
        assert!(!is_email("a@example.xn-İ"));
        assert!(is_email("a@example.İİ"));
    }

    #[test]
    fn emails() {
        for ok in [
            "ola.nordmann@example.no",
            "a+tag@sub.example.com",
            "x@e.io",
            "x@blåbær.no",
            "åse.ødegård@firma.no",
            "a@xn--d1acufc.xn--p1ai",
            "ola@bücher.de",
        ] {
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
            "a@example.x",
            "a@xn--.com-",
            "a@@example.com",
            "logo@2x.png",
            "hero@3x.WEBP",
            "icon@1.5x.svg",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        // Spelt out to keep harvesters away.
        for (written, address) in [
            ("ola [at] firma [dot] no", "ola@firma.no"),
            ("ola(at)firma.no", "ola@firma.no"),
            (
                "Kari.Nordmann (AT) blåbær (punktum) no",
                "Kari.Nordmann@blåbær.no",
            ),
            ("ola{@}firma[.]co[.]uk", "ola@firma.co.uk"),
            ("kari%40example.no", "kari@example.no"),
        ] {
            assert_eq!(at_decoded(written), address, "{written}");
            assert!(is_email(&at_decoded(written)), "{written}");
        }
        for not in [
            "ola (at) firma.no. Ring meg",
            "møte (at) 10",
            "ola [at]",
            "(at) firma.no",
            "ola og kari [at] firma.no",
            "ola [at] firma [dot]",
            "[at]",
            "å(",
        ] {
            assert!(!is_email(&at_decoded(not)), "{not}");
        }
    }

    #[test]
    fn an_amount_grouped_in_thousands_is_no_phone() {
        for amount in ["45 678 901", "91 234 567"] {
            assert_eq!(phone_form(amount), None, "{amount}");
            let text = format!("Omsetning {amount} kr i 2024; budsjett: {amount}.");
            assert!(
                !super::super::find_in_text(&text)
                    .iter()
                    .any(|m| m.kind == super::super::Kind::Phone),
                "{text}"
            );
        }
        // With the country code it is a number however grouped.
        assert_eq!(phone_form("+47 91 234 567"), Some(PhoneForm::Strong));
        assert_eq!(phone_form("912 34 567"), Some(PhoneForm::Strong));
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
        assert_eq!(
            parse_phone("+47 47 12 34 56").unwrap().0,
            "+4747123456",
            "the 47 series is mobile"
        );
    }

    #[test]
    fn national_formats_of_neighbouring_countries() {
        for (written, e164) in [
            ("070-123 45 67", "+46701234567"),
            ("08-123 456 78", "+46812345678"),
            ("030 1234567", "+49301234567"),
            ("+49 (0)30 1234567", "+49301234567"),
            ("0151/12345678", "+4915112345678"),
            ("020 7946 0958", "+442079460958"),
            ("(202) 555-0143", "+12025550143"),
            ("415-555-0132", "+14155550132"),
            ("+358 40 1234567", "+358401234567"),
        ] {
            // A national number can be valid in more than one plan (`030 …` is Berlin
            // and a Swedish area): the number itself must come through whole.
            let (got, form) = parse_phone(written).unwrap_or_else(|| panic!("{written}"));
            assert_eq!(form, PhoneForm::Strong, "{written}");
            let national = e164.trim_start_matches('+').get(2..).unwrap();
            assert!(got.ends_with(&national[1..]), "{written}: {got} for {e164}");
            assert_eq!(phone_form(written), Some(PhoneForm::Strong), "{written}");
        }
    }

    #[test]
    fn the_uks_numbers_for_drama_are_phone_numbers() {
        for (written, e164) in [
            ("+44 7700 900123", "+447700900123"),
            ("+44 (0) 7700 900456", "+447700900456"),
            ("+44 1632 960999", "+441632960999"),
        ] {
            assert_eq!(
                parse_phone(written).map(|p| p.0),
                Some(e164.into()),
                "{written}"
            );
        }
        // Written nationally it is a number too (a German area's first, whose plan has
        // the same digits).
        assert_eq!(phone_form("07700 900123"), Some(PhoneForm::Strong));
        // Only numbers of the range's length.
        assert_eq!(parse_phone("+44 7700 9001234"), None);
        assert_eq!(parse_phone("+44 1632 96012"), None);
    }

    #[test]
    fn norways_twelve_digit_numbers_are_phone_numbers() {
        for written in [
            "+47 580 012 345 678",
            "+47 58 00 12 34 56 78",
            "+47580012345678",
            "+47 5800 1234 5678",
        ] {
            assert_eq!(
                parse_phone(written).map(|p| p.0),
                Some("+47580012345678".into()),
                "{written}"
            );
        }
        let text = "SIM-kortet i varmestyringen har nummer +47 580 012 345 678; ring ikke.";
        assert!(
            super::super::find_in_text(text)
                .iter()
                .any(|m| m.kind == super::super::Kind::Phone),
            "{text}"
        );
        // Kept bare with its country code, as operators keep MSISDNs.
        assert_eq!(
            read_phone("47580012345678", parse_phone).map(|p| p.1),
            Some(PhoneForm::Bare)
        );
        // Only the M2M series, and only twelve digits.
        assert_eq!(parse_phone("+47 590 012 345 678"), None);
        assert_eq!(parse_phone("+47 580 012 345 67"), None);
        assert_eq!(parse_phone("+47 580 012 345 6789"), None);
    }

    #[test]
    fn bare_international_digits_are_weak_and_cheap() {
        // A US product's EAN-13 has the shape of 001 + ten digits.
        assert_eq!(phone_form("0012345678905"), Some(PhoneForm::Bare));
        assert_eq!(phone_form("0098765432101"), None, "no such plan");
        assert_eq!(phone_form("004791234567"), Some(PhoneForm::Strong));
        assert_eq!(phone_form("0701234567"), Some(PhoneForm::Bare));
        assert_eq!(phone_form("00012345"), None);
    }

    #[test]
    fn the_norwegian_fast_path_agrees_with_the_phonenumber_crate() {
        // Every 5-digit prefix, with two different tails, against the crate itself.
        for prefix in (10_000..100_000).step_by(7) {
            for tail in ["000", "987"] {
                let national = format!("{prefix}{tail}");
                // 4x and 9x are mobile numbers, whatever the crate's metadata says.
                let crate_says = phonenumber::parse(Some(Id::NO), &national)
                    .is_ok_and(|n| phonenumber::is_valid(&n))
                    || prefix / 10_000 == 4
                    || prefix / 10_000 == 9;
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
    fn numbers_kept_with_their_country_code_and_no_plus_are_weak() {
        for (written, e164) in [
            ("4791234567", "+4791234567"),
            ("4747123456", "+4747123456"),
            ("46701234567", "+46701234567"),
            ("4915112345678", "+4915112345678"),
            ("14155550132", "+14155550132"),
            // Ten digits as US systems keep a number: the North American plan's.
            ("4155550132", "+14155550132"),
        ] {
            assert_eq!(
                parse_phone(written),
                Some((e164.into(), PhoneForm::Bare)),
                "{written}"
            );
        }
        // No plan of that length, a Norwegian number cannot start with 0, 555 is no
        // North American area code.
        for bad in [
            "4712345",
            "4701234567",
            "5555550132",
            "7038010123456",
            "123456789012",
            "490154203237518",
        ] {
            assert_eq!(phone_form(bad), None, "{bad}");
        }
    }

    #[test]
    fn extensions_and_dotted_north_american_numbers() {
        assert_eq!(
            without_extension("+1 415-555-0132 ext. 12"),
            Some("+1 415-555-0132")
        );
        assert_eq!(
            without_extension("(415) 555-0132 x12"),
            Some("(415) 555-0132")
        );
        assert_eq!(
            without_extension("+47 22 33 44 55, EXT 4"),
            Some("+47 22 33 44 55")
        );
        assert_eq!(
            without_extension("+47 22 33 44 55 #204"),
            Some("+47 22 33 44 55")
        );
        for none in [
            "+47 22 33 44 55",
            "box 12",
            "ext. 12",
            "Storgata 5",
            "æx12",
            "tekst 12",
        ] {
            assert_eq!(without_extension(none), None, "{none}");
        }
        assert_eq!(
            parse_phone("415.555.0132"),
            Some(("+14155550132".into(), PhoneForm::Strong))
        );
        for bad in [
            "100.200.3000",
            "415.555.01.32",
            "415.555.0132.1",
            "2024.01.15",
        ] {
            assert_eq!(phone_form(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_label_in_brackets_after_a_number_is_not_part_of_it() {
        for (labelled, number) in [
            ("+47 912 34 567 (mobil)", "+47 912 34 567"),
            ("+47 41 23 45 67 (jobb) ", "+47 41 23 45 67"),
            ("22 33 44 55 (sentralbord, Bærum)", "22 33 44 55"),
            ("(202) 555-0143 (work)", "(202) 555-0143"),
        ] {
            assert_eq!(without_label(labelled), Some(number), "{labelled}");
            assert!(phone_form(number).is_some(), "{number}");
        }
        for kept in [
            "+49 (0)30 1234567",
            "(202) 555-0143",
            "+47 912 34 567",
            "+47 912 34 567 (2)",
            "(mobil)",
            "+47 912 34 567 (ring etter kl. 16 på hverdager, ellers SMS)",
        ] {
            assert_eq!(without_label(kept), None, "{kept}");
        }
    }

    #[test]
    fn a_country_code_in_brackets() {
        for (bracketed, usual) in [
            ("(+47) 912 34 567", "+47 912 34 567"),
            (" (+46)70-123 45 67", "+46 70-123 45 67"),
            ("(+1) (415) 555-0132", "+1 (415) 555-0132"),
        ] {
            assert_eq!(
                with_bracketed_country_code(bracketed).as_deref(),
                Some(usual)
            );
            assert!(phone_form(usual).is_some(), "{usual}");
        }
        for other in [
            "(47) 912 34 567",
            "(+4791) 234 567",
            "(+) 912 34 567",
            "+47 912 34 567",
        ] {
            assert_eq!(with_bracketed_country_code(other), None, "{other}");
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
            "01-02-2024",
            "2024-01-15",
            "555-0143",
            "12/34/5678",
            "0151//1234567",
            "(02) 12)34 56 (78",
        ] {
            assert_eq!(parse_phone(bad), None, "{bad}");
            assert_eq!(phone_form(bad), None, "{bad}");
        }
    }
}
