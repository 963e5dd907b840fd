//! Column verdicts: what a column holds, from the values scanned and its name.
//!
//! A [`ColumnProfile`] sees each value once (in bounded memory: counters and at most
//! three masked examples per kind) and then gives one [`Finding`] per kind it holds.

use super::connectors::{hex_read, ColumnInfo, PackedAddress};
use super::detectors::{self, Kind};
use super::hints::{self, NameHint};
use super::mask::mask;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// At most this many masked examples per finding.
pub const MAX_EXAMPLES: usize = 3;
/// Values longer than this are only searched as text, and only in part: their first
/// 48 KB and their last [`TEXT_TAIL`] (see [`text_parts`]).
const MAX_TEXT: usize = 64 * 1024;
/// How much of a long value's end is searched: a letter's signature, a transcript's
/// last lines.
const TEXT_TAIL: usize = 16 * 1024;
/// Leaves of one JSON document read at most.
const MAX_LEAVES: usize = 10_000;

/// What [`ColumnProfile::partly_read`] counts, as the coverage says it.
pub const PARTLY_READ: &str = "text longer than 64 KB is searched in its first 48 KB and \
     its last 16 KB, binary data (a blob, a bytea) in its first 4 KB, a JSON document in \
     its first 10,000 values";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn of(score: f64) -> Self {
        if score >= 0.8 {
            Confidence::High
        } else if score >= 0.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "LOW",
            Confidence::Medium => "MEDIUM",
            Confidence::High => "HIGH",
        }
    }
}

/// How the kind sits in the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// The values are the identifiers (possibly wrapped: `mailto:`, `sip:`).
    Values,
    /// The identifiers are fields of JSON documents.
    Json,
    /// The identifiers appear inside prose, in some values.
    FreeText,
}

/// One (column, kind) verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub category: &'static str,
    pub confidence: Confidence,
    pub score: f64,
    /// Share of non-null scanned values holding the kind.
    pub match_ratio: f64,
    pub rows_scanned: u64,
    /// Non-null values among the rows scanned: what `match_ratio` is a share of.
    pub values_scanned: u64,
    /// Non-null values holding the kind.
    pub matches: u64,
    pub content: Content,
    pub examples: Vec<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct KindStats {
    values: u64,
    json: u64,
    text_values: u64,
    strength: f64,
    examples: Vec<String>,
    /// Values masked so far in search of distinct examples.
    example_attempts: u32,
    /// In a key/value column: rows whose key names this kind (`billing_phone`), and
    /// those of them whose value holds it.
    #[serde(default)]
    keyed_rows: u64,
    #[serde(default)]
    keyed_hits: u64,
}

/// Masking stops after this many tries: many values mask alike (`u***@e***.no`).
const EXAMPLE_ATTEMPTS: u32 = 64;

impl KindStats {
    /// In a key/value column, the share of the rows whose key names this kind that
    /// hold it, when that is at least half of two rows or more; 0 otherwise.
    fn keyed_share(&self) -> f64 {
        let share = self.keyed_hits as f64 / self.keyed_rows.max(1) as f64;
        if self.keyed_hits >= 2 && share >= 0.5 {
            share
        } else {
            0.0
        }
    }

    /// Counts one value holding `kind` at `strength`, shown (masked) by `raw`.
    fn count(&mut self, kind: Kind, strength: f32, raw: &str) {
        self.values += 1;
        self.strength += f64::from(strength);
        self.example(kind, raw);
    }

    fn example(&mut self, kind: Kind, raw: &str) {
        if self.examples.len() < MAX_EXAMPLES && self.example_attempts < EXAMPLE_ATTEMPTS {
            self.example_attempts += 1;
            let masked = mask(kind, raw);
            if !self.examples.contains(&masked) {
                self.examples.push(masked);
            }
        }
    }
}

/// A [`ColumnProfile`]'s counters without what its column's name and type give.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileCounts {
    rows: u64,
    non_null: u64,
    weighted: f64,
    kinds: Vec<KindStats>,
    #[serde(default)]
    partly_read: u64,
}

#[derive(Debug, Clone)]
pub struct ColumnProfile {
    hint: NameHint,
    /// The kind the column's declared type says it holds (`inet`, `macaddr`, `INET6`).
    typed: Option<Kind>,
    /// The column is read as the hex digits of its bytes (PostgreSQL's `bytea`, see
    /// `Dialect::reads_hex`): a value is read as the text they spell, or as no value
    /// when they are no text (an image).
    hex_bytes: bool,
    /// What the bytes of such a column pack where they are no text: an IP or a MAC
    /// address under a name that says so (see `PackedAddress`).
    packed: Option<PackedAddress>,
    rows: u64,
    non_null: u64,
    /// Sum over non-null values of the strongest whole-value (or JSON) hit in each: how
    /// much of the column is identifiers of any kind, which is what makes a kind with a
    /// minority share in a mixed column (emails and phones in one caller column) count.
    weighted: f64,
    /// Per kind, in [`Kind::ALL`] order.
    kinds: [KindStats; Kind::ALL.len()],
    /// Values read in part ([`PARTLY_READ`]): the coverage names their columns.
    partly_read: u64,
    /// What JSON keys say (`{"phone": …}`, `{"version": …}`), and the keys of a
    /// key/value table's rows, remembered per key.
    key_hints: HashMap<String, KeyHint>,
    /// In a key/value table, the index (in its row) of the key column this column's
    /// values are read with.
    key_column: Option<usize>,
    /// The column's name: what a key at the top of its JSON documents sits in
    /// (`billing_details` says whose a `name` is).
    name: String,
}

/// A JSON key's hint in a form that copies for free: kinds as bits, and whether the
/// key says "not personal data".
#[derive(Debug, Clone, Copy)]
struct KeyHint {
    kinds: u32,
    negative: bool,
}

// One bit per kind.
const _: () = assert!(Kind::ALL.len() <= 32);

/// How strong a whole-value hit is under a key (a JSON key, a key/value table's key)
/// that says its kind or not: a key that says it makes it strong, and bare digits are
/// a phone only under a key that says phone.
fn under_key(h: &detectors::Hit, said: bool) -> Option<f32> {
    if h.kind == Kind::Phone && h.strength < 0.5 && !said {
        return None;
    }
    Some(if said {
        h.strength.max(0.85)
    } else {
        h.strength
    })
}

/// What `key` says, remembered in `cache` (up to [`MAX_KEY_HINTS`] keys).
fn cached_key_hint(cache: &mut HashMap<String, KeyHint>, key: &str) -> KeyHint {
    if let Some(h) = cache.get(key) {
        return *h;
    }
    let h = KeyHint::of(key);
    if cache.len() < MAX_KEY_HINTS {
        cache.insert(key.to_owned(), h);
    }
    h
}

impl KeyHint {
    fn of(key: &str) -> Self {
        let h = hints::for_column(key);
        Self {
            kinds: h.kinds.iter().fold(0, |m, k| m | 1 << (*k as u32)),
            negative: h.negative,
        }
    }

    fn says(self, kind: Kind) -> bool {
        self.kinds & 1 << (kind as u32) != 0
    }
}

/// How sure a shape that counts only under a column name that says its kind (a MAC
/// address without separators) makes it.
const HINTED_SHAPE_STRENGTH: f32 = 0.7;

/// What systems write for "no value" (`-`, `n/a`, `unknown`, `ukjent`): counted as
/// empty, so a column of addresses with some unknowns is still a column of addresses.
pub fn placeholder(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "-",
        "--",
        "?",
        "n/a",
        "null",
        "(null)",
        "nil",
        "none",
        "unknown",
        "ukjent",
        "undefined",
        "not set",
        "ikke oppgitt",
    ];
    v.len() <= 12 && WORDS.iter().any(|w| v.eq_ignore_ascii_case(w))
}

/// How sure a value's shape makes an attribute kind (a name, a date of birth) in a
/// column whose name says so: never HIGH.
const ATTRIBUTE_STRENGTH: f32 = 0.7;

/// Whether an attribute kind is read in JSON documents, under keys that name it: all
/// but free-text notes and password digests, which are left to columns.
const fn is_json_attribute(k: Kind) -> bool {
    k.is_attribute() && !matches!(k, Kind::Note | Kind::Credential)
}

/// The highest score an attribute kind reaches: MEDIUM at most.
const ATTRIBUTE_MAX_SCORE: f64 = 0.75;

/// The bits of [`KeyHint::kinds`] that are identifier kinds (email, phone, IP…), and
/// the attribute kinds read in JSON ([`is_json_attribute`]).
const IDENTIFIER_BITS: u32 = kind_bits(false);
const JSON_ATTRIBUTE_BITS: u32 = kind_bits(true);

