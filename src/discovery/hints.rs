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
    /// The name says a mail's or a calendar event's own identifier (`message_id`,
    /// `in_reply_to`, `ical_uid`): shaped like an address (`<CA+x=1@mail.gmail.com>`,
    /// `7kukuqrfedlm2f9t0i7ri7dkd8@google.com`), nobody's mailbox. Also `negative`.
    pub mail_id: bool,
    /// The name says a street's name alone (`gatenavn`, `street_name`, `strasse`), its
    /// house number kept in a column of its own: a street name is its address part.
    pub street_name: bool,
    /// The column is a party of a call or a message (`src`, `dst`, `number` in a call
    /// log), where a PBX's extensions (`1001`) are lines of its own.
    pub call_party: bool,
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
            // Call and message records: the parties' numbers.
            "caller",
            "callee",
            "calling_number",
            "called_number",
            "calling_party",
            "called_party",
            "a_number",
            "b_number",
            "anumber",
            "bnumber",
            "from_number",
            "to_number",
            // RADIUS accounting's `Calling-Station-Id`: a mobile subscriber's MSISDN
            // (a Wi-Fi client's MAC address, which is read as a MAC by its value).
            "callingstationid",
            "calling_station_id",
            // A fax number is a phone number.
            "fax",
            "faks",
            "telefaks",
            "telefax",
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
            "ip4",
            "ip6",
            "remote_addr",
            "client_ip",
            "remoteaddr",
            "ipadresse",
            "ip_adresse",
            "forwarded_for",
            "x_forwarded_for",
            "xff",
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
            "foedselsnummer",
            "fodselsnr",
            "fødselsnr",
            "foedselsnr",
            "personnummer",
            "ssn",
            "nin",
            "dnr",
            "dnummer",
            "national_id",
            "nationalid",
            "pnr",
            "cpr",
            "cprnr",
            "cpr_nr",
            "hetu",
            "henkilotunnus",
            "nino",
            "ni_number",
            "national_insurance",
            "nhs",
            "social_security",
            "personal_number",
            "personnr",
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
    (Kind::Sim, &["iccid", "imsi"]),
    (
        Kind::Mac,
        &[
            "mac",
            "macaddr",
            "mac_address",
            "macaddress",
            "hwaddr",
            "macadresse",
        ],
    ),
    (
        Kind::Name,
        &[
            "fornavn",
            "etternavn",
            "mellomnavn",
            "fulltnavn",
            "kundenavn",
            "kontaktperson",
            "firstname",
            "first_name",
            "lastname",
            "last_name",
            "middle_name",
            "middlename",
            "surname",
            "forename",
            "forenames",
            "given_name",
            "givenname",
            "family_name",
            "familyname",
            "fullname",
            "full_name",
            "customer_name",
            "contact_name",
            "person_name",
            "patient_name",
            "author",
            "cardholder",
            "cardholder_name",
            "holder_name",
            "recipient_name",
            "sender_name",
            "billing_name",
            "shipping_name",
            "förnamn",
            "fornamn",
            "efternamn",
            "efternavn",
            "mellannamn",
            "vorname",
            "nachname",
            "familienname",
            "etunimi",
            "sukunimi",
            // Mailchimp's merge fields, and short forms in many schemas.
            "fname",
            "lname",
        ],
    ),
    (
        Kind::Address,
        &[
            "adresse",
            "address",
            "gateadresse",
            "postadresse",
            "adresselinje",
            "street",
            "streetaddress",
            "addr",
            "gate",
            "strasse",
            "straße",
            "gatuadress",
            "adress",
            "anschrift",
            "osoite",
            // Magento's customer grid: the billing and shipping address on one line.
            "billing_full",
            "shipping_full",
        ],
    ),
    (
        Kind::PostalCode,
        &[
            "postnummer",
            "postnr",
            "zip",
            "zipcode",
            "zip_code",
            "postal_code",
            "postalcode",
            "postcode",
            "post_code",
            "plz",
            "postleitzahl",
            "postinumero",
        ],
    ),
    (
        Kind::City,
        &[
            "city",
            "town",
            "locality",
            "poststed",
            "postort",
            "ort",
            "stad",
            "stadt",
            "wohnort",
            "kaupunki",
            "postitoimipaikka",
            "bynavn",
            "postdistrikt",
        ],
    ),
    (
        Kind::BirthDate,
        &[
            "fodselsdato",
            "fødselsdato",
            "foedselsdato",
            "fdato",
            "birthdate",
            "birth_date",
            "date_of_birth",
            "dateofbirth",
            "birthday",
            "birth_year",
            "birthyear",
            "year_of_birth",
            "fodselsar",
            "fødselsår",
            "foedselsaar",
            "foedselsar",
            "fodselsaar",
            "dob",
            "born",
            "fodt",
            "født",
            "foedt",
            "födelsedatum",
            "fodelsedatum",
            "fødselsdag",
            "fodselsdag",
            "foedselsdag",
            "födelsedag",
            "geburtsdatum",
            "geburtstag",
            "syntymäaika",
            "syntymaaika",
        ],
    ),
    (
        Kind::Gender,
        &[
            "kjonn",
            "kjønn",
            "kjoenn",
            "gender",
            "sex",
            "kön",
            "kon",
            "køn",
            "koen",
            "geschlecht",
            "sukupuoli",
        ],
    ),
    (
        Kind::Nationality,
        &[
            "nationality",
            "nasjonalitet",
            "citizenship",
            "statsborgerskap",
            "nationalitet",
            "medborgarskab",
            "medborgarskap",
            "staatsangehörigkeit",
            "staatsangehoerigkeit",
            "nationalität",
            "kansalaisuus",
        ],
    ),
    (
        Kind::Credential,
        &[
            "password",
            "passord",
            "pass",
            "passwd",
            "pwd",
            "password_hash",
            "passwordhash",
            "pw_hash",
        ],
    ),
    (
        Kind::Note,
        &[
            "notat",
            "notater",
            "note",
            "notes",
            "kommentar",
            "comment",
            "comments",
            "remark",
            "remarks",
            "merknad",
            "fritekst",
            "free_text",
            "melding",
            "message",
            "beskjed",
            "anteckning",
            "anteckningar",
            "bemerkung",
            "anmerkung",
            "notiz",
            "huomautus",
            // A call's or a chat's record as a support agent or a speech service keeps it.
            "transcript",
            "transcription",
            "samtalereferat",
            "referat",
            // What an applicant writes about themselves.
            "soknadstekst",
            "søknadstekst",
            "soeknadstekst",
            "cover_letter",
            "coverletter",
            "personal_statement",
        ],
    ),
];

/// What follows a word in one with it when the column holds that thing's number.
const NUMBER_SUFFIXES: &[&str] = &["nr", "no", "num", "nummer"];

