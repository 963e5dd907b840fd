//! One discovery scan of one source: introspect, read each table within its budget,
//! profile every scannable column, and report findings with full coverage.

use super::connectors::{
    ConnectorError, CopyBlock, Limits, ReadStats, Sampling, Scope, Source, TableInfo, TableSink,
};
use super::hints;
use super::source::SourceUrl;
use super::verdict::{ColumnProfile, Finding};
use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, strum::IntoStaticStr)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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

impl TableStatus {
    /// The name the coverage report uses, e.g. `FAILED`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
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
    /// Columns with values read only in part, and how many (see
    /// [`super::verdict::PARTLY_READ`]): a bound on each value's cost, said aloud.
    #[serde(default)]
    pub columns_partly_read: Vec<SkippedColumn>,
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
        let key = profile.key_column().filter(|k| *k < width);
        for row in cells.chunks_exact(width) {
            profile.observe_keyed(row[i], key.and_then(|k| row[k]));
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
///
/// A worker that panics (a detector bug on some value) does not take the table's
/// findings down silently: the pool records the failure, keeps draining the queue so
/// the reader never blocks, and [`ProfilePool::finish`] reports it, so the table is
/// FAILED in the coverage instead of SCANNED with nothing found.
struct ProfilePool {
    tx: Option<std::sync::mpsc::SyncSender<Batch>>,
    /// Each worker's profiles, once it has seen the last batch.
    done: Mutex<std::sync::mpsc::Receiver<Vec<ColumnProfile>>>,
    workers: usize,
    profiles: Vec<ColumnProfile>,
    failure: Arc<Mutex<Option<String>>>,
}

/// What to say when a worker panicked. The panic's own message can quote the value it
/// choked on (slicing errors do), so only where it happened is kept.
fn panic_reason(location: Option<String>) -> String {
    format!(
        "internal error while profiling this table{}; its findings are left out (please report this)",
        location.map(|l| format!(" (at {l})")).unwrap_or_default()
    )
}

thread_local! {
    /// Whether this thread is reading or profiling a table right now.
    static IN_SCAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic on this thread happened, while it was scanning.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Marks the current thread as scanning while it lives (see [`quiet_panics`]).
struct Scanning;

impl Scanning {
    fn enter() -> Self {
        IN_SCAN.with(|s| s.set(true));
        Scanning
    }
}

impl Drop for Scanning {
    fn drop(&mut self) {
        IN_SCAN.with(|s| s.set(false));
    }
}

/// Installs (once) a panic hook that, on threads reading or profiling a table, logs
/// only where the panic happened: the default hook prints the panic message, and a
/// slicing error quotes the value it choked on. Other threads keep the previous hook.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_SCAN.with(|s| s.get()) {
                return previous(info);
            }
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            tracing::error!(
                location = at.as_deref().unwrap_or("?"),
                "panic while scanning a table (message withheld: it may quote personal data)"
            );
            LAST_PANIC.with(|p| *p.borrow_mut() = at);
        }));
    });
}

impl ProfilePool {
    fn start(columns: &[ColumnProfile]) -> Self {
        quiet_panics();
        let n = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(n * 2);
        let rx = Arc::new(Mutex::new(rx));
        let failure: Arc<Mutex<Option<String>>> = Arc::default();
        let (done_tx, done) = std::sync::mpsc::channel();
        for _ in 0..n {
            let rx = rx.clone();
            let failure = failure.clone();
            let done_tx = done_tx.clone();
            let mut profiles = columns.to_vec();
            worker_threads::run(Box::new(move || {
                let _scanning = Scanning::enter();
                let mut failed = false;
                loop {
                    let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(batch) = next else {
                        let _ = done_tx.send(profiles);
                        return;
                    };
                    if failed {
                        continue; // drain, so the reader is never left waiting
                    }
                    let observed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        batch.observe_into(&mut profiles)
                    }));
                    if observed.is_err() {
                        failed = true;
                        let at = LAST_PANIC.with(|p| p.borrow_mut().take());
                        failure
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert_with(|| panic_reason(at));
                    }
                }
            }));
        }
        Self {
            tx: Some(tx),
            done: Mutex::new(done),
            workers: n,
            profiles: columns.to_vec(),
            failure,
        }
    }

    /// Why profiling failed, once a worker has failed.
    fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
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

    /// Waits for the workers and merges what they saw; the reason when any failed.
    async fn finish(mut self) -> Result<Vec<ColumnProfile>, String> {
        drop(self.tx.take());
        let mut merged = std::mem::take(&mut self.profiles);
        let failure = self.failure.clone();
        let workers = self.workers;
        let done = self.done.into_inner().unwrap_or_else(|e| e.into_inner());
        tokio::task::spawn_blocking(move || {
            for _ in 0..workers {
                match done.recv() {
                    Ok(profiles) => {
                        for (m, p) in merged.iter_mut().zip(profiles) {
                            m.merge(p);
                        }
                    }
                    // A worker ended without its profiles.
                    Err(_) => {
                        failure
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert_with(|| panic_reason(None));
                        break;
                    }
                }
            }
            match failure.lock().unwrap_or_else(|e| e.into_inner()).take() {
                Some(reason) => Err(reason),
                None => Ok(merged),
            }
        })
        .await
        .unwrap_or_else(|_| Err(panic_reason(None)))
    }
}

