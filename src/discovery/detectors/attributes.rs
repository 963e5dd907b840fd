//! Value shapes of the personal data that has no checksum or format of its own: names,
//! postal addresses and codes, dates of birth, gender, nationality, password hashes and
//! free-text notes. A capitalised word or a date proves nothing alone, so these shapes
//! only back what a column's name says (see `discovery::verdict`); only password hashes
//! in a crypt format (`$2b$…`, `$argon2id$…`) speak for themselves.

use chrono::{Datelike, NaiveDate};

/// Words that join a family name (`van der Berg`, `de la Cruz`, `bin Said`): not
/// counted among a name's words.
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "af", "av",
    "bin", "al", "el", "ter", "ten", "zu", "y",
];

/// One to four words of letters (`Kari`, `Anne-Lise Ødegård`, `O'Brien`, `Jens van der
/// Berg` with its particles uncounted), capitalised or not as people type them (`ola
/// nordmann`, `KARI HANSEN`), the family name first with a comma as registers write
/// it (`Nordmann, Ola`).
pub fn is_person_name(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() || v.len() > 80 {
        return false;
    }
    // A display name's note in brackets says where the person is, not who: `Per Hansen
    // (Pexip)`, `Kari (iPhone)`.
    let v = match v.strip_suffix(')').and_then(|h| h.rsplit_once(" (")) {
        Some((name, note)) if !note.contains(['(', ')']) && note.chars().count() <= 30 => {
            name.trim_end()
        }
        _ => v,
    };
    // At most one comma, right after a word and before another.
    let (family, given) = match v.split_once(',') {
        Some((family, given)) => (family, Some(given)),
        None => (v, None),
    };
    if given.is_some_and(|g| g.contains(',') || g.trim().is_empty()) || family.trim().is_empty() {
        return false;
    }
    let mut words = 0;
    let mut last = None;
    for w in family
        .split_whitespace()
        .chain(given.unwrap_or("").split_whitespace())
    {
        last = Some((w, last.is_some()));
        let Some(first) = w.chars().next() else {
            return false;
        };
        if !first.is_alphabetic()
            || w.chars().count() > 30
            || !w
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        {
            return false;
        }
        if !NAME_PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p)) {
            words += 1;
        }
    }
    // An organisation's name ends in its legal form (see below); Odoo's `Firma AS, Kari
    // Nordmann` is Kari at her firm.
    (1..=4).contains(&words)
        && !(words == 1 && is_yes_or_no(v))
        && !last.is_some_and(|(w, after_another)| after_another && is_organisation_word(w))
}

/// The last word that makes a name an organisation's: a legal form (`Firma
/// AS`, `Volvo AB`, `Acme Ltd`, `Helse Bergen HF`) or a public body's or an
/// association's word (`Oslo kommune`; `Sameiet Storgata 7` has digits already). A sole
/// proprietorship (`ENK`) is a person's business under their name and stays a name.
fn is_organisation_word(w: &str) -> bool {
    const FORMS: &[&str] = &[
        "AS", "ASA", "SA", "AB", "ApS", "GmbH", "AG", "KG", "Ltd", "Ltd.", "Limited", "Inc",
        "Inc.", "LLC", "BV", "NV", "Oy", "Oyj", "KS", "ANS", "DA", "PLC", "plc", "Corp", "Corp.",
        "SARL", "SAS", "SpA", "HF", "IKS", "KF", "SF", "BA",
    ];
    const BODIES: &[&str] = &[
        "kommune",
        "fylkeskommune",
        "kommun",
        "sykehus",
        "helseforetak",
        "universitet",
        "borettslag",
        "sameie",
        "forening",
        "stiftelse",
        "direktorat",
        "direktoratet",
    ];
    // (Legal forms are short, public bodies' words long.)
    (w.len() <= 7 && FORMS.contains(&w))
        || (w.len() >= 6 && BODIES.iter().any(|b| w.eq_ignore_ascii_case(b)))
}

/// What a flag column says (`true`, `ja`, `N`): one word, and no one's name.
fn is_yes_or_no(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "ja", "nei", "nej", "y", "n", "j", "t", "f", "x", "on",
        "off", "sant", "usant",
    ];
    let v = v.trim();
    WORDS.iter().any(|w| v.eq_ignore_ascii_case(w))
}

