//! A messy, realistic source database, the same on PostgreSQL, MariaDB and SQLite:
//! Norwegian free text with `:` right after `å`, emoji, names from six countries,
//! national phone formats, typed address columns (`inet`, `INET6`), a caller column
//! that mixes emails and phones, a key/value table, JSON with order numbers and
//! versions beside identifiers, and the traps a DPO must not be shown: product codes
//! (EAN-13 from `00` and `70`), user agents, netmasks, section numbers, KID numbers,
//! licence keys of 64 digits in groups of four that open with a card number, and a
//! telecom's subscriber table (numbers without `+`, extensions, addresses with ports,
//! addresses percent-encoded in URLs, display names; networks written as prefixes) and
//! a user table (arrays and lists of addresses, MAC addresses without separators beside
//! serial numbers of the same shape, `-` and `ukjent` among addresses, numbers copied
//! from web pages with no-break spaces, names in any case and family name first, US
//! dates of birth, unsalted password digests beside digests of emails), and user meta
//! kept as WordPress keeps it (`meta_key`/`meta_value`, each identifier 5 % of values),
//! and call records (`a_number`/`b_number` with country code and no `+`, a bare
//! `nummer` of eight digits), a video
//! platform's participants (display names with notes in brackets, SIP headers, the
//! cluster node's own address, birth years) and alarm events (addresses and IMEIs kept
//! as integers; on MariaDB, MAC and IPv6 addresses as bytes).
//! SAMPLE and FULL scans must give the same, right verdicts every run.

use crate::discovery::{mysql_db, postgres_db, sqlite_db, SourceDb};
use crate::fixtures::{self, luhn_complete, mod11};
use serde_json::Value;
use std::process::Command;

const CUSTOMERS: usize = 2500;

const FIRST: &[&str] = &[
    "Ola",
    "Kari",
    "Åse",
    "Bjørn",
    "Sigrid",
    "Lars",
    "Ingrid",
    "Erik",
    "Märta",
    "Björn",
    "Søren",
    "Mette",
    "Jürgen",
    "Anne-Lise",
    "Oliver",
    "Emily",
    "John",
    "Mary",
    "Øystein",
    "Ellen",
];
const LAST: &[&str] = &[
    "Nordmann",
    "Hansen",
    "Ødegård",
    "Mårtensson",
    "Lindqvist",
    "Jørgensen",
    "Müller",
    "Schmidt",
    "Smith",
    "Johnson",
    "Lewis",
    "O'Brien",
    "Bakke",
    "Aasen",
    "Strøm",
    "Berg",
];
const STREETS: &[&str] = &[
    "Storgata",
    "Karl Johans gate",
    "Åsveien",
    "Kirkegata",
    "Trondheimsveien",
    "Skjæringsveien",
    "Bjørnstjerne Bjørnsons gate",
];

fn first(i: usize) -> &'static str {
    FIRST[i % FIRST.len()]
}

fn last(i: usize) -> &'static str {
    LAST[(i / FIRST.len() + i) % LAST.len()]
}

/// Emails with Norwegian letters in local parts and domains, and a shared mailbox.
fn email(i: usize) -> String {
    if i % 50 == 7 {
        return "post@firma.no".into();
    }
    let local = format!("{}.{}{}", first(i), last(i), i)
        .to_lowercase()
        .replace('\'', "");
    let domain = [
        "blåbær.no",
        "example.no",
        "firma.se",
        "gmail.com",
        "xn--bcher-kva.de",
    ][i % 5];
    format!("{local}@{domain}")
}

/// Mobile numbers as people type them: Norwegian (the 47 series too), Swedish,
/// German, British and American.
fn mobile(i: usize) -> String {
    let n = i % 1000;
    match i % 8 {
        0 => format!("+47 9{:02} {:02} {:03}", n % 100, n % 97, n),
        1 => format!("4{:07}", 1_000_000 + i * 37 % 8_000_000),
        2 => format!("+47 47 {:02} {:02} {:02}", n % 100, n % 89, n % 71),
        3 => format!("0047 41 {:02} {:02} {:02}", n % 100, n % 83, n % 79),
        4 => format!("+46 70 {:03} {:02} {:02}", 100 + n % 900, n % 100, n % 97),
        5 => format!("+49 30 {:07}", 1_000_000 + n * 7919),
        6 => format!("+44 20 7946 {:04}", n),
        _ => format!("+1 202 555 01{:02}", n % 100),
    }
}

fn note(i: usize) -> Option<String> {
    if i % 13 == 12 {
        return None;
    }
    Some(match i % 10 {
        0 => "Ring på: 6. etasje … kl. 17:00, porttelefonen virker ikke 😀".into(),
        1 => format!(
            "John Mårtensson. Conservator ved museet. References: Ellen Lewis, 945 56 {:03}; se vedlegg.",
            i % 1000
        ),
        2 => format!("Kunden ba om svar på {} før fredag; haster.", email(i + 7)),
        3 => "Bestilte to sett; levering: tirsdag. Kunde fornøyd ✔".into(),
        4 => "Åpningstider: 08:00–16:00; ønsker SMS-varsel når pakken er på vei.".into(),
        _ => "Lang merknad: kunden har hatt flere spørsmål om gjæring, temperatur og \
              rengjøring; vi har sendt bruksanvisning (versjon 2.1) og anbefalt å vente \
              to uker før tapping. Ingen videre oppfølging nødvendig på nåværende tidspunkt."
            .into(),
    })
}

/// A valid Norwegian bank account number, written `dddd.dd.ddddd`.
fn bank_account(i: usize) -> String {
    let mut n = 0;
    loop {
        let base = format!("{:010}", 1_503_000_000u64 + (i * 17 + n) as u64);
        if let Some(k) = mod11(&base, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) {
            return format!("{}.{}.{}{k}", &base[..4], &base[4..6], &base[6..]);
        }
        n += 1;
    }
}

/// A valid organisation number in its VAT form.
fn vat_number(i: usize) -> String {
    let mut n = 0;
    loop {
        let base = format!("{}", 91_000_000 + i * 31 + n);
        if let Some(k) = mod11(&base, &[3, 2, 7, 6, 5, 4, 3, 2]) {
            return format!("NO {} {} {}{k} MVA", &base[..3], &base[3..6], &base[6..]);
        }
        n += 1;
    }
}

/// A Swedish, Finnish, US or British national identity number.
fn foreign_id(i: usize) -> String {
    let (yy, mm, dd) = (50 + i % 50, i % 12 + 1, i % 28 + 1);
    let serial = 100 + i % 800;
    match i % 4 {
        0 => {
            let ten = luhn_complete(&format!("{yy:02}{mm:02}{dd:02}{serial:03}"));
            format!("{}-{}", &ten[..6], &ten[6..])
        }
        1 => {
            let n = format!("{dd:02}{mm:02}{yy:02}{serial:03}")
                .parse::<u64>()
                .unwrap();
            let check = b"0123456789ABCDEFHJKLMNPRSTUVWXY"[(n % 31) as usize] as char;
            format!("{dd:02}{mm:02}{yy:02}-{serial:03}{check}")
        }
        2 => format!("{serial:03}-{:02}-{:04}", i % 98 + 1, 1000 + i),
        _ => format!(
            "{}{} {:02} {:02} {:02} {}",
            ["A", "B", "C", "E", "J"][i % 5],
            ["B", "C", "E", "H", "K"][i % 5],
            i % 100,
            (i * 7) % 100,
            (i * 13) % 100,
            ["A", "B", "C", "D"][i % 4]
        ),
    }
}

const FOREIGN_IBANS: &[&str] = &[
    "AD12 0001 2030 2003 5910 0100",
    "BR18 0036 0305 0000 1000 9795 493C 1",
    "CR05 0152 0200 1026 2840 66",
    "EE38 2200 2210 2014 5685",
    "GI75 NWBK 0000 0000 7099 453",
    "TL38 0080 0123 4567 8910 157",
];

/// 64 digits in groups of four, as licence keys and hashes are written out: half of
/// them open with a Luhn-valid card number, and every window of four groups is a card
/// or phone candidate, but none is a number of its own.
fn licence_key(i: usize) -> String {
    let mut x = i as u64 + 1;
    let mut groups: Vec<String> = (0..16)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            format!("{:04}", (x >> 33) % 10_000)
        })
        .collect();
    let card = match i % 4 {
        0 => ["4111", "1111", "1111", "1111"],
        1 => ["5555", "5555", "5555", "4444"],
        _ => [""; 4],
    };
    for (group, digits) in groups.iter_mut().zip(card) {
        if !digits.is_empty() {
            *group = digits.to_owned();
        }
    }
    groups.join(" ")
}

fn lit(v: Option<&str>) -> String {
    match v {
        None => "NULL".into(),
        Some(s) => format!("'{}'", s.replace('\'', "''")),
    }
}

