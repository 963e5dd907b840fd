//! Personal-data detectors: pure functions over strings.
//!
//! [`classify`] says what a whole value is (a column cell, a JSON leaf); [`find_in_text`]
//! finds entities inside free text. Each match carries a strength in 0..=1: how sure the
//! detector is from the value alone. Column verdicts combine strengths, match ratios and
//! column-name hints (see `discovery::verdict`).

pub mod attributes;
mod checksum;
mod contact;
mod network;
mod numbers;
mod plans;

pub use contact::{
    at_decoded, is_email, parse_phone, phone_form, read_phone, spells_out_at, PhoneForm,
};
pub use network::{
    address_part, integer_ipv4, ip_strength, is_bare_mac, is_dotted_pairs, is_ipv4, is_ipv6, is_mac,
};
pub use numbers::{
    foreign_national_id, is_bank_account, is_bare_nordic_id, is_card, is_iban, is_iccid, is_imei,
    is_imsi, is_national_id, is_nhs_number, is_org_number, is_twelve_digit_personnummer,
    is_zero_dropped_imei, is_zero_dropped_national_id, nai_imsi, vat_org_number,
};

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The kinds of personal data the detectors know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Phone,
    Ip,
    Card,
    Iban,
    NationalId,
    OrgNumber,
    BankAccount,
    Imei,
    /// A SIM card's ICCID or its subscriber's IMSI.
    Sim,
    Mac,
    /// A person's name (first, last or full).
    Name,
    /// A street address.
    Address,
    PostalCode,
    /// The city or town of a postal address.
    City,
    BirthDate,
    Gender,
    Nationality,
    /// The country of a postal address.
    Country,
    /// A password hash.
    Credential,
    /// Free-text notes about a person.
    Note,
}

impl Kind {
    pub const ALL: [Kind; 21] = [
        Kind::Email,
        Kind::Phone,
        Kind::Ip,
        Kind::Card,
        Kind::Iban,
        Kind::NationalId,
        Kind::OrgNumber,
        Kind::BankAccount,
        Kind::Imei,
        Kind::Sim,
        Kind::Mac,
        Kind::Name,
        Kind::Address,
        Kind::PostalCode,
        Kind::City,
        Kind::BirthDate,
        Kind::Gender,
        Kind::Nationality,
        Kind::Country,
        Kind::Credential,
        Kind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Ip => "ip",
            Kind::Card => "card",
            Kind::Iban => "iban",
            Kind::NationalId => "national_id",
            Kind::OrgNumber => "org_number",
            Kind::BankAccount => "bank_account",
            Kind::Imei => "imei",
            Kind::Sim => "sim",
            Kind::Mac => "mac",
            Kind::Name => "name",
            Kind::Address => "address",
            Kind::PostalCode => "postal_code",
            Kind::City => "city",
            Kind::BirthDate => "birth_date",
            Kind::Gender => "gender",
            Kind::Nationality => "nationality",
            Kind::Country => "country",
            Kind::Credential => "credential",
            Kind::Note => "note",
        }
    }

    /// Kinds without a format of their own: a column holds them when its name says so
    /// and its values have the shape (see [`attributes`]). Never reported HIGH.
    pub const fn is_attribute(self) -> bool {
        matches!(
            self,
            Kind::Name
                | Kind::Address
                | Kind::PostalCode
                | Kind::City
                | Kind::BirthDate
                | Kind::Gender
                | Kind::Nationality
                | Kind::Country
                | Kind::Credential
                | Kind::Note
        )
    }

    /// Whether `value` has this attribute kind's shape (false for identifier kinds,
    /// which [`classify`] and [`find_in_text`] recognise).
    pub fn shaped(self, value: &str) -> bool {
        match self {
            Kind::Name => attributes::is_person_name(value),
            Kind::Address => attributes::is_street_address(value),
            Kind::PostalCode => attributes::is_postal_code(value),
            Kind::City => attributes::is_city(value),
            Kind::BirthDate => attributes::is_birth_date(value),
            Kind::Gender => attributes::is_gender(value),
            Kind::Nationality => attributes::is_nationality(value),
            Kind::Country => attributes::is_country(value),
            Kind::Credential => attributes::is_credential_hash(value),
            Kind::Note => attributes::is_note(value),
            _ => false,
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The inventory data category a finding of this kind maps to.
    pub fn category(self) -> &'static str {
        match self {
            Kind::Email => "user.contact.email",
            Kind::Phone => "user.contact.phone_number",
            Kind::Ip => "user.device.ip_address",
            Kind::Card => "user.financial.credit_card",
            Kind::Iban | Kind::BankAccount => "user.financial.bank_account",
            Kind::NationalId => "user.government_id.national_identification_number",
            Kind::OrgNumber => "user.contact.organization",
            Kind::Imei | Kind::Sim | Kind::Mac => "user.device.device_id",
            Kind::Name => "user.name",
            Kind::Address => "user.contact.address.street",
            Kind::PostalCode => "user.contact.address.postal_code",
            Kind::City => "user.contact.address.city",
            Kind::BirthDate => "user.demographic.date_of_birth",
            Kind::Gender => "user.demographic.gender",
            Kind::Nationality => "user.demographic.nationality",
            Kind::Country => "user.contact.address.country",
            Kind::Credential => "user.authorization.credentials",
            Kind::Note => "user.content.private",
        }
    }
}

/// A kind found in a whole value, with how sure the detector is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub strength: f32,
}

/// An entity inside a text, by byte offsets (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub score: f32,
}

/// Strips what wraps an identifier in a URI: `mailto:`, `sip:`, `sips:`, `tel:`,
/// `callto:`, and what follows it (SIP parameters `;transport=tls`, a query
/// `?subject=…`). A SIP URI whose user is a number in international form
/// (`sip:+4791234567@sip.operator.no;user=phone`, as gateways write calls from phones)
/// is that number. Other values come back as they are.
pub fn unwrap_uri(v: &str) -> &str {
    // Most values are not URIs: no colon, no scheme.
    if !v.as_bytes().contains(&b':') {
        return v;
    }
    let lower_prefix =
        |p: &str| v.len() > p.len() && v.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    // `h323:` names a video endpoint in call records (`h323:10.0.0.5`, `h323:ola@firma.no`).
    match ["mailto:", "sips:", "sip:", "tel:", "callto:", "h323:"]
        .into_iter()
        .find(|p| lower_prefix(p))
    {
        Some(p) => {
            let inner = &v[p.len()..];
            let inner = inner.split([';', '?']).next().unwrap_or(inner);
            match inner.split_once('@') {
                Some((user, _))
                    if p.starts_with("sip")
                        && user.len() > 7
                        && user.strip_prefix('+').is_some_and(|d| {
                            d.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                        }) =>
                {
                    user
                }
                _ => inner,
            }
        }
        None => v,
    }
}

/// A value as people paste it, without the quotes around it or the full stop of the
/// sentence it ended (`'per@example.no'`, `kari@example.no.`).
pub fn unquoted(v: &str) -> &str {
    let v = v.strip_suffix(['.', ',', ';']).unwrap_or(v);
    ['\'', '"']
        .into_iter()
        .find_map(|q| v.strip_prefix(q).and_then(|r| r.strip_suffix(q)))
        .unwrap_or(v)
}

/// The address in a mailbox written with a display name: `Ola Nordmann <ola@example.no>`,
/// or in a SIP header's name and address: `"Ola Nordmann" <sip:ola@example.no>;tag=8a7b`.
pub fn display_name_email(v: &str) -> Option<&str> {
    display_name_target(v).filter(|inner| is_email(inner))
}

/// What a display name's angle brackets hold, unwrapped (see [`unwrap_uri`]): an
/// address, or a caller's number (`<sip:+4791234567@sip.operator.no;user=phone>;tag=1`).
fn display_name_target(v: &str) -> Option<&str> {
    let (head, params) = v.rsplit_once('>')?;
    if !(params.is_empty() || params.starts_with(';') && !params.contains('<')) {
        return None;
    }
    let (name, inner) = head.rsplit_once('<')?;
    // A name with an `@` is another address: `a@x.no; Per <per@y.no>` is a list.
    (!name.contains('@')).then(|| unwrap_uri(inner))
}

/// `str::trim`, skipped when the ends are plainly not whitespace (the common case).
pub fn trim(v: &str) -> &str {
    match (v.as_bytes().first(), v.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => v,
        _ => v.trim(),
    }
}

/// The most digits any numeric kind has (a payment card: 19).
const MAX_DIGITS: usize = 19;

/// Digits of a value made only of digits and the separators people type in numbers,
/// when there are at most [`MAX_DIGITS`] of them (more is none of the numeric kinds).
fn digits_only(v: &str) -> Option<Digits> {
    let mut d = Digits {
        buf: [0; MAX_DIGITS],
        len: 0,
    };
    for c in v.bytes() {
        match c {
            b'0'..=b'9' => {
                if d.len == MAX_DIGITS {
                    return None;
                }
                d.buf[d.len] = c;
                d.len += 1;
            }
            b' ' | b'-' | b'.' => {}
            _ => return None,
        }
    }
    (d.len > 0).then_some(d)
}