const fn kind_bits(json_attributes: bool) -> u32 {
    let mut bits = 0;
    let mut i = 0;
    while i < Kind::ALL.len() {
        let k = Kind::ALL[i];
        let include = if json_attributes {
            is_json_attribute(k)
        } else {
            !k.is_attribute()
        };
        if include {
            bits |= 1 << (k as u32);
        }
        i += 1;
    }
    bits
}

/// At most this many distinct JSON keys are remembered per column.
const MAX_KEY_HINTS: usize = 256;

/// Values this long with whitespace or URL/list punctuation are searched as text.
fn is_texty(v: &str) -> bool {
    // `Mob: 91234567`, `Tlf 22334455` are short and still say what they hold.
    v.len() >= 10
        && v.bytes().any(|b| {
            b.is_ascii_whitespace() || matches!(b, b'=' | b'&' | b'?' | b',' | b';' | b'|' | b'/')
        })
}

/// A number whose last eight digits are dotted pairs (`88.60.15.31`), behind nothing
/// but what numbers are written with (`(1) 42.34.22.66`, `+33 1 42.34.22.66`).
fn ends_in_dotted_pairs(v: &str) -> bool {
    let b = v.as_bytes();
    let Some(head) = b.len().checked_sub(11) else {
        return false;
    };
    v.get(head..).is_some_and(detectors::is_dotted_pairs)
        && (head == 0 || b[head - 1] == b' ')
        && b[..head]
            .iter()
            .all(|c| c.is_ascii_digit() || b" ()+-".contains(c))
}

fn looks_like_json(v: &str) -> bool {
    let t = v.trim_start();
    t.starts_with('{') || t.starts_with('[')
}

/// The kind a declared column type holds by itself.
fn typed_kind(data_type: &str) -> Option<Kind> {
    let t = data_type.to_ascii_lowercase();
    match t.split(['(', ' ']).next().unwrap_or_default() {
        "inet" | "cidr" | "inet4" | "inet6" => Some(Kind::Ip),
        "macaddr" | "macaddr8" => Some(Kind::Mac),
        _ => None,
    }
}

impl ColumnProfile {
    pub fn new(column_name: &str) -> Self {
        Self {
            hint: hints::for_column(column_name),
            typed: None,
            hex_bytes: false,
            packed: None,
            rows: 0,
            non_null: 0,
            weighted: 0.0,
            kinds: Default::default(),
            partly_read: 0,
            key_hints: HashMap::new(),
            key_column: None,
            name: column_name.to_owned(),
        }
    }

    /// Values read only in part ([`PARTLY_READ`]).
    pub fn partly_read(&self) -> u64 {
        self.partly_read
    }

    /// Counts `n` values more that the connector read only in part (binary values
    /// longer than it reads, see `ReadStats::read_in_part`).
    pub fn count_partly_read(&mut self, n: u64) {
        self.partly_read += n;
    }

    /// Reads this column's values with the key in column `index` of the same rows.
    pub fn with_key_column(mut self, index: Option<usize>) -> Self {
        self.key_column = index;
        self
    }

    /// Makes this column the key column of a key/value table (`name` beside `value`):
    /// its values name attributes (`phoneNumber`, `locale`), so its name is read
    /// without the table's (a bare `name` in a table of users names no person here).
    pub fn as_key_column(mut self) -> Self {
        self.hint = hints::for_column(&self.name);
        self
    }

    /// Reads this column's values as the hex digits of their bytes (see `hex_bytes`).
    pub fn with_hex_bytes(mut self, hex: bool) -> Self {
        self.hex_bytes = hex;
        self.packed = hex.then(|| PackedAddress::of_column(&self.name)).flatten();
        self
    }

    pub fn key_column(&self) -> Option<usize> {
        self.key_column
    }

    /// An empty profile of a column a connector described: its name (read in its
    /// table) and its declared type are evidence beside the values.
    pub fn for_column(table: &str, column: &ColumnInfo) -> Self {
        Self {
            hint: hints::for_column_in(table, &column.name),
            typed: typed_kind(&column.data_type),
            ..Self::new(&column.name)
        }
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// What the profile has counted, to store and merge into a profile of the same
    /// column elsewhere (parts of a table read by other workers).
    pub fn counts(&self) -> ProfileCounts {
        ProfileCounts {
            rows: self.rows,
            non_null: self.non_null,
            weighted: self.weighted,
            kinds: self.kinds.to_vec(),
            partly_read: self.partly_read,
        }
    }

    /// Adds what another profile of the same column saw (profiles built in parallel).
    pub fn merge(&mut self, other: ColumnProfile) {
        self.absorb(other.counts());
    }

    /// Adds stored counts of the same column.
    pub fn absorb(&mut self, other: ProfileCounts) {
        self.rows += other.rows;
        self.non_null += other.non_null;
        self.weighted += other.weighted;
        self.partly_read += other.partly_read;
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            mine.values += theirs.values;
            mine.json += theirs.json;
            mine.text_values += theirs.text_values;
            mine.strength += theirs.strength;
            mine.keyed_rows += theirs.keyed_rows;
            mine.keyed_hits += theirs.keyed_hits;
            for e in theirs.examples {
                if mine.examples.len() < MAX_EXAMPLES && !mine.examples.contains(&e) {
                    mine.examples.push(e);
                }
            }
        }
    }

    /// Observes one cell; `None` is SQL NULL.
    pub fn observe(&mut self, value: Option<&str>) {
        self.observe_keyed(value, None);
    }

    /// Observes one cell of a key/value table's value column with its row's key
    /// (`meta_key = 'billing_phone'`), which is read as a JSON key is.
    pub fn observe_keyed(&mut self, value: Option<&str>, key: Option<&str>) {
        if self.hex_bytes {
            let (text, in_part) =
                value.map_or((None, false), |digits| hex_read(digits, self.packed));
            self.partly_read += u64::from(in_part);
            self.observe_cell(text.as_deref(), key);
        } else {
            self.observe_cell(value, key);
        }
    }

    /// [`observe_keyed`](Self::observe_keyed) once the value is text.
    fn observe_cell(&mut self, value: Option<&str>, key: Option<&str>) {
        self.rows += 1;
        let Some(value) = value else {
            return;
        };
        let trimmed = detectors::trim(value);
        // Asterisk's `s`, where a dial plan starts, is no party to a call.
        let no_party = self.hint.call_party && trimmed == "s";
        if trimmed.is_empty() || placeholder(trimmed) || no_party {
            return;
        }
        self.non_null += 1;
        if let Some(key) = key.map(str::trim).filter(|k| !k.is_empty()) {
            self.observe_under_key(key, value, trimmed);
            return;
        }
        // A `macaddr`/`macaddr8` column holds hardware addresses by its type (eight
        // groups, `08:00:2b:01:02:03:04:05`, also read as an IPv6 address).
        if self.typed == Some(Kind::Mac) {
            self.count_hinted(Kind::Mac, trimmed);
            return;
        }
        // A PBX's extension (`1001`) in a call's party column is one of its lines,
        // counted with the numbers it calls and is called from.
        if self.hint.call_party
            && (2..=6).contains(&trimmed.len())
            && trimmed.bytes().all(|b| b.is_ascii_digit())
        {
            self.count_hinted(Kind::Phone, trimmed);
            return;
        }
        // Names, addresses, dates of birth…: looked for only where the name says so.
        for i in 0..self.hint.kinds.len() {
            let kind = self.hint.kinds[i];
            self.attribute_if_shaped(kind, value);
        }
        if looks_like_json(value) && self.observe_json(value) {
            return;
        }
        // `1409286145` is an IPv4 address kept as an integer (MySQL's `INET_ATON`) where
        // the column's name says IP, before it is read as any other number.
        if self.hint.kinds.contains(&Kind::Ip) {
            if let Some(dotted) = detectors::integer_ipv4(trimmed) {
                self.count_hinted(Kind::Ip, &dotted);
                return;
            }
        }
        // A national id kept as an integer lost the zero of a birth day from 1 to 9, one
        // in three of them (`1010750160`), where the name says national id.
        if self.hint.kinds.contains(&Kind::NationalId)
            && detectors::is_zero_dropped_national_id(trimmed)
        {
            self.count_hinted(Kind::NationalId, trimmed);
            return;
        }
        // An IMSI has no check digit: a subscriber's identity only where the name says so.
        if self.hint.kinds.contains(&Kind::Sim) && detectors::is_imsi(trimmed) {
            self.count_hinted(Kind::Sim, trimmed);
            return;
        }
        // A UK NHS number is ten digits as a phone number is, a Swedish personnummer
        // with its century twelve bare digits, one without it or a Danish CPR number ten:
        // a person's identity where the name says so (`nhs_number`, `personnummer`,
        // `cpr`), before they are read as anything else.
        if self.hint.kinds.contains(&Kind::NationalId)
            && (detectors::is_nhs_number(trimmed)
                || detectors::is_twelve_digit_personnummer(trimmed)
                || detectors::is_bare_nordic_id(trimmed))
        {
            self.count_hinted(Kind::NationalId, trimmed);
            return;
        }
        // `88.60.15.31`, `(1) 42.34.22.66` under a phone's name are numbers written in
        // pairs (Northwind's French customers), read with spaces for dots, not as IPv4
        // addresses.
        let spaced;
        let value = if self.hint.kinds.contains(&Kind::Phone)
            && !self.hint.kinds.contains(&Kind::Ip)
            && ends_in_dotted_pairs(trimmed)
        {
            spaced = trimmed.replace('.', " ");
            spaced.as_str()
        } else {
            value
        };
        let hits = detectors::classify(value);
        if !hits.is_empty() {
            // Examples show the identifier, not what wraps it (`mailto:…?subject=…`).
            let inner = hits.example(value);
            let mut best = 0f32;
            // A typed column holds its type's kind and no other.
            let typed = self.typed;
            for h in hits
                .into_iter()
                .filter(|h| typed.is_none_or(|t| t == h.kind))
            {
                self.kinds[h.kind as usize].count(h.kind, h.strength, inner);
                best = best.max(h.strength);
            }
            self.weighted += f64::from(best);
            return;
        }
        // `001a2b3c4d5e` is a MAC address only where the column's name says so.
        if self.hint.kinds.contains(&Kind::Mac) && detectors::is_bare_mac(trimmed) {
            self.count_hinted(Kind::Mac, trimmed);
            return;
        }
        // An IMEI kept as an integer loses the leading zero of a type allocation code
        // from `01` (`1234560123456`…, fourteen digits): one only where the name says IMEI.
        if self.hint.kinds.contains(&Kind::Imei) && detectors::is_zero_dropped_imei(trimmed) {
            self.count_hinted(Kind::Imei, trimmed);
            return;
        }
        if is_texty(value) {
            self.observe_text(value);
        }
    }

