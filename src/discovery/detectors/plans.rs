//! Whether a parsed phone number is valid, as `phonenumber::is_valid` says, from the
//! same numbering plans, without the crate's shared pattern cache.
//!
//! The crate keeps its compiled patterns in one least-recently-used cache behind one
//! mutex: every pattern used hashes the pattern's text (a German plan's is kilobytes)
//! and runs under the lock. A check of one number uses a dozen patterns, so a column of
//! numbers from Sweden, Germany or the UK cost 10–30 µs a value, most of it hashing,
//! and scan workers waited on each other. Here the plans of a calling code are compiled
//! once, on first use, into automata of their own (see [`Digits`]), found by the code in
//! a table threads share without a lock, and a number is checked by the crate's rules
//! (kept in step by property tests that compare the two on generated numbers).

use phonenumber::metadata::{Descriptor, Descriptors, Metadata, DATABASE};
use phonenumber::PhoneNumber;
use regex::bytes::{Regex, RegexBuilder};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::sync::{LazyLock, OnceLock};

/// A numbering-plan pattern that must match from a number's first digit.
///
/// Numbers are a dozen ASCII digits, so a search costs more in setting up (finding the
/// engine, borrowing a per-thread cache from a pool the scan workers share) than in
/// reading them: a plan's check ran a dozen such searches, and they were half of a
/// phone column's scan. Compiled ahead to a dense DFA, the check is one table lookup a
/// digit, with nothing borrowed. A pattern whose DFA would be too large stays a regex.
enum Digits {
    Dfa {
        dfa: Box<dense::DFA<Vec<u32>>>,
        start: StateID,
        /// Per state and number of digits still to read, whether the answer is already
        /// known whatever those digits are (see [`Decided`]).
        decided: Decided,
    },
    Regex(Regex),
}

/// For each state a pattern's DFA reaches on digits and each count of digits still to
/// read, whether every way on ends in a match (`MATCH`), none does (`NO_MATCH`), or it
/// depends on the digits (`OPEN`). Plans write a prefix and then "any digits"
/// (`4[015-8]\d{6}`): once the prefix is read the answer is known, and the walk stops
/// there instead of reading the number to its end.
struct Decided {
    /// `states × (MAX_LEFT + 1)` answers, by `StateID >> stride2`.
    answers: Vec<u8>,
    stride2: usize,
}

const OPEN: u8 = 0;
const MATCH: u8 = 1;
const NO_MATCH: u8 = 2;
/// The most digits still to read for which an answer is kept (a national number has
/// at most seventeen).
const MAX_LEFT: usize = 17;

impl Decided {
    fn of(dfa: &dense::DFA<Vec<u32>>, start: StateID) -> Self {
        let stride2 = dfa.stride2();
        let index = |s: StateID| s.as_usize() >> stride2;
        // The states digits reach from the start.
        let mut states = vec![start];
        let mut seen = std::collections::HashSet::from([start]);
        let mut i = 0;
        while i < states.len() {
            let s = states[i];
            i += 1;
            if dfa.is_match_state(s) || dfa.is_dead_state(s) {
                continue;
            }
            for d in b'0'..=b'9' {
                let t = dfa.next_state(s, d);
                if seen.insert(t) {
                    states.push(t);
                }
            }
        }
        let rows = states.iter().map(|s| index(*s)).max().unwrap_or(0) + 1;
        let width = MAX_LEFT + 1;
        let mut answers = vec![OPEN; rows * width];
        for left in 0..=MAX_LEFT {
            for &s in &states {
                if dfa.is_match_state(s) || dfa.is_dead_state(s) {
                    continue;
                }
                let answer = if left == 0 {
                    if dfa.is_match_state(dfa.next_eoi_state(s)) {
                        MATCH
                    } else {
                        NO_MATCH
                    }
                } else {
                    let mut all = None;
                    for d in b'0'..=b'9' {
                        let t = dfa.next_state(s, d);
                        let one = if dfa.is_match_state(t) {
                            MATCH
                        } else if dfa.is_dead_state(t) {
                            NO_MATCH
                        } else {
                            answers[index(t) * width + left - 1]
                        };
                        all = match all {
                            None => Some(one),
                            Some(a) if a == one => Some(a),
                            Some(_) => Some(OPEN),
                        };
                    }
                    all.unwrap_or(OPEN)
                };
                answers[index(s) * width + left] = answer;
            }
        }
        Self { answers, stride2 }
    }

