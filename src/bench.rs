//! `steward bench`: throughput and memory figures for discovery, printed, not asserted.
//!
//! It generates (once) a table of at least the asked size in a PostgreSQL database of
//! its own, then measures in one run: raw `COPY … TO STDOUT` MB/s of the table, a FULL
//! scan's MB/s of the same table, their ratio, the peak RSS during the scan, and the
//! detectors' MB/s on free text.

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
const TABLE: &str = "bench_people";

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// A PostgreSQL server to generate the table on (a database `steward_bench` is made).
    #[arg(
        long = "server",
        env = "BENCH_SERVER_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub server_url: String,
    /// Size of the generated table in MB (COPY text size).
    #[arg(long, default_value_t = 1100)]
    pub size_mb: u64,
    /// MB of free text for the detector benchmark.
    #[arg(long, default_value_t = 64)]
    pub text_mb: u64,
    /// Drop the generated database afterwards.
    #[arg(long)]
    pub drop: bool,
}

fn with_db(url: &str, db: &str) -> String {
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

const SELECT: &str =
    "SELECT id::text, email, phone, ip, note, profile::text, sku, version FROM bench_people";

/// Makes sure the table exists at the asked size; returns its COPY size in bytes.
async fn prepare(args: &BenchArgs) -> anyhow::Result<String> {
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
    client
        .batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, email text, phone text, ip text,
               note text, profile jsonb, sku text, version text, created_at timestamptz)"
        ))
        .await?;
    let have: i64 = client
        .query_one(&format!("SELECT count(*) FROM {TABLE}"), &[])
        .await?
        .get(0);
    // About 270 bytes of COPY text per row.
    let want = (args.size_mb * 1_000_000 / 270) as i64;
    if have < want {
        eprintln!(
            "generating {} rows ({} MB) in {DB}.{TABLE}; done once, kept for later runs…",
            want - have,
            args.size_mb
        );
        let mut start = have + 1;
        while start <= want {
            let end = (start + 250_000 - 1).min(want);
            client
                .batch_execute(&format!(
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
                ))
                .await?;
            eprint!("\r  {end}/{want} rows");
            start = end + 1;
        }
        eprintln!();
        client.batch_execute(&format!("ANALYZE {TABLE}")).await?;
    }
    Ok(url)
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let url = prepare(&args).await?;
    let client = connect(&url).await?;

    // 1. Raw COPY of the same columns the scanner reads, bytes discarded.
    let t = Instant::now();
    let stream = client
        .copy_out(&format!("COPY ({SELECT}) TO STDOUT"))
        .await?;
    pin_mut!(stream);
    let mut copy_bytes = 0u64;
    while let Some(chunk) = stream.next().await {
        copy_bytes += chunk?.len() as u64;
    }
    let copy_secs = t.elapsed().as_secs_f64();
    let copy_mbs = copy_bytes as f64 / 1e6 / copy_secs;

    // 2. A FULL discovery scan of that table.
    let source = SourceUrl::parse(&url).map_err(anyhow::Error::msg)?;
    let options = ScanOptions {
        sampling: Sampling::Full,
        scope: Scope {
            schemas: vec!["public".into()],
            tables: vec![TABLE.into()],
        },
        table_budget: Duration::from_secs(3600),
        ..ScanOptions::default()
    };
    let rss_before = current_rss_mb();
    reset_peak_rss();
    let t = Instant::now();
    let report = scan::run(&source, &options, &NoProgress, &AtomicBool::new(false))
        .await
        .map_err(|e| anyhow::anyhow!("scan failed: {}", e.message))?;
    let scan_secs = t.elapsed().as_secs_f64();
    let peak = peak_rss_mb();
    let scan_bytes = report.tables.first().map_or(0, |t| t.bytes_read);
    let rows = report.rows_read;
    let scan_mbs = scan_bytes as f64 / 1e6 / scan_secs;

    // 3. Detectors on free text.
    let text = synthetic_text(args.text_mb * 1_000_000);
    let t = Instant::now();
    let mut found = 0usize;
    for line in text.lines() {
        found += detectors::find_in_text(line).len();
    }
    let text_secs = t.elapsed().as_secs_f64();
    let text_mbs = text.len() as f64 / 1e6 / text_secs;

    println!(
        "Discovery benchmark ({} rows, {:.0} MB as COPY text)",
        rows,
        copy_bytes as f64 / 1e6
    );
    println!("  COPY … TO STDOUT      {copy_mbs:8.1} MB/s  ({copy_secs:.1} s)");
    println!(
        "  FULL scan             {scan_mbs:8.1} MB/s  ({scan_secs:.1} s, {} findings)",
        report.findings.len()
    );
    println!(
        "  ratio scan/COPY       {:8.2}      (target >= 0.8)",
        scan_mbs / copy_mbs
    );
    println!(
        "  peak RSS during scan  {:8.1} MB    (target < 100 MB; {:.1} MB before)",
        peak.unwrap_or(f64::NAN),
        rss_before.unwrap_or(f64::NAN)
    );
    println!(
        "  detectors, free text  {text_mbs:8.1} MB/s  ({:.0} MB, {found} entities)",
        text.len() as f64 / 1e6
    );
    if args.drop {
        drop(client);
        let admin = connect(&args.server_url).await?;
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {DB} WITH (FORCE)"))
            .await?;
    }
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
