//! Source-database fixtures for discovery tests: the same people, free text, JSON and
//! traps, created in a real PostgreSQL, MariaDB or SQLite database made for one test.

use sha2::{Digest, Sha256};

pub const PEOPLE: usize = 20;

/// The mod-11 check digit Norwegian numbers use; `None` where none is valid.
pub fn mod11(digits: &str, weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits
        .bytes()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// A valid Norwegian national identity number for person `i`.
pub fn fnr(i: usize) -> String {
    for individual in (100 + i * 7)..(100 + i * 7 + 50) {
        let base = format!(
            "{:02}{:02}{:02}{:03}",
            i % 28 + 1,
            i % 12 + 1,
            50 + i % 40,
            individual
        );
        let Some(k1) = mod11(&base, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) else {
            continue;
        };
        let with_k1 = format!("{base}{k1}");
        let Some(k2) = mod11(&with_k1, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else {
            continue;
        };
        return format!("{with_k1}{k2}");
    }
    unreachable!()
}

/// `prefix` with the digit that makes it pass Luhn.
pub fn luhn_complete(prefix: &str) -> String {
    for d in 0..10 {
        let candidate = format!("{prefix}{d}");
        let sum: u32 = candidate
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let n = u32::from(c - b'0');
                if i % 2 == 1 {
                    let x = n * 2;
                    if x > 9 {
                        x - 9
                    } else {
                        x
                    }
                } else {
                    n
                }
            })
            .sum();
        if sum % 10 == 0 {
            return candidate;
        }
    }
    unreachable!()
}

pub fn imei(i: usize) -> String {
    luhn_complete(&format!("35{:012}", 209900176 + i * 31))
}

pub fn card(i: usize) -> String {
    let raw = luhn_complete(&format!("4{:014}", 11111111111 + i as u64 * 97));
    format!(
        "{} {} {} {}",
        &raw[..4],
        &raw[4..8],
        &raw[8..12],
        &raw[12..]
    )
}

/// A Norwegian IBAN built from a valid bank account number.
pub fn iban(i: usize) -> String {
    let mut n = 0;
    let account = loop {
        let base = format!("{:010}", 8601111794u64 + (i * 13 + n) as u64);
        if let Some(k) = mod11(&base, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) {
            break format!("{base}{k}");
        }
        n += 1;
    };
    // Check digits: 98 - (BBAN + "NO00" as digits) mod 97.
    let numeric = format!("{account}232400");
    let rem = numeric
        .bytes()
        .fold(0u64, |r, c| (r * 10 + u64::from(c - b'0')) % 97);
    let check = 98 - rem;
    let compact = format!("NO{check:02}{account}");
    format!(
        "{} {} {} {}",
        &compact[..4],
        &compact[4..8],
        &compact[8..12],
        &compact[12..]
    )
}

pub fn email(i: usize) -> String {
    format!("Person.{i}@Example{}.no", i % 3)
}

pub fn phone(i: usize) -> String {
    match i % 4 {
        0 => format!("+47 9{:02} 34 567", i),
        1 => format!("4{:02}34567", i),
        2 => format!("0047 41 {:02} 45 67", i),
        _ => format!("9{:02} 11 222", i),
    }
}

pub fn note(i: usize) -> String {
    match i % 5 {
        0 => format!(
            "Customer asked us to use {} for invoices from now on.",
            email(i + 100)
        ),
        2 => "Called about a late delivery, resolved with a voucher.".into(),
        3 if i % 2 == 1 => format!(
            "Wants a call back on +47 412 {:02} 890 tomorrow morning.",
            i
        ),
        _ => "Happy with the service; no follow-up needed this time.".into(),
    }
}

