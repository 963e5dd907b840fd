//! `steward bench`: throughput and memory figures for discovery, printed, not asserted.
//!
//! It generates (once) a table of at least the asked size in a PostgreSQL database of
//! its own, then measures in one run: raw `COPY … TO STDOUT` MB/s of the table, a FULL
//! scan's MB/s of the same table, their ratio, the peak RSS during the scan, and the
//! detectors' MB/s on free text. `--suite locate` times locating one subject among a
//! million rows with and without an index, and the peak RSS of locate plus packaging.

mod api;
mod jobs;
pub use crate::config::{BenchArgs, Suite};
use crate::discovery::connectors::{Sampling, Scope};
use crate::discovery::detectors;
use crate::discovery::scan::{self, NoProgress, ScanOptions};
use crate::discovery::source::SourceUrl;
use anyhow::Context;
use futures_util::{pin_mut, StreamExt};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};
use tokio_postgres::NoTls;

const DB: &str = "steward_bench";
pub(crate) const TABLE: &str = "bench_people";

pub(crate) fn with_db(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let cut = base
        .rfind('/')
        .filter(|i| *i > base.find("://").map_or(0, |s| s + 2))
        .unwrap_or(base.len());
    let q = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{db}{q}", &base[..cut])
}

/// The URL with `sslmode=disable`: figures compare like with like.
fn without_tls(url: &str) -> String {
    format!(
        "{url}{}sslmode=disable",
        if url.contains('?') { '&' } else { '?' }
    )
}

/// Peak resident set size since the last reset, in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn current_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time (user + system) this process has used, in seconds (Linux, 100 ticks/s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses: utime is the 12th, stime the 13th.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// CPU seconds used since a [`cpu_seconds`] reading (NaN where /proc cannot tell).
fn cpu_since(before: Option<f64>) -> f64 {
    cpu_seconds()
        .zip(before)
        .map_or(f64::NAN, |(after, before)| after - before)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Resets the peak-RSS counter so the next reading covers only what follows.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn connect(url: &str) -> anyhow::Result<tokio_postgres::Client> {
    let (client, conn) = tokio_postgres::connect(url, NoTls)
        .await
        .context("connect to PostgreSQL")?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

pub(crate) const SELECT: &str =
    "SELECT id::text, email, phone, ip, note, profile::text, sku, version FROM bench_people";

/// Makes sure the table exists at the asked size; returns its COPY size in bytes.
pub(crate) async fn prepare(args: &BenchArgs) -> anyhow::Result<String> {
    let admin = connect(&args.server_url).await?;
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DB])
        .await?
        .is_some();
    if !exists {
        admin
            .batch_execute(&format!("CREATE DATABASE {DB}"))
            .await?;
    }
    let url = with_db(&args.server_url, DB);
    let client = connect(&url).await?;
    // About 270 bytes of COPY text per row.
    let want = (args.size_mb * 1_000_000 / 270) as i64;
    fill(
        &client,
        TABLE,
        "id bigint PRIMARY KEY, email text, phone text, ip text, note text, profile jsonb,
         sku text, version text, created_at timestamptz",
        want,
        250_000,
        |start, end| {
            format!(
                "INSERT INTO {TABLE}
                 SELECT g,
                       'user.' || g || '@example' || (g % 97) || '.no',
                       CASE g % 3 WHEN 0 THEN '+47 9' || lpad((g % 9999999)::text, 7, '0')
                                  WHEN 1 THEN '4' || lpad((g % 9999999)::text, 7, '0')
                                  ELSE '9' || lpad((g % 99)::text, 2, '0') || ' ' || lpad((g % 99)::text, 2, '0') || ' ' || lpad((g % 999)::text, 3, '0') END,
                       '81.' || (g % 250) || '.' || (g % 200) || '.' || (g % 199 + 1),
                       CASE WHEN g % 10 = 0
                         THEN 'Customer wrote in about order ' || g || ' and asked us to reply to contact' || g || '@example.org quickly, thanks.'
                         ELSE 'Delivered on time; the customer was happy with order ' || g || ' and left no further comments at all.' END,
                       jsonb_build_object('contact', jsonb_build_object('email', 'p' || g || '@example.com', 'city', 'Oslo'), 'prefs', jsonb_build_object('newsletter', g % 2 = 0)),
                       'SKU-' || lpad((g % 99999)::text, 5, '0') || '-NO',
                       '10.' || (g % 5) || '.' || (g % 7) || '.' || (g % 3 + 1),
                       now()
                 FROM generate_series({start}, {end}) g"
            )
        },
    )
    .await?;
    Ok(url)
}