/// Tables of people, where a bare `name` / `navn` column is a person's name (elsewhere
/// it names a product, a system, a place).
const PEOPLE_TABLES: &[&str] = &[
    "customer",
    "customers",
    "kunde",
    "kunder",
    // German, Swedish, Danish and Finnish: customers, employees, users, members.
    "kunden",
    "asiakas",
    "asiakkaat",
    "mitarbeiter",
    "benutzer",
    "mitglieder",
    "anstallda",
    "anställda",
    "anvandare",
    "användare",
    "medlemmar",
    "medarbejdere",
    "brugere",
    "user",
    "users",
    "bruker",
    "brukere",
    "person",
    "persons",
    "people",
    "personer",
    "employee",
    "employees",
    "ansatt",
    "ansatte",
    "contact",
    "contacts",
    "kontakt",
    "kontakter",
    "member",
    "members",
    "medlem",
    "medlemmer",
    "patient",
    "patients",
    "pasient",
    "pasienter",
    "guest",
    "guests",
    "gjest",
    "gjester",
    "subscriber",
    "subscribers",
    "abonnent",
    "abonnenter",
    "driver",
    "drivers",
    "sjafor",
    "sjåfør",
    "sjafoer",
    "sjaafoer",
    "sjaafor",
    "sjaforer",
    "sjåfører",
    "sjafoerer",
    "sjaafoerer",
    "sjaaforer",
    "lead",
    "leads",
    "applicant",
    "applicants",
    "soker",
    "søker",
    "soeker",
    "sokere",
    "søkere",
    "soekere",
    "student",
    "students",
    "elev",
    "elever",
    "resident",
    "residents",
    "innbygger",
    "innbyggere",
    "participant",
    "participants",
    "deltaker",
    "deltakere",
    "attendee",
    "attendees",
    "candidate",
    "candidates",
    "kandidat",
    "kandidater",
    "visitor",
    "visitors",
    "passenger",
    "passengers",
    "passasjer",
    "passasjerer",
    // A kindergarten's or a school's children and their guardians, a housing
    // cooperative's residents and tenants.
    "barn",
    "child",
    "children",
    "pupil",
    "pupils",
    "foresatt",
    "foresatte",
    "guardian",
    "guardians",
    "beboer",
    "beboere",
    "leietaker",
    "leietakere",
    "profile",
    "profiles",
    "profil",
    "profiler",
    // Who wrote in through a form: `kontaktskjema`, `contact_form`, `inquiries`,
    // `påmeldinger` (sign-ups to an event).
    // Odoo's contacts, people and companies (`res_partner`).
    "partner",
    "partners",
    "kontaktskjema",
    "henvendelse",
    "henvendelser",
    "inquiry",
    "inquiries",
    "enquiry",
    "enquiries",
    "signup",
    "signups",
    "registration",
    "registrations",
    "pamelding",
    "påmelding",
    "paamelding",
    "pameldinger",
    "påmeldinger",
    "paameldinger",
];

const NEGATIVE: &[&str] = &[
    "version",
    "versjon",
    "build",
    "release",
    "firmware",
    // A device's firmware and software revisions as telemetry names them (not `hw`:
    // `hw_addr` is a MAC address).
    "fw",
    "sw",
    // A production batch (`12 34 56 78`).
    "batch",
    "sku",
    "hash",
    "hashed",
    "checksum",
    "digest",
    "sha",
    "sha1",
    "sha256",
    "md5",
    "uuid",
    "guid",
    // The infrastructure's own addresses, not anyone's: `smtp_server_ip`, `dns`.
    "server",
    "gateway",
    "dns",
    "smtp",
    "nameserver",
    "upstream",
    // A cluster's nodes: `signalling_node`, `media_node_ip`.
    "node",
];

/// What a column named only for it (or its name) holds is a product's name and version.
const PRODUCT_WORDS: &[&str] = &[
    "product",
    "produkt",
    "os",
    "software",
    "programvare",
    "platform",
    "plattform",
    "model",
    "modell",
];

/// Names that end so hold a mail's or an event's own identifier (see
/// [`NameHint::mail_id`]): iCalendar's `UID`, which Google and Outlook write as
/// `…@google.com`.
const MAIL_ID_ENDINGS: &[&str] = &["messageid", "msgid", "inreplyto", "icaluid", "eventuid"];

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

/// Whether a column of a date type is worth reading: its name says date of birth.
/// (Other dates and timestamps are not personal data by themselves.)
pub fn wants_dates(column: &str) -> bool {
    for_column(column).kinds.contains(&Kind::BirthDate)
}

/// Last words of a key/value table's value column (`meta_value`, `verdi`).
const VALUE_WORDS: &[&str] = &["value", "verdi", "val"];

/// Whether a JSON key is a bare value word (`value`, `verdi`): what it holds is what
/// the key above it names (`{"phone": {"value": …, "scope": …}}`, as Nextcloud keeps
/// an account's fields).
#[inline]
pub fn is_value_word(key: &str) -> bool {
    VALUE_WORDS.iter().any(|w| key.eq_ignore_ascii_case(w))
}
/// Last words of its key column (`meta_key`, `nokkel`, `name`, `type`).
const KEY_WORDS: &[&str] = &[
    "key",
    "nokkel",
    "nøkkel",
    "noekkel",
    "name",
    "navn",
    "field",
    "felt",
    "attribute",
    "attributt",
    "property",
    "egenskap",
    "type",
];

/// For each of a table's columns, the index of the key column its values are read with
/// when the table is a key/value table (`meta_key`/`meta_value`, `nokkel`/`verdi`,
/// `name`/`value`: the same words before a key word and a value word; `medium`/`address`).
pub fn key_columns(columns: &[&str]) -> Vec<Option<usize>> {
    let split = |name: &str| {
        let mut w = words(name);
        let last = w.pop()?;
        // Nextcloud joins the words (`configkey`/`configvalue`).
        if w.is_empty() {
            for joined in ["value", "verdi", "key", "name", "field", "type"] {
                if let Some(stem) = last.strip_suffix(joined).filter(|s| s.len() >= 3) {
                    return Some((vec![stem.to_string()], joined.to_string()));
                }
            }
        }
        Some((w, last))
    };
    let parts: Vec<Option<(Vec<String>, String)>> = columns.iter().map(|c| split(c)).collect();
    parts
        .iter()
        .map(|part| {
            let (prefix, last) = part.as_ref()?;
            // Matrix's third-party ids keep an email or an MSISDN in `address`, and say
            // which in `medium` (a bare `address` beside a `type` is a street's).
            let medium = prefix.is_empty() && last == "address";
            if !VALUE_WORDS.contains(&last.as_str()) && !medium {
                return None;
            }
            let is_key = |l: &str| {
                if medium {
                    l == "medium"
                } else {
                    KEY_WORDS.contains(&l)
                }
            };
            parts
                .iter()
                .position(|k| k.as_ref().is_some_and(|(p, l)| p == prefix && is_key(l)))
        })
        .collect()
}

/// Bare names of a text column ([`WRITTEN_TABLES`]).
const WRITTEN_TEXT_COLUMNS: &[&str] = &[
    "body",
    "text",
    "tekst",
    "content",
    "innhold",
    "description",
    "beskrivelse",
];

/// Bare names of what a table of people says about each of them ([`PEOPLE_TABLES`]).
const ABOUT_COLUMNS: &[&str] = &["description", "beskrivelse", "bio", "biography", "about"];

/// Tables of what people write: tickets, messages, comments, reviews, complaints.
const WRITTEN_TABLES: &[&str] = &[
    "ticket",
    "tickets",
    "message",
    "messages",
    "melding",
    "meldinger",
    "comment",
    "comments",
    "kommentar",
    "kommentarer",
    "review",
    "reviews",
    "anmeldelse",
    "anmeldelser",
    "chat",
    "chats",
    "conversation",
    "conversations",
    "feedback",
    "tilbakemelding",
    "tilbakemeldinger",
    "complaint",
    "complaints",
    "klage",
    "klager",
    "henvendelse",
    "henvendelser",
    "inquiry",
    "inquiries",
];