/// Multi-row INSERTs of `rows`, 200 rows a statement.
fn inserts(table: &str, columns: &str, rows: Vec<Vec<Option<String>>>) -> Vec<String> {
    rows.chunks(200)
        .map(|chunk| {
            let values: Vec<String> = chunk
                .iter()
                .map(|r| {
                    let cells: Vec<String> = r.iter().map(|c| lit(c.as_deref())).collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            format!(
                "INSERT INTO {table} ({columns}) VALUES {}",
                values.join(", ")
            )
        })
        .collect()
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn s(v: impl ToString) -> Option<String> {
    Some(v.to_string())
}

/// DDL and data for one engine: `postgres`, `mysql` or `sqlite`.
pub fn statements(engine: &str) -> Vec<String> {
    let (json, inet, ts, tail) = match engine {
        "postgres" => ("jsonb", "inet", "timestamptz", ""),
        "mysql" => ("json", "INET6", "datetime", " DEFAULT CHARSET=utf8mb4"),
        _ => ("TEXT", "TEXT", "TIMESTAMP", ""),
    };
    // PostgreSQL arrays read as `{a,b}`; the other engines keep the same text.
    let list = if engine == "postgres" {
        "text[]"
    } else {
        "varchar(300)"
    };
    let mut out = vec![
        format!(
            "CREATE TABLE kunder (id integer PRIMARY KEY, fornavn varchar(60), etternavn varchar(60),
             epost varchar(120), mobil varchar(40), adresse varchar(120), postnummer varchar(10),
             fodselsdato date, kjonn char(1), passord_hash varchar(100), notat text,
             kundenummer bigint, opprettet {ts}){tail}"
        ),
        format!(
            "CREATE TABLE innlogginger (id integer PRIMARY KEY, kunde_id integer, ip {inet},
             user_agent varchar(200), videresendt_for varchar(120)){tail}"
        ),
        format!(
            "CREATE TABLE samtaler (id integer PRIMARY KEY, oppringer varchar(120), varighet integer){tail}"
        ),
        format!(
            "CREATE TABLE innstillinger (id integer PRIMARY KEY, kunde_id integer, nokkel varchar(40),
             verdi varchar(200)){tail}"
        ),
        format!(
            "CREATE TABLE produkter (id integer PRIMARY KEY, navn varchar(80), ean varchar(13),
             versjon varchar(20), pris numeric(10,2), beskrivelse text, lisensnokkel varchar(90)){tail}"
        ),
        format!(
            "CREATE TABLE nettverk (id integer PRIMARY KEY, nettmaske varchar(15), wildcard varchar(15),
             seksjon varchar(15)){tail}"
        ),
        format!("CREATE TABLE hendelser (id integer PRIMARY KEY, payload {json}){tail}"),
        format!(
            "CREATE TABLE betalinger (id integer PRIMARY KEY, kunde_id integer, kontonummer varchar(20),
             referansetekst text){tail}"
        ),
        format!(
            "CREATE TABLE internasjonale_kontakter (id integer PRIMARY KEY, navn varchar(120),
             telefon varchar(40), epost varchar(120), nasjonalitet varchar(30), orgnr varchar(30),
             iban varchar(50), personnummer varchar(20)){tail}"
        ),
        format!(
            "CREATE TABLE brukere (id integer PRIMARY KEY, epostliste {list}, telefoner {list},
             kopi_til varchar(300), mac varchar(12), serienummer varchar(12),
             sist_sett_fra varchar(45), telefon_web varchar(40), navn varchar(80),
             date_of_birth varchar(20), passord varchar(128), epost_hash varchar(64)){tail}"
        ),
        format!(
            "CREATE TABLE samtalelogg (id integer PRIMARY KEY, a_number bigint, b_number varchar(20),
             varighet integer, celle varchar(30), nummer varchar(12)){tail}"
        ),
        format!(
            "CREATE TABLE deltakere (id integer PRIMARY KEY, visningsnavn varchar(80),
             fra_header varchar(160), signalling_node varchar(40), fodselsar integer,
             fra_alias varchar(80)){tail}"
        ),
        format!(
            "CREATE TABLE brukermeta (umeta_id integer PRIMARY KEY, bruker_id integer,
             meta_key varchar(60), meta_value text){tail}"
        ),
        format!(
            "CREATE TABLE abonnenter (id integer PRIMARY KEY, msisdn bigint, sentralbord varchar(40),
             endepunkt varchar(60), nett varchar(40), tilbakestilling text, kontakt varchar(160)){tail}"
        ),
    ];
    let ip = |i: usize| match i % 5 {
        0 | 1 => format!("81.167.{}.{}", i % 250, i % 199 + 1),
        2 => format!("10.158.{}.{}", i % 250, i % 199 + 1),
        3 => format!("2001:db8::{:x}", i + 1),
        _ => format!("::ffff:192.0.2.{}", i % 250 + 1),
    };
    out.extend(inserts(
        "kunder",
        "id, fornavn, etternavn, epost, mobil, adresse, postnummer, fodselsdato, kjonn, passord_hash, notat, kundenummer, opprettet",
        (0..CUSTOMERS)
            .map(|i| {
                let salt: String = format!("{:064x}", (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15)
                    .chars()
                    .take(53)
                    .collect();
                vec![
                    s(i + 1),
                    s(first(i)),
                    s(last(i)),
                    s(email(i)),
                    s(mobile(i)),
                    s(format!(
                        "{} {}{}",
                        STREETS[i % STREETS.len()],
                        i % 120 + 1,
                        ["", "B", ""][i % 3]
                    )),
                    s(format!("{:04}", (i * 37) % 9990 + 1)),
                    s(format!(
                        "{}-{:02}-{:02}",
                        1940 + i % 65,
                        i % 12 + 1,
                        i % 28 + 1
                    )),
                    s(["K", "M", "X"][i % 3]),
                    // Most accounts moved from a WordPress shop: bcrypt behind its `$wp`.
                    s(if i % 4 == 0 {
                        format!("$2b$12${salt}")
                    } else {
                        format!("$wp$2y$10${salt}")
                    }),
                    note(i),
                    s(40_000_000 + i * 7919),
                    s(format!("2024-01-{:02} 10:30:00", i % 28 + 1)),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "innlogginger",
        "id, kunde_id, ip, user_agent, videresendt_for",
        (0..CUSTOMERS)
            .map(|i| {
                // MariaDB's INET6 holds IPv4 addresses in their mapped form.
                let typed_ip = match (engine, ip(i)) {
                    ("mysql", v4) if !v4.contains(':') => format!("::ffff:{v4}"),
                    (_, any) => any,
                };
                vec![
                    s(i + 1),
                    s(i % CUSTOMERS + 1),
                    s(typed_ip),
                    s(format!(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{}.0.0.0 Safari/537.36",
                        100 + i % 20
                    )),
                    s(if i % 2 == 0 {
                        format!("{},10.0.0.{}", ip(i + 1), i % 200 + 1)
                    } else {
                        format!("{}, 172.16.0.{}", ip(i + 2), i % 200 + 1)
                    }),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "samtaler",
        "id, oppringer, varighet",
        (0..600)
            .map(|i| {
                let caller = if i % 10 < 7 {
                    format!("sip:{}@vc.firma.no", email(i).split('@').next().unwrap())
                } else {
                    mobile(i * 8)
                };
                vec![s(i + 1), s(caller), s(i * 37 % 3600 + 1)]
            })
            .collect(),
    ));
    out.extend(inserts(
        "innstillinger",
        "id, kunde_id, nokkel, verdi",
        (0..900)
            .map(|i| {
                let (k, v) = match i % 6 {
                    0 => ("varsling_epost", email(i)),
                    1 => ("sms", mobile(i * 8)),
                    2 => ("siste_ip", ip(i)),
                    3 => ("tema", ["mørk", "lys"][i % 2].to_owned()),
                    4 => ("språk", "nb-NO".to_owned()),
                    _ => ("nyhetsbrev", (i % 2 == 0).to_string()),
                };
                vec![s(i + 1), s(i / 6 + 1), s(k), s(v)]
            })
            .collect(),
    ));
    out.extend(inserts(
        "produkter",
        "id, navn, ean, versjon, pris, beskrivelse, lisensnokkel",
        (0..CUSTOMERS)
            .map(|i| {
                let ean = if i % 2 == 0 {
                    format!("00{:011}", 12_345_678_900u64 + i as u64 * 7)
                } else {
                    format!("70{:011}", 38_000_000_000u64 + i as u64 * 13)
                };
                vec![
                    s(i + 1),
                    s(format!(
                        "{} {}",
                        ["Bryggesett", "Gjærpakke", "Termometer", "Humlepellets"][i % 4],
                        ["Deluxe", "Mini", "Pro"][i % 3]
                    )),
                    s(ean),
                    s(format!("10.{}.{}.{}", i % 5, i % 7, i % 3 + 1)),
                    s(format!("{}.{:02}", 100 + i % 900, i % 100)),
                    s("Passer til 5 L og 23 L; 230 V. Se § 8.8.9.6 og kapittel 3.2.1.4 i vilkårene: garanti 2 år. Nettmaske 255.255.255.0 ved oppsett; firmware v1.2.3.4."),
                    s(licence_key(i)),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "nettverk",
        "id, nettmaske, wildcard, seksjon",
        (0..50)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["255.255.255.0", "255.255.240.0", "255.0.0.0"][i % 3]),
                    s(["0.0.0.15", "0.0.0.255", "0.0.255.255"][i % 3]),
                    s(format!(
                        "{}.{}.{}.{}",
                        i % 9 + 1,
                        i % 4 + 1,
                        i % 3 + 1,
                        i % 5 + 1
                    )),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "hendelser",
        "id, payload",
        (0..1500)
            .map(|i| {
                let doc = serde_json::json!({
                    "ordre_ref": 40_000_000 + i * 13,
                    "app_version": format!("10.2.{}.{}", i % 7, i % 5),
                    "kunde": { "fornavn": first(i), "epost": email(i), "mobil": mobile(i * 8) },
                    "name": "Startpakke",
                    "klient_ip": ip(i),
                    "tekst": "Ring på: 6. etasje 😀",
                });
                vec![s(i + 1), s(doc)]
            })
            .collect(),
    ));
    out.extend(inserts(
        "betalinger",
        "id, kunde_id, kontonummer, referansetekst",
        (0..800)
            .map(|i| {
                let kid = luhn_complete(&format!("4{:014}", 2_000_000_000u64 + i as u64 * 31));
                vec![
                    s(i + 1),
                    s(i % CUSTOMERS + 1),
                    s(bank_account(i)),
                    s(format!(
                        "Betalt med KID {kid} den 12.03.2024; ordre 4111 1111 1111 1111 mottatt ✔"
                    )),
                ]
            })
            .collect(),
    ));
    let intl_phone = |i: usize| match i % 8 {
        0 => format!("070-{:03} {:02} {:02}", 100 + i % 900, i % 100, i % 97),
        1 => format!(
            "08-{:03} {:03} {:02}",
            100 + i % 900,
            100 + i % 900,
            i % 100
        ),
        2 => format!("030 {:07}", 1_000_000 + i * 7919 % 8_000_000),
        3 => format!("+49 (0)30 {:07}", 1_000_000 + i * 7919 % 8_000_000),
        4 => format!("0151/{:08}", 10_000_000 + i * 7919),
        5 => format!("020 7946 {:04}", i % 10_000),
        6 => format!("(202) 555-01{:02}", i % 100),
        _ => format!("415-555-01{:02}", i % 100),
    };
    out.extend(inserts(
        "internasjonale_kontakter",
        "id, navn, telefon, epost, nasjonalitet, orgnr, iban, personnummer",
        (0..300)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 3), last(i + 5))),
                    s(intl_phone(i)),
                    s(email(i + 11)),
                    // As Norwegian writes them: in lower case (a form's pick list may not).
                    s(["norsk", "svensk", "dansk", "Tysk", "britisk", "amerikansk"][i % 6]),
                    s(vat_number(i)),
                    s(FOREIGN_IBANS[i % FOREIGN_IBANS.len()]),
                    s(foreign_id(i)),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "brukere",
        "id, epostliste, telefoner, kopi_til, mac, serienummer, sist_sett_fra, telefon_web, \
         navn, date_of_birth, passord, epost_hash",
        (0..500)
            .map(|i| {
                let hex = |salt: usize| {
                    format!(
                        "{:012x}",
                        ((i + salt) as u64 * 0x9e37_79b9_7f4b) & 0xffff_ffff_ffff
                    )
                };
                vec![
                    s(i + 1),
                    s(format!("{{{},{}}}", email(i + 3), email(i + 4))),
                    s(format!("{{\"{}\",\"{}\"}}", mobile(i), mobile(i + 4))),
                    s(format!(
                        "{}; \"{}, {}\" <{}>",
                        email(i + 5),
                        last(i),
                        first(i),
                        email(i + 6)
                    )),
                    s(hex(1)),
                    s(hex(2).to_uppercase()),
                    s(match i % 6 {
                        0 => "-".to_owned(),
                        1 => "ukjent".to_owned(),
                        _ => endpoint(i * 2).split(':').next().unwrap().to_owned(),
                    }),
                    s(format!(
                        "+47\u{a0}9{:02}\u{a0}34\u{a0}{:03}",
                        i % 100,
                        i % 1000
                    )),
                    // Names as people type them and registers write them.
                    s(match i % 4 {
                        0 | 1 => format!("{} {}", first(i), last(i)).to_lowercase(),
                        2 => format!("{}, {}", last(i), first(i)),
                        _ => format!("{} van der {}", first(i), last(i).to_uppercase()),
                    }),
                    // US systems write the month first.
                    s(format!(
                        "{:02}/{:02}/{}",
                        i % 12 + 1,
                        i % 28 + 1,
                        1950 + i % 50
                    )),
                    // An old system's unsalted digests; a digest of the email beside it
                    // is no password.
                    s(format!("{}{}", hex(3), hex(4)).repeat(3)[..64].to_owned()),
                    s(format!("{}{}", hex(5), hex(6)).repeat(3)[..64].to_owned()),
                ]
            })
            .collect(),
    ));
    // Call records as a telecom keeps them: both parties' numbers with their country
    // code and no `+`, beside cell ids and durations.
    out.extend(inserts(
        "samtalelogg",
        "id, a_number, b_number, varighet, celle, nummer",
        (0..400)
            .map(|i| {
                let b = match i % 3 {
                    0 => msisdn(i + 1).to_string(),
                    1 => format!("4670{:07}", 1_000_000 + i * 7919 % 8_000_000),
                    _ => format!("49151{:08}", 10_000_000 + i * 7919),
                };
                vec![
                    s(i + 1),
                    s(msisdn(i)),
                    s(b),
                    s(i * 7 % 600),
                    s(format!("242-01-{}-{}", 1000 + i % 50, i * 37 % 9999)),
                    // The other party as a phone's call log keeps it: eight bare digits.
                    s(msisdn(i + 2) % 100_000_000),
                ]
            })
            .collect(),
    ));
    // An alarm company's events: the sending address kept as an integer (MySQL's
    // `INET_ATON`) beside a battery level; on MariaDB also the device's MAC address and
    // an IPv6 address as the bytes `INET6_ATON` stores; on PostgreSQL the device's
    // EUI-64 as `macaddr8` in a column whose name says only "hardware" (eight groups
    // read as an IPv6 address too: only the type tells).
    let binary = engine == "mysql";
    let eui64 = engine == "postgres";
    out.push(format!(
        "CREATE TABLE alarmhendelser (id integer PRIMARY KEY, kilde_ip bigint, batteri integer,
         enhet_imei bigint{}){tail}",
        if binary {
            ", enhet_mac binary(6), kilde_ip6 varbinary(16), siste_ip varbinary(40),
             ruter_mac varbinary(17)"
        } else if eui64 {
            ", maskinvare macaddr8"
        } else {
            ""
        }
    ));
    let rows: Vec<String> = (0..300u64)
        .map(|i| {
            let v4 = (84u64 << 24) + i * 65_537 + 1;
            let extra = if binary {
                format!(
                    ", X'{:012x}', INET6_ATON('2a02:fe1:{:x}::{:x}'), '{}', '00:1a:2b:{:02x}:{:02x}:{:02x}'",
                    0x001a_2b00_0000 + i * 7919,
                    i + 1,
                    i % 250 + 1,
                    // The address's text in a binary column, as MediaWiki keeps `rc_ip`
                    // (none 16 bytes long, which `INET6_NTOA` would read as an address).
                    if i % 3 == 0 {
                        format!("2a02:fe1::{:x}", i % 250 + 1)
                    } else {
                        format!("81.{}.{}.{}", 160 + i % 8, i % 250, i % 200 + 1)
                    },
                    // …and a MAC address's text beside it.
                    i / 256,
                    i % 256,
                    i % 7
                )
            } else if eui64 {
                format!(
                    ", '08:00:2b:01:02:{:02x}:{:02x}:{:02x}'",
                    i / 256,
                    i % 256,
                    i % 7
                )
            } else {
                String::new()
            };
            // IMEIs as numbers: a type allocation code from `01` loses its zero (four
            // in five here, so the column is an IMEI column only if those count).
            let tac = if i % 5 == 0 { "35" } else { "01" };
            let imei = luhn_complete(&format!("{tac}{:012}", i * 7919));
            let imei = imei.trim_start_matches('0');
            format!("({}, {v4}, {}, {imei}{extra})", i + 1, i % 101)
        })
        .collect();
    out.push(format!(
        "INSERT INTO alarmhendelser (id, kilde_ip, batteri, enhet_imei{}) VALUES {}",
        if binary {
            ", enhet_mac, kilde_ip6, siste_ip, ruter_mac"
        } else if eui64 {
            ", maskinvare"
        } else {
            ""
        },
        rows.join(", ")
    ));
    // PostgreSQL: emergency contacts in a composite type, read as its text form
    // (`("Kari Nordmann","+47 412 34 567",kari@…)`), and an `hstore` of the contact's
    // settings, read by its keys (`"mobil"=>"+47 …"`, `"epost"=>"…"`).
    if eui64 {
        out.push("CREATE EXTENSION IF NOT EXISTS hstore".into());
        out.push("CREATE TYPE naerstaende AS (navn text, telefon text, epost text)".into());
        out.push(
            "CREATE TABLE nodkontakter (id integer PRIMARY KEY, kontakt naerstaende,
             innstillinger hstore)"
                .into(),
        );
        let rows: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "({}, ROW('{} {}', '+47 {}', '{}'), '\"mobil\"=>\"+47 {}\", \"epost\"=>\"{}\",
                     \"farge\"=>\"blå\", \"merknad\"=>\"a=>b; 2. etg: ring på 🙂\", \"app\"=>{}')",
                    i + 1,
                    first(i),
                    last(i).replace('\'', "''"),
                    msisdn(i) % 100_000_000,
                    email(i),
                    msisdn(i + 3) % 100_000_000,
                    email(i + 7),
                    if i % 2 == 0 { "\"ja\"" } else { "NULL" },
                )
            })
            .collect();
        out.push(format!(
            "INSERT INTO nodkontakter (id, kontakt, innstillinger) VALUES {}",
            rows.join(", ")
        ));
    }
    // A support desk's mail log: the mail's own identifiers (address-shaped, nobody's
    // mailbox), the sender as a mail header names them, the sender's phone as the
    // signature gives it (a label in brackets, or the country code in brackets), and the
    // repository a bug report points at (`git@host:path` is an account on a host).
    out.push(format!(
        "CREATE TABLE epostlogg (id integer PRIMARY KEY, message_id varchar(120),
         in_reply_to varchar(120), avsender varchar(160), avsender_tlf varchar(60),
         repo varchar(120)){tail}"
    ));
    out.extend(inserts(
        "epostlogg",
        "id, message_id, in_reply_to, avsender, avsender_tlf, repo",
        (0..200)
            .map(|i| {
                let number = msisdn(i) % 100_000_000;
                let (a, b) = (number / 100_000, number % 100_000);
                vec![
                    s(i + 1),
                    s(format!("<CAK{i}x=Q7fz+{}@mail.gmail.com>", i * 7919)),
                    (i % 4 != 0).then(|| format!("<{}.{}@smtp.firma.no>", 1_700_000_000 + i, i)),
                    s(format!("{} {} <{}>", first(i), last(i), email(i))),
                    s(match i % 4 {
                        0 => format!("+47 {a} {b:05}"),
                        1 => format!("+47 {a} {b:05} (mobil)"),
                        2 => format!("+47 {a} {b:05} (jobb, kun SMS)"),
                        _ => format!("(+47) {a} {b:05}"),
                    }),
                    s([
                        "git@github.com:firma/app.git",
                        "ssh://git@git.firma.no/drift/ruter.git",
                    ][i % 2]),
                ]
            })
            .collect(),
    ));
    // A brewing sensor's readings as the device sends them: `key=value` fields, the
    // firmware version among them (a dotted quad after `v=`), nothing personal.
    out.push(format!(
        "CREATE TABLE maalinger (id integer PRIMARY KEY, enhet varchar(20), raa varchar(120)){tail}"
    ));
    out.extend(inserts(
        "maalinger",
        "id, enhet, raa",
        (0..300)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("PLT-{:06}", 100_000 + i * 37)),
                    s(format!(
                        "G=1.0{:03};T={}.{};RSSI=-{};v={}.{}.{}.{}",
                        i * 7 % 1000,
                        18 + i % 6,
                        i % 10,
                        30 + i % 60,
                        1 + i % 3,
                        i % 10,
                        i % 30,
                        i % 99
                    )),
                ]
            })
            .collect(),
    ));
    // A document's sharing settings: a JSON map keyed by the people it is shared with.
    out.push(format!(
        "CREATE TABLE delinger (id integer PRIMARY KEY, dokument varchar(60), tilgang {json}){tail}"
    ));
    out.extend(inserts(
        "delinger",
        "id, dokument, tilgang",
        (0..200)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("Budsjett {} – utkast {}", 2020 + i % 6, i)),
                    s(format!(
                        r#"{{"{}": {{"rolle": "eier"}}, "{}": {{"rolle": "leser", "siden": "2024-0{}-01"}}}}"#,
                        email(i),
                        email(i + 3),
                        1 + i % 9
                    )),
                ]
            })
            .collect(),
    ));
    // Profile pictures beside the login they belong to, both kept as bytes (as
    // MediaWiki keeps user names and emails in `VARBINARY`/`TINYBLOB`): the login is an
    // email's UTF-8, the picture a PNG's bytes (no text). On SQLite, which enforces no
    // declared type, a note column of text holds a picture in one row in ten too.
    let (bytes, blob) = match engine {
        "postgres" => ("bytea", "bytea"),
        "mysql" => ("varbinary(255)", "mediumblob"),
        _ => ("BLOB", "BLOB"),
    };
    let blob_literal = |b: &[u8]| match engine {
        "postgres" => format!("'\\x{}'::bytea", hex_of(b)),
        _ => format!("X'{}'", hex_of(b)),
    };
    let png = |i: usize| {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend((0..300).map(|k| ((i * 31 + k * 7) % 256) as u8));
        b
    };
    out.push(format!(
        "CREATE TABLE profilbilder (id integer PRIMARY KEY, innlogging {bytes}, bilde {blob},
         merknad text, miniatyr varchar(120)){tail}"
    ));
    let rows: Vec<String> = (0..150)
        .map(|i| {
            let merknad = if engine == "sqlite" && i % 10 == 3 {
                blob_literal(&png(i))
            } else {
                lit(Some(&format!(
                    "Beskåret til 400×400 px; lastet opp fra mobil 📱 (versjon {}.{})",
                    1 + i % 3,
                    i % 10
                )))
            };
            // The picture's thumbnail drawn for sharp screens, named as iOS and `srcset`
            // name them: `avatar@2x.png` is no address.
            let miniatyr = match i % 3 {
                0 => format!("/media/profil/{i}/avatar@2x.png"),
                1 => format!("https://cdn.example.no/u/{i}/avatar@3x.webp"),
                _ => format!("profil_{i}@2x.jpg"),
            };
            format!(
                "({}, {}, {}, {merknad}, {})",
                i + 1,
                blob_literal(email(i).as_bytes()),
                blob_literal(&png(i)),
                lit(Some(&miniatyr))
            )
        })
        .collect();
    out.push(format!(
        "INSERT INTO profilbilder (id, innlogging, bilde, merknad, miniatyr) VALUES {}",
        rows.join(", ")
    ));
    // A power company's households: the owner named by a role (`eier`), a flag whose
    // name is a role too (`ansatt`, "employee": `ja`/`nei`, no one's name), the grid
    // company, the 18-digit metering point id, and the postal code as an integer (Oslo's
    // `0150` kept as `150`).
    // On SQLite the contact email's column is declared as the PostgreSQL schema it was
    // ported from declared it, with its domain type `epost` (NUMERIC affinity: the text
    // kept as text).
    let ported_text = if engine == "sqlite" {
        "epost"
    } else {
        "varchar(120)"
    };
    out.push(format!(
        "CREATE TABLE husstander (id integer PRIMARY KEY, eier varchar(80), ansatt varchar(3),
         nettselskap varchar(40), malepunkt_id varchar(18), postnr integer, eier_fnr bigint,
         telefon_id integer, ektefelle_navn varchar(80), gatenavn varchar(60),
         husnummer varchar(6), tlf2 varchar(12), kontakt_epost {ported_text}){tail}"
    ));
    out.extend(inserts(
        "husstander",
        "id, eier, ansatt, nettselskap, malepunkt_id, postnr, eier_fnr, telefon_id, ektefelle_navn, gatenavn, husnummer, tlf2, kontakt_epost",
        (0..200)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i), last(i))),
                    s(["nei", "ja", "nei", "nei"][i % 4]),
                    s(["Elvia AS", "Lede AS", "Glitre Nett AS"][i % 3]),
                    s(luhn_complete(&format!("70705750{:09}", i * 7919))),
                    s(if i % 3 == 0 {
                        3000 + i * 7 % 4000
                    } else {
                        150 + i * 13 % 850
                    }),
                    // The owner's national id as a number: a birth day from 1 to 9
                    // loses its zero (three in four here).
                    s(fixtures::fnr(if i % 4 == 0 {
                        10 + i % 18
                    } else {
                        i % 9 + 28 * (i / 9 % 2)
                    })
                    .parse::<u64>()
                    .unwrap()),
                    // A key into the owner's phones (eight digits from 4: no number).
                    s(40_000_000 + i * 7919),
                    // The spouse's name, for half of the households.
                    (i % 2 == 0).then(|| format!("{} {}", first(i + 11), last(i + 3))),
                    // The street's name and its house number, as address registers
                    // keep them.
                    s(STREETS[i % STREETS.len()]),
                    s(format!("{}{}", i % 120 + 1, ["", "A", "", "B"][i % 4])),
                    // A second phone number, eight bare digits in a numbered column.
                    (i % 3 != 0).then(|| (msisdn(i + 7) % 100_000_000).to_string()),
                    s(email(i + 13)),
                ]
            })
            .collect(),
    ));
    // A telecom's traffic counters per day: counts named for what they count (a count
    // of 123456789 reads as an IPv4 address kept as an integer, 40001234 as a phone).
    out.push(format!(
        "CREATE TABLE trafikk (id integer PRIMARY KEY, dag varchar(10), ip_hits bigint,
         tlf_antall bigint){tail}"
    ));
    out.extend(inserts(
        "trafikk",
        "id, dag, ip_hits, tlf_antall",
        (0..120)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("2024-11-{:02}", i % 30 + 1)),
                    s(20_000_000 + i as u64 * 24_999_991),
                    s(40_000_000 + i * 7_919),
                ]
            })
            .collect(),
    ));
    // A shop's Swedish and German customers, their columns named in those languages.
    out.push(format!(
        "CREATE TABLE kunder_se_de (id integer PRIMARY KEY, vorname varchar(40),
         efternamn varchar(40), geburtsdatum date, geschlecht varchar(12),
         postleitzahl varchar(8), anteckning text){tail}"
    ));
    out.extend(inserts(
        "kunder_se_de",
        "id, vorname, efternamn, geburtsdatum, geschlecht, postleitzahl, anteckning",
        (0..120)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Jürgen", "Anna", "Lukas", "Karin"][i % 4]),
                    s(["Müller", "Andersson", "Weber", "Nilsson"][i % 4]),
                    s(format!(
                        "{}-{:02}-{:02}",
                        1950 + i % 50,
                        i % 12 + 1,
                        i % 28 + 1
                    )),
                    s(["weiblich", "männlich", "kvinna", "man", "divers"][i % 5]),
                    s(format!("{:05}", 10115 + i * 37)),
                    s([
                        "Kunde möchte Rückruf am Nachmittag; Lieferung an Nachbarn erlaubt.",
                        "Ringde om fakturan, vill ha kopia via post 😊",
                    ][i % 2]),
                ]
            })
            .collect(),
    ));
    // Job applications: the applicant's birth date under `fodt` ("born"), referees as a
    // JSON list of names with a phone or an email, and a cover letter that gives the
    // number after a few words (`Kontakt meg gjerne på 41234567`).
    out.push(format!(
        "CREATE TABLE soknader (id integer PRIMARY KEY, stilling varchar(60), fodt date,
         referanser {json}, soknadstekst text, mobil_jobb varchar(30)){tail}"
    ));
    out.extend(inserts(
        "soknader",
        "id, stilling, fodt, referanser, soknadstekst, mobil_jobb",
        (0..150)
            .map(|i| {
                let referee = i + 37;
                vec![
                    s(i + 1),
                    s(["Utvikler IoT", "Kundesenter", "Salgssjef"][i % 3]),
                    s(format!("{}-{:02}-{:02}", 1965 + i % 37, i % 12 + 1, i % 28 + 1)),
                    s(format!(
                        r#"[{{"navn": "{} {}", "telefon": "{}", "relasjon": "tidligere leder"}}, {{"navn": "{} {}", "relasjon": "kollega"}}]"#,
                        first(referee),
                        last(referee),
                        msisdn(referee) % 100_000_000,
                        first(i + 5),
                        last(i + 5),
                    )),
                    s(format!(
                        "Hei! Jeg søker stillingen som {}: 10 års erfaring (2014–2024). Kontakt meg gjerne på {} 😊",
                        ["utvikler", "rådgiver", "selger"][i % 3],
                        msisdn(i) % 100_000_000
                    )),
                    // Two numbers as a form pairs them, mobile and work.
                    s(format!(
                        "{} / {}",
                        msisdn(i) % 100_000_000,
                        msisdn(i + 1) % 100_000_000
                    )),
                ]
            })
            .collect(),
    ));
    // A newsletter's subscribers as Mailchimp exports them: `FNAME`/`LNAME` merge
    // fields, the phone and fax numbers as bare digits under a name written as one word
    // with "number" (`tlfnr`, `faksnr`), and the opt-in address.
    out.push(format!(
        "CREATE TABLE nyhetsbrev (id integer PRIMARY KEY, email varchar(120), fname varchar(40),
         lname varchar(40), tlfnr varchar(12), faksnr varchar(12), optin_ip varchar(45)){tail}"
    ));
    out.extend(inserts(
        "nyhetsbrev",
        "id, email, fname, lname, tlfnr, faksnr, optin_ip",
        (0..120)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(email(i + 11)),
                    s(first(i + 11)),
                    s(last(i + 11)),
                    s(msisdn(i + 11) % 100_000_000),
                    (i % 3 == 0).then(|| format!("{}", 22_000_000 + i * 4_999)),
                    s(format!("84.{}.{}.{}", 200 + i % 50, i % 250, i % 199 + 1)),
                ]
            })
            .collect(),
    ));
    // An SMS gateway's log (SMPP's names): the sender is a subscriber's MSISDN or a
    // company's alphanumeric name, the receiver an MSISDN; one-time codes in the text.
    out.push(format!(
        "CREATE TABLE sms_logg (id integer PRIMARY KEY, source_addr varchar(16),
         dest_addr varchar(16), tekst varchar(160)){tail}"
    ));
    out.extend(inserts(
        "sms_logg",
        "id, source_addr, dest_addr, tekst",
        (0..160)
            .map(|i| {
                let sender = match i % 4 {
                    0 => "Posten".to_owned(),
                    _ => msisdn(i + 3).to_string(),
                };
                vec![
                    s(i + 1),
                    s(sender),
                    s(msisdn(i + 40)),
                    s(format!(
                        "Din kode er {:06}. Den gjelder i 10 min.",
                        i * 7_919 % 1_000_000
                    )),
                ]
            })
            .collect(),
    ));
    // An IoT provider's SIM cards: Norway's 12-digit numbers (the M2M series, also
    // smartwatches and twin SIMs), the modem's report and its last event, whose build
    // numbers are dotted quads (one ending in `.0`, one the software was updated to),
    // and the card's ICCID and the subscriber's IMSI.
    out.push(format!(
        "CREATE TABLE sim_kort (id integer PRIMARY KEY, msisdn varchar(24),
         modem_status varchar(200), siste_hendelse varchar(200), iccid varchar(22),
         imsi varchar(15)){tail}"
    ));
    out.extend(inserts(
        "sim_kort",
        "id, msisdn, modem_status, siste_hendelse, iccid, imsi",
        (0..120)
            .map(|i| {
                let (a, b, c) = (i * 7 % 1000, (i * 389 + 11) % 1000, (i * 613 + 5) % 1000);
                vec![
                    s(i + 1),
                    // Written for people, or bare with the country code as an
                    // operator's systems keep it.
                    s(if i % 2 == 0 {
                        format!("+47 580 {a:03} {b:03} {c:03}")
                    } else {
                        format!("47580{a:03}{b:03}{c:03}")
                    }),
                    s(format!(
                        "Quectel EC25 rev {}.{}.{}.0; APN: iot.telenør.no; signal −{} dBm ✅",
                        10 + i % 3,
                        30 + i % 9,
                        100 + i % 120,
                        60 + i % 30
                    )),
                    s(format!(
                        "Oppdatert til {}.{}.{}.{} i natt kl. 03:{:02}; omstart OK",
                        1 + i % 4,
                        i % 20,
                        100 + i % 50,
                        1 + i % 200,
                        i % 60
                    )),
                    s(luhn_complete(&format!(
                        "894708{:012}",
                        3_700_000_000u64 + i as u64 * 7_919
                    ))),
                    s(format!("24201{:010}", 100_000 + i as u64 * 104_729)),
                ]
            })
            .collect(),
    ));
    // A budget imported from a spreadsheet: amounts as text, grouped in thousands.
    out.push(format!(
        "CREATE TABLE budsjett (id integer PRIMARY KEY, post varchar(60), belop varchar(20)){tail}"
    ));
    out.extend(inserts(
        "budsjett",
        "id, post, belop",
        (0..90)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Lønn: drift", "Husleie; Oslo", "Lisenser 🧾"][i % 3]),
                    s(format!(
                        "{} {:03} {:03}",
                        40 + i % 60,
                        i * 37 % 1000,
                        i * 113 % 1000
                    )),
                ]
            })
            .collect(),
    ));
    // An integration's log: the client that called (an address with its ephemeral
    // port), and errors naming the services it could not reach (`host:5432`).
    out.push(format!(
        "CREATE TABLE integrasjonslogg (id integer PRIMARY KEY, klient varchar(40),
         feil varchar(300)){tail}"
    ));
    out.extend(inserts(
        "integrasjonslogg",
        "id, klient, feil",
        (0..150)
            .map(|i| {
                let service = ["5432", "6379", "443", "5061"][i % 4];
                vec![
                    s(i + 1),
                    s(format!(
                        "84.{}.{}.{}:{}",
                        20 + i % 200,
                        i % 250,
                        i % 199 + 1,
                        49152 + i
                    )),
                    s(format!(
                        "java.net.ConnectException: Connection refused (10.20.{}.{}:{service}); \
                         forsøk {}/3 – «tjenesten svarer ikke»",
                        i % 8,
                        i % 30 + 2,
                        i % 3 + 1
                    )),
                ]
            })
            .collect(),
    ));
    // A shop's customers as Magento keeps them: one-word name columns, a middle name
    // most leave empty, gender as ISO/IEC 5218's codes (and Magento's 3, not stated).
    out.push(format!(
        "CREATE TABLE customer_entity (entity_id integer PRIMARY KEY, email varchar(120),
         firstname varchar(60), middlename varchar(60), lastname varchar(60),
         gender integer){tail}"
    ));
    out.extend(inserts(
        "customer_entity",
        "entity_id, email, firstname, middlename, lastname, gender",
        (0..120)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(email(i + 300)),
                    s(first(i + 300)),
                    (i % 4 == 0).then(|| first(i + 7).to_owned()),
                    s(last(i + 300)),
                    (i % 5 != 4).then(|| (i % 3 + 1).to_string()),
                ]
            })
            .collect(),
    ));
    // A clinic's appointments synced with a calendar: the patient and the practitioner
    // named by their roles (the practitioner with a title), the event's iCalendar UID
    // as Google writes it (an address's shape, nobody's mailbox).
    out.push(format!(
        "CREATE TABLE timeavtaler (id integer PRIMARY KEY, pasient varchar(80),
         behandler varchar(80), ical_uid varchar(120), kanal varchar(10)){tail}"
    ));
    out.extend(inserts(
        "timeavtaler",
        "id, pasient, behandler, ical_uid, kanal",
        (0..140)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 21), last(i + 21))),
                    s([
                        "Dr. Lise Berg",
                        "Sykepleier Tone Vik",
                        "Ahmed Khan",
                        "Dr. Ole Brun",
                    ][i % 4]),
                    s(format!(
                        "{:x}{:08x}@google.com",
                        7_919 * (i + 1),
                        i * 104_729
                    )),
                    s(["web", "telefon"][i % 2]),
                ]
            })
            .collect(),
    ));
    // A website's contact form: who wrote in (a bare `navn`, in a table named for the
    // form, not for people) and the topic they picked.
    out.push(format!(
        "CREATE TABLE kontaktskjema (id integer PRIMARY KEY, navn varchar(80),
         emne varchar(40)){tail}"
    ));
    out.extend(inserts(
        "kontaktskjema",
        "id, navn, emne",
        (0..80)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 40), last(i + 40))),
                    s(["Faktura", "Retur: øl-kjøleskap", "Levering", "Annet"][i % 4]),
                ]
            })
            .collect(),
    ));
    // Northwind's orders as a migration to PostgreSQL folds their names
    // (`shipaddress`, once `ShipAddress`: no IP address in it), shipped abroad:
    // Canadian and Dutch postal codes, and French numbers written in dotted pairs (an
    // IPv4 address's shape) among the others.
    out.push(format!(
        "CREATE TABLE shiporders (orderid integer PRIMARY KEY, shipaddress varchar(80),
         shippostalcode varchar(12), phone varchar(24)){tail}"
    ));
    out.extend(inserts(
        "shiporders",
        "orderid, shipaddress, shippostalcode, phone",
        (0..90)
            .map(|i| {
                vec![
                    s(10_248 + i),
                    s(format!("{} {}", STREETS[i % STREETS.len()], i % 90 + 2)),
                    s(match i % 3 {
                        0 => format!("H{}G {}A{}", i % 10, (i + 3) % 10, (i + 7) % 10),
                        1 => format!("{} AB", 1_011 + i),
                        _ => format!("{:04}", 150 + i),
                    }),
                    s(match i % 3 {
                        0 => format!("{}.{:02}.15.{:02}", 20 + i % 70, i % 97, (i * 7) % 100),
                        _ => format!(
                            "+47 22 {:02} {:02} {:02}",
                            i % 90 + 10,
                            i % 97,
                            (i * 3) % 100
                        ),
                    }),
                ]
            })
            .collect(),
    ));
    // An identity server's users' attributes as Keycloak keeps them: a key/value table
    // whose key column is a bare `name` in a users' table (it names attributes, no
    // person); Odoo's contacts (`res_partner`: people, some companies); an account's
    // fields as Nextcloud keeps them, each a `value` under the key that names it.
    out.push(format!(
        "CREATE TABLE user_attribute (id integer PRIMARY KEY, name varchar(40),
         value varchar(80), user_id integer){tail}"
    ));
    out.extend(inserts(
        "user_attribute",
        "id, name, value, user_id",
        (0..160)
            .map(|i| {
                let (name, value) = match i % 4 {
                    0 => ("phoneNumber", format!("9{:07}", 1_234_567 + i * 7_919)),
                    1 => ("locale", ["nb", "en"][i % 2].to_owned()),
                    2 => ("department", ["Salg", "Økonomi", "R&D"][i % 3].to_owned()),
                    _ => ("Team", ["Drift", "Kundeservice"][i % 2].to_owned()),
                };
                vec![s(i + 1), s(name), s(value), s(i / 4 + 1)]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE res_partner (id integer PRIMARY KEY, name varchar(80),
         display_name varchar(120), is_company integer){tail}"
    ));
    out.extend(inserts(
        "res_partner",
        "id, name, display_name, is_company",
        (0..90)
            .map(|i| {
                let company = i % 5 == 0;
                let name = if company {
                    ["Bryggeriet Ølhallen AS", "Nordic Heat AS"][i % 2].to_owned()
                } else {
                    format!("{} {}", first(i + 60), last(i + 60))
                };
                let display = if company {
                    name.clone()
                } else {
                    format!("Firma AS, {name}")
                };
                vec![s(i + 1), s(name), s(display), s(u8::from(company))]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE oc_accounts (uid varchar(64) PRIMARY KEY, data {json}){tail}"
    ));
    out.extend(inserts(
        "oc_accounts",
        "uid, data",
        (0..70)
            .map(|i| {
                let phone = if i % 3 == 0 {
                    String::new()
                } else {
                    format!("4{:07}", 1_000_000 + i * 7_919)
                };
                vec![
                    s(format!("bruker{i}")),
                    s(format!(
                        r#"{{"phone": {{"value": "{phone}", "scope": "v2-local"}}, "website": {{"value": "", "scope": "v2-local"}}, "twitter": {{"value": "", "scope": "v2-local"}}}}"#
                    )),
                ]
            })
            .collect(),
    ));
    // A marketplace's listings: the seller named by the role (`selger`), the listing's
    // nine-digit code (no phone), a title with its item's model numbers.
    out.push(format!(
        "CREATE TABLE annonser (finnkode integer PRIMARY KEY, tittel varchar(120),
         selger varchar(80), pris integer){tail}"
    ));
    out.extend(inserts(
        "annonser",
        "finnkode, tittel, selger, pris",
        (0..100)
            .map(|i| {
                vec![
                    s(312_000_000 + i * 7_919),
                    s([
                        "Brukt sykkel, 21 gir – hentes i Bergen",
                        "Sofa fra IKEA (3-seter); lite brukt 🛋️",
                        "iPhone 13, 128 GB – pent brukt",
                        "Ølbryggingsutstyr: 2 gjæringskar á 30 l",
                    ][i % 4]),
                    s(format!("{} {}", first(i + 80), last(i + 80))),
                    s(100 + i * 37),
                ]
            })
            .collect(),
    ));
    // A brewing device's telemetry: readings, and its firmware and software revisions
    // under `fw` and `sw` (four numbers with dots, no one's address).
    out.push(format!(
        "CREATE TABLE enhet_telemetri (id integer PRIMARY KEY, telemetri {json}){tail}"
    ));
    out.extend(inserts(
        "enhet_telemetri",
        "id, telemetri",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!(
                        r#"{{"temp": {}.{}, "sg": "1.0{:02}", "rssi": -{}, "fw": "2.1.{}.{}", "sw": "10.4.{}.2"}}"#,
                        15 + i % 8,
                        i % 10,
                        i % 60,
                        40 + i % 50,
                        i % 9,
                        100 + i,
                        i % 5
                    )),
                ]
            })
            .collect(),
    ));
    // A help desk's tickets: a short subject, and what the customer wrote as the
    // ticket's bare `description` (a note, as a product's description is not).
    out.push(format!(
        "CREATE TABLE support_tickets (id integer PRIMARY KEY, subject varchar(80),
         description text){tail}"
    ));
    out.extend(inserts(
        "support_tickets",
        "id, subject, description",
        (0..80)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Faktura", "Kan ikke logge inn 😩", "Retur"][i % 3]),
                    s(format!(
                        "Hei! Enheten min står på «offline» etter oppdatering; hva gjør jeg nå? Mvh {}",
                        first(i + 90)
                    )),
                ]
            })
            .collect(),
    ));
    // A US clinic's contacts: the home phone as ten bare digits (no `1`), as US systems
    // keep it, in the 555-01XX lines set aside for fiction; a medical record number of
    // ten digits too (no area code starts with 0).
    out.push(format!(
        "CREATE TABLE contacts_us (id integer PRIMARY KEY, home_phone varchar(10),
         mrn varchar(10)){tail}"
    ));
    out.extend(inserts(
        "contacts_us",
        "id, home_phone, mrn",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!(
                        "{}5550{:03}",
                        [212, 415, 646, 312, 617][i % 5],
                        100 + i % 100
                    )),
                    s(format!("00{:08}", 4_711 + i * 7_919)),
                ]
            })
            .collect(),
    ));
    // A PBX's call records as Asterisk keeps them: the caller's number or an extension
    // in `src`, the called one in `dst` (`s` where a dial plan starts), the caller's
    // name and number in `clid`.
    out.push(format!(
        "CREATE TABLE cdr (uniqueid varchar(32) PRIMARY KEY, clid varchar(80),
         src varchar(40), dst varchar(40), dcontext varchar(40)){tail}"
    ));
    out.extend(inserts(
        "cdr",
        "uniqueid, clid, src, dst, dcontext",
        (0..80)
            .map(|i| {
                let ext = (1001 + i % 40).to_string();
                let number = if i % 3 == 0 {
                    format!("+4722{:06}", 100_000 + i * 37)
                } else {
                    msisdn(i).to_string()
                };
                let inbound = i % 2 == 0;
                let src = if inbound { number.clone() } else { ext.clone() };
                // A sixth of the called numbers are outside: the rest are extensions
                // and dial plans.
                let dst = match (inbound, i % 6) {
                    (true, _) | (false, 3) => ext,
                    (false, 1) => "s".into(),
                    (false, _) => number,
                };
                vec![
                    s(format!("1701423{i:03}.{i}")),
                    s(format!("\"{} {}\" <{src}>", first(i + 5), last(i + 5))),
                    s(src),
                    s(dst),
                    s(if inbound {
                        "from-trunk"
                    } else {
                        "from-internal"
                    }),
                ]
            })
            .collect(),
    ));
    // An HR system's employees: their place (`sted`) and next of kin's name.
    out.push(format!(
        "CREATE TABLE ansatt (ansattnr integer PRIMARY KEY, sted varchar(40),
         parorende_navn varchar(80)){tail}"
    ));
    out.extend(inserts(
        "ansatt",
        "ansattnr, sted, parorende_navn",
        (0..60)
            .map(|i| {
                vec![
                    s(100 + i),
                    s(["Oslo", "Bergen", "Tromsø", "Ålesund", "Bodø"][i % 5]),
                    s(format!("{} {}", first(i + 17), last(i + 17))),
                ]
            })
            .collect(),
    ));
    // A support chat: who wrote (`user` or `admin`) and their name, and what they
    // wrote.
    out.push(format!(
        "CREATE TABLE chat_messages (id integer PRIMARY KEY, author_type varchar(10),
         author_name varchar(80), body text){tail}"
    ));
    out.extend(inserts(
        "chat_messages",
        "id, author_type, author_name, body",
        (0..90)
            .map(|i| {
                let admin = i % 3 == 0;
                vec![
                    s(i + 1),
                    s(if admin { "admin" } else { "user" }),
                    s(if admin {
                        "Kundeservice".to_owned()
                    } else {
                        format!("{} {}", first(i + 21), last(i + 21))
                    }),
                    s([
                        "Hei! Hvordan kan vi hjelpe? 😊",
                        "Enheten blinker rødt etter oppdatering; hva gjør jeg?",
                        "Takk, nå virker det igjen!",
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // A video meeting's participants: the endpoint's product and version as it names
    // itself (`Cisco/CE 11.5.2.4`), no address.
    out.push(format!(
        "CREATE TABLE participant_history (id integer PRIMARY KEY, display_name varchar(80),
         vendor varchar(80)){tail}"
    ));
    out.extend(inserts(
        "participant_history",
        "id, display_name, vendor",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 25), last(i + 25))),
                    s([
                        "Cisco/CE 11.5.2.4",
                        "Pexip Infinity Connect/1.2.3 (Windows)",
                        "TANDBERG/529 (TC7.3.21.1)",
                        "Cisco/CE 9.15.3.17",
                    ][i % 4]),
                ]
            })
            .collect(),
    ));
    // Posten's register of postal codes (places, no one's address), and a system's log
    // lines under a bare `message` (no one's note).
    out.push(format!(
        "CREATE TABLE postnummer (postnummer varchar(4) PRIMARY KEY, poststed varchar(40),
         kommune varchar(40)){tail}"
    ));
    out.extend(inserts(
        "postnummer",
        "postnummer, poststed, kommune",
        (0..60)
            .map(|i| {
                vec![
                    s(format!("{:04}", 150 + i * 97)),
                    s(["OSLO", "BERGEN", "TROMSØ", "ÅLESUND", "BODØ"][i % 5]),
                    s(["Oslo", "Bergen", "Tromsø", "Ålesund", "Bodø"][i % 5]),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE app_logs (id integer PRIMARY KEY, level varchar(8), message text){tail}"
    ));
    out.extend(inserts(
        "app_logs",
        "id, level, message",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["INFO", "WARN", "ERROR"][i % 3]),
                    s([
                        "Job 4711 finished in 1234 ms",
                        "Retrying webhook 3/5 after timeout",
                        "Cache hit ratio 0.93 for sessions",
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // A router vendor's devices with their addresses packed as bytes, as `inet_pton`
    // writes them (PostgreSQL `bytea`, SQLite blobs, MySQL `VARBINARY`, which its
    // connector reads with `INET6_NTOA`): the same values on every engine.
    let (bytes, blob): (&str, fn(String) -> String) = match engine {
        "postgres" => ("bytea", |hex| format!("'\\x{hex}'")),
        "mysql" => ("varbinary(16)", |hex| format!("X'{hex}'")),
        _ => ("BLOB", |hex| format!("X'{hex}'")),
    };
    out.push(format!(
        "CREATE TABLE enhetsadresser (id integer PRIMARY KEY, enhet_mac {bytes},
         kilde_ip6 {bytes}, siste_ip {bytes}){tail}"
    ));
    let rows: Vec<String> = (0..60u32)
        .map(|i| {
            let mac = format!("001a2b{:06x}", i * 7_919);
            let v6 = format!("2a020fe1{:08x}000000000000{:04x}", i, i + 1);
            let v4 = format!("{:08x}", (84u32 << 24) + i * 65_537 + 1);
            format!("({i}, {}, {}, {})", blob(mac), blob(v6), blob(v4))
        })
        .collect();
    out.push(format!(
        "INSERT INTO enhetsadresser (id, enhet_mac, kilde_ip6, siste_ip) VALUES {}",
        rows.join(", ")
    ));
    // A school's pupils with their guardians' names (numbered), and a haulier's drivers.
    out.push(format!(
        "CREATE TABLE elever (elev_id integer PRIMARY KEY, klasse varchar(4),
         foresatt1_navn varchar(80), foresatt2_navn varchar(80)){tail}"
    ));
    out.extend(inserts(
        "elever",
        "elev_id, klasse, foresatt1_navn, foresatt2_navn",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["5A", "5B", "6A", "7C"][i % 4]),
                    s(format!("{} {}", first(i + 41), last(i + 41))),
                    if i % 3 == 0 {
                        None
                    } else {
                        s(format!("{} {}", first(i + 43), last(i + 41)))
                    },
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE sjaforer (id integer PRIMARY KEY, navn varchar(80)){tail}"
    ));
    out.extend(inserts(
        "sjaforer",
        "id, navn",
        (0..40)
            .map(|i| vec![s(i + 1), s(format!("{} {}", first(i + 47), last(i + 47)))])
            .collect(),
    ));
    // A British shop's customers by forename, their mobiles in Ofcom's drama range
    // written as people write them (`07700 900104`); half of them are eleven digits
    // that pass a Norwegian account number's check. And a German shop's customers
    // with their country (`Land`).
    out.push(format!(
        "CREATE TABLE customers_gb (id integer PRIMARY KEY, forename varchar(40),
         mobile varchar(20)){tail}"
    ));
    const ACCOUNT_SHAPED: [usize; 8] = [104, 112, 120, 139, 147, 155, 163, 171];
    out.extend(inserts(
        "customers_gb",
        "id, forename, mobile",
        (0..60)
            .map(|i| {
                let line = if i % 2 == 0 {
                    ACCOUNT_SHAPED[i / 2 % 8]
                } else {
                    500 + i
                };
                vec![s(i + 1), s(first(i + 51)), s(format!("07700 900{line}"))]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE kunden (kunden_nr integer PRIMARY KEY, land varchar(40)){tail}"
    ));
    out.extend(inserts(
        "kunden",
        "kunden_nr, land",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Deutschland", "DE", "Österreich", "AT"][i % 4]),
                ]
            })
            .collect(),
    ));
    // A home hub's entity states: one entity in five is a router's tracker with the
    // device's address and MAC, the rest GPS trackers, sensors and lights.
    out.push(format!(
        "CREATE TABLE ha_states (state_id integer PRIMARY KEY, entity_id varchar(80),
         attributes {json}){tail}"
    ));
    out.extend(inserts(
        "ha_states",
        "state_id, entity_id, attributes",
        (0..60)
            .map(|i| {
                let who = first(i + 61).to_lowercase();
                let (entity, attributes) = match i % 5 {
                    0 => (
                        format!("device_tracker.{who}_pc"),
                        format!(
                            r#"{{"source_type": "router", "ip": "192.168.1.{}", "mac": "AC:7B:F0:11:{:02X}:{:02X}", "host_name": "{who}-pc", "friendly_name": "{who}: PC 💻"}}"#,
                            i + 2,
                            i / 7,
                            i * 3
                        ),
                    ),
                    1 => (
                        format!("device_tracker.{who}s_iphone"),
                        format!(
                            r#"{{"source_type": "gps", "latitude": 59.91{i}, "longitude": 10.75{i}, "gps_accuracy": 20, "friendly_name": "{who}s iPhone"}}"#
                        ),
                    ),
                    2 => (
                        "sensor.stue".into(),
                        r#"{"unit_of_measurement": "°C", "friendly_name": "Stue: temperatur"}"#.into(),
                    ),
                    _ => (
                        "light.kjokken".into(),
                        format!(r#"{{"brightness": {i}, "friendly_name": "Kjøkken; tak 💡"}}"#),
                    ),
                };
                vec![s(i + 1), s(entity), s(attributes)]
            })
            .collect(),
    ));
    // Password hashes in the formats of a LoRaWAN server (a PHC string), an MQTT
    // broker's auth plugin, Flask and a PBX (MD5-crypt).
    out.push(format!(
        "CREATE TABLE iot_users (id integer PRIMARY KEY, email varchar(120),
         password_hash varchar(200)){tail}"
    ));
    out.extend(inserts(
        "iot_users",
        "id, email, password_hash",
        (0..40)
            .map(|i| {
                let salt = format!(
                    "{:016x}",
                    (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                );
                let hash = match i % 4 {
                    0 => format!("$pbkdf2-sha512$i=1,l=64${salt}$Ohx7MYbmgE9g9ucZaj8Zu4D1T{i}"),
                    1 => format!("PBKDF2$sha512$100000${salt}$xQ0Xx1bYp0cG7nq1qV4t0m6VQm{i}=="),
                    2 => format!("pbkdf2:sha256:600000${salt}$2f6b0a9e8c7d6e5f4a3b2c{i:02}"),
                    _ => format!("$1${}$qjXMvbEw8oaL.CzflDugX{i}", &salt[..8]),
                };
                vec![s(i + 1), s(email(i + 61)), s(hash)]
            })
            .collect(),
    ));
    // A help desk's tickets with the channel they came through: the sender's address
    // and name under `from`, the company's own mailbox under `to`.
    out.push(format!(
        "CREATE TABLE tickets (id integer PRIMARY KEY, subject varchar(120), via {json}){tail}"
    ));
    out.extend(inserts(
        "tickets",
        "id, subject, via",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("Re: Ordre {} – levering før jul", 100_000 + i)),
                    s(format!(
                        r#"{{"channel": "email", "source": {{"from": {{"address": "{}", "name": "{} {}"}}, "to": {{"name": "Firma Kundeservice", "address": "support@firma.no"}}, "rel": null}}}}"#,
                        email(i + 67),
                        first(i + 67),
                        last(i + 67)
                    )),
                ]
            })
            .collect(),
    ));
    // Danish and Finnish customers' columns as they are written without their letters
    // (`koen` for køn, `syntymaaika` for syntymäaika), the Danish city as `bynavn`.
    out.push(format!(
        "CREATE TABLE kunder_dk (id integer PRIMARY KEY, bynavn varchar(40), koen varchar(8),
         syntymaaika {date}){tail}",
        date = if engine == "sqlite" { "text" } else { "date" }
    ));
    out.extend(inserts(
        "kunder_dk",
        "id, bynavn, koen, syntymaaika",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["København K", "Aarhus C", "Odense", "Aalborg Øst"][i % 4]),
                    s(["M", "K", "mand", "kvinde"][i % 4]),
                    s(format!("19{}-{:02}-{:02}", 50 + i, i % 12 + 1, i % 28 + 1)),
                ]
            })
            .collect(),
    ));
    // Delivery instructions: a number after a label that begins with a phone word, and
    // a WhatsApp link; the rest order numbers and door codes.
    out.push(format!(
        "CREATE TABLE leveringsinfo (id integer PRIMARY KEY, instruksjon text){tail}"
    ));
    out.extend(inserts(
        "leveringsinfo",
        "id, instruksjon",
        (0..40)
            .map(|i| {
                let text = match i % 4 {
                    0 => format!(
                        "Ring før levering: 9{:07}. Kode: 1234",
                        1_000_000 + i * 7_919
                    ),
                    1 => format!(
                        "Spørsmål? Skriv på https://wa.me/474{:07} 🙂",
                        1_000_000 + i * 31
                    ),
                    2 => format!(
                        "Kontakt oss om ordre: 4{:07}; leveres på trappa",
                        2_000_000 + i
                    ),
                    _ => "Sett pakken ved døra; ikke ring på (baby sover) 👶".into(),
                };
                vec![s(i + 1), s(text)]
            })
            .collect(),
    ));
    // A service company's jobs: the fitter, the customer (people, a few firms) and
    // who approved the job, by name; and its company cars, owned by leasing firms.
    out.push(format!(
        "CREATE TABLE serviceoppdrag (id integer PRIMARY KEY, montor varchar(80),
         kunde varchar(80), godkjent_av_navn varchar(80)){tail}"
    ));
    out.extend(inserts(
        "serviceoppdrag",
        "id, montor, kunde, godkjent_av_navn",
        (0..40)
            .map(|i| {
                let kunde = match i % 5 {
                    0 => "Rørlegger Hansen AS".to_string(),
                    _ => format!("{} {}", first(i + 71), last(i + 71)),
                };
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 73), last(i + 75))),
                    s(kunde),
                    s(format!("{} {}", first(i + 77), last(i + 77))),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE firmabiler (id integer PRIMARY KEY, eier varchar(80)){tail}"
    ));
    out.extend(inserts(
        "firmabiler",
        "id, eier",
        (0..40)
            .map(|i| {
                let eier = [
                    "Nordea Finans Norge AS",
                    "ALD Automotive AS",
                    "Oslo kommune",
                    "Volvo Car Financial Services AB",
                    "Arval Ltd",
                ][i % 5];
                vec![s(i + 1), s(eier)]
            })
            .collect(),
    ));
    // A British clinic's patients by NHS number (ten digits with a mod-11 check digit,
    // grouped 3-3-4 as a North American phone number is, or bare).
    out.push(format!(
        "CREATE TABLE nhs_patients (id integer PRIMARY KEY, nhs_number varchar(12)){tail}"
    ));
    let nhs: Vec<String> = (0u64..)
        .map(|i| format!("{}", 401_023_213 + i * 7_919))
        .filter_map(|base| {
            let sum: u32 = base
                .bytes()
                .zip((2..=10).rev())
                .map(|(d, w)| u32::from(d - b'0') * w)
                .sum();
            match 11 - sum % 11 {
                10 => None,
                11 => Some(format!("{base}0")),
                check => Some(format!("{base}{check}")),
            }
        })
        .take(40)
        .collect();
    // A Swedish clinic's patients by personnummer as Swedish systems store it, twelve
    // bare digits with the century.
    out.push(format!(
        "CREATE TABLE patienter_se (id integer PRIMARY KEY, personnummer varchar(12)){tail}"
    ));
    out.extend(inserts(
        "patienter_se",
        "id, personnummer",
        (0..30)
            .map(|i| {
                let pnr = ["198112289874", "201701022384", "198112889871"][i % 3];
                vec![s(i + 1), s(pnr)]
            })
            .collect(),
    ));
    // A Danish clinic's patients by CPR number kept without its dash.
    out.push(format!(
        "CREATE TABLE patienter_dk (id integer PRIMARY KEY, cpr varchar(10)){tail}"
    ));
    out.extend(inserts(
        "patienter_dk",
        "id, cpr",
        (0..30)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!(
                        "{:02}{:02}85{:04}",
                        i % 28 + 1,
                        i % 12 + 1,
                        1_235 + i * 7
                    )),
                ]
            })
            .collect(),
    ));
    out.extend(inserts(
        "nhs_patients",
        "id, nhs_number",
        nhs.iter()
            .enumerate()
            .map(|(i, n)| {
                let written = match i % 3 {
                    0 => format!("{} {} {}", &n[..3], &n[3..6], &n[6..]),
                    1 => format!("{}-{}-{}", &n[..3], &n[3..6], &n[6..]),
                    _ => n.clone(),
                };
                vec![s(i + 1), s(written)]
            })
            .collect(),
    ));
    // Nextcloud's users (its hasher's version before the hash) and its preferences, a
    // key/value table whose column names join their words (`configkey`/`configvalue`).
    out.push(format!(
        "CREATE TABLE oc_users (uid varchar(64) PRIMARY KEY, displayname varchar(64),
         password varchar(255)){tail}"
    ));
    out.extend(inserts(
        "oc_users",
        "uid, displayname, password",
        (0..40)
            .map(|i| {
                vec![
                    s(format!("{}{i}", first(i).to_lowercase())),
                    s(format!("{} {}", first(i), last(i))),
                    s(if i % 2 == 0 {
                        format!("3|$argon2id$v=19$m=65536,t=4,p=1$c2FsdHtpfQ{i:04}$RdescudvJCsgt3ub+b+dWRWJTmaaJObG")
                    } else {
                        format!("1|$2y$10$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0j{i:04}")
                    }),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE oc_preferences (userid varchar(64), appid varchar(32),
         configkey varchar(64), configvalue text){tail}"
    ));
    out.extend(inserts(
        "oc_preferences",
        "userid, appid, configkey, configvalue",
        (0..40)
            .flat_map(|i| {
                let user = format!("{}{i}", first(i).to_lowercase());
                [
                    ("settings", "email", email(i)),
                    ("core", "lang", "nb".to_string()),
                    ("core", "timezone", "Europe/Oslo".to_string()),
                    (
                        "login",
                        "lastLogin",
                        (1_700_000_000 + i * 86_400).to_string(),
                    ),
                    ("firstrunwizard", "show", "0".to_string()),
                ]
                .map(|(app, key, value)| vec![s(&user), s(app), s(key), s(value)])
            })
            .collect(),
    ));
    // Jira's users: a lower-cased copy of the display name for searching, and the
    // password as Atlassian keeps it (`{PKCS5S2}` and base64); an LDAP directory's
    // people by their attributes' own names (`cn`, `sn`).
    out.push(format!(
        "CREATE TABLE cwd_user (id integer PRIMARY KEY, user_name varchar(64),
         lower_display_name varchar(128), credential varchar(128)){tail}"
    ));
    out.extend(inserts(
        "cwd_user",
        "id, user_name, lower_display_name, credential",
        (0..40)
            .map(|i| {
                vec![
                    s(10_000 + i),
                    s(format!("{}{i}", first(i).to_lowercase())),
                    s(format!("{} {}", first(i), last(i)).to_lowercase()),
                    s(format!("{{PKCS5S2}}nHyr4bWrbJ5r7aYQkZ/Tl2Xq9lUjEfzW{i:04}AmYdIFhL7tD8n0vx3mwG0mV8bQhT")),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE ldap_people (id integer PRIMARY KEY, dn varchar(200), cn varchar(128),
         sn varchar(64)){tail}"
    ));
    out.extend(inserts(
        "ldap_people",
        "id, dn, cn, sn",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("uid=u{i},ou=people,dc=firma,dc=no")),
                    s(format!("{} {}", first(i), last(i))),
                    s(last(i)),
                ]
            })
            .collect(),
    ));
    // Sentry's events: a message is the program's, no one's note.
    out.push(format!(
        "CREATE TABLE sentry_events (id integer PRIMARY KEY, message text){tail}"
    ));
    out.extend(inserts(
        "sentry_events",
        "id, message",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s([
                        "TypeError: Cannot read properties of undefined (reading 'email')",
                        "ChunkLoadError: Loading chunk 718 failed.",
                        "Error: Request failed with status code 502 — prøv igjen: æøå",
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // An SMS gateway's log: one in four messages goes to a person's number, the rest
    // to the operator's short codes (`2222`, `1960`), which are numbers too.
    out.push(format!(
        "CREATE TABLE sms_log (id integer PRIMARY KEY, from_number varchar(20),
         to_number varchar(20)){tail}"
    ));
    out.extend(inserts(
        "sms_log",
        "id, from_number, to_number",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("47{}", msisdn(i) % 100_000_000)),
                    s(match i % 4 {
                        0 => format!("47{}", msisdn(i + 5) % 100_000_000),
                        1 | 2 => "2222".to_string(),
                        _ => "1960".to_string(),
                    }),
                ]
            })
            .collect(),
    ));
    // A kindergarten's children by their bare `navn`, a municipality's building cases
    // with the neighbours notified (a JSON list of names and addresses), and a payroll's
    // bank account holder.
    out.push(format!(
        "CREATE TABLE barnehage_barn (id integer PRIMARY KEY, navn varchar(80),
         avdeling varchar(40)){tail}"
    ));
    out.extend(inserts(
        "barnehage_barn",
        "id, navn, avdeling",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 3), last(i + 3))),
                    s(["Blåbærtuva", "Maurtua: små", "Ekornhytta 🐿"][i % 3]),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE byggesaker (saksnr varchar(20) PRIMARY KEY, tiltak varchar(80),
         naboer {json}){tail}"
    ));
    out.extend(inserts(
        "byggesaker",
        "saksnr, tiltak, naboer",
        (0..40)
            .map(|i| {
                let neighbours: Vec<serde_json::Value> = (0..=i % 3)
                    .map(|n| {
                        serde_json::json!({
                            "navn": format!("{} {}", first(i + n), last(i + n)),
                            "gnr": 12 + n,
                            "bnr": i + 1,
                        })
                    })
                    .collect();
                vec![
                    s(format!("2025/{}", 100 + i)),
                    s([
                        "Tilbygg garasje",
                        "Fasadeendring; nye vinduer",
                        "Riving av uthus",
                    ][i % 3]),
                    s(serde_json::Value::Array(neighbours)),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE payroll (id integer PRIMARY KEY, account_holder varchar(80),
         account_type varchar(20)){tail}"
    ));
    out.extend(inserts(
        "payroll",
        "id, account_holder, account_type",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 5), last(i + 5))),
                    s(["Checking", "Savings"][i % 2]),
                ]
            })
            .collect(),
    ));
    // A marketplace forum's posts, where people spell their address out to keep it from
    // harvesters (`ola [at] firma [dot] no`, `kari(at)firma.no`), beside brackets that
    // hold no address (`[at] kontoret`, `array[at]`).
    out.push(format!(
        "CREATE TABLE forum_innlegg (id integer PRIMARY KEY, tekst text){tail}"
    ));
    out.extend(inserts(
        "forum_innlegg",
        "id, tekst",
        (0..60)
            .map(|i| {
                let (local, domain) = email(i)
                    .split_once('@')
                    .map(|(l, d)| (l.to_string(), d.to_string()))
                    .unwrap();
                vec![
                    s(i + 1),
                    s(match i % 4 {
                        0 => format!(
                            "Selger barnevogn 🍼; send meg en linje på {local} [at] {} før fredag.",
                            domain.replace('.', " [dot] ")
                        ),
                        1 => format!("Svar: {local}(at){domain} – eller ring etter kl. 17:00."),
                        2 => "Møte (at) 10:00 [at] kontoret; se array[at] index.html".to_string(),
                        _ => "Står på låven: hentes i Ås. Pris 500,- 🙂".to_string(),
                    }),
                ]
            })
            .collect(),
    ));
    // Contacts synced from phones as vCards: the number under `TEL;TYPE=cell:`, eight
    // digits with no space after the colon.
    out.push(format!(
        "CREATE TABLE kontakter_vcf (id integer PRIMARY KEY, vcard text){tail}"
    ));
    out.extend(inserts(
        "kontakter_vcf",
        "id, vcard",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!(
                        "BEGIN:VCARD\nVERSION:3.0\nFN:{} {}\nORG:Bryggeriet Ø; Øl & Mat\nTEL;TYPE=cell:{}\nNOTE:Ring etter 17:00 😊\nEND:VCARD",
                        first(i),
                        last(i),
                        msisdn(i) % 100_000_000
                    )),
                ]
            })
            .collect(),
    ));
    // A repository's commits (a developer's message about the code, version bumps) and
    // a device register's operating systems, production batches and products, whose
    // versions and digit pairs are no addresses and no numbers (and a product owner's
    // email is an email).
    out.push(format!(
        "CREATE TABLE commits (sha varchar(40) PRIMARY KEY, author varchar(160), message text){tail}"
    ));
    out.extend(inserts(
        "commits",
        "sha, author, message",
        (0..40)
            .map(|i| {
                vec![
                    s(format!("{:040x}", i * 7919 + 1)),
                    s(format!("{} {} <{}>", first(i), last(i), email(i))),
                    s([
                        format!("Bump version to 10.2.{}.{}", i % 7, i % 5 + 1),
                        "Oppdater README; æøå ✔ 🙂".to_string(),
                        format!("Fix: feil i §{}.2.1.4 – håndter tomme felt", i % 9 + 1),
                    ][i % 3]
                        .clone()),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE enheter (id integer PRIMARY KEY, os varchar(60), batch varchar(20),
         product_name varchar(60), product_owner_email varchar(80)){tail}"
    ));
    out.extend(inserts(
        "enheter",
        "id, os, batch, product_name, product_owner_email",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Aruba 8.10.0.6", "Juniper 20.4R3.8", "RouterOS 7.12.1.3"][i % 3]),
                    s(format!(
                        "{} {:02} {:02} {:02}",
                        10 + i * 37 % 90,
                        i % 90 + 10,
                        i % 77 + 10,
                        i % 50 + 10
                    )),
                    s(format!("Creator 23.{}.0.{}", i % 4, i % 9 + 1)),
                    s(email(i + 11)),
                ]
            })
            .collect(),
    ));
    // An SMS provider's webhooks as logged: form bodies whose numbers are percent-encoded
    // (`From=%2B4791234567`), a request's query with a sort order, and signatures whose
    // base64 carries `%2B` before digits.
    out.push(format!(
        "CREATE TABLE sms_webhooks (id integer PRIMARY KEY, body text, query varchar(200),
         signature varchar(120)){tail}"
    ));
    out.extend(inserts(
        "sms_webhooks",
        "id, body, query, signature",
        (0..45)
            .map(|i| {
                let sid = format!("SM{:032x}", 0x5f2a_9c31_u64 * (i as u64 + 7));
                let body = match i % 3 {
                    0 => format!(
                        "ToCountry=NO&SmsMessageSid={sid}&NumMedia=0&Body=Hei%2C+kommer+kl.+17%3A00+%F0%9F%98%8A+%C3%A6%C3%B8%C3%A5&FromCountry=NO&To=%2B4722334455&From=%2B474{:07}&ApiVersion=2010-04-01",
                        1_000_000 + i * 7_919
                    ),
                    1 => format!(
                        "SmsSid={sid}&SmsStatus=delivered&MessageStatus=delivered&To=%2B479{:07}&From=%2B4722334455&ApiVersion=2010-04-01",
                        2_000_000 + i * 31
                    ),
                    _ => format!(
                        "SmsSid={sid}&MessageStatus=undelivered&ErrorCode=30003&To=%2B4670{:07}&ApiVersion=2010-04-01",
                        1_234_000 + i
                    ),
                };
                vec![
                    s(i + 1),
                    s(body),
                    s(format!(
                        "/api/v1/orders?page={}&sort=%2Bcreated_at&since=2024-01-{:02}",
                        i % 7 + 1,
                        i % 28 + 1
                    )),
                    s(format!("sha256=Yk9%2B{:08}AbCd%2F{}%3D", 47_000_000 + i * 13, i)),
                ]
            })
            .collect(),
    ));
    // Another Magento install's customers (its tables prefixed `mage_`): salted SHA-256
    // with the scheme's version (`hash:salt:1`), and the admin grid's addresses on one
    // line as its customer grid keeps them; an HR system's next
    // of kin and manager by name, their columns spelt without æøå.
    out.push(format!(
        "CREATE TABLE mage_customer_entity (entity_id integer PRIMARY KEY, email varchar(120),
         password_hash varchar(160), billing_full text, shipping_full text){tail}"
    ));
    out.extend(inserts(
        "mage_customer_entity",
        "entity_id, email, password_hash, billing_full, shipping_full",
        (0..40)
            .map(|i| {
                let alnum = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                let salt: String = (0..32)
                    .map(|k| char::from(alnum[(i * 31 + k * k * 17 + k) % alnum.len()]))
                    .collect();
                let hash = format!(
                    "{:016x}",
                    0x2545_f491_4f6c_dd1d_u64.wrapping_mul(i as u64 + 11)
                )
                .repeat(4);
                let address = format!(
                    "{} {}, {}, Oslo, {}",
                    ["Storgata", "Kirkeveien", "Øvre Slottsgate", "Sjøgata"][i % 4],
                    i % 80 + 1,
                    ["Oslo", "Bærum", "Lillestrøm"][i % 3],
                    ["0150", "1337", "2000"][i % 3]
                );
                vec![
                    s(i + 1),
                    s(email(i)),
                    s(format!(
                        "{hash}:{salt}:{}",
                        if i % 5 == 0 { "3_32_2_67108864" } else { "1" }
                    )),
                    s(&address),
                    s(if i % 4 == 0 { "" } else { &address }),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE ansatte (ansattnr integer PRIMARY KEY, stilling varchar(80),
         paarorende_navn varchar(80), paarorende_relasjon varchar(40),
         naermeste_leder varchar(80)){tail}"
    ));
    out.extend(inserts(
        "ansatte",
        "ansattnr, stilling, paarorende_navn, paarorende_relasjon, naermeste_leder",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Lagermedarbeider", "Selger", "Kundeservice: chat & telefon"][i % 3]),
                    s(format!("{} {}", first(i + 5), last(i + 5))),
                    s(["Ektefelle", "Mor", "Samboer"][i % 3]),
                    s(format!("{} {}", first(i % 4 + 9), last(i % 4 + 9))),
                ]
            })
            .collect(),
    ));
    // Keycloak's credentials: a PBKDF2 digest and its salt as a document in
    // `secret_data`, the algorithm beside it; ASP.NET Membership's base64 SHA-1 beside
    // its salt, and the question users answer to reset it.
    out.push(format!(
        "CREATE TABLE credential (id varchar(40) PRIMARY KEY, type varchar(20),
         secret_data text, credential_data text){tail}"
    ));
    let b64 = |i: usize, len: usize| -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let body: String = (0..len)
            .map(|k| char::from(alphabet[(i * 13 + k * 7 + k * k) % 64]))
            .collect();
        body
    };
    out.extend(inserts(
        "credential",
        "id, type, secret_data, credential_data",
        (0..40)
            .map(|i| {
                vec![
                    s(format!("c{i:04}-6f1e")),
                    s("password"),
                    s(format!(
                        r#"{{"value":"{}=","salt":"{}==","additionalParameters":{{}}}}"#,
                        b64(i, 43),
                        b64(i + 7, 22)
                    )),
                    s(r#"{"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}}"#),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE aspnet_membership (userid integer PRIMARY KEY, password varchar(128),
         passwordsalt varchar(128), passwordquestion varchar(256), email varchar(256)){tail}"
    ));
    out.extend(inserts(
        "aspnet_membership",
        "userid, password, passwordsalt, passwordquestion, email",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{}=", b64(i + 3, 27))),
                    s(format!("{}==", b64(i + 11, 22))),
                    s([
                        "Mors pikenavn?",
                        "Første kjæledyr: navn?",
                        "Favorittlag; fotball ⚽",
                    ][i % 3]),
                    s(email(i + 4)),
                ]
            })
            .collect(),
    ));
    // A voice provider's calls with the caller's name from a caller-id lookup (its
    // upper-case form, and the carrier's placeholder for a mobile).
    out.push(format!(
        "CREATE TABLE twilio_calls (sid varchar(40) PRIMARY KEY, from_number varchar(20),
         caller_name varchar(80), status varchar(20)){tail}"
    ));
    out.extend(inserts(
        "twilio_calls",
        "sid, from_number, caller_name, status",
        (0..40)
            .map(|i| {
                let name = match i % 4 {
                    0 => format!("{} {}", first(i), last(i)),
                    1 => format!("{} {}", last(i), first(i)).to_uppercase(),
                    2 => "WIRELESS CALLER".to_string(),
                    _ => format!("{} {}", first(i + 3), last(i + 3)),
                };
                vec![
                    s(format!("CA{:032x}", i * 7919 + 1)),
                    s(format!("+{}", msisdn(i))),
                    s(name),
                    s(["completed", "no-answer", "busy"][i % 3]),
                ]
            })
            .collect(),
    ));
    // A telecom's number porting, the customer's name in the genitive, and its support
    // cases as the agent wrote the call down.
    out.push(format!(
        "CREATE TABLE porting_requests (id integer PRIMARY KEY, msisdn varchar(20),
         kundens_navn varchar(80), donor_operator varchar(20)){tail}"
    ));
    out.extend(inserts(
        "porting_requests",
        "id, msisdn, kundens_navn, donor_operator",
        (0..40)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(mobile(i)),
                    s(format!("{} {}", first(i), last(i))),
                    s(["Telia", "Ice", "Telenor"][i % 3]),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE support_cases (id integer PRIMARY KEY, transcript text){tail}"
    ));
    out.extend(inserts(
        "support_cases",
        "id, transcript",
        (0..40)
            .map(|i| {
                let text = match i % 3 {
                    0 => format!(
                        "Kunde ringte fra {}; ruteren mister nett hver natt kl. 03:00 😩",
                        mobile(i)
                    ),
                    1 => "Kort samtale: ønsker å bytte til årsabonnement; sendt tilbud ✅".into(),
                    _ => format!("Chat: kunden skrev fra {}; sak lukket.", email(i)),
                };
                vec![s(i + 1), s(text)]
            })
            .collect(),
    ));
    // A Wi-Fi operator's RADIUS accounting (its own table beside the ISP's `radacct`): phones log in with their SIM (EAP-AKA's
    // identity, the IMSI in a 3GPP realm), laptops with an email; the calling station
    // is the client's MAC address.
    out.push(format!(
        "CREATE TABLE wifi_radacct (radacctid integer PRIMARY KEY, username varchar(120),
         callingstationid varchar(40), acctsessiontime integer){tail}"
    ));
    out.extend(inserts(
        "wifi_radacct",
        "radacctid, username, callingstationid, acctsessiontime",
        (0..45)
            .map(|i| {
                let user = if i % 3 == 2 {
                    email(i)
                } else {
                    format!(
                        "0242{:02}{:010}@wlan.mnc0{:02}.mcc242.3gppnetwork.org",
                        [1, 2][i % 2],
                        1_000_000_007 + i * 104_729,
                        [1, 2][i % 2]
                    )
                };
                vec![
                    s(i + 1),
                    s(user),
                    s(format!(
                        "{:02X}-{:02X}-{:02X}-{:02X}-{:02X}-{:02X}",
                        0x3c,
                        0x22,
                        0xfb,
                        i * 7 % 256,
                        i * 13 % 256,
                        i * 29 % 256
                    )),
                    s(i * 113 % 7200),
                ]
            })
            .collect(),
    ));
    // Salesforce replicated into the database (Heroku Connect), its camel-cased names
    // folded to lower case: a contact's assistant, a web form's sender.
    out.push(format!(
        "CREATE TABLE sf_contact (id varchar(18) PRIMARY KEY, assistantname varchar(80),
         assistantphone varchar(40)){tail}"
    ));
    out.extend(inserts(
        "sf_contact",
        "id, assistantname, assistantphone",
        (0..40)
            .map(|i| {
                vec![
                    s(format!("003{i:012}")),
                    s(format!("{} {}", first(i + 4), last(i + 4))),
                    s(format!("+47 22 33 {:02} {:02}", i % 90 + 10, i % 80 + 10)),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE sf_case (id varchar(18) PRIMARY KEY, suppliedname varchar(80),
         suppliedemail varchar(120), subject varchar(120)){tail}"
    ));
    out.extend(inserts(
        "sf_case",
        "id, suppliedname, suppliedemail, subject",
        (0..40)
            .map(|i| {
                vec![
                    s(format!("500{i:012}")),
                    s(format!("{} {}", first(i + 7), last(i + 7))),
                    s(email(i + 7)),
                    s([
                        "Ruter virker ikke",
                        "Faktura feil: mai",
                        "Bytte abonnement 😊",
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // A CRM's notes kept as a rich-text editor's documents, and its admin log's list of
    // changed fields as Django writes it (a message by its name, no one's note).
    out.push(format!(
        "CREATE TABLE kundenotater (id integer PRIMARY KEY, notat text,
         change_message text){tail}"
    ));
    out.extend(inserts(
        "kundenotater",
        "id, notat, change_message",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!(
                        r#"{{"type": "doc", "content": [{{"type": "paragraph", "content": [{{"type": "text", "text": "{} ringte: vil bytte abonnement før 1. mai 📞"}}]}}]}}"#,
                        first(i + 13)
                    )),
                    s([
                        r#"[{"changed": {"fields": ["Email", "Phone number"]}}]"#,
                        r#"[{"added": {}}]"#,
                        r#"[{"changed": {"fields": ["Date of birth", "Postal code"]}}]"#,
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // A SIP registrar's bindings (Kamailio's `location`): the phone's address in its
    // contact, and its user agent, whose firmware builds have four numbers with dots.
    out.push(format!(
        "CREATE TABLE sip_location (id integer PRIMARY KEY, username varchar(40),
         contact varchar(120), user_agent varchar(80)){tail}"
    ));
    out.extend(inserts(
        "sip_location",
        "id, username, contact, user_agent",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{}{i}", first(i + 9).to_lowercase())),
                    s(format!(
                        "sip:{}{i}@{}:{};transport=udp",
                        first(i + 9).to_lowercase(),
                        [
                            "84.212.33.7",
                            "2001:db8::7",
                            "129.240.118.44",
                            "91.189.10.3"
                        ][i % 4]
                            .replace("2001:db8::7", "[2a01:79c:cebf:d688::7]"),
                        5060 + i
                    )),
                    s([
                        "Grandstream GXP2170 1.0.11.23",
                        "Yealink SIP-T46U 108.86.0.45",
                        "Zoiper rv2.10.20.3",
                        "Linphone/5.2.0 (Ubuntu 22.04) LinphoneCore/5.2.0",
                    ][i % 4]),
                ]
            })
            .collect(),
    ));
    // RADIUS accounting of IoT SIM sessions: the SIM's MSISDN in `callingstationid`
    // (FreeRADIUS's spelling), the address the session was given (`inet` on
    // PostgreSQL, text in FreeRADIUS's MySQL schema).
    let framed = if engine == "mysql" {
        "varchar(15)"
    } else {
        inet
    };
    out.push(format!(
        "CREATE TABLE radacct (radacctid integer PRIMARY KEY, acctsessionid varchar(40),
         calledstationid varchar(40), callingstationid varchar(40),
         framedipaddress {framed}){tail}"
    ));
    out.extend(inserts(
        "radacct",
        "radacctid, acctsessionid, calledstationid, callingstationid, framedipaddress",
        (0..80)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("5F3A{:04X}-{i:08X}", i * 7)),
                    s("iot.ixt.no"),
                    s(msisdn(i)),
                    s(format!("100.{}.{}.{}", 64 + i % 60, i % 250, 1 + i % 200)),
                ]
            })
            .collect(),
    ));
    // Matrix Synapse's third-party ids: an email or an MSISDN in `address`, and which
    // one in `medium`.
    out.push(format!(
        "CREATE TABLE user_threepids (user_id varchar(80), medium varchar(10),
         address varchar(120), validated_at bigint){tail}"
    ));
    out.extend(inserts(
        "user_threepids",
        "user_id, medium, address, validated_at",
        (0..80)
            .map(|i| {
                let (medium, address) = if i % 2 == 0 {
                    ("email", email(i + 3))
                } else {
                    ("msisdn", msisdn(i).to_string())
                };
                vec![
                    s(format!("@{}{i}:matrix.firma.no", first(i).to_lowercase())),
                    s(medium),
                    s(address),
                    s(1_733_000_000_000u64 + i as u64),
                ]
            })
            .collect(),
    ));
    // A mail server's mailboxes (Dovecot's schemes in braces) and the web console's
    // password, PBKDF2 of fifty bytes in hex as Grafana keeps it.
    out.push(format!(
        "CREATE TABLE mail_users (id integer PRIMARY KEY, email varchar(120),
         password varchar(200), web_password varchar(100)){tail}"
    ));
    out.extend(inserts(
        "mail_users",
        "id, email, password, web_password",
        (0..60)
            .map(|i| {
                let salt: String = (0..16)
                    .map(|k| char::from(b'a' + ((i * 7 + k * 3) % 26) as u8))
                    .collect();
                let hash: String = (0..86)
                    .map(|k| char::from(b'A' + ((i * 11 + k * 5) % 26) as u8))
                    .collect();
                vec![
                    s(i + 1),
                    s(format!("{}.{}{i}@firma.no", first(i), last(i)).to_lowercase()),
                    s(if i % 5 == 0 {
                        format!("{{SSHA}}{}=", &hash[..27])
                    } else {
                        format!("{{SHA512-CRYPT}}$6${salt}${hash}")
                    }),
                    s(hex_of(
                        &(0..50u8)
                            .map(|k| k.wrapping_mul(31).wrapping_add(i as u8))
                            .collect::<Vec<u8>>(),
                    )),
                ]
            })
            .collect(),
    ));
    // A CRM's contacts as Salesforce names them, folded to lower case as a sync into
    // PostgreSQL keeps them: the mailing address's city and country, and what a seller
    // wrote about the person as their bare `Description`.
    out.push(format!(
        "CREATE TABLE contact (id varchar(18) PRIMARY KEY, lastname varchar(80),
         mailingcity varchar(40), mailingcountry varchar(40), description text){tail}"
    ));
    out.extend(inserts(
        "contact",
        "id, lastname, mailingcity, mailingcountry, description",
        (0..60)
            .map(|i| {
                vec![
                    s(format!("0035g00000{i:08}")),
                    s(last(i + 2)),
                    s(["Oslo", "Tromsø", "Göteborg", "Ærøskøbing"][i % 4]),
                    s(["Norway", "Norge", "Sweden", "Denmark"][i % 4]),
                    s([
                        "Møtte på messa i Lillestrøm; vil ha tilbud på Pro-lisens 🚀",
                        "Ønsker ikke nyhetsbrev, men ring gjerne: kl. 9–15.",
                        "Former customer; moved to competitor in 2024.",
                    ][i % 3]),
                ]
            })
            .collect(),
    ));
    // A club's members with their country (`land`), and a wine list's countries of
    // origin beside its wines' names (no one's address, no one's name).
    out.push(format!(
        "CREATE TABLE medlemmer (id integer PRIMARY KEY, navn varchar(80), land varchar(40)){tail}"
    ));
    out.extend(inserts(
        "medlemmer",
        "id, navn, land",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(format!("{} {}", first(i + 31), last(i + 31))),
                    s(["NO", "SE", "Norge", "DK", "Deutschland"][i % 5]),
                ]
            })
            .collect(),
    ));
    out.push(format!(
        "CREATE TABLE viner (id integer PRIMARY KEY, navn varchar(80), land varchar(40)){tail}"
    ));
    out.extend(inserts(
        "viner",
        "id, navn, land",
        (0..60)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(["Château Margaux", "Barolo Riserva", "Rioja Crianza"][i % 3]),
                    s(["Frankrike", "Italia", "Spania"][i % 3]),
                ]
            })
            .collect(),
    ));
    // A British shop's customers, their numbers from Ofcom's ranges for drama (never
    // anyone's, left out of the numbering plans, and how British test and demo data
    // writes numbers): a mobile and a landline column, the postcode and the town.
    out.push(format!(
        "CREATE TABLE kunder_uk (id integer PRIMARY KEY, full_name varchar(80),
         mobile varchar(24), telephone varchar(24), postcode varchar(10), town varchar(40),
         created_by varchar(20)){tail}"
    ));
    out.extend(inserts(
        "kunder_uk",
        "id, full_name, mobile, telephone, postcode, town, created_by",
        (0..100)
            .map(|i| {
                vec![
                    s(i + 1),
                    s([
                        "Oliver Smith",
                        "Amelia Jones",
                        "Seán O'Connor",
                        "Zoë Taylor",
                    ][i % 4]),
                    s(match i % 2 {
                        0 => format!("+44 7700 900{:03}", i * 7 % 1000),
                        _ => format!("+44 (0) 7700 900{:03}", i * 11 % 1000),
                    }),
                    s(format!("+44 1632 960{:03}", i * 13 % 1000)),
                    s(["SW1A 2AA", "NW1 6XE", "EH2 2AN", "M1 1AE", "B33 8TH"][i % 5]),
                    s([
                        "LONDON",
                        "London",
                        "Edinburgh",
                        "Newcastle upon Tyne",
                        "St. Albans",
                    ][i % 5]),
                    // Who keyed the row in: a user name, no one's city.
                    s(["admin", "import", "Kari", "system"][i % 4]),
                ]
            })
            .collect(),
    ));
    // A webshop's delivery addresses, as its address table names their parts: the
    // recipient's `navn`, street lines `linje1`/`linje2` (a P.O. box or a c/o in the
    // second), the postal code and the city as Posten's register writes it.
    out.push(format!(
        "CREATE TABLE leveringsadresser (id integer PRIMARY KEY, kunde_id integer,
         navn varchar(80), linje1 varchar(80), linje2 varchar(80), postnr varchar(4),
         poststed varchar(40)){tail}"
    ));
    out.extend(inserts(
        "leveringsadresser",
        "id, kunde_id, navn, linje1, linje2, postnr, poststed",
        (0..120)
            .map(|i| {
                let (postnr, poststed) = [
                    ("0150", "OSLO"),
                    ("5003", "BERGEN"),
                    ("7010", "TRONDHEIM"),
                    ("1430", "ÅS"),
                ][i % 4];
                vec![
                    s(i + 1),
                    s(i % CUSTOMERS + 1),
                    s(format!("{} {}", first(i + 7), last(i + 7))),
                    s(format!("{} {}", STREETS[i % STREETS.len()], i % 90 + 1)),
                    match i % 4 {
                        0 | 1 => None,
                        2 => s(format!("Postboks {}", 100 + i)),
                        _ => s("c/o Hansen"),
                    },
                    s(postnr),
                    s(poststed),
                ]
            })
            .collect(),
    ));
    // SQLite: a phone app's full-text search over its notes. FTS4 keeps the text again
    // in a shadow table of its own (`notatsok_content`, column `c0tekst`): the index's
    // storage, read through `notatsok`, not a second place to report.
    if engine == "sqlite" {
        out.push("CREATE VIRTUAL TABLE notatsok USING fts4(tekst)".into());
        out.extend(inserts(
            "notatsok",
            "tekst",
            (0..120)
                .map(|i| {
                    vec![s(format!(
                        "Ring {} på +47 {} eller skriv til {}: måler 3.2.1.4 viser feil 😕",
                        first(i),
                        msisdn(i) % 100_000_000,
                        email(i)
                    ))]
                })
                .collect(),
        ));
    }
    // A video meeting's participants as a conferencing platform logs them: display
    // names with a device or company in brackets, SIP `From` headers, the cluster node
    // that carried the call (the platform's own address, no one's), a birth year.
    out.extend(inserts(
        "deltakere",
        "id, visningsnavn, fra_header, signalling_node, fodselsar, fra_alias",
        (0..300)
            .map(|i| {
                let name = format!("{} {}", first(i), last(i));
                vec![
                    s(i + 1),
                    s(match i % 3 {
                        0 => name.clone(),
                        1 => format!("{name} (iPhone)"),
                        _ => format!("{} (Firma AS)", first(i)),
                    }),
                    s(match i % 3 {
                        0 => format!("\"{name}\" <sip:{}>;tag={:x}", email(i), i * 7919),
                        1 => format!("{name} <sips:{}>", email(i)),
                        _ => format!("<sip:+{}@sip.telenor.no;user=phone>;tag=1", msisdn(i)),
                    }),
                    s(format!("10.0.{}.{}", i % 3, i % 10 + 10)),
                    s(1940 + i % 60),
                    // The caller's alias as a call record keeps it: a SIP URI, an E.164
                    // number, or an H.323 endpoint's address.
                    s(match i % 3 {
                        0 => format!("sip:{}", email(i)),
                        1 => format!("+{}", msisdn(i)),
                        _ => format!("h323:84.210.{}.{}", i % 250, i % 200 + 1),
                    }),
                ]
            })
            .collect(),
    ));
    // User meta as WordPress keeps it: twenty keys a user, each identifier 5 % of the
    // values, order numbers and versions under their own keys.
    let meta = |user: usize| -> Vec<(&'static str, String)> {
        vec![
            ("nickname", format!("bruker{user}")),
            ("first_name", first(user).to_owned()),
            ("last_name", last(user).to_owned()),
            ("description", String::new()),
            ("rich_editing", "true".to_owned()),
            ("locale", "nb_NO".to_owned()),
            ("wp_capabilities", r#"a:1:{s:8:"customer";b:1;}"#.to_owned()),
            (
                "billing_address_1",
                format!("{} {}", STREETS[user % STREETS.len()], user % 90 + 1),
            ),
            ("billing_postcode", format!("{:04}", 150 + user % 800)),
            ("billing_city", "Oslo".to_owned()),
            ("billing_country", "NO".to_owned()),
            ("billing_email", email(user + 20)),
            ("billing_phone", mobile(user * 8 + 1)),
            ("last_order_ref", format!("{}", 40_000_000 + user * 13)),
            ("app_version", format!("10.2.{}.{}", user % 7, user % 5)),
            ("paying_customer", "1".to_owned()),
            ("last_update", format!("{}", 1_699_000_000 + user)),
            ("dismissed_wp_pointers", String::new()),
            ("show_admin_bar_front", "true".to_owned()),
            ("use_ssl", "0".to_owned()),
        ]
    };
    out.extend(inserts(
        "brukermeta",
        "umeta_id, bruker_id, meta_key, meta_value",
        (0..150)
            .flat_map(|user| meta(user).into_iter().map(move |kv| (user, kv)))
            .enumerate()
            .map(|(i, (user, (k, v)))| vec![s(i + 1), s(user + 1), s(k), s(v)])
            .collect(),
    ));
    out.extend(inserts(
        "abonnenter",
        "id, msisdn, sentralbord, endepunkt, nett, tilbakestilling, kontakt",
        (0..600)
            .map(|i| {
                vec![
                    s(i + 1),
                    s(msisdn(i)),
                    s(switchboard(i)),
                    s(endpoint(i)),
                    s(match i % 2 {
                        0 => format!("192.168.{}.0/24", i % 250),
                        _ => format!("2001:db8:{:x}::/48", i + 1),
                    }),
                    s(format!(
                        "https://min.firma.no/tilbakestill?token={:016x}&epost={}&lang=nb",
                        (i as u64 + 1) * 0x9e37_79b9,
                        url_email(i)
                    )),
                    s(format!(
                        "\"{}, {}\" <{}>",
                        last(i + 2),
                        first(i + 2),
                        email(i + 2)
                    )),
                ]
            })
            .collect(),
    ));
    out
}