const ADVERSARIAL: &str = "bench_adversarial";

const ADVERSARIAL_SELECT: &str =
    "SELECT id::text, ean, digits, grouped, prose, doc::text, agent FROM bench_adversarial";

/// Makes sure the adversarial table exists at the asked size: the values that cost
/// detectors most, not the ones shaped for the happy path. About 2 KB of COPY text a
/// row: EAN-13 product codes from `00` (a US product, shaped like `001` + a phone
/// number) and `70`, 64-digit runs, 64 digits in groups of four (every window a card
/// or national-id candidate), 1.5 KB of Norwegian prose with times, numbers and
/// colons after `å`, JSON with order numbers and versions, and user agents.
async fn prepare_adversarial(args: &BenchArgs, url: &str) -> anyhow::Result<()> {
    let client = connect(url).await?;
    fill(
        &client,
        ADVERSARIAL,
        "id bigint PRIMARY KEY, ean text, digits text, grouped text, prose text, doc jsonb,
         agent text",
        (args.adversarial_mb * 1_000_000 / 2_000) as i64,
        25_000,
        |start, end| {
            format!(
                "INSERT INTO {ADVERSARIAL}
                 SELECT g,
                   CASE g % 2 WHEN 0 THEN '00' ELSE '70' END || lpad(((g * 7919) % 99999999999)::text, 11, '0'),
                   translate(md5(g::text) || md5((g + 1)::text), 'abcdef', '123456'),
                   regexp_replace(translate(md5((g + 2)::text) || md5((g + 3)::text), 'abcdef', '987654'), '([0-9]{{4}})', '\\1 ', 'g'),
                   'Ring på: 6. etasje … kl. 17:00; ' || repeat('Kunden ringte kl. 10:30 om ordre ' || g || ' (versjon 10.2.3.4, § 8.8.9.6); ønsket svar før 12.03.2024: ', 12),
                   jsonb_build_object('ordre_ref', 40000000 + g, 'app_version', '10.2.' || (g % 7) || '.' || (g % 5),
                     'linjer', jsonb_build_array(jsonb_build_object('sku', 'SKU-' || g, 'antall', g % 9, 'ean', '00' || lpad(g::text, 11, '0')),
                                                 jsonb_build_object('sku', 'SKU-' || (g + 1), 'antall', g % 7)),
                     'notat', 'Levert: tirsdag; port 3.2.1.4'),
                   'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/' || (100 + g % 20) || '.0.0.0 Safari/537.36'
                 FROM generate_series({start}, {end}) g"
            )
        },
    )
    .await
}

const PHONES: &str = "bench_phones";

const PHONES_SELECT: &str = "SELECT id::text, national, international FROM bench_phones";

/// Makes sure the phone table exists: 2,000,000 rows of numbers written nationally in
/// Sweden, Germany, the UK, Finland and North America and internationally with eight
/// other calling codes, the values whose check costs most (each is looked up in the
/// numbering plans, a national one in up to four regions' plans).
async fn prepare_phones(url: &str) -> anyhow::Result<()> {
    let client = connect(url).await?;
    fill(
        &client,
        PHONES,
        "id bigint PRIMARY KEY, national text, international text",
        2_000_000,
        100_000,
        |start, end| {
            format!(
                "INSERT INTO {PHONES}
                 SELECT g,
                   CASE g % 5 WHEN 0 THEN '070-' || lpad((g % 997)::text, 3, '0') || ' ' || lpad((g % 97)::text, 2, '0') || ' ' || lpad((g % 89)::text, 2, '0')
                              WHEN 1 THEN '030 ' || lpad((g % 9999991)::text, 7, '1')
                              WHEN 2 THEN '020 7946 ' || lpad((g % 9973)::text, 4, '0')
                              WHEN 3 THEN '(202) 555-' || lpad((g % 9967)::text, 4, '0')
                              ELSE '040 ' || lpad((g % 9999973)::text, 7, '2') END,
                   CASE g % 8 WHEN 0 THEN '+46 70 ' || lpad((g % 9999991)::text, 7, '1')
                              WHEN 1 THEN '+49 151 ' || lpad((g % 99999989)::text, 8, '1')
                              WHEN 2 THEN '+44 20 7946 ' || lpad((g % 9973)::text, 4, '0')
                              WHEN 3 THEN '+1 415 555 ' || lpad((g % 9967)::text, 4, '0')
                              WHEN 4 THEN '+33 6 12 34 ' || lpad((g % 9949)::text, 4, '0')
                              WHEN 5 THEN '+45 20 ' || lpad((g % 999983)::text, 6, '1')
                              WHEN 6 THEN '+358 40 ' || lpad((g % 9999991)::text, 7, '1')
                              ELSE '+34 612 ' || lpad((g % 999983)::text, 6, '1') END
                 FROM generate_series({start}, {end}) g"
            )
        },
    )
    .await
}