/// A street's name without a house number (`Storgata`, `Thorvald Meyers gate`, `Bygdøy
/// allé`): words of letters as a name has, read only where the column's name says street
/// name.
pub fn is_street_name(v: &str) -> bool {
    is_place_name(v, 3)
}

/// Words as a name has them, with at least `letters` letters: a place's name.
fn is_place_name(v: &str, letters: usize) -> bool {
    v.trim().chars().filter(|c| c.is_alphabetic()).count() >= letters && is_person_name(v)
}

/// A city or town as an address gives it: words as a name has them (`Oslo`, `BERGEN`
/// as Posten's register writes it, `København N`, `Newcastle upon Tyne`, `St. Albans`,
/// `Mountain View, CA`), behind the postal code where the two share a column
/// (`0150 OSLO`). Read only where the column's name says city.
pub fn is_city(v: &str) -> bool {
    let v = v.trim();
    // The code is one word or two (`113 51 Stockholm`).
    let behind_code = v
        .match_indices(' ')
        .take(2)
        .any(|(i, _)| is_postal_code(&v[..i]) && is_place_name(&v[i + 1..], 2));
    behind_code || is_place_name(v, 2)
}

/// A country as an address gives it: an ISO 3166 code (`NO`, `SWE`) or its name in
/// any language and case (`Norge`, `United Kingdom`, `Côte d'Ivoire`, `NORWAY`). Read
/// only where the column's name says country.
pub fn is_country(v: &str) -> bool {
    let v = v.trim();
    let n = v.chars().count();
    ((2..=3).contains(&n) && v.bytes().all(|b| b.is_ascii_uppercase()))
        || ((4..=56).contains(&n) && is_place_name(v, 4))
}

/// A street address: a street name (a word of three letters or more) and a house
/// number (`Storgata 12B`, `Karl Johans gate 5, 0154 Oslo`, `10 Downing Street`).
pub fn is_street_address(v: &str) -> bool {
    let v = v.trim();
    if v.len() < 5 || v.len() > 160 {
        return false;
    }
    let long_word = v
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3);
    let house_number = v.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let digits = w.chars().take_while(char::is_ascii_digit).count();
        (1..=4).contains(&digits)
            && w.chars().skip(digits).all(char::is_alphabetic)
            && w.chars().count() <= digits + 1
    });
    let digits = v.chars().filter(char::is_ascii_digit).count();
    // Versions, amounts and times (`10.2.3`, `12:30`) are no house numbers.
    let dotted = v
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'.' | b':') && w[2].is_ascii_digit());
    long_word && house_number && digits <= 10 && !dotted && !v.contains('@')
}

/// A postal code as the countries Steward's users meet write it: four digits (Norway,
/// Denmark), five (Sweden `123 45`, Germany, Finland, US ZIP and ZIP+4), UK postcodes,
/// optionally behind a country prefix (`NO-0150`, `SE-123 45`), and the forms of
/// customers further away: six digits (India), Canada's `H2G 1A7`, the Netherlands'
/// `1016 AB`, Poland's `00-358`, Portugal's `1000-123`, Brazil's `01310-200`. Three
/// digits not led by a zero are a code kept as an integer, which lost its leading zero
/// (Oslo's `0150` as `150`, Helsinki's `00100` as `100`). Read only where the column's
/// name says postal code.
pub fn is_postal_code(v: &str) -> bool {
    let v = v.trim();
    let v = match v.split_once('-') {
        Some((cc, rest))
            if (1..=2).contains(&cc.len()) && cc.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => v,
    };
    let b = v.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    // Digits, then a separator and more digits at `at`.
    let split = |at: usize, sep: u8| b[at] == sep && digits(&b[..at]) && digits(&b[at + 1..]);
    match b.len() {
        3 => digits(b) && b[0] != b'0',
        4 | 5 => digits(b),
        6 => digits(b) || split(3, b' ') || split(2, b'-') || uk_postcode(v),
        7 => dutch_postcode(b) || canadian_postcode(b) || uk_postcode(v),
        8 => split(4, b'-') || uk_postcode(v),
        9 => split(5, b'-'),
        10 => split(5, b'-'),
        _ => uk_postcode(v),
    }
}

/// `1016 AB`: four digits not led by a zero, a space, two capitals.
fn dutch_postcode(b: &[u8]) -> bool {
    b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b' '
        && b[5..].iter().all(u8::is_ascii_uppercase)
}