    /// A key/value row's value, read with what its key says: the key's kinds count
    /// their rows, bare digits are a phone only under a key that says phone, nothing
    /// counts under a key that says "not personal data", and attribute kinds (names,
    /// addresses) are looked for only under a key that names them.
    fn observe_under_key(&mut self, key: &str, value: &str, trimmed: &str) {
        let hint = cached_key_hint(&mut self.key_hints, key);
        if hint.negative {
            return;
        }
        let mut best = 0f32;
        for kind in Kind::ALL.into_iter().filter(|k| hint.says(*k)) {
            self.kinds[kind as usize].keyed_rows += 1;
            if self.attribute_if_shaped(kind, trimmed) {
                self.kinds[kind as usize].keyed_hits += 1;
            }
        }
        if looks_like_json(value) && self.observe_json(value) {
            return;
        }
        let hits = detectors::classify(value);
        for h in &hits {
            let said = hint.says(h.kind);
            let Some(strength) = under_key(h, said) else {
                continue;
            };
            let s = &mut self.kinds[h.kind as usize];
            s.count(h.kind, strength, hits.example(value));
            s.keyed_hits += u64::from(said);
            best = best.max(strength);
        }
        self.weighted += f64::from(best);
        if hits.is_empty() && is_texty(value) {
            self.observe_text(value);
        }
    }

    /// Counts a value that has `kind`'s shape, shown by `shown`, where only the column's
    /// name makes the shape that kind (twelve bare hex digits, an integer address).
    fn count_hinted(&mut self, kind: Kind, shown: &str) {
        self.kinds[kind as usize].count(kind, HINTED_SHAPE_STRENGTH, shown);
        self.weighted += f64::from(HINTED_SHAPE_STRENGTH);
    }

    /// Counts `value` as attribute `kind` when it has the kind's shape; whether it did.
    /// A crypt-format password hash speaks for itself (`classify` finds it); a bare hex
    /// digest counts only here, where a name or a key says password.
    fn attribute_if_shaped(&mut self, kind: Kind, value: &str) -> bool {
        let shaped = match kind {
            Kind::Credential => detectors::attributes::is_digest(value),
            // A street's name alone, its number in a column of its own.
            Kind::Address if self.hint.street_name => {
                kind.shaped(value) || detectors::attributes::is_street_name(value)
            }
            _ => kind.is_attribute() && kind.shaped(value),
        };
        if shaped {
            self.kinds[kind as usize].count(kind, ATTRIBUTE_STRENGTH, value);
        }
        shaped
    }

    /// Identifiers among prose: counted once per kind a value holds.
    fn observe_text(&mut self, value: &str) {
        self.partly_read += u64::from(value.len() > MAX_TEXT);
        let mut seen: Vec<Kind> = Vec::new();
        for text in text_parts(value) {
            for m in detectors::find_in_text(text) {
                let s = &mut self.kinds[m.kind as usize];
                if !seen.contains(&m.kind) {
                    seen.push(m.kind);
                    s.text_values += 1;
                }
                s.example(m.kind, &text[m.start..m.end]);
            }
        }
    }