/// A subscriber number as telecom systems keep it: country code and number, no `+`.
fn msisdn(i: usize) -> u64 {
    [4_790_000_000, 4_741_000_000][i % 2] + (i as u64 * 7919) % 999_999
}

/// Switchboard numbers with extensions, and North American numbers written with dots.
fn switchboard(i: usize) -> String {
    match i % 4 {
        0 => format!(
            "+47 22 {:02} {:02} {:02} ext. {}",
            10 + i % 89,
            i % 100,
            i % 97,
            i % 50 + 1
        ),
        1 => format!("(415) 555-01{:02} x{}", i % 100, 200 + i % 50),
        2 => format!("415.555.01{:02}", i % 100),
        _ => format!("+1 212-555-01{:02} #{}", i % 100, i % 9 + 1),
    }
}

/// Where a device last connected from: an address with its port.
fn endpoint(i: usize) -> String {
    match i % 2 {
        0 => format!("81.167.{}.{}:{}", i % 250, i % 199 + 1, 1024 + i),
        _ => format!("[2001:db8::{:x}]:443", i + 1),
    }
}

/// An address as a URL's query string carries it, its `@` percent-encoded (ASCII
/// domains: a URL would encode `blåbær` as well).
fn url_email(i: usize) -> String {
    email(i * 5 + 1).replace('@', "%40")
}