    /// The answer for `state` with `left` digits still to read.
    fn get(&self, state: StateID, left: usize) -> u8 {
        if left > MAX_LEFT {
            return OPEN;
        }
        let at = (state.as_usize() >> self.stride2) * (MAX_LEFT + 1) + left;
        self.answers.get(at).copied().unwrap_or(OPEN)
    }
}

/// Bytes one pattern's DFA may take (the largest plans' types take tens of KB).
const DFA_LIMIT: usize = 1 << 20;

impl Digits {
    /// A metadata pattern (written with insignificant whitespace) matched only from the
    /// start of the text. The crate asks for the leftmost match and checks that it
    /// starts at 0, which is the same answer. Digits are ASCII: the numbers checked are
    /// ASCII digits, and the automata stay small.
    fn at_start(source: &str) -> Self {
        // The newline ends a trailing comment, which would otherwise swallow the `)`.
        let wrapped = format!("^(?:{source}\n)");
        Self::dfa(&wrapped).unwrap_or_else(|| Self::Regex(regex_at_start(&wrapped)))
    }

    fn dfa(wrapped: &str) -> Option<Self> {
        let build = |unicode| {
            dense::Builder::new()
                .syntax(
                    regex_automata::util::syntax::Config::new()
                        .ignore_whitespace(true)
                        .unicode(unicode),
                )
                .configure(
                    dense::Config::new()
                        .match_kind(MatchKind::LeftmostFirst)
                        .start_kind(StartKind::Anchored)
                        .dfa_size_limit(Some(DFA_LIMIT))
                        .determinize_size_limit(Some(DFA_LIMIT)),
                )
                .build(wrapped)
                .ok()
        };
        let dfa = build(false).or_else(|| build(true))?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .ok()?;
        let decided = Decided::of(&dfa, start);
        Some(Self::Dfa {
            dfa: Box::new(dfa),
            start,
            decided,
        })
    }

    /// Whether the pattern matches a prefix of `number`'s digits (the whole of it, or
    /// less, as the crate's check allows).
    /// `number` is ASCII digits (what [`Decided`] assumes of the digits still to read).
    fn is_match(&self, number: &[u8]) -> bool {
        let (dfa, mut state, decided) = match self {
            Self::Regex(re) => return re.is_match(number),
            Self::Dfa {
                dfa,
                start,
                decided,
            } => (dfa, *start, decided),
        };
        debug_assert!(number.iter().all(u8::is_ascii_digit));
        for (i, &b) in number.iter().enumerate() {
            match decided.get(state, number.len() - i) {
                MATCH => return true,
                NO_MATCH => return false,
                _ => {}
            }
            state = dfa.next_state(state, b);
            // Matches show one byte late: a match state here means the pattern matched
            // the digits before `b`.
            if dfa.is_match_state(state) {
                return true;
            }
            if dfa.is_dead_state(state) {
                return false;
            }
        }
        dfa.is_match_state(dfa.next_eoi_state(state))
    }
}

/// [`Digits::at_start`] as a regex, for a pattern whose DFA would be too large (or
/// one that never matches, should a pattern not compile at all).
fn regex_at_start(wrapped: &str) -> Regex {
    let build = |unicode| {
        RegexBuilder::new(wrapped)
            .ignore_whitespace(true)
            .unicode(unicode)
            .build()
    };
    build(false)
        .or_else(|_| build(true))
        .unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("a regex that never matches"))
}

/// One descriptor (general, mobile, toll free…): the lengths it allows and its pattern,
/// which must match from the number's first digit.
struct Desc {
    lengths: Vec<u16>,
    pattern: Digits,
}

impl Desc {
    fn of(d: &Descriptor) -> Self {
        Self {
            lengths: d.possible_length().to_vec(),
            pattern: Digits::at_start(d.national_number().as_str()),
        }
    }