/// Creates `table` (with `columns`) if it is missing and generates rows up to `want`,
/// `chunk` rows a statement from `insert(start, end)`, once: later runs keep them.
async fn fill(
    client: &tokio_postgres::Client,
    table: &str,
    columns: &str,
    want: i64,
    chunk: i64,
    insert: impl Fn(i64, i64) -> String,
) -> anyhow::Result<()> {
    client
        .batch_execute(&format!("CREATE TABLE IF NOT EXISTS {table} ({columns})"))
        .await?;
    let have: i64 = client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await?
        .get(0);
    if have >= want {
        return Ok(());
    }
    eprintln!(
        "generating {} rows in {DB}.{table}; done once, kept for later runs…",
        want - have
    );
    let mut start = have + 1;
    while start <= want {
        let end = (start + chunk - 1).min(want);
        client.batch_execute(&insert(start, end)).await?;
        eprint!("\r  {end}/{want} rows");
        start = end + 1;
    }
    eprintln!();
    client.batch_execute(&format!("ANALYZE {table}")).await?;
    Ok(())
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if args.suite == Suite::Api {
        return api::run(
            args.api_seconds,
            &args.loader_delay_us,
            &args.read_cache_entries,
        )
        .await;
    }
    if args.suite == Suite::Jobs {
        return jobs::run(&args).await;
    }
    if args.suite != Suite::Locate {
        discovery(&args).await?;
    }
    if args.suite != Suite::Discovery {
        locate_bench(&args).await?;
    }
    if args.drop {
        let admin = connect(&args.server_url).await?;
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {DB} WITH (FORCE)"))
            .await?;
    }
    Ok(())
}

/// Seconds and bytes of a raw `COPY (select) TO STDOUT`, bytes discarded.
pub(crate) async fn copy_seconds(url: &str, select: &str) -> anyhow::Result<(f64, u64)> {
    let client = connect(url).await?;
    let t = Instant::now();
    let stream = client
        .copy_out(&format!("COPY ({select}) TO STDOUT"))
        .await?;
    pin_mut!(stream);
    let mut bytes = 0u64;
    while let Some(chunk) = stream.next().await {
        bytes += chunk?.len() as u64;
    }
    Ok((t.elapsed().as_secs_f64(), bytes))
}

/// One round's figures.
struct Round {
    copy_mbs: f64,
    scan_mbs: f64,
    scan_cpu: f64,
    peak_rss: f64,
}

async fn discovery(args: &BenchArgs) -> anyhow::Result<()> {
    let url = prepare(args).await?;
    prepare_adversarial(args, &url).await?;
    prepare_phones(&url).await?;
    let rss_before = current_rss_mb();
    println!("Discovery benchmark: COPY, then a FULL scan of the same table, in each round");
    for (table, select, what) in [
        (TABLE, SELECT, "the benchmark table"),
        (ADVERSARIAL, ADVERSARIAL_SELECT, "the adversarial table"),
        (PHONES, PHONES_SELECT, "the phone table"),
    ] {
        println!("{what} ({table}):");
        copy_and_scan(args, &url, table, select).await?;
    }
    println!(
        "  (RSS before the scans: {:.1} MB; target for peak RSS < 100 MB)",
        rss_before.unwrap_or(f64::NAN)
    );

    // Detectors on free text.
    let text = synthetic_text(args.text_mb * 1_000_000);
    let t = Instant::now();
    let mut found = 0usize;
    for line in text.lines() {
        found += detectors::find_in_text(line).len();
    }
    let text_secs = t.elapsed().as_secs_f64();
    let text_mbs = text.len() as f64 / 1e6 / text_secs;
    println!(
        "Detectors on free text  {text_mbs:8.1} MB/s  ({:.0} MB, {found} entities)",
        text.len() as f64 / 1e6
    );
    worst_costs();
    Ok(())
}