/// (table, column, kind, content) the messy database must give on `engine`, sorted.
fn expected(engine: &str) -> Vec<(String, String, String, String)> {
    // MariaDB's binary columns named for an address are read as addresses, and
    // PostgreSQL's typed `macaddr8` column is a MAC address and its composite column
    // is read as text; SQLite has none of these, and a full-text table of its own.
    let engine_only: &[(&str, &str, &str, &str)] = match engine {
        "mariadb" => &[
            ("alarmhendelser", "enhet_mac", "mac", "values"),
            ("alarmhendelser", "kilde_ip6", "ip", "values"),
            ("alarmhendelser", "ruter_mac", "mac", "values"),
            ("alarmhendelser", "siste_ip", "ip", "values"),
        ],
        "postgres" => &[
            ("alarmhendelser", "maskinvare", "mac", "values"),
            ("nodkontakter", "kontakt", "email", "free_text"),
            ("nodkontakter", "kontakt", "phone", "free_text"),
            ("nodkontakter", "innstillinger", "email", "json"),
            ("nodkontakter", "innstillinger", "phone", "json"),
        ],
        _ => &[
            ("notatsok", "tekst", "email", "free_text"),
            ("notatsok", "tekst", "phone", "free_text"),
        ],
    };
    let mut v: Vec<(String, String, String, String)> = [
        ("abonnenter", "endepunkt", "ip", "values"),
        ("alarmhendelser", "enhet_imei", "imei", "values"),
        ("alarmhendelser", "kilde_ip", "ip", "values"),
        ("abonnenter", "kontakt", "email", "values"),
        ("abonnenter", "msisdn", "phone", "values"),
        ("abonnenter", "sentralbord", "phone", "values"),
        ("abonnenter", "tilbakestilling", "email", "free_text"),
        ("betalinger", "kontonummer", "bank_account", "values"),
        ("brukere", "epostliste", "email", "values"),
        ("delinger", "tilgang", "email", "json"),
        ("husstander", "eier", "name", "values"),
        ("kunder_se_de", "anteckning", "note", "values"),
        ("kunder_se_de", "efternamn", "name", "values"),
        ("kunder_se_de", "geburtsdatum", "birth_date", "values"),
        ("kunder_se_de", "geschlecht", "gender", "values"),
        ("kunder_se_de", "postleitzahl", "postal_code", "values"),
        ("kunder_se_de", "vorname", "name", "values"),
        ("kunder_uk", "full_name", "name", "values"),
        ("kunder_uk", "mobile", "phone", "values"),
        ("kunder_uk", "postcode", "postal_code", "values"),
        ("kunder_uk", "telephone", "phone", "values"),
        ("kunder_uk", "town", "city", "values"),
        ("leveringsadresser", "linje1", "address", "values"),
        ("leveringsadresser", "linje2", "address", "values"),
        ("leveringsadresser", "navn", "name", "values"),
        ("leveringsadresser", "postnr", "postal_code", "values"),
        ("leveringsadresser", "poststed", "city", "values"),
        ("nyhetsbrev", "email", "email", "values"),
        ("nyhetsbrev", "faksnr", "phone", "values"),
        ("nyhetsbrev", "fname", "name", "values"),
        ("nyhetsbrev", "lname", "name", "values"),
        ("nyhetsbrev", "optin_ip", "ip", "values"),
        ("nyhetsbrev", "tlfnr", "phone", "values"),
        ("customer_entity", "email", "email", "values"),
        ("customer_entity", "firstname", "name", "values"),
        ("customer_entity", "gender", "gender", "values"),
        ("customer_entity", "lastname", "name", "values"),
        ("customer_entity", "middlename", "name", "values"),
        ("integrasjonslogg", "klient", "ip", "values"),
        ("sim_kort", "iccid", "sim", "values"),
        ("sim_kort", "imsi", "sim", "values"),
        ("sim_kort", "msisdn", "phone", "values"),
        ("sms_logg", "dest_addr", "phone", "values"),
        ("sms_logg", "source_addr", "phone", "values"),
        ("timeavtaler", "behandler", "name", "values"),
        ("timeavtaler", "pasient", "name", "values"),
        ("husstander", "gatenavn", "address", "values"),
        ("husstander", "kontakt_epost", "email", "values"),
        ("husstander", "tlf2", "phone", "values"),
        ("husstander", "ektefelle_navn", "name", "values"),
        ("soknader", "fodt", "birth_date", "values"),
        ("soknader", "mobil_jobb", "phone", "values"),
        ("soknader", "referanser", "name", "json"),
        ("soknader", "referanser", "phone", "json"),
        ("soknader", "soknadstekst", "phone", "free_text"),
        ("husstander", "eier_fnr", "national_id", "values"),
        ("husstander", "postnr", "postal_code", "values"),
        ("profilbilder", "innlogging", "email", "values"),
        ("profilbilder", "merknad", "note", "values"),
        ("deltakere", "fodselsar", "birth_date", "values"),
        ("epostlogg", "avsender", "email", "values"),
        ("epostlogg", "avsender_tlf", "phone", "values"),
        ("deltakere", "fra_alias", "email", "values"),
        ("deltakere", "fra_alias", "ip", "values"),
        ("deltakere", "fra_alias", "phone", "values"),
        ("deltakere", "fra_header", "email", "values"),
        ("deltakere", "fra_header", "phone", "values"),
        ("deltakere", "visningsnavn", "name", "values"),
        ("kontaktskjema", "navn", "name", "values"),
        ("annonser", "selger", "name", "values"),
        ("support_tickets", "description", "note", "values"),
        ("contacts_us", "home_phone", "phone", "values"),
        ("cdr", "clid", "phone", "free_text"),
        ("kundenotater", "notat", "note", "values"),
        ("customers_gb", "forename", "name", "values"),
        ("customers_gb", "mobile", "phone", "values"),
        ("kunden", "land", "country", "values"),
        ("ha_states", "attributes", "ip", "json"),
        ("ha_states", "attributes", "mac", "json"),
        ("iot_users", "email", "email", "values"),
        ("iot_users", "password_hash", "credential", "values"),
        ("tickets", "via", "email", "json"),
        ("tickets", "via", "name", "json"),
        ("kunder_dk", "bynavn", "city", "values"),
        ("kunder_dk", "koen", "gender", "values"),
        ("kunder_dk", "syntymaaika", "birth_date", "values"),
        ("leveringsinfo", "instruksjon", "phone", "free_text"),
        ("sms_webhooks", "body", "phone", "free_text"),
        ("mage_customer_entity", "email", "email", "values"),
        (
            "mage_customer_entity",
            "password_hash",
            "credential",
            "values",
        ),
        ("mage_customer_entity", "billing_full", "address", "values"),
        ("mage_customer_entity", "shipping_full", "address", "values"),
        ("ansatte", "paarorende_navn", "name", "values"),
        ("ansatte", "naermeste_leder", "name", "values"),
        ("credential", "secret_data", "credential", "json"),
        ("aspnet_membership", "password", "credential", "values"),
        // The salt is the hash's other half, under the password's name.
        ("aspnet_membership", "passwordsalt", "credential", "values"),
        ("aspnet_membership", "email", "email", "values"),
        ("twilio_calls", "from_number", "phone", "values"),
        ("twilio_calls", "caller_name", "name", "values"),
        ("porting_requests", "msisdn", "phone", "values"),
        ("wifi_radacct", "username", "sim", "values"),
        ("wifi_radacct", "username", "email", "values"),
        ("wifi_radacct", "callingstationid", "mac", "values"),
        ("sf_contact", "assistantname", "name", "values"),
        ("sf_contact", "assistantphone", "phone", "values"),
        ("sf_case", "suppliedname", "name", "values"),
        ("sf_case", "suppliedemail", "email", "values"),
        ("porting_requests", "kundens_navn", "name", "values"),
        ("support_cases", "transcript", "note", "values"),
        ("support_cases", "transcript", "phone", "free_text"),
        ("support_cases", "transcript", "email", "free_text"),
        ("serviceoppdrag", "montor", "name", "values"),
        ("nhs_patients", "nhs_number", "national_id", "values"),
        ("patienter_se", "personnummer", "national_id", "values"),
        ("patienter_dk", "cpr", "national_id", "values"),
        ("serviceoppdrag", "kunde", "name", "values"),
        ("serviceoppdrag", "godkjent_av_navn", "name", "values"),
        ("elever", "foresatt1_navn", "name", "values"),
        ("elever", "foresatt2_navn", "name", "values"),
        ("sjaforer", "navn", "name", "values"),
        ("enhetsadresser", "enhet_mac", "mac", "values"),
        ("enhetsadresser", "kilde_ip6", "ip", "values"),
        ("enhetsadresser", "siste_ip", "ip", "values"),
        ("ansatt", "sted", "city", "values"),
        ("ansatt", "parorende_navn", "name", "values"),
        ("chat_messages", "author_name", "name", "values"),
        ("chat_messages", "body", "note", "values"),
        ("participant_history", "display_name", "name", "values"),
        ("soknader", "soknadstekst", "note", "values"),
        ("cdr", "src", "phone", "values"),
        ("cdr", "dst", "phone", "values"),
        ("sip_location", "contact", "ip", "free_text"),
        ("radacct", "callingstationid", "phone", "values"),
        ("radacct", "framedipaddress", "ip", "values"),
        ("user_threepids", "address", "email", "values"),
        ("user_threepids", "address", "phone", "values"),
        ("mail_users", "email", "email", "values"),
        ("mail_users", "password", "credential", "values"),
        ("mail_users", "web_password", "credential", "values"),
        ("contact", "lastname", "name", "values"),
        ("contact", "mailingcity", "city", "values"),
        ("contact", "mailingcountry", "country", "values"),
        ("contact", "description", "note", "values"),
        ("medlemmer", "navn", "name", "values"),
        ("medlemmer", "land", "country", "values"),
        ("oc_accounts", "data", "phone", "json"),
        ("res_partner", "display_name", "name", "values"),
        ("res_partner", "name", "name", "values"),
        ("user_attribute", "value", "phone", "values"),
        ("shiporders", "phone", "phone", "values"),
        ("shiporders", "shipaddress", "address", "values"),
        ("shiporders", "shippostalcode", "postal_code", "values"),
        ("brukere", "kopi_til", "email", "values"),
        ("brukermeta", "meta_value", "address", "values"),
        ("brukermeta", "meta_value", "city", "values"),
        ("brukermeta", "meta_value", "country", "values"),
        ("brukermeta", "meta_value", "email", "values"),
        ("brukermeta", "meta_value", "name", "values"),
        ("brukermeta", "meta_value", "phone", "values"),
        ("brukermeta", "meta_value", "postal_code", "values"),
        ("brukere", "date_of_birth", "birth_date", "values"),
        ("brukere", "mac", "mac", "values"),
        ("brukere", "navn", "name", "values"),
        ("brukere", "passord", "credential", "values"),
        ("brukere", "sist_sett_fra", "ip", "values"),
        ("brukere", "telefon_web", "phone", "values"),
        ("brukere", "telefoner", "phone", "values"),
        ("hendelser", "payload", "email", "json"),
        ("hendelser", "payload", "ip", "json"),
        ("hendelser", "payload", "name", "json"),
        ("hendelser", "payload", "phone", "json"),
        ("innlogginger", "ip", "ip", "values"),
        ("innlogginger", "videresendt_for", "ip", "values"),
        ("barnehage_barn", "navn", "name", "values"),
        ("byggesaker", "naboer", "name", "json"),
        ("payroll", "account_holder", "name", "values"),
        ("kontakter_vcf", "vcard", "phone", "free_text"),
        ("commits", "author", "email", "values"),
        ("enheter", "product_owner_email", "email", "values"),
        ("cwd_user", "credential", "credential", "values"),
        ("forum_innlegg", "tekst", "email", "free_text"),
        ("cwd_user", "lower_display_name", "name", "values"),
        ("ldap_people", "cn", "name", "values"),
        ("ldap_people", "sn", "name", "values"),
        ("oc_preferences", "configvalue", "email", "values"),
        ("oc_users", "displayname", "name", "values"),
        ("oc_users", "password", "credential", "values"),
        ("sms_log", "from_number", "phone", "values"),
        ("sms_log", "to_number", "phone", "values"),
        ("innstillinger", "verdi", "email", "values"),
        ("innstillinger", "verdi", "ip", "values"),
        ("innstillinger", "verdi", "phone", "values"),
        ("internasjonale_kontakter", "epost", "email", "values"),
        ("internasjonale_kontakter", "iban", "iban", "values"),
        (
            "internasjonale_kontakter",
            "nasjonalitet",
            "nationality",
            "values",
        ),
        ("internasjonale_kontakter", "navn", "name", "values"),
        ("internasjonale_kontakter", "orgnr", "org_number", "values"),
        (
            "internasjonale_kontakter",
            "personnummer",
            "national_id",
            "values",
        ),
        ("internasjonale_kontakter", "telefon", "phone", "values"),
        ("kunder", "adresse", "address", "values"),
        ("kunder", "epost", "email", "values"),
        ("kunder", "etternavn", "name", "values"),
        ("kunder", "fodselsdato", "birth_date", "values"),
        ("kunder", "fornavn", "name", "values"),
        ("kunder", "kjonn", "gender", "values"),
        ("kunder", "mobil", "phone", "values"),
        ("kunder", "notat", "email", "free_text"),
        ("kunder", "notat", "note", "values"),
        ("kunder", "notat", "phone", "free_text"),
        ("kunder", "passord_hash", "credential", "values"),
        ("kunder", "postnummer", "postal_code", "values"),
        ("samtalelogg", "a_number", "phone", "values"),
        ("samtalelogg", "b_number", "phone", "values"),
        ("samtalelogg", "nummer", "phone", "values"),
        ("samtaler", "oppringer", "email", "values"),
        ("samtaler", "oppringer", "phone", "values"),
    ]
    .iter()
    .chain(engine_only)
    .map(|(t, c, k, x)| (t.to_string(), c.to_string(), k.to_string(), x.to_string()))
    .collect();
    v.sort();
    v
}