/// Tables of addresses: their `name` is the recipient's, their `line1` a street line.
const ADDRESS_TABLES: &[&str] = &["address", "addresses", "adresse", "adresser"];

/// What qualifies `name` in a table of people when it is the person's name there
/// (`display_name`, `visningsnavn`); elsewhere such names name products and roles.
const PERSON_NAME_QUALIFIERS: &[&str] = &["display", "real", "legal", "preferred", "nick"];

/// What a column's name says, read in its table: a bare `name` (or a display, real,
/// legal or preferred name) is a person's name in a table of people.
pub fn for_column_in(table: &str, name: &str) -> NameHint {
    let mut hint = for_column(name);
    let w = words(name);
    // The name is one word, one of `list`.
    let bare = |list: &[&str]| matches!(w.as_slice(), [c] if list.contains(&c.as_str()));
    let name_word = |n: &str| n == "name" || n == "navn";
    // Jira keeps a lower-cased copy of each name for searching (`lower_display_name`).
    let unqualified = match w.as_slice() {
        [copy, rest @ ..] if !rest.is_empty() && matches!(copy.as_str(), "lower" | "upper") => rest,
        all => all,
    };
    let persons_name = match unqualified {
        // LDAP's `cn` (common name) and `sn` (surname) of an entry in `ou=people`.
        [n] => name_word(n) || matches!(n.as_str(), "visningsnavn" | "displayname" | "cn" | "sn"),
        [q, n] => name_word(n) && PERSON_NAME_QUALIFIERS.contains(&q.as_str()),
        _ => false,
    };
    let table_words = words(table);
    let in_table = |list: &[&str]| table_words.iter().any(|t| list.contains(&t.as_str()));
    // Norwegian joins the words (`leveringsadresser`).
    let address_table = table_words
        .iter()
        .any(|t| ADDRESS_TABLES.iter().any(|a| t.ends_with(a)));
    // An address's own name is its recipient's (Shopify's `customer_addresses.name`).
    if persons_name
        && !hint.kinds.contains(&Kind::Name)
        && (in_table(PEOPLE_TABLES) || address_table)
    {
        hint.kinds.push(Kind::Name);
    }
    // `line1`, `line_2`, `linje1` of an address table are its street lines.
    let line = |l: &str| l == "line" || l == "linje";
    let numbered_line = match w.as_slice() {
        [l] => {
            line(l.trim_end_matches(|c: char| c.is_ascii_digit()))
                && l.ends_with(|c: char| c.is_ascii_digit())
        }
        [l, n] => line(l) && n.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    if numbered_line && address_table && !hint.kinds.contains(&Kind::Address) {
        hint.kinds.push(Kind::Address);
    }
    // A bare `sted`/`bosted` (place, place of residence) of a person is their city.
    if bare(&["sted", "bosted"]) && in_table(PEOPLE_TABLES) && !hint.kinds.contains(&Kind::City) {
        hint.kinds.push(Kind::City);
    }
    // A bare `country`/`land` (or its code) of a person or of an address.
    let bare_country = match w.as_slice() {
        [c] => is_country_word(c) || c == "countrycode",
        [c, k] => is_country_word(c) && matches!(k.as_str(), "code" | "iso" | "kode"),
        _ => false,
    };
    if bare_country
        && (in_table(PEOPLE_TABLES) || address_table)
        && !hint.kinds.contains(&Kind::Country)
    {
        hint.kinds.push(Kind::Country);
    }
    // What someone wrote, under a bare name in a table of what people write (a ticket's
    // `description`, a message's `tekst`, a review's `body`), and what is written about
    // a person in a table of people (Salesforce's `Contact.Description`, a user's `bio`).
    let note = (bare(WRITTEN_TEXT_COLUMNS) && in_table(WRITTEN_TABLES))
        || (bare(ABOUT_COLUMNS) && in_table(PEOPLE_TABLES));
    if note && !hint.kinds.contains(&Kind::Note) {
        hint.kinds.push(Kind::Note);
    }
    // A bare `number` in a call log or an SMS table is the other party's phone number,
    // and so are its parties (`sender`, `to`, SMPP's `source_addr`/`dest_addr`, which
    // say an address but hold an MSISDN).
    let party = PARTY_COLUMNS.contains(&w.join("_").as_str());
    if party && in_table(CALL_TABLES) {
        hint.call_party = true;
        hint.kinds.retain(|k| *k != Kind::Address);
        if !hint.kinds.contains(&Kind::Phone) {
            hint.kinds.push(Kind::Phone);
        }
    }
    // A system's log line (`app_logs.message`, `error_log.msg`, a Sentry event's
    // `message`) is no one's note; an
    // SMS log's or a chat log's message is what someone wrote.
    let system_table = in_table(&[
        "log",
        "logs",
        "logg",
        "logger",
        "error",
        "errors",
        "exception",
        "exceptions",
        "crash",
        "crashes",
        "sentry",
        "trace",
        "traces",
        // A repository's commits: a developer's message about the code.
        "commit",
        "commits",
    ]) || (in_table(&["event", "events"]) && !in_table(PEOPLE_TABLES));
    if system_table
        && bare(&["message", "msg", "melding"])
        && !in_table(CALL_TABLES)
        && !in_table(WRITTEN_TABLES)
    {
        hint.kinds.retain(|k| *k != Kind::Note);
    }
    // A register of postal codes, cities or countries (Posten's `postnummer`, a
    // `zip_codes` or `dim_city` table) lists places, no one's address.
    let register = {
        let start = usize::from(
            table_words.len() > 1 && REGISTER_PREFIXES.contains(&table_words[0].as_str()),
        );
        REGISTER_TABLES.contains(&table_words[start..].concat().as_str())
    };
    if register {
        hint.kinds.retain(|k| {
            !matches!(
                k,
                Kind::Address | Kind::PostalCode | Kind::City | Kind::Country
            )
        });
    }
    hint
}

/// Tables that register places (see [`for_column_in`]), their words run together.
const REGISTER_TABLES: &[&str] = &[
    "postnummer",
    "postnumre",
    "postnummerregister",
    "postnumbers",
    "postalcode",
    "postalcodes",
    "postcode",
    "postcodes",
    "zipcode",
    "zipcodes",
    "zips",
    "poststed",
    "poststeder",
    "city",
    "cities",
    "byer",
    "kommune",
    "kommuner",
    "municipality",
    "municipalities",
    "country",
    "countries",
    "land",
    "landkoder",
    "countrycodes",
];

/// First words of a reference table's name (`ref_postnummer`, `dim_city`).
const REGISTER_PREFIXES: &[&str] = &["ref", "dim", "lookup", "lkp", "tbl"];

/// The key a JSON value is read under when its object says more than its own key does
/// (`parent` is the key the object sits under, or the column of a whole document): a
/// bare `name`/`navn` inside an object that [`names_person`] is that person's full name
/// (`{"customer": {"name": …}}`, Stripe's `billing_details`), elsewhere it names
/// products, plans and places; a `line1`/`street` inside an address is the street
/// address (`{"address": {"line1": "Storgata 12"}}`), and its `country` the address's.
pub fn json_key_in(parent: &str, key: &str) -> Option<&'static str> {
    let is = |k: &str| key.eq_ignore_ascii_case(k);
    if is("name") || is("navn") {
        return names_person(parent).then_some("full_name");
    }
    const LINES: &[&str] = &["line1", "line2", "line_1", "line_2", "street", "gate"];
    let address = || {
        words(parent)
            .iter()
            .any(|w| w == "address" || w == "adresse")
    };
    if LINES.iter().any(|l| is(l)) {
        return address().then_some("address");
    }
    if is("country") || is("land") {
        return address().then_some("address_country");
    }
    None
}