/// `H2G 1A7`: letter, digit, letter, a space, digit, letter, digit.
fn canadian_postcode(b: &[u8]) -> bool {
    let letter = |i: usize| b[i].is_ascii_uppercase();
    let digit = |i: usize| b[i].is_ascii_digit();
    letter(0) && digit(1) && letter(2) && b[3] == b' ' && digit(4) && letter(5) && digit(6)
}

fn uk_postcode(v: &str) -> bool {
    let Some((outward, inward)) = v.split_once(' ') else {
        return false;
    };
    let o = outward.as_bytes();
    let i = inward.as_bytes();
    (2..=4).contains(&o.len())
        && o[0].is_ascii_uppercase()
        && o.iter().any(u8::is_ascii_digit)
        && o.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && i.len() == 3
        && i[0].is_ascii_digit()
        && i[1].is_ascii_uppercase()
        && i[2].is_ascii_uppercase()
}

/// A date a living person can have been born on, written `2001-04-17` (with or without
/// a time of day), `17.04.2001`, `17/04/2001`, `04/17/2001`, `17-04-2001`,
/// `2001/04/17` or `20010417`.
pub fn is_birth_date(v: &str) -> bool {
    let v = v.trim();
    let day = v.split([' ', 'T']).next().unwrap_or(v);
    // A birth year alone (`1985`), as forms that ask only for the year keep it.
    if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = v.parse().unwrap_or(0);
        return (1900..=chrono::Utc::now().year()).contains(&year);
    }
    // Day first where it can be (`04/05/1985` is 4 May), month first where it must be
    // (`04/17/1985`, as US systems write it).
    let parsed = [
        "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y%m%d",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(day, f).ok());
    let this_year = chrono::Utc::now().year();
    parsed.is_some_and(|d| (1900..=this_year).contains(&d.year()))
}

/// A gender as forms record it, in English or Norwegian.
pub fn is_gender(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "m",
        "f",
        "k",
        "x",
        "male",
        "female",
        "man",
        "woman",
        "mann",
        "kvinne",
        "gutt",
        "jente",
        "other",
        "annet",
        "unknown",
        "ukjent",
        // HL7's and many forms' `U`: not stated.
        "u",
        "unspecified",
        "nonbinary",
        "non-binary",
        "ikke-binær",
        "ikkebinær",
        "diverse",
        "divers",
        // Not stated, as HR systems' enums say it.
        "undisclosed",
        "not stated",
        "ikke oppgitt",
        "prefer not to say",
        "vil ikke oppgi",
        "ønsker ikke å oppgi",
        // Swedish, Danish, Finnish.
        "vill inte uppge",
        "ønsker ikke at oplyse",
        "kvinna",
        "kvinde",
        "weiblich",
        "männlich",
        "maennlich",
        "mand",
        "okänd",
        "nainen",
        "mies",
        // ISO/IEC 5218's codes (not known, male, female, not applicable), as shops and
        // registers keep them in an integer column named for gender (Magento's).
        "0",
        "1",
        "2",
        "9",
    ];
    let v = v.trim();
    // The words are in lower case: one lower-cased copy of the value is compared with
    // them all (an ASCII-only comparison would miss `IKKE-BINÆR`).
    v.len() <= 24 && WORDS.contains(&v.to_lowercase().as_str())
}

/// A nationality: an ISO 3166 country code (`NO`, `SWE`) or one word naming it
/// (`Norsk`, `Norwegian`, `Sverige`).
pub fn is_nationality(v: &str) -> bool {
    let v = v.trim();
    let n = v.chars().count();
    // Nordic and German nationality words are written in lower case (`norsk`, `svensk`,
    // `suomalainen`, `deutsch`); `ja`/`true` are not among them.
    let lower_case_nationality = || {
        [
            "sk",
            "isch",
            "deutsch",
            "lainen",
            "läinen",
            "statsløs",
            "statslös",
        ]
        .iter()
        .any(|end| v.ends_with(end))
    };
    ((2..=3).contains(&n) && v.bytes().all(|b| b.is_ascii_uppercase()))
        || ((4..=30).contains(&n)
            && v.chars().all(|c| c.is_alphabetic() || c == '-')
            && (v.chars().next().is_some_and(char::is_uppercase) || lower_case_nationality()))
}