    /// The crate's `Descriptor::is_match`: an allowed length (when it lists any), and a
    /// match of the pattern that starts at the first digit.
    fn is_match(&self, national: &[u8]) -> bool {
        (self.lengths.is_empty() || self.lengths.contains(&(national.len() as u16)))
            && self.pattern.is_match(national)
    }
}

/// A region's plan: what says a number is this region's (when regions share a calling
/// code), the general descriptor and the descriptors of the number types.
struct Plan {
    leading_digits: Option<Digits>,
    general: Desc,
    types: Vec<Desc>,
}

/// The descriptors of a plan's number types (absent ones as `None`). The crate's
/// `number_type` tries them in another order to name the type; whether there is one
/// is the same answer in any order, and most numbers are fixed lines and mobiles.
fn type_descriptors(d: &Descriptors) -> [Option<&Descriptor>; 10] {
    [
        d.mobile(),
        d.fixed_line(),
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
}

impl Plan {
    fn of(meta: &Metadata) -> Self {
        let d = meta.descriptors();
        Self {
            leading_digits: meta.leading_digits().map(|r| Digits::at_start(r.as_str())),
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
    fn has_type(&self, national: &[u8]) -> bool {
        self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
    }
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
                && !super::contact::has(rest, b"  ")
                && rest.bytes().all(|b| b.is_ascii_digit() || b == b' ')
        })
}

/// Up to [`DigitString::MAX`] ASCII digits, on the stack: a number being checked.
#[derive(Clone, Copy)]
pub struct DigitString {
    buf: [u8; DigitString::MAX],
    len: u8,
}

impl DigitString {
    /// A calling code's three digits and the seventeen a national number may have.
    const MAX: usize = 20;

    /// The ASCII digits of `text`, in order; `None` when there are more than [`Self::MAX`].
    pub fn of(text: &str) -> Option<Self> {
        // The count lives in a register while the digits are copied: kept in the
        // struct, each digit's store waited on the last one's (a fifth of the time a
        // phone column took, by `perf annotate`).
        let mut buf = [0; Self::MAX];
        let mut len = 0usize;
        for b in text.bytes().filter(u8::is_ascii_digit) {
            *buf.get_mut(len)? = b;
            len += 1;
        }
        Some(Self {
            buf,
            len: len as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(self.digits()).unwrap_or_default()
    }

    /// The digits as bytes, without checking them again as text.
    pub fn digits(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }

    /// The digits after the first `n`.
    fn skip(mut self, n: usize) -> Self {
        let n = n.min(usize::from(self.len));
        self.buf.copy_within(n..usize::from(self.len), 0);
        self.len -= n as u8;
        self
    }
}

/// A valid number's E.164 form (`+4791234567`) as its calling code and national digits,
/// formatted only when it is shown: most checks need only to know there is one.
#[derive(Clone, Copy)]
pub struct E164 {
    code: u16,
    national: DigitString,
}

impl E164 {
    /// The number with calling code `code` and national number `national`, when valid.
    pub fn valid(code: u16, national: &DigitString) -> Option<Self> {
        let digits = national.digits();
        ((2..=17).contains(&digits.len()) && valid_digits(code, digits)).then_some(Self {
            code,
            national: *national,
        })
    }

    /// A number whose validity was checked another way (Norway's, by prefix).
    pub fn checked(code: u16, national: DigitString) -> Self {
        Self { code, national }
    }
}

impl std::fmt::Display for E164 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "+{}{}", self.code, self.national.as_str())
    }
}

/// The E.164 form of a number written the plain international way (see
/// [`plain_international`]), when it is valid, as `phonenumber::parse` reads it with
/// Norway as the default region and `is_valid` answers: the first prefix of one to
/// three digits that is a calling code, and the digits after it. `None` where the
/// crate refuses the number.
pub fn international_e164(s: &str) -> Option<E164> {
    let rest = s.strip_prefix('+').or_else(|| s.strip_prefix("00"))?;
    let digits = DigitString::of(rest)?;
    let text = digits.as_str();
    if text.len() <= 2 || text.starts_with('0') {
        return None;
    }
    let (len, code) = (1..=3).find_map(|len| {
        let code: u16 = text.get(..len)?.parse().ok()?;
        plans(code).filter(|p| p.known).map(|_| (len, code))
    })?;
    E164::valid(code, &digits.skip(len))
}