/// Whether a key or a column (`customer`, `kunde`, `billing_details`, `shipping`,
/// `owner`, `emergency_contact`…) names a person, so that a `name` inside it is theirs.
pub fn names_person(key: &str) -> bool {
    const ROLES: &[&str] = &[
        // A job application's referees (`{"referanser": [{"navn": …}]}`).
        "reference",
        "references",
        "referee",
        "referees",
        "referanse",
        "referanser",
        "applicant",
        "soker",
        "søker",
        "soeker",
        "billing",
        "shipping",
        "owner",
        "eier",
        "recipient",
        "mottaker",
        "sender",
        "avsender",
        "cardholder",
        "holder",
        "payer",
        "buyer",
        "kjoper",
        "kjøper",
        "kjoeper",
        "author",
        "actor",
        "caller",
        "emergency",
        "parorende",
        "pårørende",
        "paarorende",
        "paaroerende",
        "paroerende",
        // A message's parties (a help desk's `{"from": {"address": …, "name": …}}`) and
        // a case's or a meeting's people.
        "from",
        "to",
        "cc",
        "bcc",
        "fra",
        "til",
        "requester",
        "submitter",
        "assignee",
        "reporter",
        "organizer",
        "organiser",
        "attendee",
        "attendees",
        "participant",
        "participants",
        "signer",
        "signers",
        // A building application's neighbours, notified by name and address, and the
        // applicant and the owner of the property.
        "nabo",
        "naboer",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "tiltakshaver",
        "hjemmelshaver",
    ];
    words(key)
        .iter()
        .any(|w| PEOPLE_TABLES.contains(&w.as_str()) || ROLES.contains(&w.as_str()))
}

/// The words of a name that say country.
fn is_country_word(w: &str) -> bool {
    w == "country" || w == "land"
}

/// Words that say whose address a country is part of.
const ADDRESS_QUALIFIERS: &[&str] = &[
    "billing",
    "shipping",
    "mailing",
    "delivery",
    "home",
    "address",
    "adresse",
    "residence",
    "invoice",
    "faktura",
    "levering",
    "bosted",
    "postal",
];

/// Column names (words run together) of a street's name without its house number.
const STREET_NAMES: &[&str] = &[
    "streetname",
    "gatenavn",
    "veinavn",
    "vegnavn",
    "adressenavn",
    "strasse",
    "straße",
    "strassenname",
    "straßenname",
];

/// Last words that make a column say what sort of thing its other words name.
const CLASS_WORDS: &[&str] = &[
    "type", "types", "kind", "status", "category", "role", "level",
];

/// Words that make a column a measure (a count, a sum, a duration) of what its other
/// words name.
const MEASURE_WORDS: &[&str] = &[
    "count", "cnt", "hits", "total", "sum", "bytes", "antall", "avg", "average", "mean", "per",
    "seconds", "secs", "duration", "varighet", "rate", "ratio", "percent", "pct", "size", "length",
    "attempts", "failures", "errors",
];

/// Whole column names that name a person in a role: the column holds that person's
/// name when its values are shaped like names. Whole names only: `owner_type`,
/// `patient_id` and `reporter_count` say nothing of the kind.
const PERSON_ROLES: &[&str] = &[
    "eier",
    "owner",
    "innehaver",
    // Whose account, card or policy it is (a payroll's bank details, a payment's card).
    "account_holder",
    // A switch's caller id by name (FreeSWITCH's `caller_id_name`).
    "caller_id_name",
    "callee_id_name",
    // An employee's manager (`nærmeste leder`), or a line manager.
    "naermeste_leder",
    "nærmeste_leder",
    "narmeste_leder",
    "line_manager",
    "accountholder",
    "kontoinnehaver",
    "kontohaver",
    "cardholder",
    "card_holder",
    "policyholder",
    "policy_holder",
    "forsikringstaker",
    "kontakt_person",
    "contact_person",
    "contactperson",
    "requester",
    "reporter",
    "assignee",
    "saksbehandler",
    "case_handler",
    "ansatt",
    "employee",
    "pasient",
    "patient",
    "passasjer",
    "passenger",
    "beboer",
    "resident",
    "foresatt",
    "guardian",
    "verge",
    "signatar",
    "signed_by",
    "signert_av",
    "elev",
    "student",
    // Who treats a patient, and who looks after a customer.
    "behandler",
    "lege",
    "fastlege",
    "doctor",
    "physician",
    "therapist",
    "terapeut",
    "sykepleier",
    "nurse",
    "practitioner",
    "clinician",
    "tannlege",
    "dentist",
    // The parties of a sale, a lease or a building application.
    "selger",
    "seller",
    "kjoper",
    "kjøper",
    "kjoeper",
    "buyer",
    "utleier",
    "landlord",
    "leietaker",
    "tenant",
    "tiltakshaver",
    "applicant",
    "kundeansvarlig",
    "account_manager",
    "salesperson",
    "sales_rep",
    // Who is responsible for, submits or reviews a case, and who comes to a meeting.
    "kontaktperson",
    "ansvarlig",
    "innsender",
    "submitter",
    "reviewer",
    "attendee",
    "organizer",
    "organiser",
    "deltaker",
    // A school's and a club's people, a guest, a customer of a shop.
    "teacher",
    "laerer",
    "lærer",
    "trener",
    "coach",
    "gjest",
    "guest",
    "kunde",
    "customer",
    // A haulier's or a service company's people in the field.
    "sjafor",
    "sjåfør",
    "sjafoer",
    "sjaafoer",
    "sjaafor",
    "montor",
    "montør",
    "montoer",
    "tekniker",
    "technician",
    "installator",
    "installatør",
    "installatoer",
    "installer",
    "konsulent",
    "consultant",
    "signatur",
    "referee",
    "ektefelle",
    "spouse",
    "parorende",
    "pårørende",
    "paarorende",
    "paaroerende",
    "paroerende",
    "personnavn",
];

/// People in a role whose name a `<role>_name` column holds, but whose role word alone
/// names other things too (`assistant` = `Alexa`, `manager` = a service).
const NAMED_ROLES: &[&str] = &[
    "assistant",
    "manager",
    "leder",
    "mother",
    "father",
    "mor",
    "far",
    "emergency",
    // Next of kin: `next_of_kin_name` (`parorende_navn` and a pupil's guardian's
    // `foresatt1_navn` are roles of their own, in `PERSON_ROLES`).
    "kin",
    "foresatte",
    // A call's or a message's parties by name (`caller_name`, as a caller-id lookup
    // gives it; `avsender_navn`, `recipient_name`).
    // Who filled in a web form (Salesforce's Web-to-Case `SuppliedName`).
    "supplied",
    "caller",
    "callee",
    "avsender",
    "mottaker",
    "sender",
    "recipient",
];

