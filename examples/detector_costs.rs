//! Per-value cost of the detectors on the kinds of values the benchmark table holds:
//! `cargo run --release --example detector_costs`.
use std::time::Instant;
use steward::discovery::detectors::{classify, find_in_text};
use steward::discovery::verdict::ColumnProfile;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    type Make = Box<dyn Fn(usize) -> String>;
    let cases: Vec<(&str, Make)> = vec![
        ("id", Box::new(|i| format!("{}", 100000 + i))),
        (
            "email",
            Box::new(|i| format!("user.{i}@example{}.no", i % 97)),
        ),
        ("phone+47", Box::new(|i| format!("+47 9{:07}", i % 9999999))),
        ("phone bare", Box::new(|i| format!("4{:07}", i % 9999999))),
        (
            "ip",
            Box::new(|i| format!("81.{}.{}.{}", i % 250, i % 200, i % 199 + 1)),
        ),
        (
            "note",
            Box::new(|i| {
                format!("Delivered on time; the customer was happy with order {i} and left no further comments at all.")
            }),
        ),
        (
            "json",
            Box::new(|i| {
                format!(
                    r#"{{"prefs": {{"newsletter": true}}, "contact": {{"city": "Oslo", "email": "p{i}@example.com"}}}}"#
                )
            }),
        ),
        ("sku", Box::new(|i| format!("SKU-{:05}-NO", i % 99999))),
        (
            "version",
            Box::new(|i| format!("10.{}.{}.{}", i % 5, i % 7, i % 3 + 1)),
        ),
        // The columns of `steward bench`'s adversarial table, made the same way.
        (
            "adv ean",
            Box::new(|i| {
                let head = if i % 2 == 0 { "00" } else { "70" };
                format!("{head}{:011}", (i as u64 * 7919) % 99_999_999_999)
            }),
        ),
        (
            "adv digits",
            Box::new(|i| format!("{:032}{:032}", i * 7919 + 13, i * 104729 + 7)),
        ),
        (
            "adv grouped",
            Box::new(|i| {
                let d = format!("{:032}{:032}", i * 7919 + 13, i * 104729 + 7);
                d.as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        ),
        (
            "adv prose",
            Box::new(|i| {
                format!(
                    "Ring på: 6. etasje … kl. 17:00; {}",
                    format!("Kunden ringte kl. 10:30 om ordre {i} (versjon 10.2.3.4, § 8.8.9.6); ønsket svar før 12.03.2024: ").repeat(12)
                )
            }),
        ),
        (
            "adv doc",
            Box::new(|i| {
                format!(
                    r#"{{"ordre_ref": {}, "app_version": "10.2.{}.{}", "linjer": [{{"sku": "SKU-{i}", "antall": {}, "ean": "00{:011}"}}, {{"sku": "SKU-{}", "antall": {}}}], "notat": "Levert: tirsdag; port 3.2.1.4"}}"#,
                    40_000_000 + i,
                    i % 7,
                    i % 5,
                    i % 9,
                    i,
                    i + 1,
                    i % 7
                )
            }),
        ),
        (
            "adv agent",
            Box::new(|i| {
                format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{}.0.0.0 Safari/537.36", 100 + i % 20)
            }),
        ),
    ];
    // `detector_costs [N] [NAME…]`: N values a case, only the named cases.
    let only: Vec<String> = std::env::args().skip(2).collect();
    for (name, make) in &cases {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let values: Vec<String> = (0..n).map(make).collect();
        let t = Instant::now();
        let mut hits = 0;
        for v in &values {
            hits += classify(v).len();
        }
        let c = t.elapsed();
        let t = Instant::now();
        let mut p = ColumnProfile::new(name);
        for v in &values {
            p.observe(Some(v));
        }
        let o = t.elapsed();
        let t = Instant::now();
        for v in &values {
            hits += find_in_text(v).len();
        }
        let f = t.elapsed();
        println!(
            "{name:12} classify {:6.2} us  observe {:6.2} us  find_in_text {:6.2} us  ({hits})",
            c.as_secs_f64() * 1e6 / n as f64,
            o.as_secs_f64() * 1e6 / n as f64,
            f.as_secs_f64() * 1e6 / n as f64
        );
    }
}
