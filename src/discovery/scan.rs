//! One discovery scan of one source: introspect, read each table within its budget,
//! profile every scannable column, and report findings with full coverage.

use super::connectors::{
    ConnectorError, CopyBlock, Limits, ReadStats, Sampling, Scope, Source, TableInfo, TableSink,
};
use super::source::SourceUrl;
use super::verdict::{ColumnProfile, Finding};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub const DEFAULT_SAMPLE_ROWS: u64 = 1000;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub sampling: Sampling,
    pub scope: Scope,
    pub limits: Limits,
    /// How long one table may take; a table over budget is reported as partial.
    pub table_budget: Duration,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            sampling: Sampling::Sample(DEFAULT_SAMPLE_ROWS),
            scope: Scope::default(),
            limits: Limits::default(),
            table_budget: Duration::from_secs(300),
        }
    }
}

/// A finding, placed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ColumnFinding {
    pub schema: String,
    pub table: String,
    pub column: String,
    #[serde(flatten)]
    pub finding: Finding,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TableStatus {
    /// Read as the mode asks.
    Scanned,
    /// Stopped early (time budget or cancel); findings are from the rows read.
    Partial,
    /// Not read (no privilege, nothing scannable, out of scope).
    Skipped,
    /// Reading failed; the reason says why.
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SkippedColumn {
    pub column: String,
    pub reason: String,
}

/// What was looked at in one table, and what was not.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableCoverage {
    #[serde(flatten)]
    pub table: TableInfo,
    pub status: TableStatus,
    pub reason: Option<String>,
    pub rows_read: u64,
    pub bytes_read: u64,
    pub columns_scanned: Vec<String>,
    pub columns_skipped: Vec<SkippedColumn>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub source: String,
    pub mode: &'static str,
    pub sample_rows: Option<u64>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub cancelled: bool,
    pub rows_read: u64,
    pub bytes_read: u64,
    pub tables: Vec<TableCoverage>,
    pub findings: Vec<ColumnFinding>,
}

/// Hooks for progress display and job bookkeeping. All default to nothing.
pub trait Progress: Send + Sync {
    fn started(&self, _tables: &[TableInfo]) {}
    fn table_started(&self, _index: usize, _table: &TableInfo) {}
    /// Called every few thousand rows with totals for the current table.
    fn rows(&self, _rows: u64, _bytes: u64) {}
    fn table_done(&self, _index: usize, _coverage: &TableCoverage) {}
}

/// Rows on their way to the profiling threads.
enum Batch {
    /// Rows from a row-by-row connector, copied into one buffer.
    Rows(RowBatch),
    /// PostgreSQL COPY text, decoded by the worker that profiles it.
    Copy { block: CopyBlock, width: usize },
}

impl Batch {
    fn is_empty(&self) -> bool {
        match self {
            Batch::Rows(b) => b.cells.is_empty(),
            Batch::Copy { block, .. } => block.is_empty(),
        }
    }

    fn observe_into(&self, profiles: &mut [ColumnProfile]) {
        match self {
            Batch::Rows(b) => {
                let cells: Vec<Option<&str>> = b
                    .cells
                    .iter()
                    .map(|c| c.map(|(s, l)| &b.text[s as usize..(s + l) as usize]))
                    .collect();
                observe_columns(&cells, b.width, profiles);
            }
            Batch::Copy { block, width } => {
                block.with_cells(*width, |cells| observe_columns(cells, *width, profiles));
            }
        }
    }
}

/// Feeds rows of `width` cells to their columns' profiles, one column at a time (each
/// profile sees its values back to back: one detector path stays hot in the caches).
fn observe_columns(cells: &[Option<&str>], width: usize, profiles: &mut [ColumnProfile]) {
    if width == 0 {
        return;
    }
    for (i, profile) in profiles.iter_mut().enumerate().take(width) {
        for row in cells.chunks_exact(width) {
            profile.observe(row[i]);
        }
    }
}

/// Rows copied into one buffer.
struct RowBatch {
    width: usize,
    text: String,
    /// Per cell: byte range in `text`, or `None` for SQL NULL.
    cells: Vec<Option<(u32, u32)>>,
}

impl RowBatch {
    const BYTES: usize = 1024 * 1024;

    fn new(width: usize) -> Self {
        Self {
            width,
            text: String::with_capacity(Self::BYTES + 4096),
            cells: Vec::with_capacity(width * 1024),
        }
    }