/// The national number (the digits after the trunk `0`) of a number written nationally
/// the plain way: the trunk `0`, a digit other than 0, then digits with single spaces
/// or dashes and at most one slash between them (`070-123 45 67`, `030 1234567`,
/// `0151/1234567`, `020 7946 0958`). `None` for other forms.
pub fn trunk_national(s: &str) -> Option<DigitString> {
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
    if plain {
        DigitString::of(&s[1..])
    } else {
        None
    }
}

/// What [`trunk_e164`] needs of a region's plan, looked up once: its calling code and
/// the lengths its general descriptor allows, when its trunk prefix is `0`.
struct TrunkPlan {
    code: u16,
    lengths: Vec<u16>,
    local_lengths: Vec<u16>,
}

impl TrunkPlan {
    fn of(region: phonenumber::country::Id) -> Option<Self> {
        let meta = DATABASE.by_id(region.as_ref())?;
        let general = meta.descriptors().general();
        (meta.national_prefix() == Some("0")).then(|| Self {
            code: meta.country_code(),
            lengths: general.possible_length().to_vec(),
            local_lengths: general.possible_local_length().to_vec(),
        })
    }
}

/// The trunk plans of the regions numbers written nationally are read in.
static TRUNK_PLANS: LazyLock<Vec<(phonenumber::country::Id, Option<TrunkPlan>)>> =
    LazyLock::new(|| {
        super::contact::TRUNK_REGIONS
            .into_iter()
            .map(|r| (r, TrunkPlan::of(r)))
            .collect()
    });

/// The E.164 form of a number written nationally the plain way, whose national number
/// is `national` (see [`trunk_national`]), read in `region` (one of the regions numbers
/// written nationally are read in), when it is valid there, as
/// `phonenumber::parse(Some(region), …)` and `is_valid` answer for the regions whose
/// trunk prefix is `0`. `None` (ask the crate) where the crate's reading may differ: a
/// number too short without its `0` keeps it there, or another region.
pub fn trunk_e164(
    region: phonenumber::country::Id,
    national: &DigitString,
) -> Option<Option<E164>> {
    let (_, plan) = TRUNK_PLANS.iter().find(|(r, _)| *r == region)?;
    let plan = plan.as_ref()?;
    let len = national.digits().len();
    let too_short = plan
        .lengths
        .first()
        .is_some_and(|min| len < usize::from(*min))
        && !plan.local_lengths.contains(&(len as u16));
    if too_short || !(2..=17).contains(&len) {
        return None;
    }
    Some(E164::valid(plan.code, national))
}

/// The E.164 form of a North American number grouped 3-3-4 (`(202) 555-0143`,
/// `415-555-0132`), when it is valid, as `phonenumber::parse(Some(US), s)` and
/// `is_valid` answer: the ten digits after `+1`, the region among the plan's regions
/// found as the crate finds it. `None` (ask the crate) when the first digit is 0 or 1,
/// which the crate reads as a prefix.
pub fn north_american_e164(s: &str) -> Option<Option<E164>> {
    north_american_digits(&DigitString::of(s)?)
}

/// [`north_american_e164`] of a number's digits, already gathered.
pub fn north_american_digits(digits: &DigitString) -> Option<Option<E164>> {
    if digits.digits().len() != 10 || !matches!(digits.digits()[0], b'2'..=b'9') {
        return None;
    }
    Some(E164::valid(1, digits))
}

/// The plans of a calling code's regions, compiled on first use, as the crate finds
/// them: for a code of one region, that region's plan alone (the non-geographic
/// entity's for region `001`; none when the crate knows no such region); for a code
/// several regions share, theirs in the crate's order.
struct CodePlans {
    /// Whether the crate knows the calling code at all.
    known: bool,
    shared: bool,
    plans: Vec<Plan>,
}

/// Calling codes have one to three digits: one slot each, filled on first use.
static PLANS: LazyLock<Vec<OnceLock<CodePlans>>> =
    LazyLock::new(|| (0..1000).map(|_| OnceLock::new()).collect());