/// Identifier columns whose verdict must be HIGH; attribute kinds are never HIGH.
const HIGH: &[(&str, &str, &str)] = &[
    ("abonnenter", "msisdn", "phone"),
    ("abonnenter", "sentralbord", "phone"),
    ("abonnenter", "endepunkt", "ip"),
    ("abonnenter", "kontakt", "email"),
    ("samtalelogg", "a_number", "phone"),
    ("samtalelogg", "b_number", "phone"),
    ("samtalelogg", "nummer", "phone"),
    ("deltakere", "fra_header", "email"),
    ("deltakere", "fra_header", "phone"),
    ("alarmhendelser", "kilde_ip", "ip"),
    ("alarmhendelser", "enhet_imei", "imei"),
    ("brukermeta", "meta_value", "email"),
    ("brukermeta", "meta_value", "phone"),
    ("brukere", "epostliste", "email"),
    ("brukere", "telefoner", "phone"),
    ("brukere", "kopi_til", "email"),
    ("brukere", "mac", "mac"),
    ("brukere", "sist_sett_fra", "ip"),
    ("brukere", "telefon_web", "phone"),
    ("kunder", "epost", "email"),
    ("kunder", "mobil", "phone"),
    ("innlogginger", "ip", "ip"),
    ("innlogginger", "videresendt_for", "ip"),
    ("samtaler", "oppringer", "email"),
    ("samtaler", "oppringer", "phone"),
    ("internasjonale_kontakter", "telefon", "phone"),
    ("internasjonale_kontakter", "epost", "email"),
    ("internasjonale_kontakter", "iban", "iban"),
    ("internasjonale_kontakter", "personnummer", "national_id"),
    ("hendelser", "payload", "email"),
    ("hendelser", "payload", "phone"),
    ("betalinger", "kontonummer", "bank_account"),
];