/// The columns of a call or message record that hold a party's number.
const PARTY_COLUMNS: &[&str] = &[
    "number",
    "nummer",
    "nr",
    "from",
    "to",
    "fra",
    "til",
    "sender",
    "recipient",
    "avsender",
    "mottaker",
    "originator",
    "destination",
    "source_addr",
    "dest_addr",
    "destination_addr",
    "a_party",
    "b_party",
    "a_number",
    "b_number",
    "from_number",
    "to_number",
    "sender_number",
    "recipient_number",
    "calling_number",
    "called_number",
    "caller",
    "callee",
    // Asterisk's call records: the calling and the called number.
    "src",
    "dst",
];

/// Tables of calls and messages, where a bare `number` is a phone number.
const CALL_TABLES: &[&str] = &[
    "call",
    "calls",
    "calllog",
    "cdr",
    "cdrs",
    "sms",
    "voicemail",
    "anrop",
    "samtale",
    "samtaler",
    "samtalelogg",
    "telefonlogg",
];

/// The word before a last `name`/`navn` (`manager_navn`), or glued to it where
/// PostgreSQL folded a camel-cased name to lower case (`assistantname`, as Salesforce
/// replicated there keeps it), and whether other words come before that.
fn role_before_name(words: &[String]) -> Option<(&str, bool)> {
    match words {
        [head @ .., role, n] if n == "name" || n == "navn" => Some((role, !head.is_empty())),
        [head @ .., last]
            if last.len() > 4 && (last.ends_with("name") || last.ends_with("navn")) =>
        {
            Some((&last[..last.len() - 4], !head.is_empty()))
        }
        _ => None,
    }
}

pub fn for_column(name: &str) -> NameHint {
    let words = words(name);
    let joined = words.join("_");
    let compact = words.concat();
    let starts = word_starts(&words);
    // A numbered column says what its word says: `tlf1`, `tlf2`, `mob2`, `addr1`.
    // `tlfnr`, `mobnr`, `telno`, `kortnr`: the word and "number" written as one.
    let numbered = |w: &str, hint: &str| {
        w.strip_prefix(hint)
            .is_some_and(|rest| NUMBER_SUFFIXES.contains(&rest))
    };
    let says = |hint: &str| {
        words.iter().any(|w| {
            w == hint
                || w.trim_end_matches(|c: char| c.is_ascii_digit()) == hint
                || numbered(w, hint)
        }) || joined == hint
            || compact == hint
            || (hint.len() >= 5
                && (contains_within_words(&starts, &compact, hint)
                    || words.iter().any(|w| w.starts_with(hint))))
    };
    let mut kinds: Vec<Kind> = POSITIVE
        .iter()
        .filter(|(_, hints)| hints.iter().any(|h| says(h)))
        .map(|(k, _)| *k)
        .collect();
    // A shipment's address written as one word (`shipaddress`, as PostgreSQL folds
    // Northwind's `ShipAddress`) holds no `ipaddress`.
    if compact.contains("shipaddress") {
        kinds.retain(|k| *k != Kind::Ip);
    }
    // A country is an address's part where the name says whose address
    // (`billing_country`, `MailingCountry`, `address_country`); a bare `country` counts
    // only in a table of people or of addresses ([`for_column_in`]): products, prices
    // and rates have a country too. `phone_country_code` is a phone's.
    // Folded to one word (`mailingcountry`, as a sync into PostgreSQL keeps
    // Salesforce's `MailingCountry`), the qualifier is what comes before.
    let qualified = |part: &str| {
        compact
            .strip_suffix(part)
            .is_some_and(|q| ADDRESS_QUALIFIERS.contains(&q))
    };
    let country = words.iter().any(|w| is_country_word(w))
        && words
            .iter()
            .any(|w| ADDRESS_QUALIFIERS.contains(&w.as_str()));
    if (country || qualified("country")) && !kinds.contains(&Kind::Phone) {
        kinds.push(Kind::Country);
    }
    if qualified("city") && !kinds.contains(&Kind::City) {
        kinds.push(Kind::City);
    }
    // `email_address`, `ip_address`, `mac_address`: the address of something else.
    // `address_city`, `addressLocality`, `address_country`: the address's city, country.
    if kinds.iter().any(|k| {
        matches!(
            k,
            Kind::Email | Kind::Ip | Kind::Mac | Kind::Phone | Kind::City | Kind::Country
        )
    }) {
        kinds.retain(|k| *k != Kind::Address);
    }
    // `eier`, `patient`, `assignee`: a person in a role, whose value is their name
    // (backed by a name's shape, as every name hint is).
    // `AssistantName`, `manager_navn`, `eier_navn`, `emergency_contact_name`: the name
    // of a person in a role, or of a contact.
    let role_name = match role_before_name(&words) {
        Some((role, preceded)) => {
            // A numbered role (`foresatt1_navn`, `contact2_name`) is the role, and so is
            // one in the genitive (`kundens_navn`, `eierens_navn`, `owners_name`).
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let is_role = |r: &str| {
                PERSON_ROLES.contains(&r)
                    || NAMED_ROLES.contains(&r)
                    || r == "contact"
                    || r == "kontakt"
            };
            is_role(role)
                || ["s", "ns", "ens"]
                    .iter()
                    .filter_map(|ending| role.strip_suffix(ending))
                    .any(is_role)
                // Whoever did something to the record: `created_by_name`,
                // `godkjent_av_navn` (a bare `by_navn` is a city's name).
                || (matches!(role, "by" | "av") && preceded)
        }
        None => false,
    };
    if role_name || PERSON_ROLES.contains(&joined.as_str()) {
        // The whole name says a person: `account_manager` holds no account number.
        kinds.retain(|k| *k == Kind::Name);
        if kinds.is_empty() {
            kinds.push(Kind::Name);
        }
    }
    // `author_type`, `address_type`, `contact_role`, `email_status`: what sort of thing
    // the other words name (`user`, `admin`, `billing`, `bounced`), not the thing.
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| CLASS_WORDS.contains(&w.as_str()))
    {
        kinds.clear();
    }
    // `ip_hits`, `requests_per_ip`, `phone_calls_total`: a measure of something, whose
    // numbers (a count of 123456789 reads as an IPv4 address kept as an integer,
    // 40001234 as a phone) are no identifiers.
    if words.iter().any(|w| MEASURE_WORDS.contains(&w.as_str())) {
        kinds.clear();
    }
    // `phone_id`, `telefon_id`, `postnummer_id`: a key that refers to a row of phones
    // or postal codes, not one (eight-digit keys read as phones under the name).
    // Kinds the name says only with its `id` stay: `national_id`.
    if let [head @ .., last] = words.as_slice() {
        if !head.is_empty() && matches!(last.as_str(), "id" | "uuid" | "guid") {
            let without = for_column(&head.join("_")).kinds;
            kinds.retain(|k| !without.contains(k));
        }
    }
    let mail_id = MAIL_ID_ENDINGS.iter().any(|e| compact.ends_with(e));
    // `by` is Norwegian and Danish for city, as a whole name only (`created_by`).
    if compact == "by" {
        kinds.push(Kind::City);
    }
    let street_name = STREET_NAMES.contains(&compact.as_str());
    if street_name && !kinds.contains(&Kind::Address) {
        kinds.push(Kind::Address);
    }
    // A client's user agent (`user_agent`, `http_user_agent`, WordPress's
    // `comment_agent`): a product's name and versions, whose four-part builds
    // (`Grandstream GXP2170 1.0.11.23`) are nobody's address.
    let user_agent = compact.ends_with("useragent")
        || compact == "commentagent"
        || matches!(joined.as_str(), "ua" | "http_ua");
    // A product, an operating system or a model, by its bare name or its name's
    // (`product`, `os_name`): a name and a version, `Creator 23.3.0.4`, `Aruba 8.10.0.6`,
    // nobody's address. Only so: a `product_owner_email` is an email.
    let product = match words.as_slice() {
        [w] => PRODUCT_WORDS.contains(&w.as_str()),
        [w, n] => matches!(n.as_str(), "name" | "navn") && PRODUCT_WORDS.contains(&w.as_str()),
        _ => false,
    };
    NameHint {
        street_name,
        kinds,
        negative: NEGATIVE.iter().any(|h| {
            words
                .iter()
                .any(|w| w == h || (h.len() >= 5 && w.starts_with(h)))
        }) || mail_id
            || product
            || user_agent,
        mail_id,
        call_party: false,
    }
}