/// A value's digits, on the stack.
struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl std::ops::Deref for Digits {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Could this start an IBAN: two letters, then (spaces aside) two digits?
fn iban_start(v: &str) -> bool {
    let mut head = v.bytes().filter(|b| *b != b' ').take(4);
    let mut next = || head.next().unwrap_or(0);
    next().is_ascii_alphabetic()
        && next().is_ascii_alphabetic()
        && next().is_ascii_digit()
        && next().is_ascii_digit()
}

/// The kinds [`classify`] found in one value: at most a few, kept on the stack.
#[derive(Debug, Clone, Copy)]
pub struct Hits {
    items: [Hit; Hits::MAX],
    len: usize,
    /// The hits are a list's items' (see [`classify`]).
    list: bool,
}

impl Hits {
    /// A value is at most a phone, one 9/11/15-digit kind and a card.
    const MAX: usize = 4;

    fn new() -> Self {
        Self {
            items: [Hit {
                kind: Kind::Email,
                strength: 0.0,
            }; Self::MAX],
            len: 0,
            list: false,
        }
    }

    /// The identifier in `value` (the value these hits are of) that its masked example
    /// shows: without what wraps it (`mailto:…?subject=…`), a list's first item.
    pub fn example<'v>(&self, value: &'v str) -> &'v str {
        let inner = unquoted(unwrap_uri(trim(value)));
        let inner = display_name_target(inner).unwrap_or(inner);
        if self.list {
            if let Some(first) = ListItems::of(inner).and_then(|(mut items, _)| items.next()) {
                return first;
            }
        }
        inner
    }

    fn push(&mut self, kind: Kind, strength: f32) {
        if self.len < Self::MAX {
            self.items[self.len] = Hit { kind, strength };
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Hits {
    type Target = [Hit];
    fn deref(&self) -> &[Hit] {
        &self.items[..self.len]
    }
}

impl IntoIterator for Hits {
    type Item = Hit;
    type IntoIter = std::iter::Take<std::array::IntoIter<Hit, { Hits::MAX }>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a Hits {
    type Item = &'a Hit;
    type IntoIter = std::slice::Iter<'a, Hit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

fn bank_account_format(v: &str) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}[. \-]\d{2}[. \-]\d{5}$").unwrap());
    RE.is_match(v)
}

fn org_number_format(v: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{3} \d{3} \d{3}$").unwrap());
    RE.is_match(v)
}

/// Spaces and dashes that word processors and web pages put into numbers
/// (`+47\u{a0}912\u{a0}34\u{a0}567`, `070–123 45 67`), and the ASCII each stands for.
fn typographic(c: char) -> Option<char> {
    match c {
        '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => Some(' '),
        '\u{2010}'..='\u{2013}' | '\u{2212}' => Some('-'),
        _ => None,
    }
}

/// `v` with [`typographic`] spaces and dashes made ASCII (borrowed when it has none).
pub fn plain(v: &str) -> std::borrow::Cow<'_, str> {
    if v.is_ascii() || !v.chars().any(|c| typographic(c).is_some()) {
        return v.into();
    }
    v.chars()
        .map(|c| typographic(c).unwrap_or(c))
        .collect::<String>()
        .into()
}

/// At most this many items of a list in one value are read.
const MAX_LIST_ITEMS: usize = 32;

/// A list written in one value: a PostgreSQL array (`{a@x.no,b@y.no}`) or items
/// separated by `,` or `;` (`ola@x.no, kari@y.no`), or by a slash between spaces as
/// forms pair numbers (`41234567 / 22334455`; `0151/1234567` is one number); separators inside double quotes
/// (`"Hansen, Per" <per@x.no>`) separate nothing. Its items are read one at a time, so
/// a value that is no list costs one item's look.
#[derive(Clone)]
pub struct ListItems<'a> {
    rest: Option<&'a str>,
    items: usize,
}

impl<'a> ListItems<'a> {
    /// The items of `v`, when it is written as a list (an array, or with a separator).
    pub fn of(v: &'a str) -> Option<(Self, bool)> {
        let (body, array) = match v.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            Some(body) => (body, true),
            None if v.contains([',', ';']) || v.contains(" / ") => (v, false),
            None => return None,
        };
        Some((
            Self {
                rest: Some(body),
                items: 0,
            },
            array,
        ))
    }
}

impl<'a> Iterator for ListItems<'a> {
    type Item = &'a str;

    /// The next non-empty item, trimmed and unquoted; `None` after the last, or after
    /// [`MAX_LIST_ITEMS`].
    fn next(&mut self) -> Option<&'a str> {
        loop {
            let rest = self.rest?;
            if self.items >= MAX_LIST_ITEMS {
                self.rest = None;
                return None;
            }
            let mut quoted = false;
            let b = rest.as_bytes();
            let end = (0..b.len()).find(|&i| match b[i] {
                b'"' => {
                    quoted = !quoted;
                    false
                }
                b',' | b';' => !quoted,
                b'/' => !quoted && i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '),
                _ => false,
            });
            let (item, tail) = match end {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            self.rest = tail;
            let item = item.trim().trim_matches('"').trim();
            if !item.is_empty() {
                self.items += 1;
                return Some(item);
            }
        }
    }
}

/// What a whole value is. A value can be more than one kind (a bare 11-digit number may
/// be a national id and pass the bank-account check); callers weigh them. A list of
/// identifiers in one value (`{a@x.no,b@y.no}`, `ola@x.no; +47 912 34 567`) is each
/// kind its items are, at the weakest item's strength, when every item is one.
pub fn classify(value: &str) -> Hits {
    let v = trim(value);
    if v.len() < 3 || v.len() > 512 {
        return Hits::new();
    }
    if let std::borrow::Cow::Owned(ascii) = plain(v) {
        return classify(&ascii);
    }
    let hits = classify_one(v);
    if !hits.is_empty() {
        return hits;
    }
    let Some((items, array)) = ListItems::of(v) else {
        return hits;
    };
    let mut list = Hits::new();
    list.list = true;
    let mut count = 0;
    for item in items {
        count += 1;
        let item_hits = classify_one(item);
        if item_hits.is_empty() {
            return Hits::new();
        }
        for h in item_hits {
            match list.iter().position(|l| l.kind == h.kind) {
                Some(i) => list.items[i].strength = list.items[i].strength.min(h.strength),
                None => list.push(h.kind, h.strength),
            }
        }
    }
    if count >= 2 || (array && count == 1) {
        list
    } else {
        Hits::new()
    }
}

/// [`classify`] for one item.
fn classify_one(v: &str) -> Hits {
    let mut hits = Hits::new();
    if v.len() < 3 || v.len() > 256 {
        return hits;
    }
    let mut push = |kind, strength| hits.push(kind, strength);
    // A password hash in a crypt format says what it is by its prefix.
    if attributes::starts_like_credential_hash(v) && attributes::is_credential_hash(v) {
        push(Kind::Credential, 0.75);
        return hits;
    }
    let inner = unwrap_uri(v);
    if inner.contains('@') {
        // A SIM's identity in a RADIUS or EAP log, not a mailbox.
        if let Some(imsi) = nai_imsi(inner) {
            if imsi {
                push(Kind::Sim, 0.9);
            }
            return hits;
        }
        // An address is never quoted or ended by `.`/`,`/`;` itself, so `unquoted` leaves
        // a bare one as it is.
        match display_name_target(inner) {
            _ if is_email(unquoted(inner)) => push(Kind::Email, 1.0),
            Some(target) if is_email(target) => push(Kind::Email, 1.0),
            // A SIP header's caller, a phone through a gateway.
            Some(number) if !number.contains('@') && phone_form(number).is_some() => {
                push(Kind::Phone, 0.9)
            }
            _ => {}
        }
        return hits;
    }
    if let Some(strength) = ip_strength(inner) {
        push(Kind::Ip, strength);
        return hits;
    }
    if inner.len() < 6 {
        return hits;
    }
    if is_mac(inner) {
        push(Kind::Mac, 0.85);
        return hits;
    }
    // Everything below is built from digits.
    if !inner.bytes().any(|b| b.is_ascii_digit()) {
        return hits;
    }
    // Other countries' national ids, in their written forms (the British one starts
    // with letters, the others with digits).
    if let Some(strength) = foreign_national_id(inner) {
        push(Kind::NationalId, strength);
        return hits;
    }
    if inner.as_bytes()[0].is_ascii_alphabetic() {
        // Among the other numeric kinds only an IBAN, and an organisation number in its
        // VAT form (`NO 839 920 601 MVA`), start with letters.
        if vat_org_number(inner) {
            push(Kind::OrgNumber, 0.9);
            return hits;
        }
        if !iban_start(inner) {
            return hits;
        }
        let compact: String = inner
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() >= 15 && is_iban(&compact) {
            push(Kind::Iban, 0.95);
        }
        return hits;
    }
    if let Some(form) = read_phone(inner, phone_form) {
        push(
            Kind::Phone,
            if form == PhoneForm::Strong { 0.9 } else { 0.25 },
        );
    }
    if let Some(d) = digits_only(inner) {
        match d.len() {
            11 if is_national_id(&d) => push(Kind::NationalId, 0.95),
            // Grouped as an account number is (`1234.56.78903`), or bare; a number of
            // eleven digits grouped another way (a UK mobile, `07700 900123`) is none.
            11 if is_bank_account(&d) => {
                if bank_account_format(inner) {
                    push(Kind::BankAccount, 0.9)
                } else if inner.bytes().all(|b| b.is_ascii_digit()) {
                    push(Kind::BankAccount, 0.55)
                }
            }
            9 if is_org_number(&d) => push(
                Kind::OrgNumber,
                if org_number_format(inner) { 0.8 } else { 0.5 },
            ),
            15 if is_imei(&d) => push(Kind::Imei, 0.8),
            19 | 20 if is_iccid(&d) => push(Kind::Sim, 0.85),
            _ => {}
        }
        if is_card(&d) {
            push(Kind::Card, 0.95);
        }
    }
    hits
}

struct TextPattern {
    kind: Kind,
    re: Regex,
    /// What a text must have for this pattern to match at all.
    needs: fn(&Features) -> bool,
    /// Whether this is the dotted-quad pattern, whose matches [`quads_in`] reads from
    /// [`Features::quads`] without running it.
    in_quads: bool,
}

/// Where dotted quads may be: spans of four or more short digit runs joined by dots,
/// as byte ranges; `None` past [`Quads::MAX`] of them (then the whole text is read).
#[derive(Default)]
struct Quads {
    spans: [(usize, usize); Quads::MAX],
    len: usize,
    overflow: bool,
}

impl Quads {
    const MAX: usize = 32;

    fn push(&mut self, span: (usize, usize)) {
        if self.len == Self::MAX {
            self.overflow = true;
        } else {
            self.spans[self.len] = span;
            self.len += 1;
        }
    }

    fn any(&self) -> bool {
        self.len > 0
    }

    fn spans(&self) -> Option<&[(usize, usize)]> {
        (!self.overflow).then_some(&self.spans[..self.len])
    }
}