/// A password hash in one of the crypt formats (bcrypt, argon2, scrypt, SHA-crypt) or
/// Django's `pbkdf2_sha256$…`: unmistakable by its prefix.
pub fn is_credential_hash(v: &str) -> bool {
    let v = v.trim();
    if v.len() > 512 || v.contains(char::is_whitespace) {
        return false;
    }
    // Dovecot's and LDAP's `{SCHEME}` before the hash (`{SHA512-CRYPT}$6$…`,
    // `{SSHA}…`), or before the password itself (`{PLAIN}…`).
    if let Some((scheme, rest)) = v.strip_prefix('{').and_then(|r| r.split_once('}')) {
        return rest.len() >= 4
            && PASSWORD_SCHEMES
                .iter()
                .any(|p| p.eq_ignore_ascii_case(scheme));
    }
    if v.len() < 20 {
        return false;
    }
    // Nextcloud writes its hasher's version and a bar before the hash (`3|$argon2id$…`,
    // `1|$2y$10$…`).
    let v = match v.as_bytes() {
        [d, b'|', b'$', ..] if d.is_ascii_digit() => &v[2..],
        _ => v,
    };
    // WordPress 6.8 and later keep bcrypt behind its own `$wp` (`$wp$2y$10$…`).
    let v = v
        .strip_prefix("$wp")
        .filter(|b| b.starts_with("$2y$"))
        .unwrap_or(v);
    let bcrypt = v.len() == 60
        && ["$2a$", "$2b$", "$2y$"].iter().any(|p| v.starts_with(p))
        && v.as_bytes()[4..6].iter().all(u8::is_ascii_digit)
        && v.as_bytes()[6] == b'$';
    bcrypt
        || [
            "$argon2id$",
            "$argon2i$",
            "$argon2d$",
            "$scrypt$",
            "$7$",
            "$6$",
            "$5$",
            "pbkdf2_sha256$",
            "pbkdf2_sha1$",
            // Django's other hashers (`argon2$argon2id$…`, `bcrypt_sha256$$2b$…`).
            "argon2$argon2",
            "bcrypt_sha256$",
            "bcrypt$$2",
            "scrypt$",
            // MD5-crypt (a PBX's or a router's users), Apache's, yescrypt (Debian's
            // shadow file since 11).
            "$1$",
            "$apr1$",
            "$y$",
            "$gy$",
            // The PHC strings of passlib and of Rust's and Go's password crates
            // (ChirpStack: `$pbkdf2-sha512$i=1,l=64$…`).
            "$pbkdf2$",
            "$pbkdf2-sha1$",
            "$pbkdf2-sha256$",
            "$pbkdf2-sha512$",
            "$bcrypt-sha256$",
            // Werkzeug's (Flask's): `pbkdf2:sha256:600000$salt$hex`, `scrypt:32768:8:1$…`.
            "pbkdf2:sha",
            "scrypt:",
            // mosquitto-go-auth's and EMQX's MQTT users: `PBKDF2$sha512$100000$salt$key`.
            "PBKDF2$sha",
        ]
        .iter()
        .any(|p| v.starts_with(p) && v.len() > p.len() + 16 && v[p.len()..].contains('$'))
        || phpass(v)
        || drupal7(v)
        || aspnet_identity(v)
}

/// Whether a value begins as one of [`is_credential_hash`]'s formats may: the cheap
/// test a value's classification makes first (most values start with none of these).
/// Kept beside the formats' prefixes, which it must cover.
#[inline]
pub fn starts_like_credential_hash(v: &str) -> bool {
    match v.as_bytes().first() {
        Some(b'$' | b'{') => true,
        // Nextcloud's `3|$…`.
        Some(b'0'..=b'9') => v.as_bytes().get(1) == Some(&b'|'),
        Some(b'p' | b'P' | b'a' | b'b' | b's' | b'A') => {
            ["pbkdf2", "PBKDF2$", "argon2$", "bcrypt", "scrypt", "AQAAAA"]
                .iter()
                .any(|p| v.starts_with(p))
        }
        _ => false,
    }
}

/// Password schemes Dovecot and LDAP write in braces before a stored password.
const PASSWORD_SCHEMES: &[&str] = &[
    "SSHA",
    "SHA",
    "SHA1",
    "SSHA256",
    "SSHA512",
    "SHA256",
    "SHA512",
    "MD5",
    "SMD5",
    "PLAIN",
    "CLEARTEXT",
    "CLEAR",
    "CRYPT",
    "MD5-CRYPT",
    "SHA256-CRYPT",
    "SHA512-CRYPT",
    "BLF-CRYPT",
    "ARGON2I",
    "ARGON2ID",
    "PBKDF2",
    "PBKDF2-SHA256",
    "PBKDF2-SHA512",
    "PLAIN-MD5",
    "LDAP-MD5",
    "CRAM-MD5",
    "DIGEST-MD5",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "NTLM",
    "BCRYPT",
    "ARGON2",
    "SSHA384",
    "SHA384",
    // Atlassian's (Jira's, Confluence's, Crowd's `cwd_user.credential`): PBKDF2-SHA1.
    "PKCS5S2",
];