    /// Looks at every leaf of a JSON document; false when the value is not JSON. A
    /// leaf is read with its key: bare digits count as a phone only under a key that
    /// says phone (`{"order_ref": 45678901}` is no phone), and nothing counts under a
    /// key that says "not personal data" (`{"app_version": "10.2.3.4"}`).
    fn observe_json(&mut self, text: &str) -> bool {
        // Per kind: best strength in this document, and a raw example only while the
        // kind still collects examples (so most documents allocate nothing).
        let wants = self
            .kinds
            .each_ref()
            .map(|s| s.examples.len() < MAX_EXAMPLES && s.example_attempts < EXAMPLE_ATTEMPTS);
        let mut found: [Option<(f32, Option<String>)>; Kind::ALL.len()] = Default::default();
        // Kinds some key of the document names (`"first_name"`, `"postnummer"`, `"ip"`),
        // and the identifier kinds found under such a key: a document that says `"ip"`
        // and holds one counts as a key/value row does, so a column of event payloads
        // in which one event in six carries the client's address reports it.
        // (Both as bits of kinds, as `KeyHint::kinds`.)
        let mut named = 0u32;
        let mut keyed = 0u32;
        let mut leaves = 0usize;
        let mut partly = false;
        let key_hints = &mut self.key_hints;
        let mut note = |kind: Kind, strength: f32, raw: &str| {
            let i = kind as usize;
            let slot = found[i].get_or_insert((0.0, None));
            slot.0 = slot.0.max(strength);
            if slot.1.is_none() && wants[i] {
                slot.1 = Some(raw.to_owned());
            }
        };
        // A salted digest kept as a document of its parts (Keycloak's
        // `credential.secret_data`, `{"value": "<base64>", "salt": "<base64>"}`): a
        // password's hash, whatever the column is called. (A bare `value` arrives under
        // the column's name, so the digest is any leaf that is one.)
        static SALT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"salt\""));
        let salt_doc = SALT.find(text.as_bytes()).is_some();
        let (mut salted, mut digest) = (false, None::<String>);
        let mut leaf = |key: Option<&str>, s: &str| {
            leaves += 1;
            if leaves > MAX_LEAVES {
                partly = true;
                return;
            }
            if salt_doc {
                if key == Some("salt") {
                    salted |= !s.trim().is_empty();
                } else if digest.is_none() && detectors::attributes::is_digest(s) {
                    digest = Some(s.to_owned());
                }
            }
            let hint = key.map(|k| cached_key_hint(key_hints, k));
            if hint.is_some_and(|h| h.negative) {
                return;
            }
            let said_kinds = hint.map_or(0, |h| h.kinds);
            named |= said_kinds & (IDENTIFIER_BITS | JSON_ATTRIBUTE_BITS);
            // Names, addresses, dates of birth…: only under a key that names them, as in
            // a column (a bare `"name"` names products as often as people).
            let mut attributes = said_kinds & JSON_ATTRIBUTE_BITS;
            while attributes != 0 {
                let kind = Kind::ALL[attributes.trailing_zeros() as usize];
                attributes &= attributes - 1;
                if kind.shaped(s) {
                    note(kind, ATTRIBUTE_STRENGTH, s);
                }
            }
            let hits = detectors::classify(s);
            for h in &hits {
                let bit = 1 << (h.kind as u32);
                let said = said_kinds & bit != 0;
                if let Some(strength) = under_key(h, said) {
                    if said {
                        keyed |= bit & IDENTIFIER_BITS;
                    }
                    note(h.kind, strength, hits.example(s));
                }
            }
            if is_texty(s) {
                partly |= s.len() > MAX_TEXT;
                for t in text_parts(s) {
                    for m in detectors::find_in_text(t) {
                        note(m.kind, m.score, &t[m.start..m.end]);
                    }
                }
            }
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let column = Some(self.name.as_str());
        if serde::de::DeserializeSeed::deserialize(json::Leaves(&mut leaf, None, column), &mut de)
            .is_err()
            || de.end().is_err()
        {
            return false;
        }
        if let Some(hash) = digest.filter(|_| salted) {
            note(Kind::Credential, ATTRIBUTE_STRENGTH, &hash);
        }
        self.partly_read += u64::from(partly);
        let mut best = 0f32;
        let mut bits = named;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let s = &mut self.kinds[i];
            s.keyed_rows += 1;
            s.keyed_hits += u64::from(if Kind::ALL[i].is_attribute() {
                found[i].is_some()
            } else {
                keyed & 1 << i != 0
            });
        }
        for (kind, slot) in Kind::ALL.into_iter().zip(found) {
            let Some((strength, raw)) = slot else {
                continue;
            };
            if !kind.is_attribute() {
                best = best.max(strength);
            }
            let s = &mut self.kinds[kind as usize];
            s.json += 1;
            s.strength += f64::from(strength);
            if let Some(raw) = raw {
                s.example(kind, &raw);
            }
        }
        self.weighted += f64::from(best);
        true
    }

    /// The findings, strongest first. Weak or scattered evidence gives none.
    ///
    /// A kind is reported when it is the column's content (at least 30 % of non-null
    /// values), or when it has a material share (10 %, two values or more) of a column
    /// that is mostly identifiers of several kinds: a caller column of emails and
    /// phones reports both. Free text with a few identifiers is reported as such.
    pub fn verdicts(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.non_null == 0 {
            return out;
        }
        let n = self.non_null as f64;
        let coverage = (self.weighted / n).min(1.0);
        for (kind, s) in Kind::ALL.iter().zip(&self.kinds) {
            if kind.is_attribute() {
                out.extend(self.attribute_verdict(*kind, s));
                continue;
            }
            let typed = self.typed == Some(*kind);
            // A mail's own identifier is address-shaped in every value: no penalty is
            // enough, the name settles it.
            if *kind == Kind::Email && self.hint.mail_id {
                continue;
            }
            let hinted = typed || self.hint.kinds.contains(kind);
            let bonus = if hinted { 0.1 } else { 0.0 };
            let penalty = if self.hint.negative && !typed {
                0.6
            } else {
                0.0
            };
            let value_hits = s.values + s.json;
            let ratio = value_hits as f64 / n;
            let material = value_hits >= 2 && ratio >= 0.1 && coverage >= 0.3;
            let keyed = s.keyed_share();
            let (score, content, matches, ratio) =
                if value_hits > 0 && (ratio >= 0.3 || material || keyed > 0.0) {
                    let avg = s.strength / value_hits as f64;
                    let strength = match (typed, hinted) {
                        (true, _) => avg.max(0.95),
                        (false, true) => avg.max(0.85),
                        _ => avg,
                    };
                    let content = if s.json > s.values {
                        Content::Json
                    } else {
                        Content::Values
                    };
                    let mixed = if material { coverage * strength } else { 0.0 };
                    (
                        (ratio * strength).max(mixed).max(keyed * strength) + bonus - penalty,
                        content,
                        value_hits,
                        ratio,
                    )
                } else if s.text_values > 0 {
                    // A few identifiers among prose: reported as free text, capped at MEDIUM.
                    let hits = s.text_values + value_hits;
                    let share = hits as f64 / n;
                    (
                        (0.4 + 0.3 * share + bonus - penalty).min(0.75),
                        Content::FreeText,
                        hits,
                        share,
                    )
                } else {
                    continue;
                };
            out.extend(self.finding(*kind, s, score, ratio, matches, content));
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.kind.cmp(&b.kind)));
        out
    }
}

impl ColumnProfile {
    /// An attribute kind is reported when at least half the non-null values have its
    /// shape in a column whose name says so (a crypt-format password hash speaks for
    /// itself), at LOW or MEDIUM confidence: the evidence is a name and a shape.
    fn attribute_verdict(&self, kind: Kind, s: &KindStats) -> Option<Finding> {
        let n = self.non_null as f64;
        let hinted = self.hint.kinds.contains(&kind);
        let hits = s.values + s.json;
        let ratio = hits as f64 / n;
        let keyed = s.keyed_share();
        if hits == 0 || (keyed == 0.0 && (ratio < 0.5 || !(hinted || kind == Kind::Credential))) {
            return None;
        }
        let avg = s.strength / hits as f64;
        let score =
            (ratio.max(keyed) * avg + if hinted { 0.05 } else { 0.0 }).min(ATTRIBUTE_MAX_SCORE);
        let content = if s.json > s.values {
            Content::Json
        } else {
            Content::Values
        };
        self.finding(kind, s, score, ratio, hits, content)
    }

    /// The finding for `kind` at `score` (rounded to two places), when the score
    /// reaches the reporting threshold of 0.3.
    fn finding(
        &self,
        kind: Kind,
        s: &KindStats,
        score: f64,
        ratio: f64,
        matches: u64,
        content: Content,
    ) -> Option<Finding> {
        let score = (score.clamp(0.0, 1.0) * 100.0).round() / 100.0;
        (score >= 0.3).then(|| Finding {
            kind,
            category: kind.category(),
            confidence: Confidence::of(score),
            score,
            match_ratio: (ratio * 1000.0).round() / 1000.0,
            rows_scanned: self.rows,
            values_scanned: self.non_null,
            matches,
            content,
            examples: s.examples.clone(),
        })
    }
}

mod json {
    //! Walks a JSON document's leaves, each with the key it sits under (an array's
    //! items under the array's key), without building the document in memory.
    use crate::discovery::hints;
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// The leaves' callback, the key the value sits under, and for a column's whole
    /// document the column's name (what the document's own keys sit in).
    pub struct Leaves<'f, 'k, F: FnMut(Option<&str>, &str)>(
        pub &'f mut F,
        pub Option<&'k str>,
        pub Option<&'k str>,
    );

    impl<'de, F: FnMut(Option<&str>, &str)> DeserializeSeed<'de> for Leaves<'_, '_, F> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    /// Reads a map key into a buffer that is reused from key to key.
    struct Key<'b>(&'b mut String);

    impl<'de> DeserializeSeed<'de> for Key<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_str(self)
        }
    }

    impl<'de> Visitor<'de> for Key<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E>(self, v: &str) -> Result<(), E> {
            self.0.clear();
            self.0.push_str(v);
            Ok(())
        }
    }

    impl<'de, F: FnMut(Option<&str>, &str)> Visitor<'de> for Leaves<'_, '_, F> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_str<E>(self, v: &str) -> Result<(), E> {
            (self.0)(self.1, v);
            Ok(())
        }
        fn visit_u64<E>(self, v: u64) -> Result<(), E> {
            (self.0)(self.1, &v.to_string());
            Ok(())
        }
        fn visit_i64<E>(self, v: i64) -> Result<(), E> {
            (self.0)(self.1, &v.to_string());
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq
                .next_element_seed(Leaves(&mut *self.0, self.1, self.2))?
                .is_some()
            {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut key = String::new();
            while map.next_key_seed(Key(&mut key))?.is_some() {
                // A map keyed by identifiers (`{"ola@example.no": {"role": "admin"}}`,
                // counters per address `{"81.167.42.7": 3}`): the key is a value too.
                if key.contains('@') || key.starts_with(|c: char| c.is_ascii_digit() || c == '+') {
                    (self.0)(self.1, &key);
                }
                // A person's `name` is read as a full name, an address's `line1` as an
                // address (`{"customer": {"name": …, "address": {"line1": …}}}`).
                // A bare `value` is what the key above it names (Nextcloud's
                // `{"phone": {"value": …, "scope": …}}`).
                let under = match self.1.or(self.2) {
                    Some(parent) if hints::is_value_word(&key) => parent,
                    parent => parent
                        .and_then(|parent| hints::json_key_in(parent, &key))
                        .unwrap_or(key.as_str()),
                };
                map.next_value_seed(Leaves(&mut *self.0, Some(under), None))?;
            }
            Ok(())
        }
    }
}