/// Cheap facts about a text, to skip patterns that cannot match. Each pattern's `needs`
/// is a condition every match it could make (and its check accept) meets, so skipping a
/// pattern never loses a match (a property test compares with running every pattern).
#[derive(Default)]
struct Features {
    /// An `@`, or one percent-encoded as URLs carry it (`?email=kari%40example.no`).
    at: bool,
    /// An `at` in brackets (`[at]`, `(AT)`, `{@}`): an address spelt out.
    bracketed_at: bool,
    colons: usize,
    dashes: usize,
    dots: usize,
    digits: usize,
    /// Digits in the longest number group: digits joined by single spaces, dashes or
    /// dots (`912 34 567` has 8). Every numeric pattern's match lies in one group.
    group: usize,
    /// Digits in the longest group joined by single spaces, dashes or slashes only: the
    /// groups phone numbers written nationally are made of (dates and versions, joined
    /// by dots, are not).
    spaced: usize,
    /// A `+` or a `00` that starts a number, followed by a digit: how international
    /// phone numbers start (`17:00` is no such start).
    plus_or_00: bool,
    /// A percent-encoded `+` (`%2B`) before a digit: a number in a URL or a form's body.
    pct_plus: bool,
    /// An opening parenthesis before a digit: area codes are written `(202)`, `(030)`.
    paren: bool,
    /// Colons in the longest run of colon-separated hex groups of at most four
    /// characters: a MAC address has five, an IPv6 address two or more, `10:30` one.
    hex_run: usize,
    /// The same for colons and dashes together (a MAC address, `00-1A-2B-…` or
    /// `00:1A:2B…`, has five) and for dots (`001a.2b3c.4d5e` has two).
    mac_run: usize,
    dot_hex_run: usize,
    /// Four digit runs or more of at most three digits joined by single dots: what a
    /// dotted quad is made of (`10.2.3.4`; a date `12.03.2024` is not).
    quads: Quads,
    /// Two capital letters right before a digit run: how an IBAN starts (`NO93…`).
    letters_then_digits: bool,
    /// Two capital letters, a space or not, then a digit run: how a British national
    /// insurance number starts (`AB 12…`).
    letters_space_digits: bool,
    /// Six digits or more, then `+` or a century letter, then a digit: a Finnish
    /// identity code written with its century sign (`131052A308T`).
    century_sign: bool,
    /// `NO` right before a digit run (a space between or not), and `MVA` somewhere: an
    /// organisation number in its VAT form (`NO 839 920 601 MVA`).
    vat: bool,
    /// The lengths of the digit runs (maximal runs of ASCII digits): bit `n` for a run
    /// of `n` digits, bit 31 for 31 or more. A pattern bounded by word boundaries holds
    /// whole runs only, so `[0-9]{3} [0-9]{3} [0-9]{3}` needs a run of three and a
    /// card's digits runs of at most 19: 64 digits in groups of four need neither.
    runs: u32,
    /// A run of two to five digits that starts with `0`: the trunk prefix and area code
    /// of a number written nationally (`030`, `0151`, `08`).
    zero_led: bool,
    /// The digit counts of the chains (maximal runs of digits joined by one space or
    /// dash each, as [`glued`] joins them), bit `n` for `n` digits, bit 31 for more. A
    /// numeric pattern of digits, spaces and dashes between word boundaries, whose
    /// match must not be glued to more digits, matches a whole chain or nothing: 64
    /// digits in fours are one chain of 64 and hold no 16-digit card.
    chains: u32,
    /// The same for the chains whose first run is a trunk prefix and area code
    /// (`zero_led`): where a national number written with spaces or dashes starts.
    zero_chains: u32,
    /// A digit right before `)` or `/`: a national number's area code in brackets or
    /// before a slash (`030) 1234`, `0151/1234567`), joined in no chain.
    odd_join: bool,
}

/// The longest chain of separators (`seps`) each next one after `gap` hex characters
/// (with gaps of 0 to 4, `fe80::1:2` is a chain of three colons and `10:30 11:45` two
/// chains of one).
fn hex_chain(
    bytes: &[u8],
    seps: impl Iterator<Item = usize>,
    gap: std::ops::RangeInclusive<usize>,
) -> usize {
    let (mut longest, mut chain, mut last) = (0usize, 0usize, None::<usize>);
    for i in seps {
        chain = match last {
            Some(l)
                if gap.contains(&(i - l - 1))
                    && bytes[l + 1..i].iter().all(u8::is_ascii_hexdigit) =>
            {
                chain + 1
            }
            _ => 1,
        };
        longest = longest.max(chain);
        last = Some(i);
    }
    longest
}

/// Whether a bit of `lengths` is set in `mask` (bit `n` for length `n`, 31 for more).
fn any_of(mask: u32, lengths: std::ops::RangeInclusive<u32>) -> bool {
    let (lo, hi) = (*lengths.start(), (*lengths.end()).min(31));
    lo <= hi && mask & ((u32::MAX >> (31 - hi)) & (u32::MAX << lo)) != 0
}

impl Features {
    /// Whether some digit run is `lengths` long.
    fn run_of(&self, lengths: std::ops::RangeInclusive<u32>) -> bool {
        any_of(self.runs, lengths)
    }

    /// Whether some chain of digit groups holds `digits` digits.
    fn chain_of(&self, digits: std::ops::RangeInclusive<u32>) -> bool {
        any_of(self.chains, digits)
    }

    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        // One simple count per fact: each loop vectorises, where one loop with a branch
        // per byte does not.
        fn count(bytes: &[u8], hit: impl Fn(u8) -> bool) -> usize {
            // Byte-wide sums over chunks that cannot overflow one: 16 bytes a step.
            bytes
                .chunks(255)
                .map(|c| usize::from(c.iter().fold(0u8, |n, b| n + u8::from(hit(*b)))))
                .sum()
        }
        let mut f = Features {
            at: memchr::memchr(b'@', bytes).is_some()
                || memchr::memchr_iter(b'%', bytes).any(|i| bytes[i + 1..].starts_with(b"40")),
            colons: count(bytes, |b| b == b':'),
            dashes: count(bytes, |b| b == b'-'),
            dots: count(bytes, |b| b == b'.'),
            ..Features::default()
        };
        // One pass over the opening parentheses for both facts that start at one (prose
        // opens many: `(versjon …`); square brackets and braces are rarer in text.
        for i in memchr::memchr_iter(b'(', bytes) {
            f.paren |= bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            f.bracketed_at |= contact::opens_at(&bytes[i..]);
            if f.paren && f.bracketed_at {
                break;
            }
        }
        f.bracketed_at = f.bracketed_at
            || memchr::memchr2_iter(b'[', b'{', bytes).any(|i| contact::opens_at(&bytes[i..]));
        f.digit_runs(bytes);
        if f.digits > 0 {
            let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
            f.plus_or_00 |= memchr::memchr_iter(b'+', bytes).any(|i| digit_at(i + 1));
            f.pct_plus = memchr::memchr_iter(b'%', bytes).any(|i| {
                bytes[i + 1..].starts_with(b"2")
                    && matches!(bytes.get(i + 2), Some(b'B' | b'b'))
                    && digit_at(i + 3)
            });
            if f.zero_led {
                f.odd_join =
                    memchr::memchr2_iter(b')', b'/', bytes).any(|i| i > 0 && digit_at(i - 1));
            }
        }
        if f.colons >= 2 {
            f.hex_run = hex_chain(bytes, memchr::memchr_iter(b':', bytes), 0..=4);
        }
        if f.colons + f.dashes >= 5 {
            f.mac_run = hex_chain(bytes, memchr::memchr2_iter(b':', b'-', bytes), 2..=2);
        }
        // Two dots five bytes apart, counted the way that vectorises, before the dots
        // are walked one by one (prose has many dots, seldom so placed).
        let dots_five_apart = || {
            let later = bytes.get(5..).unwrap_or_default();
            bytes
                .iter()
                .zip(later)
                .fold(false, |any, (a, b)| any | ((*a == b'.') & (*b == b'.')))
        };
        if f.dots >= 2 && dots_five_apart() {
            f.dot_hex_run = hex_chain(bytes, memchr::memchr_iter(b'.', bytes), 4..=4);
        }
        f.vat = f.vat && memchr::memmem::find(bytes, b"MVA").is_some();
        f
    }

    /// Walks the runs of digits once: the digits, number groups and chains, dotted
    /// quads and the letters that start IBANs and national numbers.
    fn digit_runs(&mut self, bytes: &[u8]) {
        let upper = |i: Option<usize>| {
            i.and_then(|i| bytes.get(i))
                .is_some_and(u8::is_ascii_uppercase)
        };
        // The group being counted in each sense, and the dotted quad so far (its runs
        // and where it starts and ends).
        let (mut group, mut spaced, mut quad) = (0usize, 0usize, 0usize);
        let (mut quad_start, mut quad_end) = (0usize, 0usize);
        // The chain so far: its digits, and whether its first run is zero-led.
        let (mut chain, mut chain_zero) = (0usize, false);
        let mut prev_end: Option<usize> = None;
        for (start, i) in DigitRuns::new(bytes) {
            let len = i - start;
            self.digits += len;
            self.runs |= 1 << len.min(31);
            let zero_led = (2..=5).contains(&len) && bytes[start] == b'0';
            self.zero_led |= zero_led;
            // What joins this run to the one before, if one byte does.
            let joiner = prev_end.filter(|e| e + 1 == start).map(|e| bytes[e]);
            if matches!(joiner, Some(b' ' | b'-')) {
                chain += len;
            } else {
                self.end_chain(chain, chain_zero);
                (chain, chain_zero) = (len, zero_led);
                // `0047 …`: an international number's `00` starts a chain.
                self.plus_or_00 |= len >= 3 && bytes[start..].starts_with(b"00");
            }
            group = match joiner {
                Some(b' ' | b'-' | b'.') => group + len,
                _ => len,
            };
            spaced = match joiner {
                Some(b' ' | b'-' | b'/') => spaced + len,
                _ => len,
            };
            let next = match joiner {
                Some(b'.') if len <= 3 && quad > 0 => quad + 1,
                _ if len <= 3 => 1,
                _ => 0,
            };
            if next <= 1 {
                if quad >= 4 {
                    self.quads.push((quad_start, quad_end));
                }
                quad_start = start;
            }
            quad = next;
            quad_end = i;
            self.group = self.group.max(group);
            self.spaced = self.spaced.max(spaced);
            // Letters right before the run: most runs have none, so the byte before is
            // looked at first.
            let before = |n: usize| start.checked_sub(n);
            let no_at = |i: Option<usize>| i.is_some_and(|i| bytes[i..].starts_with(b"NO"));
            match start.checked_sub(1).map(|i| bytes[i]) {
                Some(b'A'..=b'Z') if upper(before(2)) => {
                    self.letters_then_digits = true;
                    self.letters_space_digits = true;
                    self.vat |= no_at(before(2));
                }
                Some(b' ') if upper(before(2)) && upper(before(3)) => {
                    self.letters_space_digits = true;
                    self.vat |= no_at(before(3));
                }
                _ => {}
            }
            if len >= 6
                && bytes
                    .get(i)
                    .is_some_and(|b| matches!(b, b'+' | b'-' | b'A'..=b'F' | b'U'..=b'Y'))
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                self.century_sign = true;
            }
            prev_end = Some(i);
        }
        self.end_chain(chain, chain_zero);
        if quad >= 4 {
            self.quads.push((quad_start, quad_end));
        }
    }

    /// Records a chain of `digits` digits (none before the first run).
    fn end_chain(&mut self, digits: usize, zero_led: bool) {
        if digits > 0 {
            let bit = 1 << digits.min(31);
            self.chains |= bit;
            if zero_led {
                self.zero_chains |= bit;
            }
        }
    }
}