fn scan(src: &SourceDb, mode: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args(["scan", &src.url, "--mode", mode, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{mode}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for i in [0, 1, 2, 3, 10] {
        for raw in [email(i), first(i).to_owned() + " " + last(i)] {
            if raw != "post@firma.no" {
                assert!(!stdout.contains(&raw), "{raw} leaked");
            }
        }
        for raw in [url_email(i), msisdn(i).to_string()] {
            assert!(!stdout.contains(&raw), "{raw} leaked");
        }
        let address = endpoint(i);
        let (host, _) = address.rsplit_once(':').unwrap();
        assert!(
            !stdout.contains(host.trim_matches(['[', ']'])),
            "{host} leaked"
        );
    }
    serde_json::from_str(&stdout).unwrap()
}

fn assert_right_verdicts(src: &SourceDb, engine: &str) {
    for mode in ["sample", "full"] {
        let findings = scan(src, mode);
        assert_eq!(
            findings,
            scan(src, mode),
            "{engine} {mode}: the same data gives the same findings, examples and counts"
        );
        let mut got: Vec<(String, String, String, String)> = findings
            .iter()
            .map(|f| {
                (
                    f["table"].as_str().unwrap().to_owned(),
                    f["column"].as_str().unwrap().to_owned(),
                    f["kind"].as_str().unwrap().to_owned(),
                    f["content"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, expected(engine), "{engine} {mode}: {findings:#?}");
        for f in &findings {
            let key = (
                f["table"].as_str().unwrap(),
                f["column"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
            );
            let confidence = f["confidence"].as_str().unwrap();
            if HIGH.contains(&key) {
                assert_eq!(confidence, "HIGH", "{engine} {mode}: {f}");
            }
            let attribute = [
                "name",
                "address",
                "postal_code",
                "city",
                "birth_date",
                "gender",
                "nationality",
                "credential",
                "note",
            ];
            if attribute.contains(&key.2) {
                assert_ne!(confidence, "HIGH", "{engine} {mode}: never HIGH: {f}");
            }
            for e in f["examples"].as_array().unwrap() {
                assert!(e.as_str().unwrap().contains('*'), "{f}");
            }
        }
        let phones = findings
            .iter()
            .find(|f| f["table"] == "hendelser" && f["kind"] == "phone")
            .unwrap();
        assert_eq!(
            phones["matches"], phones["values_scanned"],
            "{engine} {mode}: every document has one mobile and order numbers add none"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_messy_postgres_database_gives_the_right_verdicts_sampled_and_full() {
    let Some(src) = postgres_db(statements("postgres")).await else {
        return;
    };
    tokio::task::spawn_blocking(move || assert_right_verdicts(&src, "postgres"))
        .await
        .unwrap();
}

/// Without `--schema`: the URL's database is the scope, not the whole server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_messy_mariadb_database_gives_the_right_verdicts_sampled_and_full() {
    let Some(src) = mysql_db(statements("mysql")).await else {
        return;
    };
    // Another database on the same server must stay out of the scan.
    let Some(_other) = mysql_db(fixtures::statements("mysql", None)).await else {
        return;
    };
    tokio::task::spawn_blocking(move || assert_right_verdicts(&src, "mariadb"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_messy_sqlite_database_gives_the_right_verdicts_sampled_and_full() {
    let src = sqlite_db(statements("sqlite")).await;
    tokio::task::spawn_blocking(move || assert_right_verdicts(&src, "sqlite"))
        .await
        .unwrap();
}