    fn push(&mut self, values: &[Option<&str>]) {
        for v in values {
            self.cells.push(v.map(|s| {
                let start = self.text.len() as u32;
                self.text.push_str(s);
                (start, s.len() as u32)
            }));
        }
    }

    fn is_full(&self) -> bool {
        self.text.len() >= Self::BYTES || self.cells.len() >= self.width * 32768
    }
}

/// Worker threads that profile batches of rows. At most a few batches wait in the
/// queue, so memory stays bounded however large the table.
struct ProfilePool {
    tx: Option<std::sync::mpsc::SyncSender<Batch>>,
    workers: Vec<std::thread::JoinHandle<Vec<ColumnProfile>>>,
    columns: Vec<String>,
}

impl ProfilePool {
    fn start(columns: &[String]) -> Self {
        let n = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(n * 2);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let workers = (0..n)
            .map(|_| {
                let rx = rx.clone();
                let columns = columns.to_vec();
                std::thread::spawn(move || {
                    let mut profiles: Vec<ColumnProfile> =
                        columns.iter().map(|c| ColumnProfile::new(c)).collect();
                    loop {
                        let next = rx.lock().expect("batch queue").recv();
                        match next {
                            Ok(batch) => batch.observe_into(&mut profiles),
                            Err(_) => return profiles,
                        }
                    }
                })
            })
            .collect();
        Self {
            tx: Some(tx),
            workers,
            columns: columns.to_vec(),
        }
    }

    /// Queues a batch; waits while the queue is full (back-pressure on the reader).
    fn send(&self, batch: Batch) {
        if batch.is_empty() {
            return;
        }
        if let Some(tx) = &self.tx {
            let _ = tx.send(batch);
        }
    }

    /// Waits for the workers and merges what they saw.
    async fn finish(mut self) -> Vec<ColumnProfile> {
        drop(self.tx.take());
        let workers = std::mem::take(&mut self.workers);
        let columns = self.columns.clone();
        tokio::task::spawn_blocking(move || {
            let mut merged: Vec<ColumnProfile> =
                columns.iter().map(|c| ColumnProfile::new(c)).collect();
            for w in workers {
                if let Ok(profiles) = w.join() {
                    for (m, p) in merged.iter_mut().zip(profiles) {
                        m.merge(p);
                    }
                }
            }
            merged
        })
        .await
        .unwrap_or_default()
    }
}

pub struct NoProgress;
impl Progress for NoProgress {}

pub fn mode_name(sampling: Sampling) -> &'static str {
    match sampling {
        Sampling::Sample(_) => "SAMPLE",
        Sampling::Full => "FULL",
    }
}

/// Runs a scan. Fails only when the source cannot be reached or listed; a table that
/// cannot be read is reported in the coverage and the scan goes on.
pub async fn run(
    url: &SourceUrl,
    options: &ScanOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<ScanReport, ConnectorError> {
    let started_at = Utc::now();
    let mut source = Source::connect(url, options.limits).await?;
    let tables = source.introspect(&options.scope).await?;
    progress.started(&tables);
    let mut report = ScanReport {
        source: url.redacted(),
        mode: mode_name(options.sampling),
        sample_rows: match options.sampling {
            Sampling::Sample(n) => Some(n),
            Sampling::Full => None,
        },
        started_at,
        finished_at: started_at,
        cancelled: false,
        rows_read: 0,
        bytes_read: 0,
        tables: Vec::with_capacity(tables.len()),
        findings: Vec::new(),
    };
    for (index, table) in tables.into_iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        progress.table_started(index, &table);
        let (coverage, findings, broken) =
            scan_table(&mut source, table, options, progress, cancel).await;
        report.rows_read += coverage.rows_read;
        report.bytes_read += coverage.bytes_read;
        progress.table_done(index, &coverage);
        report.tables.push(coverage);
        report.findings.extend(findings);
        if broken {
            // The read was abandoned mid-stream: start afresh for the next table.
            source = Source::connect(url, options.limits).await?;
        }
    }
    if cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
    }
    source.close().await;
    report.finished_at = Utc::now();
    Ok(report)
}

/// Takes what the connector reads to the profiling threads, and keeps the read within
/// its time budget, its cancel flag and the progress display.
struct ScanSink<'a> {
    pool: &'a ProfilePool,
    batch: RowBatch,
    rows: u64,
    bytes: u64,
    deadline: Instant,
    over_budget: bool,
    progress: &'a dyn Progress,
    cancel: &'a AtomicBool,
}

