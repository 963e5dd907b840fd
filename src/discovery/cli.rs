//! `steward scan` and `steward detect`.

use super::connectors::{Limits, Sampling, Scope};
use super::detectors;
use super::scan::{self, Progress, ScanOptions, ScanReport, TableCoverage, TableStatus};
use super::source::SourceUrl;
use crate::config::{ScanArgs, ScanModeArg};
use crate::discovery::connectors::TableInfo;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A scan that ran to its end but did not cover every table: `steward scan` prints
/// what it found, then fails with this (exit status 2) naming the tables.
#[derive(Debug, thiserror::Error)]
#[error("the scan is incomplete: {0}")]
pub struct IncompleteScan(pub String);

/// One line of `steward scan --json`.
#[derive(Serialize)]
struct JsonFinding<'a> {
    schema: &'a str,
    table: &'a str,
    column: &'a str,
    kind: &'static str,
    category: &'static str,
    confidence: &'static str,
    score: f64,
    match_ratio: f64,
    rows_scanned: u64,
    /// Non-null values among the rows: what `match_ratio` is a share of.
    values_scanned: u64,
    examples: &'a [String],
    /// `values`, `json` or `free_text`.
    content: super::verdict::Content,
    matches: u64,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn started(&self, tables: &[TableInfo]) {
        self.0.set_length(tables.len() as u64);
    }
    fn table_started(&self, _index: usize, table: &TableInfo) {
        self.0
            .set_message(format!("{}.{}", table.schema, table.name));
    }
    fn rows(&self, rows: u64, bytes: u64) {
        self.0
            .set_message(format!("{rows} rows, {:.1} MB", bytes as f64 / 1e6));
    }
    fn table_done(&self, _index: usize, _coverage: &TableCoverage) {
        self.0.inc(1);
    }
}

pub async fn scan(args: ScanArgs) -> anyhow::Result<()> {
    let url = SourceUrl::parse(&args.url).map_err(anyhow::Error::msg)?;
    let options = ScanOptions {
        sampling: match args.mode {
            ScanModeArg::Sample => Sampling::Sample(args.sample_rows),
            ScanModeArg::Full => Sampling::Full,
        },
        scope: Scope {
            schemas: args.schemas,
            tables: args.tables,
        },
        limits: Limits {
            statement_timeout: Duration::from_secs(args.statement_timeout.max(1)),
            ..Limits::default()
        },
        table_budget: Duration::from_secs(args.table_budget.max(1)),
    };
    let cancel = AtomicBool::new(false);
    let report = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} tables  {msg}")
                .expect("static template")
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        let progress = Bar(bar);
        let r = scan::run(&url, &options, &progress, &cancel).await;
        progress.0.finish_and_clear();
        r
    } else {
        scan::run(&url, &options, &scan::NoProgress, &cancel).await
    }
    .map_err(|e| anyhow::anyhow!("scan of {url} failed: {} ({})", e.message, e.kind.as_str()))?;

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.report {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else if args.json {
        let rows: Vec<JsonFinding<'_>> = report
            .findings
            .iter()
            .map(|f| JsonFinding {
                schema: &f.schema,
                table: &f.table,
                column: &f.column,
                kind: f.finding.kind.as_str(),
                category: f.finding.category,
                confidence: f.finding.confidence.as_str(),
                score: f.finding.score,
                match_ratio: f.finding.match_ratio,
                rows_scanned: f.finding.rows_scanned,
                values_scanned: f.finding.values_scanned,
                examples: &f.finding.examples,
                content: f.finding.content,
                matches: f.finding.matches,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        write_readable(&report, &mut out)?;
    }
    out.flush()?;
    match report.incomplete_summary() {
        Some(summary) => Err(IncompleteScan(summary).into()),
        None => Ok(()),
    }
}

fn write_readable(report: &ScanReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Scan of {} ({} mode{}): {} tables, {} rows, {:.1} MB read in {:.1}s",
        report.source,
        report.mode,
        report
            .sample_rows
            .map(|n| format!(", {n} rows per table"))
            .unwrap_or_default(),
        report.tables.len(),
        report.rows_read,
        report.bytes_read as f64 / 1e6,
        (report.finished_at - report.started_at).num_milliseconds() as f64 / 1000.0
    )?;
    writeln!(out)?;
    if report.findings.is_empty() {
        writeln!(out, "No personal data found.")?;
    } else {
        writeln!(out, "Personal data found:")?;
        for f in &report.findings {
            let what = match f.finding.content {
                super::verdict::Content::FreeText => format!(
                    "in free text: {} of {} values",
                    f.finding.matches, f.finding.values_scanned
                ),
                super::verdict::Content::Json => {
                    format!("in JSON, {:.0}% of values", f.finding.match_ratio * 100.0)
                }
                super::verdict::Content::Values => {
                    format!("{:.0}% of values", f.finding.match_ratio * 100.0)
                }
            };
            writeln!(
                out,
                "  {}.{}.{}  {}  {} ({:.2})  {}  e.g. {}",
                f.schema,
                f.table,
                f.column,
                f.finding.kind.as_str(),
                f.finding.confidence.as_str(),
                f.finding.score,
                what,
                f.finding.examples.join(", ")
            )?;
        }
    }
    let not_scanned: Vec<&TableCoverage> = report
        .tables
        .iter()
        .filter(|t| t.status != TableStatus::Scanned)
        .collect();
    if !not_scanned.is_empty() {
        writeln!(out)?;
        writeln!(out, "Not fully scanned:")?;
        for t in not_scanned {
            writeln!(
                out,
                "  {}  {}: {}",
                t.name(),
                t.status.as_str(),
                t.reason.as_deref().unwrap_or("")
            )?;
        }
    }
    let skipped: usize = report.tables.iter().map(|t| t.columns_skipped.len()).sum();
    if skipped > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "{skipped} columns were not read (binary, dates, booleans…); `--report` lists them."
        )?;
    }
    let partly: Vec<String> = report
        .tables
        .iter()
        .flat_map(|t| {
            t.columns_partly_read
                .iter()
                .map(move |c| format!("{}.{}", t.name(), c.column))
        })
        .collect();
    if !partly.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Read in part (each value's cost is bounded: {}): {}; `--report` counts the values.",
            super::verdict::PARTLY_READ,
            partly.join(", ")
        )?;
    }
    if report.cancelled {
        writeln!(out, "The scan was cancelled before it finished.")?;
    }
    Ok(())
}