/// Threads that profile, kept for the life of the process and reused by every table
/// of every scan. Threads made per table and thrown away left behind what libraries
/// keep per thread (the `phonenumber` crate's compiled numbering plans, regex match
/// caches): tens of MB more with every scan, where reused threads keep one copy each.
mod worker_threads {
    use std::sync::mpsc::{channel, Sender};
    use std::sync::Mutex;

    pub type Job = Box<dyn FnOnce() + Send>;

    /// Idle workers, each waiting on its own channel.
    static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

    /// Runs `job` on an idle worker thread, or on a new one when none is idle.
    pub fn run(job: Job) {
        let idle = IDLE.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let job = match idle {
            Some(worker) => match worker.send(job) {
                Ok(()) => return,
                Err(returned) => returned.0,
            },
            None => job,
        };
        let (tx, rx) = channel::<Job>();
        tx.send(job).expect("a new worker's channel is open");
        std::thread::Builder::new()
            .name("steward-profile".into())
            .spawn(move || {
                // The thread holds a sender to its own channel, to offer itself again
                // after each job: it waits for work for the life of the process.
                for job in rx {
                    // A job catches its own panics; this keeps the thread alive even so.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    IDLE.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(tx.clone());
                }
            })
            .expect("spawn a profiling thread");
    }
}

pub struct NoProgress;
impl Progress for NoProgress {}

pub fn mode_name(sampling: Sampling) -> &'static str {
    match sampling {
        Sampling::Sample(_) => "SAMPLE",
        Sampling::Full | Sampling::Blocks { .. } | Sampling::Keys { .. } => "FULL",
    }
}