impl ScanSink<'_> {
    /// Reports progress and checks the time budget and the cancel flag. False to stop.
    fn checkpoint(&mut self) -> bool {
        self.progress.rows(self.rows, self.bytes);
        if Instant::now() >= self.deadline {
            self.over_budget = true;
            return false;
        }
        !self.cancel.load(Ordering::Relaxed)
    }
}

impl TableSink for ScanSink<'_> {
    /// Checks in every 4096 rows.
    fn row(&mut self, values: &[Option<&str>]) -> bool {
        self.bytes += values
            .iter()
            .map(|v| v.map_or(0, |s| s.len() as u64))
            .sum::<u64>();
        self.rows += 1;
        self.batch.push(values);
        if self.batch.is_full() {
            let full = std::mem::replace(&mut self.batch, RowBatch::new(values.len()));
            self.pool.send(Batch::Rows(full));
        }
        self.rows % 4096 != 0 || self.checkpoint()
    }

    /// Checks in after every block (about 1 MB).
    fn copy_block(&mut self, block: CopyBlock, width: usize) -> bool {
        self.rows += block.rows();
        self.bytes += block.len() as u64;
        self.pool.send(Batch::Copy { block, width });
        self.checkpoint()
    }
}

async fn scan_table(
    source: &mut Source,
    table: TableInfo,
    options: &ScanOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> (TableCoverage, Vec<ColumnFinding>, bool) {
    let columns_skipped: Vec<SkippedColumn> = table
        .columns
        .iter()
        .filter_map(|c| {
            c.skip_reason.as_ref().map(|r| SkippedColumn {
                column: c.name.clone(),
                reason: r.clone(),
            })
        })
        .collect();
    let columns_scanned: Vec<String> = table
        .scannable_columns()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let mut coverage = TableCoverage {
        table,
        status: TableStatus::Scanned,
        reason: None,
        rows_read: 0,
        bytes_read: 0,
        columns_scanned,
        columns_skipped,
    };
    if let Some(reason) = coverage.table.unreadable.clone() {
        coverage.status = TableStatus::Skipped;
        coverage.reason = Some(reason);
        coverage.columns_scanned.clear();
        return (coverage, Vec::new(), false);
    }
    if coverage.columns_scanned.is_empty() {
        coverage.status = TableStatus::Skipped;
        coverage.reason = Some("no column of a scannable type".into());
        return (coverage, Vec::new(), false);
    }
    let pool = ProfilePool::start(&coverage.columns_scanned);
    let mut sink = ScanSink {
        pool: &pool,
        batch: RowBatch::new(coverage.columns_scanned.len()),
        rows: 0,
        bytes: 0,
        deadline: Instant::now() + options.table_budget,
        over_budget: false,
        progress,
        cancel,
    };
    let budget = options.table_budget + Duration::from_secs(5);
    let read = tokio::time::timeout(
        budget,
        source.read(&coverage.table, options.sampling, &mut sink),
    )
    .await;
    let ScanSink {
        batch,
        rows,
        bytes,
        over_budget,
        ..
    } = sink;
    pool.send(Batch::Rows(batch));
    let profiles = pool.finish().await;
    progress.rows(rows, bytes);
    let mut broken = false;
    match read {
        Ok(Ok(ReadStats {
            rows,
            bytes,
            stopped,
        })) => {
            coverage.rows_read = rows;
            coverage.bytes_read = bytes;
            if stopped {
                coverage.status = TableStatus::Partial;
                coverage.reason = Some(if over_budget {
                    format!(
                        "stopped at the table time budget ({:?})",
                        options.table_budget
                    )
                } else {
                    "scan cancelled".into()
                });
            }
        }
        Ok(Err(e)) => {
            coverage.status = TableStatus::Failed;
            coverage.reason = Some(format!("{} ({})", e.message, e.kind.as_str()));
            coverage.rows_read = rows;
        }
        Err(_) => {
            coverage.status = TableStatus::Partial;
            coverage.reason = Some(format!(
                "stopped at the table time budget ({:?})",
                options.table_budget
            ));
            coverage.rows_read = rows;
            broken = true;
        }
    }
    if coverage.status == TableStatus::Failed {
        return (coverage, Vec::new(), broken);
    }
    let findings = coverage
        .columns_scanned
        .iter()
        .zip(&profiles)
        .flat_map(|(column, p)| {
            let (schema, table) = (coverage.table.schema.clone(), coverage.table.name.clone());
            p.verdicts().into_iter().map(move |finding| ColumnFinding {
                schema: schema.clone(),
                table: table.clone(),
                column: column.clone(),
                finding,
            })
        })
        .collect();
    (coverage, findings, broken)
}