/// What of a value is searched as text: all of it, or, when it is longer than
/// [`MAX_TEXT`], its first 48 KB and its last [`TEXT_TAIL`]. An identifier across the
/// cut is not found.
fn text_parts(s: &str) -> impl Iterator<Item = &str> {
    let (head, tail) = if s.len() <= MAX_TEXT {
        (s, None)
    } else {
        let mut start = s.len() - TEXT_TAIL;
        while !s.is_char_boundary(start) {
            start += 1;
        }
        (truncate(s, MAX_TEXT - TEXT_TAIL), Some(&s[start..]))
    };
    std::iter::once(head).chain(tail)
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::connectors::{Dialect, BINARY_READ};

    fn profile(name: &str, values: &[Option<&str>]) -> Vec<Finding> {
        let mut p = ColumnProfile::new(name);
        for v in values {
            p.observe(*v);
        }
        p.verdicts()
    }

    #[test]
    fn an_email_column_is_high_confidence_with_masked_examples() {
        let f = profile(
            "contact",
            &[
                Some("ola@example.no"),
                Some("kari@firma.no"),
                None,
                Some("per@x.com"),
                Some("anne@y.org"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Email);
        assert_eq!(f[0].confidence, Confidence::High);
        assert_eq!(f[0].match_ratio, 1.0);
        assert_eq!(f[0].rows_scanned, 5);
        assert_eq!(
            f[0].examples,
            ["o***@e***.no", "k***@f***.no", "p***@x***.com"]
        );
        assert_eq!(f[0].content, Content::Values);
    }

    #[test]
    fn a_short_value_with_a_label_is_read_as_text() {
        let f = profile(
            "kontaktinfo",
            &[
                Some("Mob: 91234567"),
                Some("Tlf 22334455"),
                Some("mob. 41234567"),
                Some("Ola Nordmann"),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::Phone);
        assert_eq!(f[0].content, Content::FreeText);
        // Without a word that says phone, eight digits in a short text are no phone.
        assert!(profile("ref", &[Some("Ordre 91234567"), Some("Sak 41234567")]).is_empty());
    }

    #[test]
    fn identifiers_as_json_keys_are_values_too() {
        let acl = [
            Some(r#"{"ola@example.no": {"role": "admin"}, "kari@firma.no": {"role": "viewer"}}"#),
            Some(r#"{"per@example.no": {"role": "owner"}}"#),
        ];
        let f = profile("permissions", &acl);
        assert_eq!(f[0].kind, Kind::Email, "{f:?}");
        assert_eq!(f[0].content, Content::Json);
        assert_eq!(f[0].examples, ["o***@e***.no", "p***@e***.no"]);
        let per_ip = [
            Some(r#"{"81.167.42.7": 3, "84.210.1.9": 12}"#),
            Some(r#"{"2a01:79c::1": 1}"#),
        ];
        assert_eq!(profile("rate_limits", &per_ip)[0].kind, Kind::Ip);
        // Keys that are numbers of something else, or a year, are nothing.
        let other = [Some(r#"{"40012345": {"qty": 2}, "2024": 7, "1": "a"}"#); 3];
        assert!(profile("orders", &other).is_empty());
    }

    #[test]
    fn a_mail_identifier_is_nobodys_address() {
        let ids = [
            Some("<CAKx7=q1Vb+9d2a@mail.gmail.com>"),
            Some("<388204683.188577.1710252301@smtp.example.no>"),
            Some("<a1b2c3d4e5@outlook.com>"),
        ];
        assert!(profile("message_id", &ids).is_empty());
        assert!(profile("in_reply_to", &ids).is_empty());
        // The same shape under a name that says mailbox is what the values say.
        assert_eq!(profile("reply_to", &ids)[0].kind, Kind::Email);
    }

    #[test]
    fn bare_numbers_are_phones_only_when_the_name_says_so() {
        let values = [Some("91234567"), Some("45678901"), Some("98765432")];
        assert!(profile("invoice_no", &values).is_empty());
        let f = profile("mobil", &values);
        assert_eq!(f[0].kind, Kind::Phone);
        assert!(f[0].confidence >= Confidence::Medium);
    }

    #[test]
    fn a_name_alone_makes_no_finding() {
        assert!(profile("email", &[Some("n/a"), Some("unknown"), None]).is_empty());
    }

    #[test]
    fn versions_in_a_version_column_are_not_ips() {
        assert!(profile(
            "app_version",
            &[Some("10.2.3.4"), Some("10.2.3.5"), Some("11.0.1.2")]
        )
        .is_empty());
        // A device's telemetry names its firmware and software `fw`, `sw`.
        let telemetry: Vec<String> = (0..6)
            .map(|i| format!(r#"{{"temp": 18.5, "fw": "2.1.{i}.17", "sw": "10.4.{i}.2"}}"#))
            .collect();
        let telemetry: Vec<Option<&str>> = telemetry.iter().map(|t| Some(t.as_str())).collect();
        assert!(profile("telemetry", &telemetry).is_empty());
    }

    #[test]
    fn prose_with_a_few_emails_is_free_text_not_an_email_column() {
        let f = profile(
            "body",
            &[
                Some("The customer called about the invoice and was happy."),
                Some("Please reply to ola@example.no when the parcel ships."),
                Some("No personal details in this ticket at all, thanks."),
                Some("Another ordinary message about delivery times here."),
            ],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Email);
        assert_eq!(f[0].content, Content::FreeText);
        assert_eq!(f[0].matches, 1);
        assert_eq!(f[0].match_ratio, 0.25);
        assert!(f[0].confidence < Confidence::High);
    }

    #[test]
    fn identifiers_under_their_keys_in_a_minority_of_documents_are_found() {
        // Home Assistant's state attributes: one entity in five is a router's tracker
        // with the device's address; the rest are sensors, lights and GPS trackers.
        let docs: Vec<String> = (0..30)
            .map(|i| match i % 5 {
                0 => format!(
                    r#"{{"source_type": "router", "ip": "192.168.1.{}", "mac": "AC:7B:F0:11:A5:{:02X}", "host_name": "bjørn-pc"}}"#,
                    i + 2,
                    i
                ),
                1 => r#"{"source_type": "gps", "latitude": 59.91, "longitude": 10.75, "gps_accuracy": 20}"#.into(),
                2 => r#"{"unit_of_measurement": "°C", "friendly_name": "Stue: temperatur"}"#.into(),
                _ => format!(r#"{{"brightness": {i}, "friendly_name": "Kjøkken tak 💡"}}"#),
            })
            .collect();
        let values: Vec<Option<&str>> = docs.iter().map(|d| Some(d.as_str())).collect();
        let f = profile("attributes", &values);
        let kinds: Vec<Kind> = f.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::Ip, Kind::Mac], "{f:?}");
        assert!(f
            .iter()
            .all(|f| f.match_ratio == 0.2 && f.content == Content::Json));
        // A key that names a kind but mostly holds something else says nothing.
        let docs: Vec<String> = (0..30)
            .map(|i| match i % 5 {
                0 | 1 => r#"{"mac": "MacBook Pro 14", "ip": "unknown host"}"#.into(),
                2 => format!(r#"{{"mac": "AC:7B:F0:11:A5:{i:02X}"}}"#),
                _ => r#"{"brightness": 3}"#.into(),
            })
            .collect();
        let values: Vec<Option<&str>> = docs.iter().map(|d| Some(d.as_str())).collect();
        assert!(profile("attributes", &values).is_empty());
    }

    #[test]
    fn identifiers_inside_json_documents_are_found() {
        let f = profile(
            "payload",
            &[
                Some(r#"{"user": {"email": "ola@example.no"}, "ip": "81.167.42.7"}"#),
                Some(r#"{"user": {"email": "kari@example.no"}, "ip": "10.0.0.5"}"#),
            ],
        );
        let kinds: Vec<Kind> = f.iter().map(|x| x.kind).collect();
        assert_eq!(kinds, [Kind::Email, Kind::Ip]);
        assert!(f.iter().all(|x| x.content == Content::Json));
    }

    #[test]
    fn names_and_addresses_inside_json_are_found_under_keys_that_name_them() {
        let docs: Vec<String> = (0..10)
            .map(|i| {
                format!(
                    r#"{{"kunde": {{"first_name": "Kari", "last_name": "Nordmann", "postnummer": "0{}50"}}, "name": "Produkt {i}", "tekst": "Ring på: 6. etasje"}}"#,
                    i % 9 + 1
                )
            })
            .collect();
        let values: Vec<Option<&str>> = docs.iter().map(|d| Some(d.as_str())).collect();
        let f = profile("payload", &values);
        let kinds: Vec<(Kind, Content)> = f.iter().map(|x| (x.kind, x.content)).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Name, Content::Json),
                (Kind::PostalCode, Content::Json)
            ]
        );
        assert!(f.iter().all(|x| x.confidence != Confidence::High));
        // A bare `name` names a product as often as a person; under a person's key it is
        // the person's.
        let products = profile("payload", &[Some(r#"{"name": "Kari"}"#); 4]);
        assert!(products.is_empty(), "{products:?}");
        for (column, doc) in [
            (
                "payload",
                r#"{"billing_details": {"name": "Kari Nordmann", "address": {"line1": "Storgata 12", "city": "Oslo"}}}"#,
            ),
            (
                "billing_details",
                r#"{"name": "Kari Nordmann", "address": {"line1": "Storgata 12", "city": "Oslo"}}"#,
            ),
        ] {
            let found = profile(column, &[Some(doc); 4]);
            let kinds: Vec<Kind> = found.iter().map(|x| x.kind).collect();
            assert_eq!(
                kinds,
                [Kind::Name, Kind::Address, Kind::City],
                "{column}: {doc}"
            );
        }
        let plans = profile("plan", &[Some(r#"{"name": "Kari Nordmann"}"#); 4]);
        assert!(plans.is_empty(), "{plans:?}");
        // Nextcloud's account fields: each a `value` under the key that names it (bare
        // digits are a phone only under a phone's key).
        let accounts: Vec<String> = (0..4)
            .map(|i| format!(r#"{{"phone": {{"value": "9123456{i}", "scope": "v2-local"}}, "address": {{"value": "Storgata {i}2", "scope": "v2-local"}}}}"#))
            .collect();
        let accounts: Vec<Option<&str>> = accounts.iter().map(|a| Some(a.as_str())).collect();
        let f = profile("data", &accounts);
        assert_eq!(
            kinds_of(&f),
            [(Kind::Phone, Content::Json), (Kind::Address, Content::Json)],
            "{f:#?}"
        );
        let setting = r#"{"theme": {"value": "91234560"}, "row": {"value": "Storgata 12"}}"#;
        assert!(profile("data", &[Some(setting); 4]).is_empty());
    }

    #[test]
    fn sim_cards_are_device_identifiers() {
        // An ICCID carries its Luhn digit and says what it is by itself.
        let iccids = [Some("8947080037110618526"), Some("89462023123456789014")];
        let f = profile("kort", &iccids);
        assert_eq!(kinds_of(&f), [(Kind::Sim, Content::Values)], "{f:#?}");
        assert_eq!(f[0].examples[0], "8947*************26");
        // One digit off is no ICCID (a 19-digit run is no card either: no issuer's).
        assert!(profile("kort", &[Some("8947080037110618527"); 2]).is_empty());
        // An NHS number only where the name says so; elsewhere ten digits in 3-3-4 are
        // read as they were (a North American number where they are one).
        let nhs = [
            Some("943 476 5919"),
            Some("401 023 2137"),
            Some("9434765919"),
        ];
        let f = profile("nhs_number", &nhs);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::NationalId);
        assert!(profile("ordre", &nhs)
            .iter()
            .all(|f| f.kind != Kind::NationalId));
        let cpr = [Some("0102031235"), Some("1503852345"), Some("8112289874")];
        assert_eq!(profile("cpr", &cpr)[0].kind, Kind::NationalId);
        assert!(profile("ordre", &cpr)
            .iter()
            .all(|f| f.kind != Kind::NationalId));
        let pnr = [Some("198112289874"), Some("201701022384")];
        assert_eq!(profile("personnummer", &pnr)[0].kind, Kind::NationalId);
        assert!(profile("ordre", &pnr).is_empty());
        // An IMSI only where the name says so.
        // (Neither is Luhn-valid: a 15-digit run that is reads as an IMEI anywhere.)
        let imsis = [Some("242010123456781"), Some("240081234567890")];
        let f = profile("imsi", &imsis);
        assert_eq!(kinds_of(&f), [(Kind::Sim, Content::Values)], "{f:#?}");
        let f = profile("ordre", &imsis);
        assert!(f.is_empty(), "{f:#?}");
        assert!(profile("imsi", &[Some("123456789012345"); 2]).is_empty());
    }

    #[test]
    fn an_imei_kept_as_a_number_is_one_where_the_name_says_imei() {
        // 01010750160 is a valid national id; kept as a BIGINT it loses its zero.
        assert!(detectors::is_zero_dropped_national_id("1010750160"));
        assert!(!detectors::is_zero_dropped_national_id("1010750161"));
        assert!(!detectors::is_zero_dropped_national_id("01010750160"));
        let mut p = ColumnProfile::new("fnr");
        for v in ["1010750160", "13097210181", "1010750160"] {
            p.observe(Some(v));
        }
        let f = p.verdicts();
        assert_eq!(
            kinds_of(&f),
            [(Kind::NationalId, Content::Values)],
            "{f:#?}"
        );
        assert_eq!(f[0].matches, 3);
        // 012345678901237 is Luhn-valid; kept as a BIGINT it loses its zero.
        assert!(detectors::is_zero_dropped_imei("12345678901237"));
        assert!(!detectors::is_zero_dropped_imei("12345678901238"));
        assert!(!detectors::is_zero_dropped_imei("012345678901237"));
        let values = [Some("12345678901237"), Some("356938035643809")];
        let f = profile("device_imei", &values);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].kind, f[0].match_ratio), (Kind::Imei, 1.0));
        assert!(profile("order_total", &[Some("12345678901237"); 2]).is_empty());
    }

    #[test]
    fn merged_profiles_give_the_verdict_of_one_profile() {
        let values: Vec<Option<String>> = (0..40)
            .map(|i| {
                let name = ["anna", "bjorn", "carl", "dina"][i % 4];
                if i % 5 == 0 {
                    None
                } else {
                    Some(format!("{name}{i}@example.no"))
                }
            })
            .collect();
        let mut whole = ColumnProfile::new("email");
        let mut a = ColumnProfile::new("email");
        let mut b = ColumnProfile::new("email");
        for (i, v) in values.iter().enumerate() {
            whole.observe(v.as_deref());
            if i % 2 == 0 {
                a.observe(v.as_deref())
            } else {
                b.observe(v.as_deref())
            }
        }
        a.merge(b);
        let (w, m) = (whole.verdicts(), a.verdicts());
        assert_eq!(w.len(), 1);
        assert_eq!(
            (
                w[0].score,
                w[0].match_ratio,
                w[0].matches,
                w[0].rows_scanned
            ),
            (
                m[0].score,
                m[0].match_ratio,
                m[0].matches,
                m[0].rows_scanned
            )
        );
        assert_eq!(m[0].examples.len(), 3);
    }

    fn kinds_of(f: &[Finding]) -> Vec<(Kind, Content)> {
        let mut k: Vec<(Kind, Content)> = f.iter().map(|x| (x.kind, x.content)).collect();
        k.sort_by_key(|(k, _)| *k);
        k
    }

    #[test]
    fn a_mixed_caller_column_reports_every_kind_with_a_material_share() {
        let mut values = Vec::new();
        for i in 0..40 {
            values.push(if i % 4 == 0 {
                format!("+47 9{:02} 34 567", i)
            } else {
                format!("kunde{i}@firma.no")
            });
        }
        let values: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        let f = profile("caller", &values);
        assert_eq!(
            kinds_of(&f),
            [
                (Kind::Email, Content::Values),
                (Kind::Phone, Content::Values)
            ]
        );
        let phone = f.iter().find(|x| x.kind == Kind::Phone).unwrap();
        assert_eq!(phone.match_ratio, 0.25);
        assert_eq!(phone.confidence, Confidence::High);
    }

    #[test]
    fn a_key_value_column_reports_its_identifier_kinds() {
        let mut values = Vec::new();
        for i in 0..60 {
            values.push(match i % 6 {
                0 => format!("ola{i}@example.no"),
                1 => format!("+47 4{:02} 12 345", i),
                2 => format!("81.167.{}.{}", i, i + 1),
                3 => "dark".to_owned(),
                4 => "nb-NO".to_owned(),
                _ => format!("{}", i % 2 == 0),
            });
        }
        let values: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        let f = profile("value", &values);
        assert_eq!(
            kinds_of(&f),
            [
                (Kind::Email, Content::Values),
                (Kind::Phone, Content::Values),
                (Kind::Ip, Content::Values)
            ],
            "{f:#?}"
        );
    }

    #[test]
    fn a_few_stray_values_do_not_make_a_mixed_column() {
        let mut values: Vec<String> = (0..50).map(|i| format!("Ordre {i} sendt")).collect();
        values.push("ola@example.no".into());
        let values: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        assert!(profile("status", &values).is_empty());
    }

    /// A nullable column of `data_type`, as a connector describes it.
    fn declared(name: &str, data_type: &str) -> ColumnInfo {
        ColumnInfo {
            name: name.into(),
            data_type: data_type.into(),
            nullable: true,
            skip_reason: None,
        }
    }

    #[test]
    fn a_declared_address_type_is_evidence() {
        let column = declared("last_seen_from", "inet");
        let mut p = ColumnProfile::for_column("logins", &column);
        for v in ["10.158.30.113/32", "2001:db8::1/128", "81.167.42.7/32"] {
            p.observe(Some(v));
        }
        let f = p.verdicts();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Ip);
        assert_eq!(f[0].confidence, Confidence::High);
    }

    #[test]
    fn a_pbx_call_record_counts_its_extensions_with_the_numbers() {
        // Asterisk's `dst`: the called number, an extension, or `s` where a dial plan
        // starts; a quarter of the values are numbers.
        let values = [
            "4791234567",
            "1001",
            "1002",
            "s",
            "2001",
            "4741234567",
            "s",
            "1040",
        ];
        let mut p = ColumnProfile::for_column("cdr", &declared("dst", "varchar"));
        for v in values {
            p.observe(Some(v));
        }
        let f = p.verdicts();
        assert_eq!(kinds_of(&f), [(Kind::Phone, Content::Values)], "{f:#?}");
        assert_eq!(f[0].values_scanned, 6, "`s` is no value");
        assert_eq!(f[0].matches, 6);
        // Elsewhere four digits are no phone, and `s` is a value.
        let mut other = ColumnProfile::for_column("flows", &declared("dst", "varchar"));
        for v in values {
            other.observe(Some(v));
        }
        assert!(other.verdicts().is_empty());
    }

    #[test]
    fn a_bytea_column_is_read_as_the_text_its_bytes_spell() {
        let column = declared("innlogging", "bytea");
        let hex = Dialect::Postgres.reads_hex(&column);
        let mut p = ColumnProfile::for_column("profiler", &column).with_hex_bytes(hex);
        // PostgreSQL sends the bytes' hex digits (`encode(…, 'hex')`).
        for v in [
            "åse@blåbær.no",
            "kari@example.no",
            "ola.nordmann@example.com",
        ] {
            p.observe(Some(&hex::encode(v)));
        }
        // A picture's bytes are no text: read as no value, not as noise.
        p.observe(Some("89504e470d0a1a0a0000000d49484452"));
        p.observe(None);
        let f = p.verdicts();
        assert_eq!(kinds_of(&f), [(Kind::Email, Content::Values)], "{f:#?}");
        assert_eq!(
            (f[0].rows_scanned, f[0].values_scanned, f[0].matches),
            (5, 3, 3)
        );
        assert!(f[0].examples.iter().all(|e| e.contains('*')));
        assert_eq!(p.partly_read(), 0);

        // A column of pictures only: nothing, and nothing lost by reading their start.
        let mut p = ColumnProfile::for_column("profiler", &column).with_hex_bytes(hex);
        for i in 0..10u8 {
            let mut picture = vec![0x89, b'P', b'N', b'G', i, 0xff];
            picture.resize(BINARY_READ, 0xfe);
            p.observe(Some(&hex::encode(picture)));
        }
        assert!(p.verdicts().is_empty());
        assert_eq!(p.partly_read(), 0);

        // Texts that go on past the part read: searched in it, and counted.
        let mut p = ColumnProfile::for_column("profiler", &column).with_hex_bytes(hex);
        let page = "Møtereferat: æøå; 😊 ".repeat(400);
        for i in 0..3 {
            let text = format!("Skrevet av kari{i}@example.no. {page}");
            p.observe(Some(&hex::encode(&text.as_bytes()[..BINARY_READ])));
        }
        assert_eq!(kinds_of(&p.verdicts()), [(Kind::Email, Content::FreeText)]);
        assert_eq!(p.partly_read(), 3);

        // SQLite takes any declared type and reads the values stored: a column it
        // declares `bytea` holds text as text.
        assert!(!Dialect::Sqlite.reads_hex(&column));
        let mut p = ColumnProfile::for_column("profiler", &column)
            .with_hex_bytes(Dialect::Sqlite.reads_hex(&column));
        for v in ["åse@blåbær.no", "kari@example.no"] {
            p.observe(Some(v));
        }
        assert_eq!(kinds_of(&p.verdicts()), [(Kind::Email, Content::Values)]);
    }

    #[test]
    fn a_declared_hardware_address_type_is_no_ip_address() {
        // Eight groups of two hex digits are also a valid IPv6 address.
        for data_type in ["macaddr8", "macaddr"] {
            let column = declared("enhet", data_type);
            let mut p = ColumnProfile::for_column("enheter", &column);
            for v in [
                "08:00:2b:01:02:03:04:05",
                "08:00:2b:01:02:03:04:06",
                "08:00:2b:01:02:03",
            ] {
                p.observe(Some(v));
            }
            let f = p.verdicts();
            assert_eq!(
                kinds_of(&f),
                [(Kind::Mac, Content::Values)],
                "{data_type}: {f:#?}"
            );
            assert_eq!(f[0].confidence, Confidence::High);
        }
    }

    #[test]
    fn json_keys_decide_what_bare_numbers_and_versions_are() {
        let f = profile(
            "payload",
            &[
                Some(r#"{"order_ref": 45678901, "app_version": "10.2.3.4", "mobil": "91234567"}"#),
                Some(r#"{"order_ref": 45678902, "app_version": "10.2.3.5", "mobil": "41234567"}"#),
                Some(r#"{"order_ref": 45678903, "app_version": "11.0.1.2"}"#),
            ],
        );
        assert_eq!(kinds_of(&f), [(Kind::Phone, Content::Json)], "{f:#?}");
        assert_eq!(f[0].matches, 2, "order references are not phones");
        // Keys naming the kinds declared last (a bit each beyond the sixteenth).
        let f = profile(
            "payload",
            &[Some(
                r#"{"notat": "Ring på: 6. etasje", "password": "x", "epost": "ola@example.no"}"#,
            )],
        );
        assert_eq!(kinds_of(&f), [(Kind::Email, Content::Json)], "{f:#?}");
    }

    #[test]
    fn examples_show_the_identifier_without_its_wrapping() {
        let f = profile(
            "contact",
            &[
                Some("mailto:ola@example.no?subject=Hei"),
                Some("mailto:kari@firma.no?subject=Faktura"),
            ],
        );
        assert_eq!(f[0].examples, ["o***@e***.no", "k***@f***.no"]);
    }

    #[test]
    fn emails_in_url_queries_are_found() {
        let f = profile(
            "unsubscribe_url",
            &[
                Some("https://x.no/avmeld?email=ola@example.no&t=1"),
                Some("https://x.no/avmeld?email=kari@example.no&t=2"),
            ],
        );
        assert_eq!(kinds_of(&f), [(Kind::Email, Content::FreeText)]);
    }

    #[test]
    fn lists_of_identifiers_in_one_value_are_values() {
        let f = profile(
            "emails",
            &[
                Some("{ola@firma.no,kari@gmail.com}"),
                Some("{per@x.no}"),
                Some("anne@y.org; \"Hansen, Per\" <per.hansen@firma.no>"),
            ],
        );
        assert_eq!(kinds_of(&f), [(Kind::Email, Content::Values)]);
        assert_eq!(f[0].confidence, Confidence::High);
        assert_eq!(
            f[0].examples,
            ["o***@f***.no", "p***@x***.no", "a***@y***.org"]
        );
        let f = profile(
            "contact_points",
            &[
                Some("{\"+47 912 34 567\",\"+46 70 123 45 67\"}"),
                Some("ola@firma.no, +47 22 33 44 55"),
            ],
        );
        assert_eq!(
            kinds_of(&f),
            [
                (Kind::Email, Content::Values),
                (Kind::Phone, Content::Values)
            ]
        );
        // A form's pair of numbers, mobile and work, in a column that says phone; a
        // German area code's slash joins one number.
        let f = profile(
            "telefon",
            &[Some("41234567 / 98765432"), Some("0151/12345678")],
        );
        assert_eq!(kinds_of(&f), [(Kind::Phone, Content::Values)], "{f:#?}");
        assert_eq!(f[0].matches, 2);
        assert_eq!(f[0].examples[0], "+47 4** ** *67");
        // One item that is no identifier makes the value no list of identifiers.
        assert!(profile("cc", &[Some("ola@firma.no, se vedlegg")])
            .iter()
            .all(|f| f.content == Content::FreeText));
    }

    #[test]
    fn a_key_value_column_is_read_with_its_keys() {
        // Twenty keys a user, as WordPress keeps user meta: each identifier is 5 % of
        // the values, and bare digits are a phone only under a key that says phone.
        let mut p = ColumnProfile::new("meta_value").with_key_column(Some(0));
        for i in 0..40 {
            let rows = [
                ("billing_email", format!("kunde{i}@example.no")),
                ("billing_phone", format!("9{:07}", 1_000_000 + i)),
                ("first_name", "Kari".to_owned()),
                ("order_ref", format!("4{:07}", 1_000_000 + i)),
                ("app_version", format!("10.2.{i}.4")),
            ];
            for (key, value) in rows.iter().chain(
                [("rich_editing", "true".to_owned())]
                    .iter()
                    .cycle()
                    .take(15),
            ) {
                p.observe_keyed(Some(value), Some(key));
            }
        }
        let f = p.verdicts();
        assert_eq!(
            kinds_of(&f),
            [
                (Kind::Email, Content::Values),
                (Kind::Phone, Content::Values),
                (Kind::Name, Content::Values)
            ],
            "{f:#?}"
        );
        let phone = f.iter().find(|x| x.kind == Kind::Phone).unwrap();
        assert_eq!(
            phone.matches, 40,
            "order references under their own key are no phones"
        );
        assert_eq!(phone.confidence, Confidence::High);
        let name = f.iter().find(|x| x.kind == Kind::Name).unwrap();
        assert_eq!(name.confidence, Confidence::Medium);
        // Without the keys the same values are a scatter of weak evidence.
        let mut bare = ColumnProfile::new("meta_value");
        for i in 0..40 {
            bare.observe(Some(&format!("9{:07}", 1_000_000 + i)));
            for _ in 0..19 {
                bare.observe(Some("true"));
            }
        }
        assert!(bare.verdicts().is_empty());
    }

    #[test]
    fn a_settings_table_of_server_addresses_is_no_personal_data() {
        let mut p = ColumnProfile::new("value").with_key_column(Some(0));
        for tenant in 0..30 {
            for (key, value) in [
                ("smtp_server_ip", format!("10.0.{tenant}.25")),
                ("dns_ip", "8.8.8.8".to_owned()),
                ("gateway_ip", format!("10.0.{tenant}.1")),
                ("theme", "dark".to_owned()),
            ] {
                p.observe_keyed(Some(&value), Some(key));
            }
        }
        assert!(p.verdicts().is_empty(), "{:#?}", p.verdicts());
    }

    #[test]
    fn a_long_value_is_searched_in_its_head_and_its_tail_and_counted_as_read_in_part() {
        let prose = "Kunden ringte om faktura 10023; æøå, ønsker å bytte abonnement. ";
        // A letter of 150 KB whose signature holds the sender's address, and its end
        // cut inside a letter: `ø` straddles the tail's first byte in some of them.
        let letters: Vec<String> = (0..3)
            .map(|i| {
                format!(
                    "{}{}Hilsen Kari, kari.nordmann{i}@firma.no",
                    "ø".repeat(i),
                    prose.repeat(2_400)
                )
            })
            .collect();
        let mut p = ColumnProfile::new("brev");
        for l in &letters {
            p.observe(Some(l));
        }
        p.observe(Some(prose));
        assert_eq!(p.partly_read(), 3);
        let f = p.verdicts();
        assert!(
            f.iter()
                .any(|f| f.kind == Kind::Email && f.content == Content::FreeText && f.matches == 3),
            "{f:?}"
        );
        // A JSON document past its first 10,000 values, and one with a long leaf.
        let mut p = ColumnProfile::new("payload");
        let items: Vec<String> = (0..10_001).map(|i| i.to_string()).collect();
        p.observe(Some(&format!("[{}]", items.join(","))));
        p.observe(Some(
            &serde_json::json!({ "tekst": letters[0] }).to_string(),
        ));
        p.observe(Some(r#"{"tekst": "kort"}"#));
        assert_eq!(p.partly_read(), 2);
        let mut merged = ColumnProfile::new("payload");
        merged.absorb(p.counts());
        assert_eq!(merged.partly_read(), 2);
    }

    #[test]
    fn placeholders_count_as_empty() {
        let mut values = vec![Some("81.167.42.7"), Some("10.0.0.9"), Some("81.167.2.3")];
        values.extend([Some("-"), Some("unknown"), Some("N/A"), Some("ukjent")]);
        let f = profile("last_login_from", &values);
        assert_eq!(f[0].kind, Kind::Ip);
        assert_eq!(f[0].values_scanned, 3);
        assert_eq!(f[0].match_ratio, 1.0);
        assert_eq!(f[0].confidence, Confidence::High);
    }

    #[test]
    fn mac_addresses_without_separators_count_where_the_name_says_mac() {
        let values = [
            Some("001a2b3c4d5e"),
            Some("A4C3F0851B22"),
            Some("f0d5bf01c2aa"),
        ];
        let f = profile("mac_address", &values);
        assert_eq!(kinds_of(&f), [(Kind::Mac, Content::Values)]);
        assert_eq!(f[0].examples[0], "001a******5e");
        assert!(profile("serial_number", &values).is_empty());
    }

    #[test]
    fn numbers_in_dotted_pairs_are_no_addresses_under_a_phone_name() {
        // Northwind's customers: French numbers in pairs with dots among the others.
        let mut values: Vec<String> = (0..8)
            .map(|i| format!("{}.{:02}.15.{:02}", 88 - i, 60 + i, 31 + i))
            .collect();
        values.extend((0..12).map(|i| format!("+47 22 33 {:02} {:02}", 40 + i, 11 + i)));
        values.extend((0..3).map(|i| format!("(1) 42.34.22.{:02}", 60 + i)));
        let values: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        assert_eq!(
            kinds_of(&profile("Phone", &values)),
            [(Kind::Phone, Content::Values)]
        );
        // Where the name says nothing, the same values are addresses.
        let quads: Vec<Option<&str>> = values[..8].to_vec();
        assert_eq!(kinds_of(&profile("value", &quads))[0].0, Kind::Ip);
    }

    #[test]
    fn numbers_with_typographic_spaces_and_dashes_are_read() {
        let f = profile(
            "telefon",
            &[
                Some("+47\u{a0}912\u{a0}34\u{a0}567"),
                Some("070\u{2013}123 45 67"),
            ],
        );
        assert_eq!(kinds_of(&f), [(Kind::Phone, Content::Values)]);
        assert_eq!(f[0].match_ratio, 1.0);
    }

    #[test]
    fn traps_give_no_findings() {
        let uuids = [
            Some("550e8400-e29b-41d4-a716-446655440000"),
            Some("6fa459ea-ee8a-3ca4-894e-db77e160355e"),
        ];
        assert!(profile("id", &uuids).is_empty());
        let hashes = [Some(
            "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514",
        )];
        assert!(profile("email_hash", &hashes).is_empty());
        let stamps = [Some("2024-01-15 10:30:00"), Some("2023-12-31 23:59:59")];
        assert!(profile("created_at", &stamps).is_empty());
        let skus = [Some("SKU-10234-NO"), Some("SKU-99812-SE")];
        assert!(profile("product_code", &skus).is_empty());
    }

    /// Keycloak keeps a password's PBKDF2 digest and its salt as a document in
    /// `credential.secret_data`: a credential by its parts, never shown.
    #[test]
    fn a_salted_digest_kept_as_a_document_is_a_credential() {
        let doc = |value: &str, salt: Option<&str>| match salt {
            Some(salt) => {
                format!(r#"{{"value": "{value}", "salt": "{salt}", "additionalParameters": {{}}}}"#)
            }
            None => format!(r#"{{"value": "{value}", "additionalParameters": {{}}}}"#),
        };
        let digests: Vec<String> = "ABCDEF"
            .chars()
            .map(|c| format!("{c}+zrZv/IbzjZUnhsbWlsecLbwjndTpG0ZynXOif7V+k="))
            .collect();
        let salted: Vec<String> = digests
            .iter()
            .map(|d| doc(d, Some("7BjqyNdYseulLTwQ05rcbd==")))
            .collect();
        let values: Vec<Option<&str>> = salted.iter().map(|d| Some(d.as_str())).collect();
        let f = profile("secret_data", &values);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].kind, Kind::Credential);
        assert!(f[0].examples.iter().all(|e| e == "***"), "{f:#?}");
        // Without a salt, a digest under `value` is any token; a salt beside a word is
        // a setting.
        let unsalted: Vec<String> = digests.iter().map(|d| doc(d, None)).collect();
        let values: Vec<Option<&str>> = unsalted.iter().map(|d| Some(d.as_str())).collect();
        assert!(profile("secret_data", &values).is_empty());
        let words = [Some(r#"{"value": "blå", "salt": "7BjqyNdYseulLTwQ05rcbd=="}"#); 4];
        assert!(profile("settings", &words).is_empty());
    }
}