/// `--rounds` rounds of a raw COPY of `select` and a FULL scan of `table`, each round
/// printed, then the medians.
async fn copy_and_scan(
    args: &BenchArgs,
    url: &str,
    table: &str,
    select: &str,
) -> anyhow::Result<()> {
    let source = SourceUrl::parse(&without_tls(url)).map_err(anyhow::Error::msg)?;
    let options = ScanOptions {
        sampling: Sampling::Full,
        scope: Scope {
            schemas: vec!["public".into()],
            tables: vec![table.into()],
        },
        table_budget: Duration::from_secs(3600),
        ..ScanOptions::default()
    };
    let mut rounds = Vec::new();
    let (mut copy_bytes, mut rows, mut findings) = (0u64, 0u64, 0usize);
    for round in 1..=args.rounds {
        // 1. Raw COPY of the same columns the scanner reads, bytes discarded.
        let cpu_before = cpu_seconds();
        let copy_secs;
        (copy_secs, copy_bytes) = copy_seconds(url, select).await?;
        let copy_cpu = cpu_since(cpu_before);

        // 2. A FULL discovery scan of that table (without TLS, like the raw COPY above).
        // What the process holds when it starts (the COPY's freed buffers among it).
        reset_peak_rss();
        let rss_at_start = current_rss_mb().unwrap_or(f64::NAN);
        let cpu_before = cpu_seconds();
        let t = Instant::now();
        let report = scan::run(&source, &options, &NoProgress, &AtomicBool::new(false))
            .await
            .map_err(|e| anyhow::anyhow!("scan failed: {}", e.message))?;
        let scan_secs = t.elapsed().as_secs_f64();
        let scan_cpu = cpu_since(cpu_before);
        let scan_bytes = report.tables.first().map_or(0, |t| t.bytes_read);
        (rows, findings) = (report.rows_read, report.findings.len());
        let r = Round {
            copy_mbs: copy_bytes as f64 / 1e6 / copy_secs,
            scan_mbs: scan_bytes as f64 / 1e6 / scan_secs,
            scan_cpu,
            peak_rss: peak_rss_mb().unwrap_or(f64::NAN),
        };
        println!(
            "  round {round}: COPY {:6.1} MB/s ({copy_secs:.1} s, {copy_cpu:.1} s CPU), FULL scan {:6.1} MB/s \
             ({scan_secs:.1} s, {scan_cpu:.1} s CPU), ratio {:.2}, peak RSS {:.1} MB ({rss_at_start:.1} MB at its start)",
            r.copy_mbs,
            r.scan_mbs,
            r.scan_mbs / r.copy_mbs,
            r.peak_rss
        );
        rounds.push(r);
    }
    let med = |f: fn(&Round) -> f64| median(&mut rounds.iter().map(f).collect::<Vec<_>>());
    let peak = rounds.iter().map(|r| r.peak_rss).fold(f64::NAN, f64::max);
    println!(
        "  medians of {} rounds ({rows} rows, {:.0} MB as COPY text, {findings} findings)",
        rounds.len(),
        copy_bytes as f64 / 1e6
    );
    println!("    COPY … TO STDOUT      {:8.1} MB/s", med(|r| r.copy_mbs));
    println!("    FULL scan             {:8.1} MB/s", med(|r| r.scan_mbs));
    println!(
        "    ratio scan/COPY       {:8.2}      (target >= 0.8; median of the rounds' ratios)",
        med(|r| r.scan_mbs / r.copy_mbs)
    );
    println!(
        "    scan CPU (Steward)    {:8.2} us/row ({:.1} s; all threads, PostgreSQL not counted)",
        med(|r| r.scan_cpu) * 1e6 / rows.max(1) as f64,
        med(|r| r.scan_cpu)
    );
    println!("    peak RSS during scan  {peak:8.1} MB    (highest round)");
    Ok(())
}