/// The maximal runs of ASCII digits in a text, in order, as `(start, end)`. Reads 64
/// bytes at a time as a bit mask of digits and jumps from one edge of a run to the
/// next, so the cost follows the number of runs more than the length of text.
struct DigitRuns<'a> {
    bytes: &'a [u8],
    /// The next 64-byte chunk to read, and where the current one starts.
    next: usize,
    base: usize,
    /// The current chunk's edges not yet read: a set bit where a byte differs from the
    /// one before in being a digit (the start or the end of a run).
    edges: u64,
    /// Whether the last byte of the chunk before was a digit.
    carry: u64,
    /// Where the run being read started.
    open: Option<usize>,
}

impl<'a> DigitRuns<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            next: 0,
            base: 0,
            edges: 0,
            carry: 0,
            open: None,
        }
    }

    /// Bit `j` set where `chunk[j]` is a digit, eight bytes at a time in one word.
    fn mask(chunk: &[u8]) -> u64 {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut m = 0u64;
        for (k, eight) in chunk.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word[..eight.len()].copy_from_slice(eight);
            // Digits become 0..=9; a byte's high bit is then set unless it is below 10
            // (the low seven bits plus 0x76 cannot carry into the next byte).
            let x = u64::from_le_bytes(word) ^ 0x3030_3030_3030_3030;
            let not_digit = ((x & LOW7) + 0x7676_7676_7676_7676) | x;
            let digits = !not_digit & HIGH;
            // The eight high bits gathered into the top byte, byte i to bit i.
            let byte = (digits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            m |= byte << (8 * k);
        }
        m
    }
}

impl Iterator for DigitRuns<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            while self.edges != 0 {
                let at = self.base + self.edges.trailing_zeros() as usize;
                self.edges &= self.edges - 1;
                match self.open.take() {
                    Some(start) => return Some((start, at)),
                    None => self.open = Some(at),
                }
            }
            let from = self.next * 64;
            let Some(chunk) = self.bytes.get(from..).filter(|c| !c.is_empty()) else {
                return self.open.take().map(|start| (start, self.bytes.len()));
            };
            let m = Self::mask(&chunk[..chunk.len().min(64)]);
            self.edges = m ^ ((m << 1) | self.carry);
            self.carry = m >> 63;
            self.base = from;
            self.next += 1;
        }
    }
}

static PATTERNS: LazyLock<Vec<TextPattern>> = LazyLock::new(|| {
    // Word boundaries are ASCII ones, `(?-u:\b)`: a Unicode boundary makes the regex
    // engine leave its fast DFA for a slow one on any text with a non-ASCII letter
    // (Norwegian prose ran at 12 MB/s). Every pattern's own characters are ASCII, so
    // only what counts as "next to a word" changes: a letter such as `å` right before a
    // number no longer hides it.
    let p = |kind, needs: fn(&Features) -> bool, re: &str| TextPattern {
        kind,
        re: Regex::new(re).expect("detector pattern"),
        needs,
        in_quads: false,
    };
    // Order is priority: a later match overlapping an earlier one is dropped.
    vec![
        p(
            Kind::Email,
            |f| f.at,
            r"[\p{L}\p{N}._%+\-]+(?:@|%40)[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.(?:xn--[A-Za-z0-9\-]+|\p{L}{2,})",
        ),
        // Spelt out in brackets: `ola [at] firma [dot] no`, `ola(at)firma.no`.
        p(
            Kind::Email,
            |f| f.bracketed_at,
            // Case by hand: `(?i)` would fold the letter classes, which costs their
            // compilation milliseconds.
            r"[\p{L}\p{N}._%+\-]+ ?[\[({] ?(?:[aA][tT]|@) ?[\])}] ?[\p{L}\p{N}\-]+(?:(?: ?[\[({] ?(?:[dD][oO][tT]|\.|[pP][uU][nN][kK][tT][uU][mM]) ?[\])}] ?|\.)[\p{L}\p{N}\-]+)+",
        ),
        p(
            Kind::Iban,
            |f| f.letters_then_digits && f.digits >= 10,
            r"(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?-u:\b)",
        ),
        p(
            Kind::OrgNumber,
            |f| f.vat && f.digits >= 9,
            r"(?-u:\b)NO ?[0-9]{3} ?[0-9]{3} ?[0-9]{3} ?MVA(?-u:\b)",
        ),
        p(
            Kind::Card,
            |f| f.chain_of(13..=19),
            r"(?-u:\b)[0-9]{4}(?:[ \-]?[0-9]{4}){2}[ \-]?[0-9]{1,7}(?-u:\b)",
        ),
        p(
            Kind::Card,
            |f| f.chain_of(15..=15),
            r"(?-u:\b)3[47][0-9]{2}[ \-]?[0-9]{6}[ \-]?[0-9]{5}(?-u:\b)",
        ),
        p(
            Kind::NationalId,
            |f| f.chain_of(11..=11) && f.run_of(5..=11),
            r"(?-u:\b)[0-9]{6} ?[0-9]{5}(?-u:\b)",
        ),
        // Sweden, Denmark, Finland (`811228-9874`, `19811228-9874`, `131052-308T`), the
        // USA (`123-45-6789`) and the UK (`AB 12 34 56 C`).
        p(
            Kind::NationalId,
            |f| {
                (f.century_sign || f.chain_of(9..=9))
                    && (f.run_of(6..=6)
                        || f.run_of(8..=8)
                        || (f.run_of(2..=2) && f.run_of(3..=3) && f.run_of(4..=4)))
            },
            r"(?-u:\b)(?:(?:19|20)[0-9]{6}-[0-9]{4}|[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]|[0-9]{3}-[0-9]{2}-[0-9]{4})(?-u:\b)",
        ),
        p(
            Kind::NationalId,
            |f| f.letters_space_digits && f.spaced >= 6,
            r"(?-u:\b)[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?-u:\b)",
        ),
        p(
            Kind::BankAccount,
            |f| f.group >= 11 && f.run_of(2..=2) && f.run_of(4..=5),
            r"(?-u:\b)[0-9]{4}[. ][0-9]{2}[. ][0-9]{5}(?-u:\b)",
        ),
        p(
            Kind::OrgNumber,
            |f| f.chain_of(9..=9) && f.run_of(3..=3),
            r"(?-u:\b)[0-9]{3} [0-9]{3} [0-9]{3}(?-u:\b)",
        ),
        p(
            Kind::Imei,
            |f| f.group >= 15 && f.run_of(15..=15),
            r"(?i)(?-u:\b)imei\W{0,3}[0-9]{15}(?-u:\b)",
        ),
        p(
            Kind::Phone,
            |f| f.digits >= 7 && f.plus_or_00,
            r"(?:\+|(?-u:\b)00)[0-9]{1,3}[ \-]?(?:\(0\)[ \-]?)?\(?[0-9]{1,4}\)?(?:[ \-/]?[0-9]{2,4}){1,4}(?-u:\b)",
        ),
        p(
            Kind::Phone,
            |f| f.chain_of(8..=8) && f.run_of(2..=2),
            r"(?-u:\b)[0-9]{3} [0-9]{2} [0-9]{3}(?-u:\b)|(?-u:\b)[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}(?-u:\b)",
        ),
        // National formats with a trunk 0: `070-123 45 67`, `030 1234567`, `0151/1234567`.
        p(
            Kind::Phone,
            |f| {
                f.zero_led
                    && (f.spaced >= 7 || (f.paren && f.digits >= 7))
                    && (f.paren || f.odd_join || any_of(f.zero_chains, 4..=25))
            },
            r"\(?(?-u:\b)0[0-9]{1,4}\)?[ \-/][0-9]{2,8}(?:[ \-][0-9]{2,4}){0,3}(?-u:\b)",
        ),
        // North American: `(202) 555-0143`, `415-555-0132`.
        p(
            Kind::Phone,
            |f| f.run_of(3..=4) && (f.paren && f.digits >= 10 || f.chain_of(10..=10)),
            r"\([0-9]{3}\) ?[0-9]{3}-[0-9]{4}(?-u:\b)|(?-u:\b)[0-9]{3}-[0-9]{3}-[0-9]{4}(?-u:\b)",
        ),
        // Eight bare digits are a Norwegian number in prose only where a word says so
        // (`ring 91234567`, `tlf.: 91234567`, `call me on 91234567`, `kontaktes på
        // 91234567`, `nås på …`), or begins a label that ends in a colon (`Ring før
        // levering: 91234567`, `Tlf dagtid: …`), or is a vCard's (`TEL;TYPE=cell:…`),
        // with or without a space (`tlf:91234567`); elsewhere they are as often an order
        // or invoice number.
        p(
            Kind::Phone,
            |f| f.run_of(8..=8),
            r"(?i)(?-u:\b)(?:ring|ringe|ringer|ringt|tlf|tel|telefon|mob|mobil|mobile|phone|call|sms|whatsapp|kontakt|kontakte|kontaktes|nås|treffes|contact|reach|text)(?:nr|nummer|number)?(?:\.?:?[ ]{1,2}(?:(?:på|meg|me|on|at|til|gjerne|også|direkte|directly|also)[ ]{1,2}){0,3}|(?:[ ][^ \t\r\n:;,.0-9]{1,16}){1,3}:[ ]{1,2}|(?:;[a-z\-]{1,12}=[a-z,\-]{1,24})*[.:][ ]?)[0-9]{8}(?-u:\b)",
        ),
        // A WhatsApp link's number: international, without its `+`
        // (`https://wa.me/4791234567`, `api.whatsapp.com/send?phone=4791234567`).
        p(
            Kind::Phone,
            |f| f.run_of(8..=15),
            r"(?i)(?-u:\b)(?:wa\.me/|whatsapp\.com/send/?\?phone=%?2?B?\+?)[0-9]{8,15}(?-u:\b)",
        ),
        // A number percent-encoded in a URL or a form's body, its `+` as `%2B` (a
        // Twilio webhook's `From=%2B4791234567&Body=…`): international, read with its `+`.
        p(
            Kind::Phone,
            |f| f.pct_plus && f.run_of(8..=15),
            r"(?i)%2B[0-9]{8,15}(?-u:\b)",
        ),
        p(
            Kind::Mac,
            |f| f.mac_run >= 5 || f.dot_hex_run >= 2,
            r"(?-u:\b)[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}(?-u:\b)|(?-u:\b)[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?-u:\b)",
        ),
        p(
            Kind::Ip,
            |f| f.hex_run >= 2,
            r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:[0-9]{1,3}\.){3}[0-9]{1,3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z_.\-]+)?",
        ),
        TextPattern {
            in_quads: true,
            ..p(
                Kind::Ip,
                |f| f.quads.any(),
                r"(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?-u:\b)",
            )
        },
    ]
});