/// Drupal 7's salted SHA-512 (`$S$` and 52 characters of phpass's alphabet).
fn drupal7(v: &str) -> bool {
    v.len() == 55
        && v.starts_with("$S$")
        && v.bytes()
            .skip(3)
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/'))
}

/// ASP.NET Core Identity's version 3 hash: base64 of a version byte (1), the PRF,
/// the iteration count, the salt and the subkey, 84 characters that begin `AQAAAA`.
fn aspnet_identity(v: &str) -> bool {
    v.len() == 84
        && v.starts_with("AQAAAA")
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// A phpass portable hash (WordPress `$P$`, phpBB `$H$`): the prefix, a cost letter and
/// 30 characters of its alphabet.
fn phpass(v: &str) -> bool {
    (v.starts_with("$P$") || v.starts_with("$H$"))
        && v.len() == 34
        && v.bytes()
            .skip(3)
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/'))
}

/// A bare digest (MD5, SHA-1, SHA-2, PBKDF2: 16 to 128 bytes) in hex or in base64
/// ([`is_base64_digest`]: ASP.NET Membership's `Password` beside its `PasswordSalt`):
/// what an old system keeps for a password, and what a column of hashed emails holds
/// too, so it counts only in a column whose name says password. Also a hex one with its
/// salt after a colon and the scheme's version after another, as shops keep them:
/// Magento 2's `<sha256>:<salt>:1` (or `:3_32_2_67108864` for Argon2), Magento 1's and
/// osCommerce's `<md5>:<salt>`.
pub fn is_digest(v: &str) -> bool {
    let v = v.trim();
    // The shortest, 16 bytes in base64.
    if v.len() < 24 {
        return false;
    }
    if is_base64_digest(v) {
        return true;
    }
    // Also a derived key's other lengths: Grafana keeps 50 bytes of PBKDF2 (100 hex
    // digits) beside its salt.
    let digest = |d: &str| {
        (32..=256).contains(&d.len())
            && d.len() % 2 == 0
            && d.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let mut parts = v.splitn(3, ':');
    let hash = parts.next().unwrap_or_default();
    let salt = parts.next();
    let version = parts.next();
    digest(hash)
        && salt.is_none_or(|s| {
            (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic() && b != b':')
        })
        && version.is_none_or(|n| {
            (1..=24).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        })
}

/// 16 to 128 bytes in standard base64, padded: a digest or a salt as .NET and Java keep
/// them (Keycloak's `{"value": …, "salt": …}`). Counts only where a name or a key says
/// password or salt: many tokens look the same.
pub fn is_base64_digest(v: &str) -> bool {
    if !(24..=172).contains(&v.len()) || v.len() % 4 != 0 {
        return false;
    }
    let body = v.trim_end_matches('=');
    let padding = v.len() - body.len();
    let bytes = v.len() / 4 * 3 - padding;
    padding <= 2
        && (16..=128).contains(&bytes)
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Prose: twenty characters or more in three words or more; not a user agent
/// (`Mozilla/5.0 (Windows NT 10.0; …)`, `okhttp/4.9.3`), which a column named for a
/// comment's agent holds.
pub fn is_note(v: &str) -> bool {
    // A document is a note when some text in it is prose (a rich-text editor's
    // `{"type": "doc", "content": […]}`), not when it lists what changed (Django's
    // admin log: `[{"changed": {"fields": ["Email", "Phone number"]}}]`).
    let t = v.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        if let Ok(doc) = serde_json::from_str::<serde_json::Value>(t) {
            return holds_prose(&doc);
        }
    }
    v.len() >= 20 && v.split_whitespace().nth(2).is_some() && !is_user_agent(v)
}

/// Whether a string anywhere in `doc` is prose.
fn holds_prose(doc: &serde_json::Value) -> bool {
    match doc {
        serde_json::Value::String(s) => is_note(s),
        serde_json::Value::Array(items) => items.iter().any(holds_prose),
        serde_json::Value::Object(map) => map.values().any(holds_prose),
        _ => false,
    }
}

/// A user agent: a product token and its version first (`Mozilla/5.0 …`,
/// `Dalvik/2.1.0 (Linux; …)`, `curl/8.4.0`).
fn is_user_agent(v: &str) -> bool {
    let first = v.split_whitespace().next().unwrap_or_default();
    first.split_once('/').is_some_and(|(product, version)| {
        !product.is_empty()
            && product
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && version.starts_with(|c: char| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "Kari",
            "Ola Nordmann",
            "Anne-Lise Ødegård",
            "O'Brien",
            "Jens van der Berg",
            "Åse",
            "ola nordmann",
            "KARI HANSEN",
            "Nordmann, Ola",
            "de la Cruz",
            "Anne Marie van den Berg-Lund",
            "Per Hansen (Pexip)",
            "Kari (iPhone)",
            // A sole proprietorship is its owner's name.
            "Ola Nordmann ENK",
            "Anne As",
            // Odoo's contact at a firm: the person.
            "Firma AS, Kari Nordmann",
        ] {
            assert!(is_person_name(ok), "{ok}");
        }
        for bad in [
            "kari@example.no",
            "SKU-10234",
            "Order 12",
            "",
            "the quick brown fox jumps over",
            "Nordmann, Ola, Kari",
            "Nordmann,",
            ", Ola",
            "ola123",
            "Hansen & Sønn",
            "Møterom 4 (Oslo)",
            "(iPhone)",
            "Guest 12",
            // Organisations by their legal form or their kind.
            "Firma AS",
            "Volvo Personvagnar AB",
            "Acme Ltd",
            "Helse Bergen HF",
            "Oslo kommune",
            // A flag column's words.
            "true",
            "Ja",
            "N",
            "nei",
        ] {
            assert!(!is_person_name(bad), "{bad}");
        }
    }

    #[test]
    fn cities() {
        for ok in [
            "Oslo",
            "BERGEN",
            "Ås",
            "København N",
            "Newcastle upon Tyne",
            "St. Albans",
            "Mountain View, CA",
            "Stratford-upon-Avon",
            "0150 OSLO",
            "SE-113 51 Stockholm",
            "113 51 Stockholm",
            "Frankfurt am Main",
        ] {
            assert!(is_city(ok), "{ok}");
        }
        for bad in [
            "",
            "0150",
            "ja",
            "N/A",
            "Storgata 12",
            "Oslo 2",
            "x",
            "ola@oslo.no",
        ] {
            assert!(!is_city(bad), "{bad}");
        }
    }

    #[test]
    fn addresses_and_postal_codes() {
        for ok in [
            "Storgata 12B",
            "Karl Johans gate 5, 0154 Oslo",
            "10 Downing Street",
            "Åsveien 3",
        ] {
            assert!(is_street_address(ok), "{ok}");
        }
        for bad in [
            "Oslo",
            "12345",
            "ola@storgata12.no",
            "Version 10.2.3.4 of 2024",
        ] {
            assert!(!is_street_address(bad), "{bad}");
        }
        for ok in [
            "Storgata",
            "Thorvald Meyers gate",
            "Bygdøy allé",
            "Sankt Olavs gate",
        ] {
            assert!(is_street_name(ok), "{ok}");
        }
        for bad in ["Storgata 12", "H0301", "ja", "c/o Hansen", ""] {
            assert!(!is_street_name(bad), "{bad}");
        }
        for ok in [
            "0150",
            "NO-0150",
            "123 45",
            "SE-123 45",
            "10115",
            "94103-1234",
            "SW1A 1AA",
            "EC1A 1BB",
            "N1 5LH",
            // An integer column's `0150`.
            "150",
            "110017",
            "H2G 1A7",
            "1016 AB",
            "00-358",
            "1000-123",
            "01310-200",
            "HU-1073",
        ] {
            assert!(is_postal_code(ok), "{ok}");
        }
        for bad in [
            "015",
            "0150 Oslo",
            "1-2345",
            "ABCDE",
            "SW1A1AA1",
            "0150 AB",
            "H2G1A7",
            "1234567",
            "123-45",
            "12345-67",
        ] {
            assert!(!is_postal_code(bad), "{bad}");
        }
    }

    #[test]
    fn dates_of_birth_gender_nationality() {
        for ok in [
            "1985-04-17",
            "17.04.1985",
            "17/04/1985",
            "19850417",
            "1985-04-17 00:00:00",
            "04/17/1985",
            "17-04-1985",
            "1985/04/17",
            "1985",
        ] {
            assert!(is_birth_date(ok), "{ok}");
        }
        for bad in [
            "1850-01-01",
            "2999-01-01",
            "31.02.1985",
            "Ola",
            "1850",
            "2999",
            "985",
        ] {
            assert!(!is_birth_date(bad), "{bad}");
        }
        for ok in [
            "K",
            "mann",
            "Kvinne",
            "female",
            "ikke-binær",
            "U",
            "undisclosed",
            "Ikke oppgitt",
            "kvinna",
            "Vil ikke oppgi",
            "prefer not to say",
            "Ønsker ikke å oppgi",
            "weiblich",
            "Männlich",
            "1",
            "2",
            " 9",
        ] {
            assert!(is_gender(ok), "{ok}");
        }
        assert!(!is_gender("Oslo"));
        // Only ISO/IEC 5218's codes.
        assert!(!is_gender("4"));
        assert!(!is_gender("12"));
        for ok in [
            "NO",
            "SWE",
            "Norsk",
            "Norwegian",
            "norsk",
            "svensk",
            "suomalainen",
            "deutsch",
            "statsløs",
        ] {
            assert!(is_nationality(ok), "{ok}");
        }
        for not in ["12", "ja", "true", "false", "ukjent", "oslo", "n/a"] {
            assert!(!is_nationality(not), "{not}");
        }
    }

    #[test]
    fn countries() {
        for ok in [
            "NO",
            "SWE",
            "Norge",
            "NORWAY",
            "United Kingdom",
            "Côte d'Ivoire",
            "Bosnia and Herzegovina",
        ] {
            assert!(is_country(ok), "{ok}");
        }
        for not in ["no", "Nei", "true", "N", "47", "+47", "NO-0150", "1234", ""] {
            assert!(!is_country(not), "{not}");
        }
    }

    #[test]
    fn password_hashes_and_notes() {
        assert!(is_credential_hash(
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
        ));
        assert!(is_credential_hash(
            "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
        ));
        assert!(is_credential_hash(
            "pbkdf2_sha256$600000$abcdefgh$0123456789abcdef0123"
        ));
        assert!(!is_credential_hash(
            "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"
        ));
        assert!(!is_credential_hash("$2b$12$short"));
        // Other crypt formats, PHC strings, Django's and Werkzeug's hashers.
        for hash in [
            "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",
            "$apr1$saltsalt$Y5EG0f2XjVr4Tq4Xb8kY2.",
            "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
            "$pbkdf2-sha512$i=1,l=64$OmwxZ3JrTDlaSmlkT1dmbA$Ohx7MYbmgE9g9ucZaj8Zu4D1T",
            "$pbkdf2-sha256$29000$N2bMmZOyNmaMMSbk/N.ZEw$rD9qD1/RVk3/tPqbZiDHg5Ed7gPY",
            "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHQ$Rk5bV0e1bjR0dHZq",
            "bcrypt_sha256$$2b$12$LZSJchsWG/DrBy1erNs4eeYo6tZNlLFQmONdxN9HPesa1EyXVcTXK",
            "pbkdf2:sha256:600000$sWh0tBGjMq2vbzlp$2f6b0a9e8c7d6e5f4a3b2c1d0e9f8a7b",
            "scrypt:32768:8:1$k9YfEJ0zU1xJpGqN$0a4e3c7f0d5c6b9e1f2a8d7c3b6e5f4a9d8c",
            "PBKDF2$sha512$100000$Hk2NQv3h3Yk0Yq7L$xQ0Xx1bYp0cG7nq1qV4t0m6VQm1kLZk6Jg==",
            // Nextcloud's, behind its hasher's version.
            "3|$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHRzYWx0$RdescudvJCsgt3ub+b+dWRWJT",
            "1|$2y$10$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            "{PKCS5S2}nHyr4bWrbJ5r7aYQkZ/Tl2Xq9lUjEfzWfW1lAmYdIFhL7tD8n0vx3mwG0mV8bQhT",
        ] {
            assert!(is_credential_hash(hash), "{hash}");
            assert!(starts_like_credential_hash(hash), "{hash}");
        }
        for not in [
            "$1$",
            "$1$ pris 100 kr",
            "$y$short",
            "scrypt:32768:8:1",
            "pbkdf2:sha256 is what we use",
            "3|$ kr 100 per måned; 🙂 ok",
            "3|A$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ",
            "12|$2y$10$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        ] {
            assert!(!is_credential_hash(not), "{not}");
        }
        assert!(is_credential_hash("$P$BZlPX7NIx8MYpXokBW2AGsN7i.aUOt0"));
        assert!(is_credential_hash(
            "$wp$2y$10$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
        ));
        assert!(!is_credential_hash(
            "$wp$2y$10$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMU"
        ));
        assert!(!is_credential_hash("$P$ short"));
        // Drupal 7, Dovecot's and LDAP's schemes, ASP.NET Core Identity.
        assert!(is_credential_hash(
            "$S$E6Qm9yXqQ3Zc1f0r7yT2uV8wX4bA5cD6eF7gH8iJ9kL0mN1oP2qR"
        ));
        assert!(!is_credential_hash("$S$E6Qm9yXqQ3Zc1f0r7yT2uV8w"));
        for scheme in [
            "{SHA512-CRYPT}$6$rounds=5000$abcdefgh$0123456789abcdefABCDEF",
            "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            "{plain}hemmelig",
        ] {
            assert!(is_credential_hash(scheme), "{scheme}");
        }
        for not in [
            "{NAME}x",
            "{SSHA}",
            "{SSHA}ab",
            "{æøå}hemmelig123",
            "{",
            "}{",
        ] {
            assert!(!is_credential_hash(not), "{not}");
        }
        assert!(is_credential_hash(
            "AQAAAAIAAYagAAAAEKc6Yb9v0H8m2Zq5nTq1WmYyRz3Xh0uQ8W9bT6r2sN4vD1eF7gH8iJ9kL0mN1oP2qR=="
        ));
        assert!(is_digest("5f4dcc3b5aa765d61d8327deb882cf99"));
        assert!(is_digest(
            "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"
        ));
        assert!(!is_digest("5f4dcc3b5aa765d61d8327deb882cf9"));
        // Grafana's PBKDF2: 50 bytes.
        assert!(is_digest(&"a1".repeat(50)));
        assert!(!is_digest(&"a1".repeat(129)));
        assert!(!is_digest("hunter2"));
        // In base64: ASP.NET Membership's SHA-1, a PBKDF2 key of 32 bytes.
        assert!(is_digest("hVOTkY4gXfLz5jz4Z4VzX0bxM5s="));
        assert!(is_digest("X+zrZv/IbzjZUnhsbWlsecLbwjndTpG0ZynXOif7V+k="));
        assert!(!is_digest("Hemmelig123!"));
        assert!(!is_digest("Passord1"));
        assert!(!is_digest("hVOTkY4gXfLz5jz4Z4VzX0bxM5s"));
        // A shop's: the digest, its salt and the scheme's version.
        let sha = "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514";
        for salted in [
            format!("{sha}:QWx0a2FsbHN0ZXJzYWx0MTIzNDU2Nzg5:1"),
            format!("{sha}:Xy7kP2mQ9vR4tW8zA1bC3dE5fG6hJ0nL:3_32_2_67108864"),
            "5f4dcc3b5aa765d61d8327deb882cf99:Ab".to_owned(),
        ] {
            assert!(is_digest(&salted), "{salted}");
        }
        for not in [
            format!("{sha}:"),
            format!("{sha}:salt with spaces"),
            format!("{sha}:salt:v1"),
            "5f4dcc3b:Ab:1".to_owned(),
            "10:30:45".to_owned(),
        ] {
            assert!(!is_digest(&not), "{not}");
        }
        assert!(is_note("Ring på: 6. etasje, kl. 17:00 😀"));
        assert!(is_note(
            r#"{"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Kunden ringte; vil bytte abonnement 📞"}]}]}"#
        ));
        assert!(!is_note(
            r#"[{"changed": {"fields": ["Email", "Phone number", "Date of birth"]}}]"#
        ));
        // Not a document after all: read as text.
        assert!(is_note("[Viktig] Kunden vil ha faktura på e-post"));
        assert!(!is_note("Oslo sentrum"));
        for agent in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/118.0.0.0",
            "Dalvik/2.1.0 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007)",
            "okhttp/4.9.3 via proxy gateway",
        ] {
            assert!(!is_note(agent), "{agent}");
        }
        assert!(is_note("Kunden sa 24/7 support var viktig for dem."));
    }
}