/// Values that cost the detectors most, by class.
fn adversarial_values() -> Vec<(&'static str, Vec<String>)> {
    let n = 400;
    let digits = |i: usize| format!("{:032}{:032}", i * 7919 + 13, i * 104729 + 7);
    vec![
        ("email", (0..n).map(|i| format!("user.{i}@example{}.no", i % 97)).collect()),
        ("phone +47", (0..n).map(|i| format!("+47 9{:02} 34 {:03}", i % 100, i % 1000)).collect()),
        ("phone +1", (0..n).map(|i| format!("+1 202 555 {:04}", i % 10_000)).collect()),
        ("phone 070 (SE)", (0..n).map(|i| format!("070-{:03} {:02} {:02}", 100 + i % 900, i % 100, i % 97)).collect()),
        ("EAN-13 00…", (0..n).map(|i| format!("00{:011}", 12_345_678_900u64 + i as u64 * 7)).collect()),
        ("EAN-13 70…", (0..n).map(|i| format!("70{:011}", 38_000_000_000u64 + i as u64 * 13)).collect()),
        ("64 digits", (0..n).map(digits).collect()),
        ("64 digits in 4s", (0..n).map(|i| {
            digits(i).as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
        }).collect()),
        ("colon run 1 KB", (0..n).map(|i| format!("{:x}:", i).repeat(200)).collect()),
        ("@ run 1 KB", (0..n).map(|i| format!("a{i}@b.").repeat(150)).collect()),
        ("dotted run 1 KB", (0..n).map(|i| format!("{}.", i % 256).repeat(250)).collect()),
        ("user agent", (0..n).map(|i| format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{}.0.0.0 Safari/537.36", 100 + i % 20)).collect()),
        ("prose 1.5 KB", (0..n).map(|i| format!("Ring på: 6. etasje … kl. 17:00; {}", format!("Kunden ringte kl. 10:30 om ordre {i} (versjon 10.2.3.4, § 8.8.9.6); ønsket svar før 12.03.2024: ").repeat(12))).collect()),
        ("prose 64 KB", (0..8).map(|i| format!("Notat {i}: ring 912 34 567 eller skriv til ola@example.no; 070-123 45 67; 81.167.42.7. ").repeat(700)).collect()),
        ("JSON 200 leaves", (0..n / 4).map(|i| {
            let items: Vec<String> = (0..100).map(|j| format!(r#"{{"ordre_ref": {}, "v": "10.2.3.{j}"}}"#, 40_000_000 + i * 100 + j)).collect();
            format!(r#"{{"kunde": {{"epost": "k{i}@example.no"}}, "linjer": [{}]}}"#, items.join(", "))
        }).collect()),
    ]
}

/// Prints, per detector, the worst cost of one value over adversarial classes: each
/// value timed as the best of five calls (to keep scheduler noise out), the class's
/// mean and its worst value.
fn worst_costs() {
    use crate::discovery::verdict::ColumnProfile;
    type Detector = (&'static str, fn(&str));
    let detectors: [Detector; 3] = [
        ("classify", |v| {
            std::hint::black_box(detectors::classify(v));
        }),
        ("find_in_text", |v| {
            std::hint::black_box(detectors::find_in_text(v));
        }),
        ("column profile", |v| {
            let mut p = ColumnProfile::new("value");
            p.observe(Some(v));
            std::hint::black_box(p.verdicts());
        }),
    ];
    let classes = adversarial_values();
    // Warm up lazily built tables (patterns, numbering plans) first.
    for (_, values) in &classes {
        for (_, f) in &detectors {
            values.iter().take(3).for_each(|v| f(v));
        }
    }
    println!(
        "Per-value cost of the detectors (us; class mean / worst value, best of 5 calls each)"
    );
    print!("  {:<18}", "class");
    for (name, _) in &detectors {
        print!(" {name:>22}");
    }
    println!();
    let mut worst: Vec<(f64, &str)> = vec![(0.0, ""); detectors.len()];
    for (class, values) in &classes {
        print!("  {class:<18}");
        for (d, (_, f)) in detectors.iter().enumerate() {
            let mut total = 0.0;
            let mut max = 0.0f64;
            for v in values {
                let best = (0..5)
                    .map(|_| {
                        let t = Instant::now();
                        f(v);
                        t.elapsed().as_secs_f64() * 1e6
                    })
                    .fold(f64::INFINITY, f64::min);
                total += best;
                max = max.max(best);
            }
            if max > worst[d].0 {
                worst[d] = (max, class);
            }
            print!(" {:>10.2} / {:>9.2}", total / values.len() as f64, max);
        }
        println!();
    }
    for ((name, _), (us, class)) in detectors.iter().zip(&worst) {
        println!("  worst single value for {name}: {us:.1} us ({class})");
    }
}

const SUBJECTS: &str = "bench_subjects";
const EVENTS: &str = "bench_events";
const SUBJECT_ROWS: i64 = 1_000_000;

/// Makes sure the 1,000,000-row subject table (and one event per subject, with an
/// indexed foreign key) exists; returns the database URL.
async fn prepare_locate(args: &BenchArgs) -> anyhow::Result<String> {
    let admin = connect(&args.server_url).await?;
    if admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DB])
        .await?
        .is_none()
    {
        admin
            .batch_execute(&format!("CREATE DATABASE {DB}"))
            .await?;
    }
    let url = with_db(&args.server_url, DB);
    let client = connect(&url).await?;
    client
        .batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {SUBJECTS} (id bigint PRIMARY KEY, email text, phone text, note text, created_at timestamptz);
             CREATE TABLE IF NOT EXISTS {EVENTS} (id bigint PRIMARY KEY, subject_id bigint REFERENCES {SUBJECTS}(id), kind text, at timestamptz);
             CREATE INDEX IF NOT EXISTS {EVENTS}_subject ON {EVENTS} (subject_id);"
        ))
        .await?;
    let have: i64 = client
        .query_one(&format!("SELECT count(*) FROM {SUBJECTS}"), &[])
        .await?
        .get(0);
    if have < SUBJECT_ROWS {
        eprintln!("generating {SUBJECT_ROWS} subjects in {DB}.{SUBJECTS}; done once…");
        client
            .batch_execute(&format!(
                "TRUNCATE {EVENTS}, {SUBJECTS};
                 INSERT INTO {SUBJECTS} SELECT g, 'Subject.' || g || '@Example' || (g % 50) || '.no',
                   '+47 4' || lpad((g % 9999999)::text, 7, '0'),
                   'Signed up on the web shop; prefers e-mail.', now()
                 FROM generate_series(1, {SUBJECT_ROWS}) g;
                 INSERT INTO {EVENTS} SELECT g, g, 'login', now() FROM generate_series(1, {SUBJECT_ROWS}) g;
                 ANALYZE {SUBJECTS}; ANALYZE {EVENTS};"
            ))
            .await?;
    }
    Ok(url)
}

async fn locate_bench(args: &BenchArgs) -> anyhow::Result<()> {
    use crate::discovery::connectors::{Limits, Source};
    use crate::domain::IdentifierKind;
    use crate::dsar::identifiers::{Identifier, Matcher, ProbeKind};
    use crate::dsar::locate::{self, ColumnRef, LocateOptions, Probe};

    let url = prepare_locate(args).await?;
    let client = connect(&url).await?;
    client
        .batch_execute(&format!("DROP INDEX IF EXISTS {SUBJECTS}_email_lower"))
        .await?;
    let source_url = SourceUrl::parse(&without_tls(&url)).map_err(anyhow::Error::msg)?;
    let limits = Limits {
        statement_timeout: Duration::from_secs(600),
        ..Limits::default()
    };
    let subject = 777_777;
    let matcher = Matcher::new(
        vec![Identifier {
            kind: IdentifierKind::Email,
            value: format!("subject.{subject}@example{}.no", subject % 50),
            column: None,
        }],
        phonenumber::country::Id::NO,
    );
    let probes = vec![Probe {
        column: ColumnRef::parse(&format!("public.{SUBJECTS}.email"), "public")
            .map_err(anyhow::Error::msg)?,
        kind: ProbeKind::Email,
        whole_values: true,
    }];
    let scope = Scope {
        schemas: vec!["public".into()],
        tables: vec![SUBJECTS.into(), EVENTS.into()],
    };
    let measure = |label: &'static str, probe_all_text: bool| {
        let source_url = source_url.clone();
        let probes = probes.clone();
        let scope = scope.clone();
        let matcher = &matcher;
        async move {
            let mut source = Source::connect(&source_url, limits)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let tables = source
                .introspect(&scope)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            reset_peak_rss();
            let t = Instant::now();
            let no_categories = std::collections::BTreeMap::new();
            let found = locate::locate(
                &mut source,
                &locate::Plan {
                    tables: &tables,
                    probes: &probes,
                    references: &[],
                    column_categories: &no_categories,
                    decisions: &locate::Decisions::new(),
                },
                matcher,
                LocateOptions {
                    probe_all_text,
                    ..LocateOptions::default()
                },
                &locate::NoLocateProgress,
            )
            .await;
            if let Some(u) = found.unreadable.first() {
                anyhow::bail!("{}: {}", u.what, u.reason);
            }
            let secs = t.elapsed().as_secs_f64();
            source.close().await;
            // Package what was found, as an export would.
            let context = crate::dsar::context::Context::empty();
            let categories = std::collections::BTreeMap::new();
            let path =
                std::env::temp_dir().join(format!("steward-bench-{}.zip", std::process::id()));
            let input = crate::dsar::package::PackageInput {
                request_id: None,
                portability: false,
                identifiers: vec![("email".into(), "s***@e***.no".into())],
                sources: vec![crate::dsar::package::SourcePart {
                    system: "bench".into(),
                    source: DB.into(),
                    engine: "POSTGRES".into(),
                    located: Ok(&found),
                    column_categories: &categories,
                }],
                context: &context,
            };
            crate::dsar::package::write(&path, &input)?;
            let _ = std::fs::remove_file(&path);
            let peak = peak_rss_mb();
            let lookup = found
                .tables
                .iter()
                .find(|t| t.table == SUBJECTS)
                .map_or("-", |t| t.lookup);
            println!(
                "  {label:<26}{:8.3} s   ({} rows found, {} rows read, {} statements, lookup {lookup}, peak RSS {:.1} MB)",
                secs,
                found.rows(),
                found.rows_read,
                found.statements,
                peak.unwrap_or(f64::NAN)
            );
            anyhow::Ok(())
        }
    };
    println!("Locate benchmark (one subject among {SUBJECT_ROWS} rows, plus its events by indexed foreign key)");
    measure("without an index", true).await?;
    client
        .batch_execute(&format!(
            "CREATE INDEX {SUBJECTS}_email_lower ON {SUBJECTS} (lower(email)); ANALYZE {SUBJECTS}"
        ))
        .await?;
    // Every text column probed (the default): the index cannot answer for `phone`
    // and `note`, so the table is read in one pass all the same.
    measure("index, all text probed", true).await?;
    measure("index, email column only", false).await?;
    client
        .batch_execute(&format!("DROP INDEX IF EXISTS {SUBJECTS}_email_lower"))
        .await?;
    Ok(())
}

/// Prose with scattered identifiers: about one entity per 300 bytes.
fn synthetic_text(bytes: u64) -> String {
    let fillers = [
        "The parcel arrived two days late and the box was slightly damaged on one corner.",
        "Please update the delivery address for the next order; the old one is no longer valid.",
        "We spoke on the phone yesterday about the invoice and agreed to a partial refund.",
        "Version 10.2.3.4 of the app fixed the login problem for most of our users.",
        "Order 45678901 was shipped with SKU-10234-NO and tracking id 550e8400-e29b-41d4.",
    ];
    let mut out = String::with_capacity(bytes as usize + 256);
    let mut i = 0u64;
    while (out.len() as u64) < bytes {
        out.push_str(fillers[(i % 5) as usize]);
        match i % 4 {
            0 => out.push_str(&format!(" Reply to kunde{i}@example.no please.")),
            1 => out.push_str(&format!(" Call me on +47 9{:02} 34 567.", i % 100)),
            2 => out.push_str(&format!(" Seen from 81.167.{}.{}.", i % 250, i % 200)),
            _ => {}
        }
        out.push('\n');
        i += 1;
    }
    out
}