/// The plans of calling code `code` (none known for a code of four digits or more).
fn plans(code: u16) -> Option<&'static CodePlans> {
    let slot = PLANS.get(usize::from(code))?;
    Some(slot.get_or_init(|| {
        let regions = DATABASE.region(&code);
        let known = regions.is_some();
        let regions = regions.unwrap_or_default();
        let metas: Vec<&Metadata> = match regions[..] {
            ["001"] => DATABASE
                .by_code(&code)
                .and_then(|m| m.into_iter().next())
                .into_iter()
                .collect(),
            [only] if only.parse::<phonenumber::country::Id>().is_err() => Vec::new(),
            _ => regions.iter().filter_map(|r| DATABASE.by_id(*r)).collect(),
        };
        CodePlans {
            known,
            shared: regions.len() > 1,
            plans: metas.into_iter().map(Plan::of).collect(),
        }
    }))
}

/// The UK's numbers for drama (Ofcom): `07700 900000`–`900999` and `01632 960000`–
/// `960999` are never given to anyone, so the numbering plans leave them out, yet they
/// are how British numbers are written in examples, test data and demo accounts, and
/// a column of them is a column of phone numbers. (The London and North American ones,
/// `020 7946 0xxx` and `555-01xx`, are in the plans.)
fn reserved_for_fiction(code: u16, national: &[u8]) -> bool {
    code == 44
        && national.len() == 10
        && (national.starts_with(b"7700900") || national.starts_with(b"1632960"))
}

/// Norway's 12-digit numbers, `+47 58x xx xx xx xx xx` (Nkom: the series for machine to
/// machine, which also numbers the extra SIMs of a person's subscription: twin SIMs,
/// tablets, smartwatches). The crate's plan knows only the 8-digit ones, so an IoT
/// provider's MSISDN column was no phone column.
pub(super) fn norwegian_twelve_digits(code: u16, national: &[u8]) -> bool {
    code == 47 && national.len() == 12 && national.starts_with(b"58")
}

/// Numbers that are in use though the crate's plans leave them out.
fn beyond_the_plans(code: u16, national: &[u8]) -> bool {
    reserved_for_fiction(code, national) || norwegian_twelve_digits(code, national)
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
    valid_digits(code, national.as_bytes())
}

/// [`is_valid_parts`] of a national number's digits.
pub(super) fn valid_digits(code: u16, national: &[u8]) -> bool {
    if beyond_the_plans(code, national) {
        return true;
    }
    let Some(code_plans) = plans(code) else {
        return false;
    };
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

    /// The crate's answer, with the UK's drama ranges and Norway's 12-digit numbers,
    /// which we add on purpose.
    fn crate_valid(n: &PhoneNumber) -> bool {
        phonenumber::is_valid(n)
            || beyond_the_plans(n.code().value(), n.national().to_string().as_bytes())
    }

    /// Both answers for `text` read in `region`, when the crate parses it.
    fn both(region: Option<Id>, text: &str) -> Option<(bool, bool)> {
        let n = phonenumber::parse(region, text).ok()?;
        Some((is_valid(&n), crate_valid(&n)))
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

    /// Our E.164 form, formatted.
    fn read(number: Option<E164>) -> Option<String> {
        number.map(|n| n.to_string())
    }

    /// The crate's E.164 form of `text` read in `region`, when it is valid.
    fn crate_in(region: Id, text: &str) -> Option<String> {
        phonenumber::parse(Some(region), text)
            .ok()
            .filter(crate_valid)
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
            assert_eq!(
                read(international_e164(text)),
                crate_in(Id::NO, text),
                "{text}"
            );
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
        trunk_e164(region, &national).map_or_else(|| crate_in(region, text), read)
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
        let national = DigitString::of("701234567").expect("nine digits");
        assert!(trunk_e164(Id::SE, &national).is_some_and(|e| e.is_some()));
        for text in [
            "(202) 555-0143",
            "415-555-0132",
            "(416) 555-0199",
            "212 555 0100",
        ] {
            let ours = north_american_e164(text).expect("read here");
            assert_eq!(read(ours), crate_in(Id::US, text), "{text}");
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
            let ours = north_american_e164(&text).map_or_else(|| crate_in(Id::US, &text), read);
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
            prop_assert_eq!(read(international_e164(&text)), crate_in(Id::NO, &text), "{}", text);
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