/// Up to `n` characters of `text` before byte `at`: the context a match is read in.
fn before(text: &str, at: usize, n: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &head[start..]
}

/// Whether `context` holds one of `words` (lower-case ASCII) as a word of its own, in
/// any case.
fn mentions(context: &str, words: &[&str]) -> bool {
    context
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// Words before a number that make it a payment or order reference, not a card.
const REFERENCE_WORDS: &[&str] = &[
    "kid",
    "kidnr",
    "ref",
    "referanse",
    "reference",
    "faktura",
    "fakturanr",
    "invoice",
    "ordre",
    "ordrenr",
    "order",
    "konto",
    "kontonr",
    "account",
];
/// Words in a label before a number (`Kontakt kundenr: …`, `Call center ticket: …`)
/// that make it some other number than a phone's, besides [`REFERENCE_WORDS`].
const LABEL_STOP_WORDS: &[&str] = &[
    "id",
    "sak",
    "saksnr",
    "case",
    "ticket",
    "kundenr",
    "kundenummer",
    "pin",
    "kode",
    "code",
];
/// Words before a dotted quad that make it a section number, not an address.
const SECTION_WORDS: &[&str] = &[
    "section",
    "seksjon",
    "kapittel",
    "chapter",
    "punkt",
    "pkt",
    "art",
    "artikkel",
    "article",
    "avsnitt",
    "paragraph",
    "paragraf",
    "ledd",
    "kap",
    "sec",
];

/// The number in a match of the IMEI pattern (`imei: 490154203237518`).
static IMEI_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]{15}").unwrap());

/// Words that make a dotted quad a version number rather than an address, written
/// before it as a word (`firmware 2.4.1.7`), a label (`Version: …`) or a key (`v=…`,
/// `appVersion=…`, as devices and logs write their fields).
fn looks_like_version(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let word = before.strip_suffix([':', '=']).unwrap_or(before);
    // Compared as bytes: no allocation, and no slicing inside a character.
    let ends_in = |s: &str, w: &str| {
        s.len() >= w.len() && s.as_bytes()[s.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
    };
    // A short word must be one on its own (`Server:` does not end in `ver`, nor `Dev=`
    // in `v`).
    let ends_with = |w: &str| {
        ends_in(word, w)
            && (w.len() > 3
                || !word.as_bytes()[..word.len() - w.len()]
                    .last()
                    .is_some_and(u8::is_ascii_alphanumeric))
    };
    let after = &text[end..];
    // `Oppdatert til 11.14.123.45 i natt`: what software is updated to, and a commit's
    // `Bump version to 10.2.3.4` (the phrases read only after a `to` or a `til`).
    let updated_to = || {
        (ends_in(before, " to") || ends_in(before, " til"))
            && [
                "updated to",
                "upgraded to",
                "upgrade to",
                "oppdatert til",
                "oppgradert til",
                "oppgrader til",
                "version to",
                "versjon til",
                "bump to",
                "bumped to",
            ]
            .iter()
            .any(|p| ends_in(before, p))
    };
    // `Cisco/CE 11.5.2.4`, `Polycom/HDX 3.1.14.1`: a product's token, then its version
    // (as a video endpoint names itself to a conference). Read last: the others are
    // cheaper.
    let product = || {
        text[..start].ends_with(' ')
            && before.rsplit(char::is_whitespace).next().is_some_and(|t| {
                t.starts_with(|c: char| c.is_ascii_alphabetic())
                    && t.contains('/')
                    && !t.ends_with('/')
                    && !t.contains("://")
                    && t.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.')
                    })
            })
    };
    // `v2.3.1.4`: the letter right before the number.
    text[..start].ends_with(['v', 'V'])
        || [
            "version", "versjon", "ver", "release", "build", "firmware", "fw", "v.", "v",
        ]
        .iter()
        .any(|w| ends_with(w))
        || after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit())
        || before.ends_with('.')
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        || updated_to()
        || product()
}

/// Whether `after` (the text after an address) starts with a port services listen on:
/// below 1024 (`:443`, `:22`), or a well-known one above (SIP's `:5061`, databases'
/// `:5432`, `:3306`, `:1433`, `:27017`, brokers' and caches' `:5672`, `:6379`, `:9092`,
/// web `:8080`/`:8443`). A client's own port is an ephemeral one, 1024 and up.
fn service_port(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(':') else {
        return false;
    };
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 5 || rest[len..].starts_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    let port: u32 = rest[..len].parse().unwrap_or(u32::MAX);
    (1..1024).contains(&port)
        || [
            1433, 1521, 2049, 3306, 3389, 5060, 5061, 5432, 5672, 6379, 8080, 8443, 9092, 9200,
            11211, 27017,
        ]
        .contains(&port)
}

/// Whether the span `s..e` is a window of a longer run of digit groups: a digit at
/// either end joined to another digit by one space or dash (`… 1679 0917 5988 …` in 64
/// digits written in fours). Such a window is no card, phone or id of its own.
fn glued(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let sep = |i: usize| b.get(i).is_some_and(|c| matches!(c, b' ' | b'-'));
    (digit(s) && s >= 2 && sep(s - 1) && digit(s - 2))
        || (e > 0 && digit(e - 1) && sep(e) && digit(e + 1))
}