/// Runs a scan. Fails only when the source cannot be reached or listed at the start;
/// after that every table ends in the coverage: SCANNED, PARTIAL, SKIPPED or FAILED with
/// its reason (a table that cannot be read, a source that drops the connection, an
/// internal error while profiling), and the scan goes on with the next table.
pub async fn run(
    url: &SourceUrl,
    options: &ScanOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<ScanReport, ConnectorError> {
    let started_at = Utc::now();
    let mut source = Source::connect(url, options.limits).await?;
    let tables = source.introspect(&options.scope.within(url)).await?;
    // The open connection, or why the source could not be reached again.
    let mut source: Result<Source, String> = Ok(source);
    progress.started(&tables);
    let mut report = ScanReport {
        source: url.redacted(),
        mode: mode_name(options.sampling),
        sample_rows: match options.sampling {
            Sampling::Sample(n) => Some(n),
            Sampling::Full | Sampling::Blocks { .. } | Sampling::Keys { .. } => None,
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
        let (coverage, findings) = match &mut source {
            Ok(s) => {
                let read = read_table(s, table, options, progress, cancel).await;
                let broken = read.broken;
                let (coverage, findings) = read.conclude();
                if broken {
                    // The connection may be dead or mid-stream: start afresh.
                    if let Ok(old) = std::mem::replace(&mut source, Err(String::new())) {
                        old.close().await;
                    }
                    source = Source::connect(url, options.limits).await.map_err(|e| {
                        format!(
                            "not read: the source could not be reached again after an earlier table failed: {} ({})",
                            e.message,
                            e.kind.as_str()
                        )
                    });
                }
                (coverage, findings)
            }
            Err(reason) => {
                let mut coverage = TableCoverage::of(table);
                coverage.fail(reason.clone());
                (coverage, Vec::new())
            }
        };
        report.rows_read += coverage.rows_read;
        report.bytes_read += coverage.bytes_read;
        progress.table_done(index, &coverage);
        report.tables.push(coverage);
        report.findings.extend(findings);
    }
    if cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
    }
    if let Ok(s) = source {
        s.close().await;
    }
    report.finished_at = Utc::now();
    Ok(report)
}

impl ScanReport {
    /// Tables not covered as the mode asked: FAILED ones, and PARTIAL ones that stopped
    /// for another reason than a cancel. A scan with any is COMPLETED_WITH_ERRORS.
    pub fn incomplete_tables(&self) -> Vec<&TableCoverage> {
        self.tables
            .iter()
            .filter(|t| match t.status {
                TableStatus::Failed => true,
                TableStatus::Partial => !self.cancelled,
                TableStatus::Scanned | TableStatus::Skipped => false,
            })
            .collect()
    }

    /// One sentence naming the tables not covered, with their reasons; `None` when every
    /// table was covered.
    pub fn incomplete_summary(&self) -> Option<String> {
        let tables = self.incomplete_tables();
        if tables.is_empty() {
            return None;
        }
        let names: Vec<String> = tables
            .iter()
            .map(|t| {
                format!(
                    "{} ({}: {})",
                    t.name(),
                    t.status.as_str(),
                    t.reason.as_deref().unwrap_or("no reason recorded")
                )
            })
            .collect();
        Some(format!(
            "{} of {} tables not fully read; findings cover only what was read: {}",
            tables.len(),
            self.tables.len(),
            names.join("; ")
        ))
    }
}

impl TableCoverage {
    /// A table about to be read: which columns will be, and which will not and why.
    pub fn of(table: TableInfo) -> Self {
        let columns_skipped = table
            .columns
            .iter()
            .filter_map(|c| {
                c.skip_reason.as_ref().map(|r| SkippedColumn {
                    column: c.name.clone(),
                    reason: r.clone(),
                })
            })
            .collect();
        let columns_scanned = table
            .scannable_columns()
            .iter()
            .map(|c| c.name.clone())
            .collect();
        Self {
            table,
            status: TableStatus::Scanned,
            reason: None,
            rows_read: 0,
            bytes_read: 0,
            columns_scanned,
            columns_skipped,
            columns_partly_read: Vec::new(),
        }
    }

    pub fn fail(&mut self, reason: String) {
        self.status = TableStatus::Failed;
        self.reason = Some(reason);
    }

    /// `schema.table`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.table.schema, self.table.name)
    }
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
    /// Reports progress and checks the time budget, the cancel flag and the workers'
    /// health. False to stop.
    fn checkpoint(&mut self) -> bool {
        self.progress.rows(self.rows, self.bytes);
        if Instant::now() >= self.deadline {
            self.over_budget = true;
            return false;
        }
        !self.cancel.load(Ordering::Relaxed) && self.pool.failure().is_none()
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

/// What reading one table, or one part of it, gave: its coverage and the profile of
/// each scanned column (in `columns_scanned` order). Parts of one table merge into
/// what one pass over it gives.
pub struct TableRead {
    pub coverage: TableCoverage,
    pub profiles: Vec<ColumnProfile>,
    /// The connection may be unusable after this read.
    pub broken: bool,
}

impl TableRead {
    fn done(coverage: TableCoverage) -> Self {
        Self {
            coverage,
            profiles: Vec::new(),
            broken: false,
        }
    }

    /// The table's coverage, with the columns whose values were read only in part, and
    /// the verdicts on its columns (none for a table that failed).
    pub fn conclude(self) -> (TableCoverage, Vec<ColumnFinding>) {
        let mut coverage = self.coverage;
        if coverage.status == TableStatus::Failed {
            return (coverage, Vec::new());
        }
        coverage.columns_partly_read = coverage
            .columns_scanned
            .iter()
            .zip(&self.profiles)
            .filter(|(_, p)| p.partly_read() > 0)
            .map(|(column, p)| SkippedColumn {
                column: column.clone(),
                reason: format!(
                    "{} {} read in part: {}",
                    p.partly_read(),
                    if p.partly_read() == 1 {
                        "value"
                    } else {
                        "values"
                    },
                    super::verdict::PARTLY_READ
                ),
            })
            .collect();
        let findings = coverage
            .columns_scanned
            .iter()
            .zip(&self.profiles)
            .flat_map(|(column, p)| {
                p.verdicts().into_iter().map(|finding| ColumnFinding {
                    schema: coverage.table.schema.clone(),
                    table: coverage.table.name.clone(),
                    column: column.clone(),
                    finding,
                })
            })
            .collect();
        (coverage, findings)
    }

    /// Adds the next part of the same table: rows and bytes add up, profiles merge, and
    /// the worst status (FAILED, then PARTIAL) stands with every reason given.
    pub fn merge(&mut self, next: TableRead) {
        let (mine, theirs) = (&mut self.coverage, next.coverage);
        mine.rows_read += theirs.rows_read;
        mine.bytes_read += theirs.bytes_read;
        let rank = |s: TableStatus| match s {
            TableStatus::Failed => 3,
            TableStatus::Partial => 2,
            TableStatus::Skipped => 1,
            TableStatus::Scanned => 0,
        };
        if rank(theirs.status) > rank(mine.status) {
            mine.status = theirs.status;
        }
        if let Some(r) = theirs.reason {
            match &mut mine.reason {
                Some(old) if !old.contains(&r) => {
                    old.push_str("; ");
                    old.push_str(&r);
                }
                Some(_) => {}
                None => mine.reason = Some(r),
            }
        }
        if self.profiles.is_empty() {
            self.profiles = next.profiles;
        } else if !next.profiles.is_empty() {
            for (p, q) in self.profiles.iter_mut().zip(next.profiles) {
                p.merge(q);
            }
        }
        self.broken |= next.broken;
    }
}

/// Reads one table (or the part of it `options.sampling` names) and profiles its
/// scannable columns.
pub async fn read_table(
    source: &mut Source,
    table: TableInfo,
    options: &ScanOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> TableRead {
    let mut coverage = TableCoverage::of(table);
    if let Some(reason) = coverage.table.unreadable.clone() {
        coverage.status = TableStatus::Skipped;
        coverage.reason = Some(reason);
        coverage.columns_scanned.clear();
        return TableRead::done(coverage);
    }
    if coverage.columns_scanned.is_empty() {
        coverage.status = TableStatus::Skipped;
        coverage.reason = Some("no column of a scannable type".into());
        return TableRead::done(coverage);
    }
    let columns = coverage.table.scannable_columns();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let keys = hints::key_columns(&names);
    let empty: Vec<ColumnProfile> = columns
        .iter()
        .enumerate()
        .zip(&keys)
        .map(|((i, c), key)| {
            let profile = ColumnProfile::for_column(&coverage.table.name, c)
                .with_key_column(*key)
                .with_hex_bytes(source.dialect().reads_hex(c));
            if keys.contains(&Some(i)) {
                profile.as_key_column()
            } else {
                profile
            }
        })
        .collect();
    let pool = ProfilePool::start(&empty);
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
    let mut reading = Box::pin(source.read(&coverage.table, options.sampling, &mut sink));
    let reading = futures_util::future::poll_fn(move |cx| {
        let _scanning = Scanning::enter();
        reading.as_mut().poll(cx)
    });
    let read =
        tokio::time::timeout(budget, std::panic::AssertUnwindSafe(reading).catch_unwind()).await;
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
    coverage.rows_read = rows;
    coverage.bytes_read = bytes;
    let mut broken = false;
    let mut read_in_part = Vec::new();
    match read {
        Ok(Ok(Ok(ReadStats {
            rows,
            bytes,
            stopped,
            read_in_part: counts,
        }))) => {
            read_in_part = counts;
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
        Ok(Ok(Err(e))) => {
            coverage.fail(format!("{} ({})", e.message, e.kind.as_str()));
            broken = true;
        }
        Ok(Err(_panic)) => {
            let at = LAST_PANIC.with(|p| p.borrow_mut().take());
            coverage.fail(panic_reason(at));
            broken = true;
        }
        Err(_) => {
            coverage.status = TableStatus::Partial;
            coverage.reason = Some(format!(
                "stopped at the table time budget ({:?})",
                options.table_budget
            ));
            broken = true;
        }
    }
    let profiles = match profiles {
        Ok(mut p) => {
            for (profile, n) in p.iter_mut().zip(read_in_part) {
                profile.count_partly_read(n);
            }
            p
        }
        Err(reason) => {
            coverage.fail(reason);
            Vec::new()
        }
    };
    TableRead {
        coverage,
        profiles,
        broken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(values: &[&str]) -> Batch {
        let mut b = RowBatch::new(1);
        for v in values {
            b.push(&[Some(v)]);
        }
        Batch::Rows(b)
    }

    #[tokio::test]
    async fn a_worker_that_panics_fails_the_table_instead_of_dropping_its_findings() {
        let pool = ProfilePool::start(&[ColumnProfile::new("email")]);
        pool.send(batch(&["ola@example.no", "kari@example.no"]));
        // A batch whose cell lies outside its text: profiling it panics.
        pool.send(Batch::Rows(RowBatch {
            width: 1,
            text: "Ring på, 6. etasje".into(),
            cells: vec![Some((7, 40))],
        }));
        // The reader is never left waiting: later batches are still taken.
        for _ in 0..20 {
            pool.send(batch(&["per@example.no"]));
        }
        let reason = pool.finish().await.expect_err("the table fails");
        assert!(reason.contains("internal error"), "{reason}");
        assert!(
            !reason.contains("etasje"),
            "no value in the reason: {reason}"
        );
    }

    #[tokio::test]
    async fn a_healthy_pool_merges_what_every_worker_saw() {
        let pool = ProfilePool::start(&[ColumnProfile::new("email")]);
        for _ in 0..10 {
            pool.send(batch(&[
                "ola@example.no",
                "kari@example.no",
                "per@example.no",
            ]));
        }
        let profiles = pool.finish().await.unwrap();
        assert_eq!(profiles[0].rows(), 30);
        assert_eq!(profiles[0].verdicts()[0].matches, 30);
    }
}
