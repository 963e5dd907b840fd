//! Column names as hints. A name raises or lowers confidence; it never makes a finding
//! on its own.

use super::detectors::Kind;

/// What a column's name says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameHint {
    /// Kinds the name suggests.
    pub kinds: Vec<Kind>,
    /// The name says "not personal data" (version, hash, sku, …).
    pub negative: bool,
}

const POSITIVE: &[(Kind, &[&str])] = &[
    (
        Kind::Email,
        &[
            "email",
            "e_mail",
            "epost",
            "e_post",
            "mail",
            "mailto",
            "emailaddress",
        ],
    ),
    (
        Kind::Phone,
        &[
            "phone",
            "tlf",
            "telefon",
            "telephone",
            "mobil",
            "mobile",
            "msisdn",
            "tel",
            "cell",
            "mob",
            "mobilnummer",
            "phonenumber",
        ],
    ),
    (
        Kind::Ip,
        &[
            "ip",
            "ipaddr",
            "ipaddress",
            "ipv4",
            "ipv6",
            "remote_addr",
            "client_ip",
            "remoteaddr",
        ],
    ),
    (
        Kind::Card,
        &[
            "card",
            "pan",
            "cc",
            "creditcard",
            "kort",
            "kortnummer",
            "cardnumber",
        ],
    ),
    (Kind::Iban, &["iban"]),
    (
        Kind::NationalId,
        &[
            "fnr",
            "fodselsnummer",
            "fødselsnummer",
            "personnummer",
            "ssn",
            "nin",
            "dnr",
            "dnummer",
            "national_id",
            "nationalid",
            "pnr",
        ],
    ),
    (
        Kind::OrgNumber,
        &[
            "orgnr",
            "org_nr",
            "orgno",
            "org_number",
            "organisasjonsnummer",
            "orgnummer",
        ],
    ),
    (
        Kind::BankAccount,
        &[
            "kontonummer",
            "kontonr",
            "konto",
            "account_number",
            "accountnumber",
            "bank_account",
            "bankaccount",
            "account",
        ],
    ),
    (Kind::Imei, &["imei"]),
    (
        Kind::Mac,
        &["mac", "macaddr", "mac_address", "macaddress", "hwaddr"],
    ),
];

const NEGATIVE: &[&str] = &[
    "version", "versjon", "build", "release", "firmware", "sku", "hash", "hashed", "checksum",
    "digest", "sha", "sha1", "sha256", "md5", "uuid", "guid",
];

/// Splits `customerEmail`, `customer_email`, `Customer-Email` into lower-case words.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

pub fn for_column(name: &str) -> NameHint {
    let words = words(name);
    let joined = words.join("_");
    let compact = words.concat();
    let says = |hint: &str| {
        words.iter().any(|w| w == hint)
            || joined == hint
            || compact == hint
            || (hint.len() >= 5
                && (compact.contains(hint) || words.iter().any(|w| w.starts_with(hint))))
    };
    NameHint {
        kinds: POSITIVE
            .iter()
            .filter(|(_, hints)| hints.iter().any(|h| says(h)))
            .map(|(k, _)| *k)
            .collect(),
        negative: NEGATIVE.iter().any(|h| {
            words
                .iter()
                .any(|w| w == h || (h.len() >= 5 && w.starts_with(h)))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_suggest_kinds() {
        assert_eq!(for_column("customer_email").kinds, [Kind::Email]);
        assert_eq!(for_column("kunde_epost").kinds, [Kind::Email]);
        assert_eq!(for_column("contactEmailAddress").kinds, [Kind::Email]);
        assert_eq!(for_column("tlf").kinds, [Kind::Phone]);
        assert_eq!(for_column("mobilnummer").kinds, [Kind::Phone]);
        assert_eq!(for_column("msisdn").kinds, [Kind::Phone]);
        assert_eq!(for_column("client_ip").kinds, [Kind::Ip]);
        assert_eq!(for_column("fnr").kinds, [Kind::NationalId]);
        assert_eq!(for_column("personnummer").kinds, [Kind::NationalId]);
        assert_eq!(for_column("IBAN").kinds, [Kind::Iban]);
    }

    #[test]
    fn names_that_suggest_nothing_or_the_opposite() {
        assert!(for_column("description").kinds.is_empty());
        assert!(
            for_column("shipping").kinds.is_empty(),
            "ship contains 'ip' but is not a word 'ip'"
        );
        assert!(for_column("zip").kinds.is_empty());
        assert!(for_column("app_version").negative);
        assert!(for_column("email_sha256").negative);
        assert!(for_column("build_id").negative);
        assert!(!for_column("customer_email").negative);
    }
}