/// Whether the address-shaped `text[s..e]` names an account on a host rather than a
/// mailbox: a URL's user (`ssh://git@bitbucket.org/…`) or scp-style SSH
/// (`git@github.com:acme/app.git`, `ola@host:~/x`, `ola@host:22`). A colon ending a
/// phrase (`skriv til ola@example.no: …`) or starting a word after it is still an address.
fn account_on_host(text: &str, s: usize, e: usize) -> bool {
    let after = text[e..].strip_prefix(':').map(|rest| {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        &rest[..end]
    });
    text[..s].ends_with("://")
        || after.is_some_and(|path| {
            path.starts_with('~')
                || path.contains('/')
                || (!path.is_empty() && path.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Whether a pattern's match is really its kind; the span (the IMEI pattern's is its
/// first group) and the score.
fn check(kind: Kind, text: &str, s: usize, e: usize) -> Option<(usize, usize, f32)> {
    let numeric = matches!(
        kind,
        Kind::Card
            | Kind::NationalId
            | Kind::BankAccount
            | Kind::OrgNumber
            | Kind::Imei
            | Kind::Phone
    );
    // A percent-encoded number ends its URL at a space (`…?From=%2B4791234567 200`, a
    // log's status after it): no window of a longer run.
    if numeric && !text[s..].starts_with('%') && glued(text, s, e) {
        return None;
    }
    let t = &text[s..e];
    let digits = || t.bytes().filter(u8::is_ascii_digit).collect::<Vec<u8>>();
    let prev = text[..s].chars().next_back();
    let score = match kind {
        // Not the tail of a longer word.
        Kind::Email => {
            // In a URL's query string the `@` is often percent-encoded. A 3GPP identity
            // (`0242…@wlan.mnc001.mcc242.3gppnetwork.org`) is a SIM's, no mailbox.
            (is_email(&at_decoded(t))
                && nai_imsi(t).is_none()
                && !prev.is_some_and(char::is_alphanumeric)
                && !account_on_host(text, s, e))
            .then_some(1.0)
        }
        Kind::Iban => is_iban(&t.replace(' ', "")).then_some(0.95),
        Kind::Card => {
            if !is_card(&digits()) || mentions(before(text, s, 24), REFERENCE_WORDS) {
                return None;
            }
            // Grouped the way cards are printed, or plain digits (less sure).
            Some(if t.contains([' ', '-']) { 0.95 } else { 0.7 })
        }
        Kind::NationalId if t.bytes().all(|b| b.is_ascii_digit() || b == b' ') => {
            is_national_id(&digits()).then_some(0.95)
        }
        // Another country's number; a Danish one (a date and four digits) only where
        // the text says CPR.
        Kind::NationalId => foreign_national_id(t)
            .filter(|score| *score >= 0.8 || mentions(before(text, s, 16), &["cpr", "cprnr"])),
        Kind::BankAccount => is_bank_account(&digits()).then_some(0.9),
        Kind::OrgNumber if t.starts_with("NO") => vat_org_number(t).then_some(0.9),
        Kind::OrgNumber => is_org_number(&digits()).then_some(0.8),
        Kind::Imei => {
            let g = IMEI_DIGITS.find(t)?;
            return is_imei(g.as_str().as_bytes()).then_some((s + g.start(), s + g.end(), 0.85));
        }
        // A WhatsApp link's number, read with its `+`.
        Kind::Phone if t.starts_with(['w', 'W']) && t.contains(['/', '=']) => {
            let at = t.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
            let number = format!("+{}", &t[at..]);
            return matches!(phone_form(&number), Some(PhoneForm::Strong)).then_some((
                s + at,
                e,
                0.9,
            ));
        }
        // A percent-encoded number, unless the `%2B` is inside a token (`…Yk%2B4791…`).
        Kind::Phone if t.starts_with('%') => {
            if prev.is_some_and(char::is_alphanumeric) {
                return None;
            }
            let number = format!("+{}", &t[3..]);
            return matches!(phone_form(&number), Some(PhoneForm::Strong)).then_some((
                s + 3,
                e,
                0.9,
            ));
        }
        // A number after a word that says phone: the eight digits, if they are one,
        // unless the label names an order or an invoice (`kontakt oss om ordre: …`).
        Kind::Phone if t.starts_with(|c: char| c.is_alphabetic()) => {
            let digits = t.len() - 8;
            let label = &t[..digits];
            if label.contains(':')
                && (mentions(label, REFERENCE_WORDS) || mentions(label, LABEL_STOP_WORDS))
            {
                return None;
            }
            return phone_form(&t[digits..]).map(|_| (s + digits, e, 0.8));
        }
        Kind::Phone => match phone_form(t) {
            Some(PhoneForm::Strong) => Some(0.9),
            _ => None,
        },
        Kind::Mac => is_mac(t).then_some(0.85),
        Kind::Ip if t.contains(':') => {
            // Not part of a longer word or hex/colon run (MACs, hashes, `Note::`), and
            // at least two groups unless it starts with `::` (`::1`).
            let bounded = !prev.is_some_and(|c| c.is_alphanumeric() || c == ':')
                && !text[e..].starts_with(|c: char| c.is_ascii_hexdigit() || c == ':');
            let groups = t
                .split(['%', '.'])
                .next()
                .unwrap_or(t)
                .split(':')
                .filter(|g| !g.is_empty())
                .count();
            (bounded
                && (groups >= 2 || t.starts_with("::"))
                && is_ipv6(t)
                && !network::names_network(t, &text[e..]))
            .then_some(0.9)
        }
        Kind::Ip => {
            // `Chrome/118.0.0.0`, `v1.2.3.4`, `§ 8.8.9.6`, `section 3.2.1.4` are not
            // addresses; nor is a quad of single digits unless the text says IP. One
            // ending in `.0` names a network or a build (`Teams Room 4.19.57.0`), not a
            // host. Cheap checks first; the context is read only for a plausible address.
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '_')
                || t.ends_with(".0")
                || text[..s].trim_end().ends_with('§')
                || looks_like_version(text, s, e)
                || !is_ipv4(t)
            {
                return None;
            }
            // `10.0.3.4:5432` in an error or a stack trace is a service's endpoint,
            // which identifies a server, not a person's device.
            if service_port(&text[e..]) {
                return None;
            }
            let context = before(text, s, 20);
            let small = t.len() == 7;
            ((!small || mentions(context, &["ip", "ipv4", "address", "adresse"]))
                && !mentions(context, SECTION_WORDS)
                && !network::names_network(t, &text[e..]))
            .then_some(0.85)
        }
        // Attribute kinds: no text pattern finds them.
        _ => None,
    }?;
    Some((s, e, score))
}

/// Entities inside free text, by byte offsets, without overlaps.
pub fn find_in_text(text: &str) -> Vec<Match> {
    search(text, Some(&Features::of(text)))
}

/// [`find_in_text`] with every pattern run over the whole text: what the features may
/// only make faster, never different.
#[doc(hidden)]
pub fn find_in_text_with_every_pattern(text: &str) -> Vec<Match> {
    search(text, None)
}

/// The dotted quads in `spans` (each four or more short digit runs joined by dots) as
/// the IPv4 pattern, `\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b` with ASCII word boundaries,
/// finds them: four runs at a time from the first one not glued to a word before it.
fn quads_in<'t>(
    text: &'t str,
    spans: &'t [(usize, usize)],
) -> impl Iterator<Item = (usize, usize)> + 't {
    let bytes = text.as_bytes();
    let word = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    spans.iter().flat_map(move |&(from, to)| {
        // The runs' starts and ends; a span holds at most a few dozen.
        let mut runs = bytes[from..to].split(|b| *b == b'.').scan(from, |at, run| {
            let start = *at;
            *at += run.len() + 1;
            Some((start, start + run.len()))
        });
        std::iter::from_fn(move || loop {
            let first = runs.next()?;
            if word(first.0.checked_sub(1)) {
                continue;
            }
            let last = (0..3).try_fold(first, |_, _| runs.next())?;
            // The last run ends the match only at a boundary: what follows is no word
            // character (a dot, or the end of the span, which no digit follows).
            if word(Some(last.1)) {
                continue;
            }
            return Some((first.0, last.1));
        })
    })
}

/// Every pattern's checked matches, without overlaps; with `features`, only the patterns
/// a text can hold, where it can hold them.
fn search(text: &str, features: Option<&Features>) -> Vec<Match> {
    // Kept by start: the only span that can overlap a new one is the last that starts
    // before the new one ends, so each check is one lookup, however many matches.
    let mut found: std::collections::BTreeMap<usize, Match> = Default::default();
    for p in PATTERNS.iter() {
        let spans = match features {
            Some(f) if !(p.needs)(f) => continue,
            Some(f) if p.in_quads => f.quads.spans(),
            _ => None,
        };
        let (mut quads, mut all) = match spans {
            Some(spans) => (Some(quads_in(text, spans)), None),
            None => (None, Some(p.re.find_iter(text))),
        };
        let matches = std::iter::from_fn(|| match (&mut quads, &mut all) {
            (Some(q), _) => q.next(),
            (_, Some(a)) => a.next().map(|m| (m.start(), m.end())),
            _ => None,
        });
        for (s, e) in matches {
            let Some((start, end, score)) = check(p.kind, text, s, e) else {
                continue;
            };
            if found
                .range(..end)
                .next_back()
                .is_some_and(|(_, f)| start < f.end)
            {
                continue;
            }
            found.insert(
                start,
                Match {
                    kind: p.kind,
                    start,
                    end,
                    score,
                },
            );
        }
    }
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(v: &str) -> Vec<Kind> {
        classify(v).into_iter().map(|h| h.kind).collect()
    }

    #[test]
    fn whole_values_are_classified() {
        assert_eq!(kinds("Ola.Nordmann@Example.no"), [Kind::Email]);
        assert_eq!(kinds("mailto:ola@example.no"), [Kind::Email]);
        assert_eq!(kinds("sip:ola@example.no;transport=tls"), [Kind::Email]);
        assert_eq!(kinds("+47 912 34 567"), [Kind::Phone]);
        assert_eq!(kinds("tel:+4791234567"), [Kind::Phone]);
        assert_eq!(kinds("callto:+4791234567"), [Kind::Phone]);
        // A call from a phone through a SIP gateway: the user is the caller's number.
        assert_eq!(
            kinds("sip:+4791234567@sip.operator.no;user=phone"),
            [Kind::Phone]
        );
        assert_eq!(kinds("sips:+46-70-123-45-67@gw.example.se"), [Kind::Phone]);
        // EAP-SIM/AKA identities: the IMSI is the SIM's; a pseudonym is no one's
        // mailbox either.
        assert_eq!(
            kinds("0242011234567890@wlan.mnc001.mcc242.3gppnetwork.org"),
            [Kind::Sim]
        );
        assert_eq!(
            kinds("242011234567890@WLAN.MNC001.MCC242.3GPPNETWORK.ORG"),
            [Kind::Sim]
        );
        assert!(kinds("2a8Xk3pseudo@wlan.mnc001.mcc242.3gppnetwork.org").is_empty());
        assert!(
            find_in_text("EAP-AKA ok for 0242011234567890@wlan.mnc001.mcc242.3gppnetwork.org")
                .is_empty()
        );
        assert_eq!(
            kinds("<sip:+4791234567@sip.operator.no;user=phone>;tag=1"),
            [Kind::Phone]
        );
        assert_eq!(
            kinds("\"Ola Nordmann\" <sip:+4791234567@sip.operator.no>"),
            [Kind::Phone]
        );
        // An extension is no international number: the URI stays an address.
        assert_eq!(kinds("sip:1001@pbx.example.no"), [Kind::Email]);
        // A video endpoint's H.323 alias in a call record.
        assert_eq!(kinds("h323:84.210.17.4"), [Kind::Ip]);
        assert_eq!(kinds("H323:ola@example.no"), [Kind::Email]);
        assert_eq!(kinds("192.168.10.20"), [Kind::Ip]);
        assert_eq!(kinds("2001:db8::8a2e:370:7334"), [Kind::Ip]);
        assert_eq!(kinds("4111 1111 1111 1111"), [Kind::Card]);
        assert_eq!(kinds("NO93 8601 1117 947"), [Kind::Iban]);
        assert_eq!(kinds("01010750160"), [Kind::NationalId]);
        assert_eq!(kinds("812 664 522"), [Kind::OrgNumber]);
        assert_eq!(kinds("8601.11.17947"), [Kind::BankAccount]);
        assert_eq!(kinds("8601-11-17947"), [Kind::BankAccount]);
        assert_eq!(kinds("86011117947"), [Kind::BankAccount]);
        // Eleven digits grouped as a UK mobile, which pass the account's check.
        assert!(!kinds("8601 111 7947").contains(&Kind::BankAccount));
        assert_eq!(kinds("490154203237518"), [Kind::Imei]);
        assert_eq!(kinds("00:1A:2B:3C:4D:5E"), [Kind::Mac]);
    }

    #[test]
    fn international_and_typed_forms_are_classified() {
        for (v, k) in [
            ("::1", Kind::Ip),
            ("081.167.042.007", Kind::Ip),
            ("'per@example.no'", Kind::Email),
            ("\"per@example.no\"", Kind::Email),
            ("kari.nordmann@example.no.", Kind::Email),
            ("fe80::1%eth0", Kind::Ip),
            ("::ffff:192.0.2.1", Kind::Ip),
            ("10.158.30.113/32", Kind::Ip),
            ("81.167.42.7,10.0.0.1", Kind::Ip),
            ("x@blåbær.no", Kind::Email),
            ("åse@firma.no", Kind::Email),
            ("a@xn--d1acufc.xn--p1ai", Kind::Email),
            ("mailto:ola@example.no?subject=Hei", Kind::Email),
            ("Ola Nordmann <ola@example.no>", Kind::Email),
            ("\"Nordmann, Ola\" <ola@example.no>", Kind::Email),
            // SIP headers: a name and a SIP address, then parameters.
            (
                "\"Ola Nordmann\" <sip:ola@example.no>;tag=8a7b6c",
                Kind::Email,
            ),
            // A phone's call through a gateway: the user is the caller's number.
            (
                "<sips:+4791234567@sip.telenor.no;user=phone>;tag=1",
                Kind::Phone,
            ),
            ("81.167.42.7:443", Kind::Ip),
            ("NO 839 920 601 MVA", Kind::OrgNumber),
            ("+47 47 12 34 56", Kind::Phone),
            ("070-123 45 67", Kind::Phone),
            ("030 1234567", Kind::Phone),
            ("(202) 555-0143", Kind::Phone),
            ("020 7946 0958", Kind::Phone),
            ("415.555.0132", Kind::Phone),
            ("+1 415-555-0132 ext. 12", Kind::Phone),
            ("22 33 44 55 #204", Kind::Phone),
            ("4791234567", Kind::Phone),
            ("AD1200012030200359100100", Kind::Iban),
            ("BR18 0036 0305 0000 1000 9795 493C 1", Kind::Iban),
            ("811228-9874", Kind::NationalId),
            ("131052-308T", Kind::NationalId),
            ("AB 12 34 56 C", Kind::NationalId),
            ("123-45-6789", Kind::NationalId),
        ] {
            assert_eq!(kinds(v), [k], "{v}");
        }
    }

    #[test]
    fn masks_and_network_numbers_are_not_addresses() {
        for v in [
            "255.0.0.0",
            "255.255.255.0",
            "0.0.0.15",
            "0.0.255.255",
            "::",
        ] {
            assert!(kinds(v).is_empty(), "{v}");
        }
        // Multi-byte letters right where a URI scheme would end: no panic, no finding.
        for v in [
            "Ring på, 6. etasje, kl. 17:00",
            "sip:åse@firma.no",
            "mailtø:x",
            "tel:",
        ] {
            let _ = classify(v);
        }
    }

    #[test]
    fn bare_numbers_are_only_a_weak_phone() {
        // Eight digits, and ten as US systems keep a number (no `1`: a valid area code
        // and line).
        for bare in ["45678901", "2125550143"] {
            let hits = classify(bare);
            assert_eq!(hits.len(), 1, "{bare}");
            assert_eq!(hits[0].kind, Kind::Phone, "{bare}");
            assert!(hits[0].strength < 0.3, "{bare}");
        }
        // No area code starts with 0 or 1, and 555 is no area code.
        for other in ["1125550143", "5555550143"] {
            assert!(
                classify(other).into_iter().all(|h| h.kind != Kind::Phone),
                "{other}"
            );
        }
    }

    #[test]
    fn traps_are_not_personal_data() {
        for trap in [
            "550e8400-e29b-41d4-a716-446655440000", // UUID
            "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514", // SHA-256 of an email
            "2024-01-15 10:30:00",
            "2024-01-15T10:30:00Z",
            "SKU-10234-NO",
            "v2.3.1",
            "1.0.0-beta.2",
        ] {
            assert!(
                classify(trap).is_empty(),
                "{trap} gave {:?}",
                classify(trap)
            );
        }
    }

    #[test]
    fn entities_are_found_in_free_text() {
        let text = "Kunde ola@example.no ringte fra +47 912 34 567 om faktura 10234567; \
                    IP 81.167.42.7, app version 10.2.3.4, fnr 01010750160.";
        let found: Vec<(Kind, &str)> = find_in_text(text)
            .iter()
            .map(|m| (m.kind, &text[m.start..m.end]))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::Email, "ola@example.no"),
                (Kind::Phone, "+47 912 34 567"),
                (Kind::Ip, "81.167.42.7"),
                (Kind::NationalId, "01010750160"),
            ]
        );
    }

    #[test]
    fn an_account_on_a_host_is_no_email_address() {
        for text in [
            "git@github.com:acme/steward.git",
            "remote: ssh://git@bitbucket.org/acme/repo.git",
            "scp backup.tar ola@filer.example.no:~/arkiv",
            "ssh ola@filer.example.no:22",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        for (text, email) in [
            (
                "Skriv til ola@example.no: vi svarer innen to dager",
                "ola@example.no",
            ),
            ("E-post:kari@example.no;tlf:ukjent", "kari@example.no"),
            ("fra per@example.no:", "per@example.no"),
            ("sip:ola@example.no;transport=tls", "ola@example.no"),
        ] {
            assert_eq!(found(text), [(Kind::Email, email)], "{text}");
        }
    }

    #[test]
    fn an_image_drawn_at_twice_the_size_is_no_email_address() {
        for v in [
            "/img/hero@2x.png",
            "https://cdn.example.no/p/17/logo@3x.webp",
            "Bytt ut ikon@2x.svg i malen; se banner@2x.jpg",
        ] {
            assert_eq!(kinds(v), [], "{v}");
            assert_eq!(found(v), [], "{v}");
        }
        assert_eq!(
            found("Bilde: /img/ola@2x.png, sendt av ola@example.png.no"),
            [(Kind::Email, "ola@example.png.no")]
        );
    }

    #[test]
    fn a_labelled_phone_number_is_one_as_a_whole_value() {
        assert_eq!(kinds("+47 912 34 567 (mobil)"), [Kind::Phone]);
        assert_eq!(kinds("(202) 555-0143 (work)"), [Kind::Phone]);
        assert_eq!(kinds("(+47) 912 34 567"), [Kind::Phone]);
        assert_eq!(kinds("Bestilling 4711 (ny)"), []);
    }

    #[test]
    fn builds_networks_and_services_in_text_are_no_hosts() {
        for text in [
            "Kunne ikke koble til 10.0.3.4:5061 – TLS feilet",
            "java.net.ConnectException: Connection refused (10.20.1.7:5432)",
            "upstream 172.16.4.2:443 timed out; retry 1/3",
            "Microsoft Teams Room 4.19.57.0",
            "Oppdatert til 11.14.123.45 i natt",
            "Firmware upgraded to 3.2.101.7 (OTA)",
            "Bump version to 10.2.3.4",
            "chore: bumped to 12.4.33.7; æøå",
            "ruten til 10.20.0.0 er nede",
            "Polycom RealPresence Trio 8800 7.2.2.0; SIP",
            "Cisco/CE 11.5.2.4",
            "TANDBERG/529 (TC7.3.21.1); koblet fra",
        ] {
            assert!(
                !find_in_text(text).iter().any(|m| m.kind == Kind::Ip),
                "{text}"
            );
        }
        // A client's address with its ephemeral port is found, and a host's next to a
        // network.
        assert!(find_in_text("login fra 84.212.17.9:53122 ok")
            .iter()
            .any(|m| m.kind == Kind::Ip));
        // A path or a URL before an address is no product.
        for text in [
            "POST /api/login 84.212.17.9 200",
            "https://firma.no/x 84.212.17.9",
        ] {
            assert!(
                find_in_text(text).iter().any(|m| m.kind == Kind::Ip),
                "{text}"
            );
        }
        let text = "klient 84.212.17.9 via 10.20.0.0";
        let ips: Vec<&str> = find_in_text(text)
            .iter()
            .filter(|m| m.kind == Kind::Ip)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(ips, ["84.212.17.9"]);
    }

    #[test]
    fn a_version_written_as_a_device_field_is_no_address() {
        for text in [
            "G=1.0523;T=20.11;RSSI=-55;v=2.3.14.56",
            "appVersion=4.12.3.1 os=iOS",
            "fw: 2.4.1.7, ver=1.0.0.12",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        for (text, ip) in [
            ("Server: 81.167.42.7", "81.167.42.7"),
            ("Dev=84.210.3.4; prod=84.210.3.5", "84.210.3.4"),
            ("Dev 84.210.3.4", "84.210.3.4"),
            ("client=81.167.42.7 v=2", "81.167.42.7"),
        ] {
            assert_eq!(found(text).first(), Some(&(Kind::Ip, ip)), "{text}");
        }
    }

    fn found(text: &str) -> Vec<(Kind, &str)> {
        find_in_text(text)
            .iter()
            .map(|m| (m.kind, &text[m.start..m.end]))
            .collect()
    }

    #[test]
    fn eight_bare_digits_are_a_phone_in_prose_only_after_a_word_that_says_so() {
        for (text, number) in [
            (
                "Alarm! Røykvarsler på kjøkken: ring 91234567; kvittér med OK",
                "91234567",
            ),
            (
                "Kunden ba om å bli ringt på 41234567 etter kl. 16",
                "41234567",
            ),
            ("Tlf.: 92345678 (privat)", "92345678"),
            ("Please call me on 98765432, thanks 😀", "98765432"),
            ("mobilnr 45678901", "45678901"),
            ("Kontaktes på 40012345 etter kl. 16", "40012345"),
            ("Hun nås på 93456789; treffes best før 12", "93456789"),
            ("Kontakt meg gjerne på 41234567 😊", "41234567"),
            ("Reach me at 47123456 🙂", "47123456"),
            // A label that begins with a phone word and ends in a colon.
            ("Ring før levering: 91234567", "91234567"),
            (
                "Leveres på trappa. Tlf dagtid: 41234567; kode 1234",
                "41234567",
            ),
            ("Telefon (privat): 92345678 – ikke ring før 9", "92345678"),
            // Without a space after the label, and a vCard's number with its type.
            ("Hilsen Åse, tlf:92345678 / æøå", "92345678"),
            ("Mob.41234567", "41234567"),
            (
                "FN:Ola Nordmann\nTEL;TYPE=cell:91234567\nEND:VCARD",
                "91234567",
            ),
            ("TEL;TYPE=work,voice:41234567", "41234567"),
            // A WhatsApp link's number.
            ("Skriv på https://wa.me/4791234567 🙂", "4791234567"),
            (
                "api.whatsapp.com/send?phone=4741234567&text=Hei",
                "4741234567",
            ),
            // Percent-encoded in a webhook's form body or a query string.
            (
                "POST /sms From=%2B4791234567&Body=Hei+p%C3%A5+deg+%F0%9F%98%8A",
                "4791234567",
            ),
            ("GET /signup?phone=%2b4741234567 HTTP/1.1", "4741234567"),
            ("GET /cb?From=%2B4791234567 200 512", "4791234567"),
        ] {
            assert_eq!(found(text), [(Kind::Phone, number)], "{text}");
        }
        for text in [
            "Ordre 91234567 sendt; faktura 41234567",
            "Ring på: 6. etasje, kode 12345678",
            "tlf 01234567",
            "call 1234567890",
            "Kontakt kundenummer 41234567 om fakturaen",
            "contact id 91234567",
            "Kontakt oss om ordre: 91234567",
            "Kontakt ID: 41234567",
            "Kontakt kundenr: 41234567",
            "Call center ticket: 91234567",
            "Ring alltid på, så mange som: 12 34 56 78",
            "https://wa.me/12345",
            "https://wa.me/0012345678",
            "token=Yk9%2B4791234567%3D",
            "q=%2B12345678&page=2",
            "Kontakt ID:41234567",
            "textarea:91234567",
            "tel:12345678",
            "TEL;TYPE=cell:01234567",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn international_formats_are_found_in_text() {
        let text = "Ring Anna på 070-123 45 67 eller 08-123 456 78; Jens: 030 1234567, \
                    +49 (0)30 1234567 og 0151/12345678. UK office 020 7946 0958, \
                    US (202) 555-0143 / 415-555-0132. Skriv til åse@blåbær.no eller \
                    https://x.no/avmeld?email=kari@example.no&t=1. XFF 81.167.42.7,10.0.0.9 \
                    fra fe80::1%eth0 og ::ffff:192.0.2.1; org NO 839 920 601 MVA.";
        let got = found(text);
        for want in [
            (Kind::Phone, "070-123 45 67"),
            (Kind::Phone, "08-123 456 78"),
            (Kind::Phone, "030 1234567"),
            (Kind::Phone, "+49 (0)30 1234567"),
            (Kind::Phone, "0151/12345678"),
            (Kind::Phone, "020 7946 0958"),
            (Kind::Phone, "(202) 555-0143"),
            (Kind::Phone, "415-555-0132"),
            (Kind::Email, "åse@blåbær.no"),
            (Kind::Email, "kari@example.no"),
            (Kind::Ip, "81.167.42.7"),
            (Kind::Ip, "10.0.0.9"),
            (Kind::Ip, "fe80::1%eth0"),
            (Kind::Ip, "::ffff:192.0.2.1"),
            (Kind::OrgNumber, "NO 839 920 601 MVA"),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
        assert_eq!(got.len(), 15, "{got:?}");
        assert_eq!(
            found("Ruteren 192.168.1.20/24 og 2001:db8::7/64 svarer ikke"),
            [(Kind::Ip, "192.168.1.20"), (Kind::Ip, "2001:db8::7")],
            "a host written with its network's prefix is a host"
        );
        assert_eq!(
            found("GET /reset?token=9f2c&email=kari.nordmann%40example.no&lang=nb HTTP/1.1"),
            [(Kind::Email, "kari.nordmann%40example.no")],
            "an address percent-encoded in a query string"
        );
        assert!(found("rabatt 50%40 kroner, 10%40.no").is_empty());
        assert_eq!(
            found("Kontakt meg på ola.nordmann [at] blåbær [dot] no eller kari(at)firma.no 🙂"),
            [
                (Kind::Email, "ola.nordmann [at] blåbær [dot] no"),
                (Kind::Email, "kari(at)firma.no")
            ],
            "addresses spelt out in brackets"
        );
        assert!(
            found("Møte (at) 10:00 [at] kontoret. Ring (AT) 17; array[at] index.html").is_empty()
        );
        let ids =
            "Personnummer 811228-9874, hetu 131052-308T, NINO AB 12 34 56 C, SSN 123-45-6789; \
                   CPR 010203-1235, men 010203-1235 alene er bare et nummer.";
        assert_eq!(
            found(ids),
            [
                (Kind::NationalId, "811228-9874"),
                (Kind::NationalId, "131052-308T"),
                (Kind::NationalId, "AB 12 34 56 C"),
                (Kind::NationalId, "123-45-6789"),
                (Kind::NationalId, "010203-1235"),
            ]
        );
    }

    #[test]
    fn traps_in_text_are_not_flagged() {
        for text in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/118.0.0.0 Safari/537.36",
            "Nettmaske 255.255.255.0, wildcard 0.0.0.15, ruter 255.0.0.0.",
            "Se kapittel 3.2.1.4 og § 8.8.9.6 i avtalen: 1.2.3.4 gjelder.",
            "Betal med KID 4111111111111111 innen fredag; ordre 4111 1111 1111 1111.",
            "Note:: see Foo::bar and std::io::Error at 10:30:45.",
            "Møte 01-02-2024 kl. 10:30, rom 0123.",
            // Windows of longer runs of digit groups (a key written in fours).
            "Lisensnøkkel: 4111 1111 1111 1111 2230 8469 4297 8943; serie 22 070-123 45 67.",
            // Networks, not anyone's address.
            "Kontornettet 192.168.100.0/24 og 10.20.0.0/16; gjester på 2001:db8:1::/48.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_text_with_few_digits_is_searched_for_all_it_may_hold() {
        // Six digits were once too few for the number groups to be counted at all.
        let kinds = |t: &str| find_in_text(t).iter().map(|m| m.kind).collect::<Vec<_>>();
        assert_eq!(kinds("NI-nummer: AB 12 34 56 C, takk"), [Kind::NationalId]);
        assert_eq!(kinds("Ruter-MAC 00-1A-2B-3C-4D-5E i stua"), [Kind::Mac]);
    }

    proptest::proptest! {
        #[test]
        fn list_items_are_the_items_a_list_was_written_from(
            items in proptest::collection::vec("[a-zæøå0-9@.+ ]{0,12}[a-zæøå0-9@.+]", 1..40),
            sep in proptest::sample::select(vec![",", ", ", ";", " ; ", " / "]),
            array in proptest::bool::ANY,
        ) {
            let joined = items.join(sep);
            let written = if array { format!("{{{joined}}}") } else { joined };
            let want: Vec<&str> = items.iter().map(|i| i.trim()).take(MAX_LIST_ITEMS).collect();
            match ListItems::of(&written) {
                Some((got, _)) => proptest::prop_assert_eq!(got.collect::<Vec<_>>(), want),
                None => proptest::prop_assert!(!array && items.len() == 1),
            }
        }

        #[test]
        fn list_items_of_any_text_are_parts_of_it(text in "[\"{},;/ a-zø@]{0,60}") {
            if let Some((items, _)) = ListItems::of(&text) {
                for item in items {
                    proptest::prop_assert!(!item.is_empty() && text.contains(item));
                }
            }
        }

        #[test]
        fn digit_runs_are_the_runs_a_byte_by_byte_walk_finds(
            text in "[0-9]{0,70}([0-9a-z. æ😀]{0,80}[0-9]{0,70}){0,3}"
        ) {
            let bytes = text.as_bytes();
            let got: Vec<_> = DigitRuns::new(bytes).collect();
            let mut want = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i > start {
                    want.push((start, i));
                } else {
                    i += 1;
                }
            }
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn number_groups_are_counted_across_single_separators() {
        let f = Features::of("ring 912 34 567 or 4111-1111-1111-1111, ref 12..34");
        assert_eq!(f.group, 16);
        assert!(!f.plus_or_00);
        assert_eq!(f.digits, 28);
        assert_eq!(f.dots, 2);
        assert_eq!(Features::of("order 1234567 and 8601.11.17947").group, 11);
        assert_eq!(
            Features::of("12  34 5678 9012").group,
            10,
            "two separators end a group: 12 stays apart"
        );
        assert!(Features::of("call 0047 912 34 567").plus_or_00);
        assert!(Features::of("+47 912 34 567").plus_or_00);
        assert!(!Features::of("10 20 30 40 50").plus_or_00);
        assert_eq!(Features::of("only 1234567").group, 7);
        let f = Features::of("v 10.2.3.4; 12.03.2024; NO93 8601; AB 12 34 56 C; 131052A308T");
        assert!(f.quads.any() && f.letters_then_digits && f.letters_space_digits && f.century_sign);
        assert_eq!(f.quads.spans(), Some(&[(2, 10)][..]));
        let f = Features::of("12.03.2024 kl. 10:30, 1234.5.6.7, Ab12 og A 12");
        assert!(!f.quads.any() && !f.letters_then_digits && !f.letters_space_digits);
        assert_eq!(f.hex_run, 0, "one colon is no run");
        assert_eq!(Features::of("00:1A-2B:3C-4D:5E").mac_run, 5);
        assert_eq!(Features::of("fe80::1:2 og 001a.2b3c.4d5e").hex_run, 3);
        assert_eq!(Features::of("001a.2b3c.4d5e").dot_hex_run, 2);
        assert!(Features::of("versjon 10.2.3.4").dot_hex_run < 2);
        assert!(Features::of("Org.nr. NO 839 920 601 MVA").vat);
        assert!(!Features::of("NO 839 920 601").vat);
    }

    #[test]
    fn chains_are_digit_runs_joined_by_single_spaces_or_dashes() {
        let f = Features::of("kort 4111 1111 1111 1111, tlf 912 34 567; 12.03.2024 og 1234  56");
        assert!(f.chain_of(16..=16) && f.chain_of(8..=8) && f.chain_of(4..=4));
        assert!(f.chain_of(2..=2), "two spaces end a chain: 56 stands alone");
        assert!(!f.chain_of(13..=15) && !f.chain_of(9..=9));
        // 64 digits in fours are one chain: no window of them is a card on its own.
        let grouped = "1234 ".repeat(16);
        let f = Features::of(grouped.trim_end());
        assert!(f.chain_of(31..=64) && !f.chain_of(0..=30));
        // Where national numbers start: a zero-led area code first in its chain.
        let f = Features::of("ring 070-123 45 67 eller 12 030 1234567");
        assert!(any_of(f.zero_chains, 10..=10) && !any_of(f.zero_chains, 12..=12));
        assert!(!f.odd_join);
        assert!(Features::of("tlf 0151/1234567").odd_join);
        // An Amex number is one chain of fifteen, in one run or three.
        let cards = find_in_text("Amex 378282246310005 og 3782-822463-10005");
        assert_eq!(cards.iter().filter(|m| m.kind == Kind::Card).count(), 2);
        // `00` counts as an international prefix only where a chain starts.
        assert!(Features::of("ring 0047 912 34 567").plus_or_00);
        assert!(!Features::of("1234 0047 1234").plus_or_00);
    }

    #[test]
    fn text_without_personal_data_yields_nothing() {
        for text in [
            "Release 10.2.3.4 fixes the login bug; build 2024-01-15 10:30.",
            "Order 10234567 shipped, SKU-10234-NO, id 550e8400-e29b-41d4-a716-446655440000",
            "Checksum b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514",
            "Meeting at 10:30:45 on 15.01.2024",
        ] {
            assert!(
                find_in_text(text).is_empty(),
                "{text}: {:?}",
                find_in_text(text)
            );
        }
    }

    #[test]
    fn every_kind_maps_to_a_category() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(
                k as usize, i,
                "ALL is in declaration order (profiles index by it)"
            );
            assert!(k.category().starts_with("user."));
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }
}
