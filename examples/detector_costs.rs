//! Per-value cost of the detectors on the kinds of values the benchmark table holds:
//! `cargo run --release --example detector_costs`.
use std::time::Instant;
use steward::discovery::detectors::{classify, find_in_text};
use steward::discovery::verdict::ColumnProfile;

fn main() {
    let n = 200_000;
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
    ];
    for (name, make) in &cases {
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