/// Where each of `words` starts in the words run together, and where they end.
fn word_starts(words: &[String]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(words.len() + 1);
    let mut at = 0;
    for w in words {
        starts.push(at);
        at += w.len();
    }
    starts.push(at);
    starts
}

/// Whether `hint` occurs in the name's words run together (`compact`, its words
/// starting at `starts`) where it either begins a word (`ip` + `address`) or lies
/// inside one (`kundeepost`): not where it begins inside one word and runs on into the
/// next (`ShipAddress` holds no `ipaddress`).
fn contains_within_words(starts: &[usize], compact: &str, hint: &str) -> bool {
    compact.match_indices(hint).any(|(i, _)| {
        let word_end = starts
            .iter()
            .copied()
            .find(|&s| s > i)
            .unwrap_or(compact.len());
        starts.contains(&i) || i + hint.len() <= word_end
    })
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
        for numbered in ["tlf1", "tlf2", "mob2", "tel_2"] {
            assert_eq!(for_column(numbered).kinds, [Kind::Phone], "{numbered}");
        }
        // The word and "number" written as one; a fax number is a phone number.
        for (name, kind) in [
            ("tlfnr", Kind::Phone),
            ("mobnr", Kind::Phone),
            ("telNo", Kind::Phone),
            ("faxnummer", Kind::Phone),
            ("faksnr", Kind::Phone),
            ("fax", Kind::Phone),
            ("kortnr", Kind::Card),
            ("fodselsnr", Kind::NationalId),
            ("FNAME", Kind::Name),
            ("lname", Kind::Name),
            ("x_forwarded_for", Kind::Ip),
        ] {
            assert_eq!(for_column(name).kinds, [kind], "{name}");
        }
        for other in ["filename", "file_name", "annonse_nr", "maxnr"] {
            assert!(for_column(other).kinds.is_empty(), "{other}");
        }
        assert_eq!(for_column("addr1").kinds, [Kind::Address]);
        assert_eq!(for_column("mobilnummer").kinds, [Kind::Phone]);
        assert_eq!(for_column("msisdn").kinds, [Kind::Phone]);
        assert_eq!(for_column("a_number").kinds, [Kind::Phone]);
        assert_eq!(for_column("calledNumber").kinds, [Kind::Phone]);
        assert!(for_column("number").kinds.is_empty());
        // A measure of phones or addresses holds numbers, no identifiers; a key
        // referring to a phone's row is no phone number (a national id is one).
        for measure_or_key in [
            "ip_hits",
            "requests_per_ip",
            "phone_calls_total",
            "antall_tlf",
            "emailCount",
            "phone_id",
            "telefonId",
            "postnummer_id",
            "ip_uuid",
            "email_id",
        ] {
            assert!(
                for_column(measure_or_key).kinds.is_empty(),
                "{measure_or_key}"
            );
        }
        assert_eq!(for_column("country_phone").kinds, [Kind::Phone]);
        assert_eq!(for_column("national_id").kinds, [Kind::NationalId]);
        assert_eq!(for_column("tax_id").kinds, for_column("taxid").kinds);
        assert_eq!(for_column("client_ip").kinds, [Kind::Ip]);
        assert_eq!(for_column("source_ip6").kinds, [Kind::Ip]);
        assert_eq!(for_column("fnr").kinds, [Kind::NationalId]);
        assert_eq!(for_column("personnummer").kinds, [Kind::NationalId]);
        assert_eq!(for_column("IBAN").kinds, [Kind::Iban]);
        assert_eq!(for_column("etternavn").kinds, [Kind::Name]);
        assert_eq!(for_column("firstName").kinds, [Kind::Name]);
        assert_eq!(for_column("gateadresse").kinds, [Kind::Address]);
        assert_eq!(for_column("billing_full").kinds, [Kind::Address]);
        assert_eq!(for_column("foedselsnummer").kinds, [Kind::NationalId]);
        assert_eq!(for_column("postnummer").kinds, [Kind::PostalCode]);
        assert_eq!(for_column("fodselsdato").kinds, [Kind::BirthDate]);
        assert_eq!(for_column("fodt").kinds, [Kind::BirthDate]);
        // People in a role, and whoever did something to a record, by name.
        for column in [
            "ansvarlig",
            "kontaktperson",
            "innsender",
            "reviewer",
            "attendee",
            "lærer",
            "montør",
            "montoer",
            "kunde",
            "avsender_navn",
            "recipient_name",
            "created_by_name",
            "godkjent_av_navn",
        ] {
            assert_eq!(for_column(column).kinds, [Kind::Name], "{column}");
        }
        assert_eq!(for_column("by_navn").kinds, [Kind::City]);
        assert!(for_column("kunde_id").kinds.is_empty());
        // Swedish, Danish, German and Finnish names of the same columns.
        for (column, kind) in [
            ("förnamn", Kind::Name),
            ("efternavn", Kind::Name),
            ("Nachname", Kind::Name),
            ("födelsedatum", Kind::BirthDate),
            ("geburtsdatum", Kind::BirthDate),
            ("kön", Kind::Gender),
            ("Geschlecht", Kind::Gender),
            // As they are written without their letters (`ø` as `oe`, `ä` as `a`).
            ("koen", Kind::Gender),
            ("syntymaaika", Kind::BirthDate),
            ("bynavn", Kind::City),
            ("gatuadress", Kind::Address),
            ("anschrift", Kind::Address),
            ("postleitzahl", Kind::PostalCode),
            ("staatsangehörigkeit", Kind::Nationality),
            ("anteckning", Kind::Note),
            ("bemerkung", Kind::Note),
        ] {
            assert_eq!(for_column(column).kinds, [kind], "{column}");
        }
        assert_eq!(for_column("date_of_birth").kinds, [Kind::BirthDate]);
        assert_eq!(for_column("kjonn").kinds, [Kind::Gender]);
        assert_eq!(for_column("sim_iccid").kinds, [Kind::Sim]);
        assert_eq!(for_column("IMSI").kinds, [Kind::Sim]);
        assert_eq!(for_column("password_hash").kinds, [Kind::Credential]);
        assert_eq!(for_column("notat").kinds, [Kind::Note]);
    }

    #[test]
    fn a_bare_name_is_a_persons_name_only_in_a_table_of_people() {
        assert_eq!(for_column_in("kunder", "navn").kinds, [Kind::Name]);
        assert_eq!(
            for_column_in("customer_accounts", "name").kinds,
            [Kind::Name]
        );
        assert!(for_column_in("produkter", "navn").kinds.is_empty());
        assert_eq!(for_column_in("kontaktskjema", "navn").kinds, [Kind::Name]);
        assert_eq!(for_column_in("event_signups", "name").kinds, [Kind::Name]);
        assert_eq!(
            for_column_in("res_partner", "display_name").kinds,
            [Kind::Name]
        );
        assert!(is_value_word("Value") && !is_value_word("values"));
        // A ticket's or a message's own text is a note; a product's description is not.
        assert_eq!(
            for_column_in("support_tickets", "description").kinds,
            [Kind::Note]
        );
        assert_eq!(for_column_in("meldinger", "tekst").kinds, [Kind::Note]);
        assert!(for_column_in("products", "description").kinds.is_empty());
        // What a table of people says about each: a contact's description, a user's bio.
        assert_eq!(for_column_in("Contact", "Description").kinds, [Kind::Note]);
        assert_eq!(for_column_in("profiles", "bio").kinds, [Kind::Note]);
        assert!(for_column_in("customers", "content").kinds.is_empty());
        assert!(for_column_in("tickets", "subject").kinds.is_empty());
        assert!(for_column_in("systems", "name").kinds.is_empty());
        assert_eq!(
            key_columns(&["umeta_id", "user_id", "meta_key", "meta_value"]),
            [None, None, None, Some(2)]
        );
        assert_eq!(
            key_columns(&["id", "kunde_id", "nokkel", "verdi"]),
            [None, None, None, Some(2)]
        );
        assert_eq!(key_columns(&["name", "value"]), [None, Some(0)]);
        // Nextcloud's preferences join the words.
        assert_eq!(
            key_columns(&["userid", "appid", "configkey", "configvalue"]),
            [None, None, None, Some(2)]
        );
        assert_eq!(
            key_columns(&["username", "interval", "filename", "filevalue"]),
            [None, None, None, Some(2)]
        );
        assert_eq!(key_columns(&["username", "keyvalue"]), [None, None]);
        // Matrix Synapse's third-party ids: an email or an MSISDN, as `medium` says.
        assert_eq!(
            key_columns(&["user_id", "medium", "address", "validated_at"]),
            [None, None, Some(1), None]
        );
        assert_eq!(key_columns(&["type", "address"]), [None, None]);
        assert_eq!(
            key_columns(&["meta_key", "option_value", "price"]),
            [None, None, None],
            "the key and the value must share their first words"
        );
        assert_eq!(
            for_column_in("wp_users", "display_name").kinds,
            [Kind::Name]
        );
        assert_eq!(for_column_in("brukere", "visningsnavn").kinds, [Kind::Name]);
        assert!(for_column_in("products", "display_name").kinds.is_empty());
        assert_eq!(
            for_column_in("cwd_user", "lower_display_name").kinds,
            [Kind::Name]
        );
        assert_eq!(for_column_in("ldap_people", "cn").kinds, [Kind::Name]);
        assert_eq!(for_column_in("ldap_people", "sn").kinds, [Kind::Name]);
        assert!(for_column_in("devices", "sn").kinds.is_empty());
        assert!(for_column_in("users", "lower").kinds.is_empty());
        assert!(for_column_in("users", "user_name").kinds.is_empty());
        assert_eq!(for_column("comment_author").kinds, [Kind::Name, Kind::Note]);
        // A person in a role, by the column's whole name only.
        for role in [
            "eier",
            "Owner",
            "assignee",
            "saksbehandler",
            "signed_by",
            "pasient",
            "behandler",
            "fastlege",
            "account_manager",
            "selger",
            "buyer",
            "tiltakshaver",
            "account_holder",
            "kontoinnehaver",
        ] {
            assert_eq!(for_column(role).kinds, [Kind::Name], "{role}");
        }
        for role_name in [
            "AssistantName",
            "manager_name",
            "eier_navn",
            "spouse_name",
            "emergency_contact_name",
            "billingContactName",
            "account_manager_name",
        ] {
            assert_eq!(for_column(role_name).kinds, [Kind::Name], "{role_name}");
        }
        assert!(for_column("assistant").kinds.is_empty());
        for other in [
            "owner_type",
            "owner_id",
            "patient_id",
            "eierandel",
            "reporter_count",
        ] {
            assert!(!for_column(other).kinds.contains(&Kind::Name), "{other}");
        }
        assert_eq!(for_column("user_pass").kinds, [Kind::Credential]);
        assert_eq!(
            for_column_in("participant_history", "display_name").kinds,
            [Kind::Name]
        );
        assert_eq!(for_column("birth_year").kinds, [Kind::BirthDate]);
        assert_eq!(for_column_in("call_log", "number").kinds, [Kind::Phone]);
        assert!(names_person("billing_details") && names_person("kunde"));
        assert!(names_person("emergency_contact") && names_person("pårørende"));
        assert!(names_person("referanser") && names_person("references"));
        assert!(names_person("naboer") && names_person("neighbours"));
        assert!(!names_person("product") && !names_person("plan"));
        assert!(names_person("from") && names_person("reply_to") && names_person("attendees"));
        assert!(!names_person("source") && !names_person("channel"));
        assert_eq!(json_key_in("customer", "Navn"), Some("full_name"));
        assert_eq!(json_key_in("product", "name"), None);
        assert_eq!(json_key_in("address", "line1"), Some("address"));
        assert_eq!(json_key_in("billing_address", "street"), Some("address"));
        assert_eq!(json_key_in("order", "line1"), None);
        assert_eq!(json_key_in("kunde", "epost"), None);
        assert_eq!(for_column("address").kinds, [Kind::Address]);
        // Northwind's `ShipAddress`: `ipaddress` only across a word's end.
        assert_eq!(for_column("ShipAddress").kinds, [Kind::Address]);
        assert_eq!(for_column("shipaddress").kinds, [Kind::Address]);
        assert_eq!(for_column("ipaddress").kinds, [Kind::Ip]);
        assert_eq!(for_column("kundeepost").kinds, [Kind::Email]);
        assert_eq!(for_column_in("anrop", "nummer").kinds, [Kind::Phone]);
        assert!(for_column_in("orders", "number").kinds.is_empty());
        assert_eq!(
            for_column_in("billing_addresses", "name").kinds,
            [Kind::Name]
        );
        for line in ["line1", "line_2", "Line1", "linje2"] {
            assert_eq!(
                for_column_in("customer_address", line).kinds,
                [Kind::Address],
                "{line}"
            );
        }
        assert!(for_column_in("invoices", "line1").kinds.is_empty());
        assert!(for_column_in("addresses", "line").kinds.is_empty());
        // The parties of a message record hold numbers; elsewhere the words say nothing
        // (`source_addr` of a network log), or an address.
        for (table, column) in [
            ("sms_mt", "source_addr"),
            ("sms_log", "dest_addr"),
            ("sms", "to"),
            ("calls", "from"),
            ("anrop", "avsender"),
            ("cdr", "src"),
            ("cdr", "dst"),
            ("sms_log", "to_number"),
            ("calls", "caller"),
        ] {
            assert_eq!(
                for_column_in(table, column).kinds,
                [Kind::Phone],
                "{column}"
            );
        }
        assert_eq!(for_column_in("flows", "source_addr").kinds, [Kind::Address]);
        assert!(for_column_in("emails", "to").kinds.is_empty());
        assert!(for_column_in("flows", "src").kinds.is_empty());
        // What sort of author, address or contact: no name, no address.
        for class in [
            "author_type",
            "address_type",
            "contact_role",
            "email_status",
        ] {
            assert!(for_column(class).kinds.is_empty(), "{class}");
        }
        // Next of kin, a person's place, an applicant's letter.
        for kin in [
            "parorende_navn",
            "pårørende_navn",
            "paarorende_navn",
            "paaroerende_navn",
            "paroerende_navn",
            "paaroerende",
            "naermeste_leder",
            "nærmeste_leder",
            "line_manager",
            "caller_name",
            "caller_id_name",
            "kundens_navn",
            "eierens_navn",
            "owners_name",
            "assistantname",
            "suppliedname",
            "SuppliedName",
            "next_of_kin_name",
            "foresatt1_navn",
            "guardian_name",
            "contact2_name",
        ] {
            assert_eq!(for_column(kin).kinds, [Kind::Name], "{kin}");
        }
        assert_eq!(for_column_in("ansatt", "sted").kinds, [Kind::City]);
        assert_eq!(for_column_in("sjåfører", "navn").kinds, [Kind::Name]);
        assert_eq!(for_column("forename").kinds, [Kind::Name]);
        assert_eq!(for_column_in("kunden", "land").kinds, [Kind::Country]);
        // Registers of places, and a system's log lines.
        for (table, column) in [
            ("postnummer", "postnummer"),
            ("postnummer", "poststed"),
            ("zip_codes", "zip"),
            ("dim_city", "city"),
            ("ref_postal_codes", "postcode"),
        ] {
            assert!(
                for_column_in(table, column).kinds.is_empty(),
                "{table}.{column}"
            );
        }
        assert_eq!(for_column_in("kunder", "poststed").kinds, [Kind::City]);
        assert_eq!(
            for_column_in("customer_zip_codes", "zip").kinds,
            [Kind::PostalCode]
        );
        assert!(for_column_in("app_logs", "message").kinds.is_empty());
        // Sentry's events and an app's errors are a system's messages too.
        assert!(for_column_in("sentry_events", "message").kinds.is_empty());
        assert!(for_column_in("commits", "message").kinds.is_empty());
        assert!(for_column_in("app_errors", "msg").kinds.is_empty());
        assert_eq!(
            for_column_in("contact_events", "message").kinds,
            [Kind::Note]
        );
        assert_eq!(for_column_in("sms_logg", "melding").kinds, [Kind::Note]);
        assert_eq!(for_column_in("chat_log", "message").kinds, [Kind::Note]);
        assert_eq!(for_column_in("kunder", "message").kinds, [Kind::Note]);
        assert!(for_column_in("arrangement", "sted").kinds.is_empty());
        assert_eq!(for_column("soknadstekst").kinds, [Kind::Note]);
        for radius in ["callingstationid", "calling_station_id", "CallingStationId"] {
            assert_eq!(for_column(radius).kinds, [Kind::Phone], "{radius}");
        }
        assert_eq!(for_column("fødselsår").kinds, [Kind::BirthDate]);
    }

    #[test]
    fn names_that_suggest_nothing_or_the_opposite() {
        assert!(for_column("description").kinds.is_empty());
        assert!(
            for_column("shipping").kinds.is_empty(),
            "ship contains 'ip' but is not a word 'ip'"
        );
        assert_eq!(for_column("zip").kinds, [Kind::PostalCode]);
        for city in [
            "city",
            "billing_city",
            "poststed",
            "by",
            "Ort",
            "addressLocality",
            "mailingcity",
        ] {
            assert_eq!(for_column(city).kinds, [Kind::City], "{city}");
        }
        for other in [
            "created_by",
            "ethnicity",
            "capacity",
            "city_id",
            "sort_order",
        ] {
            assert!(!for_column(other).kinds.contains(&Kind::City), "{other}");
        }
        // A country: of an address the name qualifies, or a bare one in a table of
        // people or addresses; a product's origin and a rate's country are no one's.
        for country in [
            "billing_country",
            "MailingCountry",
            "mailingcountry",
            "addressCountry",
        ] {
            assert_eq!(for_column(country).kinds, [Kind::Country], "{country}");
        }
        for (table, column) in [
            ("mdl_user", "country"),
            ("kunder", "land"),
            ("wc_order_addresses", "country"),
            ("customers", "country_code"),
        ] {
            assert_eq!(
                for_column_in(table, column).kinds,
                [Kind::Country],
                "{table}.{column}"
            );
        }
        for (table, column) in [
            ("products", "country"),
            ("vat_rates", "country_code"),
            ("users", "country_of_origin"),
            ("users", "phone_country_code"),
            ("users", "billing_country_id"),
        ] {
            assert!(
                !for_column_in(table, column).kinds.contains(&Kind::Country),
                "{table}.{column}"
            );
        }
        assert_eq!(json_key_in("address", "country"), Some("address_country"));
        assert_eq!(json_key_in("product", "country"), None);
        assert_eq!(for_column("email_address").kinds, [Kind::Email]);
        assert_eq!(for_column("ip_address").kinds, [Kind::Ip]);
        assert!(for_column("app_version").negative);
        assert!(for_column("email_sha256").negative);
        assert!(for_column("build_id").negative);
        assert!(for_column("os").negative && for_column("batch").negative);
        assert!(for_column("product").negative && for_column("os_name").negative);
        assert!(!for_column("product_owner_email").negative);
        assert!(!for_column("os_user").negative);
        assert!(!for_column("customer_email").negative);
        assert!(for_column("signalling_node").negative);
        for agent in [
            "user_agent",
            "http_user_agent",
            "UserAgent",
            "comment_agent",
            "ua",
        ] {
            assert!(for_column(agent).negative, "{agent}");
        }
        for person in ["agent_email", "support_agent", "agent_name"] {
            assert!(!for_column(person).negative, "{person}");
        }
        for street in ["gatenavn", "street_name", "StreetName", "Strasse"] {
            let hint = for_column(street);
            assert!(
                hint.kinds == [Kind::Address] && hint.street_name,
                "{street}"
            );
        }
        assert!(!for_column("street").street_name && !for_column("adresse").street_name);
        for mail_id in [
            "message_id",
            "MessageId",
            "email_msgid",
            "in_reply_to",
            "ical_uid",
            "iCalUID",
        ] {
            let hint = for_column(mail_id);
            assert!(hint.mail_id && hint.negative, "{mail_id}");
        }
        for mailbox in ["reply_to", "message", "sender_email", "message_sender"] {
            let hint = for_column(mailbox);
            assert!(!hint.mail_id && !hint.negative, "{mailbox}");
        }
    }
}