pub struct Person {
    pub id: usize,
    pub values: Vec<(&'static str, Option<String>)>,
}

/// The rows of `customers`, column by column, as SQL-ready strings.
pub fn customers() -> Vec<Person> {
    (0..PEOPLE)
        .map(|i| {
            let email = email(i);
            let profile = format!(
                r#"{{"contact": {{"email": "{}", "mobile": "+47 9{:02} 55 123"}}, "prefs": {{"newsletter": {}}}}}"#,
                email.to_lowercase(),
                i,
                i % 2 == 0
            );
            Person {
                id: i + 1,
                values: vec![
                    ("email", Some(email.clone())),
                    ("phone", Some(phone(i))),
                    ("fnr", Some(fnr(i))),
                    ("last_ip", Some(if i % 3 == 0 { format!("10.0.{}.{}", i, i + 7) } else { format!("81.167.{}.{}", i + 1, 200 - i) })),
                    ("iban", Some(iban(i))),
                    ("card_number", Some(card(i))),
                    ("profile", Some(profile)),
                    ("notes", if i % 7 == 6 { None } else { Some(note(i)) }),
                    ("app_version", Some(format!("10.{}.{}.{}", i % 5, i % 7, i % 3 + 1))),
                    ("invoice_no", Some(format!("{}", 40_000_000 + i * 7919))),
                    ("external_id", Some(format!("{:08x}-e29b-41d4-a716-{:012x}", 0x550e8400 + i, 0x446655440000u64 + i as u64))),
                    ("email_sha256", Some(hex::encode(Sha256::digest(email.to_lowercase().as_bytes())))),
                    ("sku", Some(format!("SKU-{:05}-NO", 10234 + i))),
                ],
            }
        })
        .collect()
}

fn lit(v: &Option<String>) -> String {
    match v {
        None => "NULL".into(),
        Some(s) => format!("'{}'", s.replace('\'', "''")),
    }
}

/// DDL and inserts for one engine. `devices_schema` is where `devices` goes.
pub fn statements(engine: &str, devices_schema: Option<&str>) -> Vec<String> {
    let (json, ts) = match engine {
        "postgres" => ("jsonb", "timestamptz"),
        "mysql" => ("json", "datetime"),
        _ => ("TEXT", "TIMESTAMP"),
    };
    let devices = match devices_schema {
        Some(s) => format!("{s}.devices"),
        None => "devices".into(),
    };
    let mut out = Vec::new();
    if let (Some(s), "postgres") = (devices_schema, engine) {
        out.push(format!("CREATE SCHEMA {s}"));
    }
    out.push(format!(
        "CREATE TABLE customers (id integer PRIMARY KEY, email varchar(200), phone varchar(40), fnr char(11),
            last_ip varchar(45), iban varchar(40), card_number varchar(30), profile {json}, notes text,
            app_version varchar(20), invoice_no bigint, external_id varchar(36), email_sha256 char(64),
            sku varchar(20), created_at {ts})"
    ));
    out.push(format!(
        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id),
            total numeric(10,2), ordered_at {ts}, shipping_note text)"
    ));
    out.push(format!(
        "CREATE TABLE {devices} (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id),
            imei varchar(15), mac varchar(17), firmware_version varchar(20))"
    ));
    for p in customers() {
        let cols: Vec<&str> = p.values.iter().map(|(c, _)| *c).collect();
        let vals: Vec<String> = p.values.iter().map(|(_, v)| lit(v)).collect();
        out.push(format!(
            "INSERT INTO customers (id, {}, created_at) VALUES ({}, {}, '2024-01-{:02} 10:30:00')",
            cols.join(", "),
            p.id,
            vals.join(", "),
            p.id % 28 + 1
        ));
        out.push(format!(
            "INSERT INTO orders VALUES ({}, {}, {}.50, '2024-02-{:02} 12:00:00', 'Leave the parcel by the door, ring twice.')",
            p.id * 10,
            p.id,
            100 + p.id,
            p.id % 28 + 1
        ));
        out.push(format!(
            "INSERT INTO {devices} VALUES ({}, {}, '{}', '00:1a:2b:{:02x}:{:02x}:5e', '10.2.{}.4')",
            p.id * 100,
            p.id,
            imei(p.id),
            p.id,
            p.id * 3 % 256,
            p.id % 9
        ));
    }
    out
}

/// The verdicts the fixture must give: (table, column, kind, confidence, content).
pub fn expected(devices_table: &str) -> Vec<(String, String, String, String, String)> {
    let mut v: Vec<(String, String, String, String, String)> = [
        ("customers", "card_number", "card", "HIGH", "values"),
        ("customers", "email", "email", "HIGH", "values"),
        ("customers", "fnr", "national_id", "HIGH", "values"),
        ("customers", "iban", "iban", "HIGH", "values"),
        ("customers", "last_ip", "ip", "HIGH", "values"),
        ("customers", "notes", "email", "LOW", "free_text"),
        ("customers", "notes", "note", "MEDIUM", "values"),
        ("customers", "notes", "phone", "LOW", "free_text"),
        ("customers", "phone", "phone", "HIGH", "values"),
        ("customers", "profile", "email", "HIGH", "json"),
        ("customers", "profile", "phone", "HIGH", "json"),
        (devices_table, "imei", "imei", "HIGH", "values"),
        (devices_table, "mac", "mac", "HIGH", "values"),
        ("orders", "shipping_note", "note", "MEDIUM", "values"),
    ]
    .iter()
    .map(|(t, c, k, conf, content)| {
        (
            t.to_string(),
            c.to_string(),
            k.to_string(),
            conf.to_string(),
            content.to_string(),
        )
    })
    .collect();
    v.sort();
    v
}

/// Every raw identifier in the fixture, to prove none leaks into reports.
pub fn raw_values() -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..PEOPLE {
        out.extend([
            email(i),
            email(i).to_lowercase(),
            fnr(i),
            card(i),
            iban(i),
            imei(i + 1),
        ]);
    }
    out
}