/// One line of `steward detect`.
#[derive(Serialize)]
struct DetectLine {
    kind: &'static str,
    /// Unicode code-point offsets into the whole input, end exclusive.
    start: usize,
    end: usize,
    score: f32,
}

/// Reads stdin line by line (bounded memory) and prints every entity found.
pub fn detect(input: impl BufRead, mut out: impl Write) -> anyhow::Result<()> {
    let mut offset = 0usize; // code points before the current line
    for line in input.split(b'\n') {
        let bytes = line?;
        let text = String::from_utf8_lossy(&bytes);
        // Matches come in order: count code points from the previous match on, not
        // from the start of the line each time.
        let (mut counted_to, mut counted) = (0usize, 0usize);
        for m in detectors::find_in_text(&text) {
            counted += text[counted_to..m.start].chars().count();
            counted_to = m.start;
            let start = offset + counted;
            let end = start + text[m.start..m.end].chars().count();
            serde_json::to_writer(
                &mut out,
                &DetectLine {
                    kind: m.kind.as_str(),
                    start,
                    end,
                    score: m.score,
                },
            )?;
            writeln!(out)?;
        }
        offset += text.chars().count() + 1;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_reports_code_point_offsets_across_lines() {
        let input = "Hei Åse, skriv til åse@example.no\nIP: 81.167.42.7\n";
        let mut out = Vec::new();
        detect(input.as_bytes(), &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let chars: Vec<char> = input.chars().collect();
        let found: Vec<(String, String)> = lines
            .iter()
            .map(|l| {
                let (s, e) = (
                    l["start"].as_u64().unwrap() as usize,
                    l["end"].as_u64().unwrap() as usize,
                );
                (
                    l["kind"].as_str().unwrap().to_owned(),
                    chars[s..e].iter().collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("email".to_owned(), "åse@example.no".to_owned()),
                ("ip".to_owned(), "81.167.42.7".to_owned())
            ]
        );
    }
}
