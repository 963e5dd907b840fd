//! A scan as jobs any node can run. `scan` lists the source's tables and divides them
//! into parts (a table, or a range of a big PostgreSQL table's blocks in a FULL scan);
//! each `scan_part` reads one part and stores its coverage and column profiles; the
//! part that completes the set queues `scan_finish`, which merges the parts table by
//! table into the verdicts one pass gives and stores the outcome.
//!
//! A finished part is the checkpoint: a node that dies loses only the parts it was
//! reading, which another node reads again once their leases expire.

use super::connectors::{Limits, Sampling, Scope, Source, TableInfo};
use super::jobs::{self as scans, subject, StoredScope};
use super::scan::{self, Progress, ScanOptions, ScanReport, TableCoverage, TableRead};
use super::source::Engine;
use super::sources;
use super::verdict::{ColumnProfile, ProfileCounts};
use crate::domain::{ScanMode, ScanStatus};
use crate::error::{Error, Result};
use crate::jobs::{self, Handler, HandlerFuture, JobContext, Outcome, StopReason};
use crate::secret::SecretKey;
use crate::tasks::AbortOnDrop;
use chrono::Utc;
use entity::{job, scan as scan_entity, scan_part};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub use super::jobs::PLAN;
pub const PART: &str = "scan_part";
pub const FINISH: &str = "scan_finish";

const PART_QUEUED: &str = "QUEUED";
const PART_RUNNING: &str = "RUNNING";
const PART_DONE: &str = "DONE";

/// How scans are divided.
#[derive(Debug, Clone, Copy)]
pub struct ScanSettings {
    /// A FULL scan reads a PostgreSQL table bigger than this in parts of this many
    /// blocks (8 KiB each by default) that different workers may read.
    pub part_blocks: u64,
    /// How often a part's progress reaches the store.
    pub flush_every: Duration,
}

impl Default for ScanSettings {
    fn default() -> Self {
        Self {
            part_blocks: 256 * 128,
            flush_every: Duration::from_millis(500),
        }
    }
}

impl ScanSettings {
    /// Parts of `mb` MiB (at least one).
    pub fn with_part_mb(mb: u64) -> Self {
        Self {
            part_blocks: mb.max(1) * 128,
            ..Self::default()
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct ScanPayload {
    scan_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct PartPayload {
    scan_id: i64,
    part_id: i64,
}

/// What a part stores for the finish.
#[derive(Serialize, Deserialize)]
struct PartResult {
    coverage: TableCoverage,
    profiles: Vec<ProfileCounts>,
    cancelled: bool,
}

struct Shared {
    db: DatabaseConnection,
    key: Arc<SecretKey>,
    settings: ScanSettings,
}

/// The three job kinds of a scan, to register with a [`jobs::Runtime`].
pub fn handlers(
    db: DatabaseConnection,
    key: Arc<SecretKey>,
    settings: ScanSettings,
) -> [(&'static str, Arc<dyn Handler>); 3] {
    let shared = Arc::new(Shared { db, key, settings });
    [Step::Plan, Step::Part, Step::Finish].map(|step| {
        let kind = match step {
            Step::Plan => PLAN,
            Step::Part => PART,
            Step::Finish => FINISH,
        };
        let handler: Arc<dyn Handler> = Arc::new(ScanStep {
            shared: shared.clone(),
            step,
        });
        (kind, handler)
    })
}

#[derive(Clone, Copy)]
enum Step {
    Plan,
    Part,
    Finish,
}

/// One of a scan's job kinds.
struct ScanStep {
    shared: Arc<Shared>,
    step: Step,
}

impl Handler for ScanStep {
    fn process(&self, ctx: JobContext) -> HandlerFuture<Outcome> {
        let (shared, step) = (self.shared.clone(), self.step);
        Box::pin(async move {
            match step {
                Step::Plan => plan(&shared, ctx).await,
                Step::Part => read_part(&shared, ctx).await,
                Step::Finish => finish(&shared, ctx).await,
            }
        })
    }

    /// A part whose readers kept dying is FAILED in the coverage and the scan goes on;
    /// a plan or finish given up ends the scan FAILED.
    fn give_up(&self, job: job::Model, reason: String) -> HandlerFuture<()> {
        let (shared, step) = (self.shared.clone(), self.step);
        Box::pin(async move {
            match step {
                Step::Part => {
                    let p: PartPayload = serde_json::from_str(&job.payload)
                        .map_err(|e| Error::Internal(e.into()))?;
                    let part = get_part(&shared.db, p.part_id).await?;
                    let mut coverage = TableCoverage::of(table_of(&part)?);
                    coverage.fail(format!("not read: {reason}"));
                    let result = PartResult {
                        coverage,
                        profiles: Vec::new(),
                        cancelled: false,
                    };
                    complete_part(&shared.db, &part, result, None).await
                }
                Step::Plan | Step::Finish => {
                    let p: ScanPayload = serde_json::from_str(&job.payload)
                        .map_err(|e| Error::Internal(e.into()))?;
                    give_up_scan(&shared.db, p.scan_id, reason).await
                }
            }
        })
    }
}

fn options_of(scan: &scan_entity::Model) -> Result<ScanOptions> {
    let stored: StoredScope =
        serde_json::from_str(&scan.scope).map_err(|e| Error::Internal(e.into()))?;
    let sampling = match ScanMode::from_db(&scan.mode)? {
        ScanMode::Full => Sampling::Full,
        ScanMode::Sample => Sampling::Sample(
            scan.sample_rows
                .map_or(scan::DEFAULT_SAMPLE_ROWS, |n| n.max(1) as u64),
        ),
    };
    Ok(ScanOptions {
        sampling,
        scope: Scope {
            schemas: stored.schemas,
            tables: stored.tables,
        },
        limits: Limits::default(),
        ..ScanOptions::default()
    })
}

fn finished(scan: &scan_entity::Model) -> Result<bool> {
    Ok(ScanStatus::from_db(&scan.status)?.is_finished())
}

/// Ends a scan that never reached its parts, and tells why.
async fn end_early(
    db: &impl ConnectionTrait,
    scan_id: i64,
    status: ScanStatus,
    error: Option<String>,
) -> Result<()> {
    scan_entity::Entity::update_many()
        .col_expr(scan_entity::Column::Status, status.as_str().into())
        .col_expr(scan_entity::Column::Error, error.into())
        .col_expr(scan_entity::Column::FinishedAt, Some(Utc::now()).into())
        .col_expr(
            scan_entity::Column::CurrentTable,
            Expr::value(None::<String>),
        )
        .filter(scan_entity::Column::Id.eq(scan_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A scan whose job is given up ends FAILED, unless it already ended.
async fn give_up_scan(db: &DatabaseConnection, scan_id: i64, reason: String) -> Result<()> {
    let scan = scans::get(db, scan_id).await?;
    if !finished(&scan)? {
        end_early(
            db,
            scan_id,
            ScanStatus::Failed,
            Some(format!("the scan stopped: {reason}")),
        )
        .await?;
    }
    Ok(())
}

/// Lists the tables and queues one job per part. Run again after a crash, it finds the
/// parts already queued and does nothing.
async fn plan(shared: &Shared, ctx: JobContext) -> Result<Outcome> {
    let ScanPayload { scan_id } = ctx.payload()?;
    let db = &shared.db;
    let scan = scans::get(db, scan_id).await?;
    if finished(&scan)? || scan.parts_total > 0 {
        return Ok(Outcome::Completed);
    }
    if ctx.stop.reason() == Some(StopReason::Cancelled) {
        end_early(db, scan_id, ScanStatus::Cancelled, None).await?;
        return Ok(Outcome::Cancelled);
    }
    let mut running = scan.clone().into_active_model();
    running.status = Set(ScanStatus::Running.as_str().to_owned());
    running.started_at = Set(Some(Utc::now()));
    running.update(db).await?;

    let source = sources::get(db, scan.source_id).await?;
    let url = sources::url_of(&shared.key, &source)?;
    let options = options_of(&scan)?;
    let full = options.sampling == Sampling::Full;
    let part_blocks = shared.settings.part_blocks;
    let listed = async {
        let mut s = Source::connect(&url, options.limits).await?;
        let tables = match s.introspect(&options.scope.within(&url)).await {
            Ok(t) => t,
            Err(e) => {
                s.close().await;
                return Err(e);
            }
        };
        let mut planned = Vec::with_capacity(tables.len());
        for table in tables {
            let ranges = match url.engine() {
                Engine::Postgres if full => block_ranges(&table, part_blocks),
                Engine::Mysql if full && parts_of(&table, part_blocks) > 1 => {
                    // A key range that cannot be read leaves the table whole.
                    match s.key_bounds(&table).await {
                        Ok(Some(bounds)) => key_ranges(bounds, parts_of(&table, part_blocks)),
                        Ok(None) => vec![(None, None)],
                        Err(e) => {
                            tracing::warn!(
                                scan = scan_id,
                                table = %table.name,
                                error = %e.message,
                                "the key range could not be read; the table is read in one part"
                            );
                            vec![(None, None)]
                        }
                    }
                }
                _ => vec![(None, None)],
            };
            planned.push((table, ranges));
        }
        s.close().await;
        Ok(planned)
    }
    .await;
    let tables = match listed {
        Ok(t) => t,
        Err(e) => {
            let error = format!("{} ({})", e.message, e.kind.as_str());
            end_early(db, scan_id, ScanStatus::Failed, Some(error)).await?;
            return Ok(Outcome::Completed);
        }
    };
    if ctx.interrupted() {
        return Ok(Outcome::Interrupted);
    }
    let txn = db.begin().await?;
    let mut parts = 0;
    for (table_index, (table, ranges)) in tables.iter().enumerate() {
        let info = serde_json::to_string(table).map_err(|e| Error::Internal(e.into()))?;
        for (part_index, (start, end)) in ranges.iter().enumerate() {
            let part = scan_part::ActiveModel {
                scan_id: Set(scan_id),
                table_index: Set(table_index as i32),
                part_index: Set(part_index as i32),
                table_info: Set(info.clone()),
                block_start: Set(*start),
                block_end: Set(*end),
                status: Set(PART_QUEUED.to_owned()),
                rows_read: Set(0),
                bytes_read: Set(0),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            jobs::enqueue(
                &txn,
                PART,
                &subject(scan_id),
                json!({ "scan_id": scan_id, "part_id": part.id }),
            )
            .await?;
            parts += 1;
        }
    }
    let mut m = scans::get(&txn, scan_id).await?.into_active_model();
    m.tables_total = Set(tables.len() as i32);
    m.parts_total = Set(parts);
    m.update(&txn).await?;
    if parts == 0 {
        jobs::enqueue(
            &txn,
            FINISH,
            &subject(scan_id),
            json!({ "scan_id": scan_id }),
        )
        .await?;
    }
    txn.commit().await?;
    tracing::info!(scan = scan_id, tables = tables.len(), parts, "scan planned");
    Ok(Outcome::Completed)
}

/// How many parts of `part_blocks` a table's size makes (at least one).
fn parts_of(table: &TableInfo, part_blocks: u64) -> u64 {
    let blocks = table.blocks.unwrap_or(0).max(0) as u64;
    if part_blocks == 0 {
        return 1;
    }
    blocks.div_ceil(part_blocks).max(1)
}

/// The PostgreSQL block ranges a table is read in: the whole table unless it has more
/// than `part_blocks` blocks. The last range is open, so rows stored past the size seen
/// at planning are read too.
fn block_ranges(table: &TableInfo, part_blocks: u64) -> Vec<(Option<i64>, Option<i64>)> {
    let n = parts_of(table, part_blocks);
    if n <= 1 {
        return vec![(None, None)];
    }
    (0..n)
        .map(|i| {
            let start = (i * part_blocks) as i64;
            let end = (i + 1 < n).then_some(((i + 1) * part_blocks) as i64);
            (Some(start), end)
        })
        .collect()
}

/// `n` ranges of an integer key between `lo` and `hi`, the first and last open so that
/// keys stored outside the bounds seen at planning are read too.
fn key_ranges((lo, hi): (i64, i64), n: u64) -> Vec<(Option<i64>, Option<i64>)> {
    let span = i128::from(hi) - i128::from(lo) + 1;
    let n = i128::from(n).min(span).max(1);
    if n <= 1 {
        return vec![(None, None)];
    }
    let step = (span + n - 1) / n;
    let cut = |i: i128| (i128::from(lo) + i * step) as i64;
    (0..n)
        .map(|i| {
            let start = (i > 0).then(|| cut(i));
            let end = (i + 1 < n).then(|| cut(i + 1));
            (start, end)
        })
        .collect()
}

async fn get_part(db: &impl ConnectionTrait, id: i64) -> Result<scan_part::Model> {
    scan_part::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("scan part", id))
}

fn table_of(part: &scan_part::Model) -> Result<TableInfo> {
    serde_json::from_str(&part.table_info).map_err(|e| Error::Internal(e.into()))
}

/// Rows and bytes read so far in one part.
#[derive(Default)]
struct PartProgress {
    rows: AtomicU64,
    bytes: AtomicU64,
}

impl Progress for PartProgress {
    fn rows(&self, rows: u64, bytes: u64) {
        self.rows.store(rows, Ordering::Relaxed);
        self.bytes.store(bytes, Ordering::Relaxed);
    }
}

async fn read_part(shared: &Shared, ctx: JobContext) -> Result<Outcome> {
    let PartPayload { scan_id, part_id } = ctx.payload()?;
    let db = &shared.db;
    let part = get_part(db, part_id).await?;
    let scan = scans::get(db, scan_id).await?;
    if part.status == PART_DONE || finished(&scan)? {
        return Ok(Outcome::Completed);
    }
    let table = table_of(&part)?;
    let name = format!("{}.{}", table.schema, table.name);
    if ctx.stop.reason() == Some(StopReason::Cancelled) {
        let mut coverage = TableCoverage::of(table);
        coverage.status = scan::TableStatus::Partial;
        coverage.reason = Some("scan cancelled".into());
        let result = PartResult {
            coverage,
            profiles: Vec::new(),
            cancelled: true,
        };
        complete_part(db, &part, result, Some(&ctx.node)).await?;
        return Ok(Outcome::Cancelled);
    }
    // A part read again after a crash starts from nothing: what the dead node counted
    // is replaced, not added to.
    scan_part::Entity::update_many()
        .col_expr(scan_part::Column::Status, PART_RUNNING.into())
        .col_expr(scan_part::Column::Node, Some(ctx.node.to_string()).into())
        .col_expr(scan_part::Column::RowsRead, 0i64.into())
        .col_expr(scan_part::Column::BytesRead, 0i64.into())
        .filter(scan_part::Column::Id.eq(part_id))
        .filter(scan_part::Column::Status.ne(PART_DONE))
        .exec(db)
        .await?;
    scan_entity::Entity::update_many()
        .col_expr(scan_entity::Column::CurrentTable, Some(name.clone()).into())
        .filter(scan_entity::Column::Id.eq(scan_id))
        .exec(db)
        .await?;

    let mut options = options_of(&scan)?;
    let source = sources::get(db, scan.source_id).await?;
    let url = sources::url_of(&shared.key, &source)?;
    let (start, end) = (part.block_start, part.block_end);
    if options.sampling == Sampling::Full && (start.is_some() || end.is_some()) {
        options.sampling = match url.engine() {
            Engine::Mysql => Sampling::Keys { start, end },
            _ => Sampling::Blocks {
                start: start.unwrap_or(0).max(0) as u64,
                end: end.map(|e| e.max(0) as u64),
            },
        };
    }
    let progress = Arc::new(PartProgress::default());
    let _flusher = {
        let db = db.clone();
        let progress = progress.clone();
        let every = shared.settings.flush_every;
        AbortOnDrop(tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let _ = flush(&db, scan_id, part_id, &progress).await;
            }
        }))
    };
    let read = match Source::connect(&url, options.limits).await {
        Ok(mut s) => {
            let read = scan::read_table(&mut s, table, &options, &*progress, ctx.stop.flag()).await;
            s.close().await;
            read
        }
        Err(e) => {
            let mut coverage = TableCoverage::of(table);
            coverage.fail(format!(
                "not read: the source could not be reached: {} ({})",
                e.message,
                e.kind.as_str()
            ));
            TableRead {
                coverage,
                profiles: Vec::new(),
                broken: true,
            }
        }
    };
    if ctx.interrupted() {
        return Ok(Outcome::Interrupted);
    }
    let cancelled = ctx.stop.reason() == Some(StopReason::Cancelled);
    let result = PartResult {
        profiles: read.profiles.iter().map(ColumnProfile::counts).collect(),
        coverage: read.coverage,
        cancelled,
    };
    complete_part(db, &part, result, Some(&ctx.node)).await?;
    Ok(if cancelled {
        Outcome::Cancelled
    } else {
        Outcome::Completed
    })
}

/// Writes a part's progress and the scan's sums over its parts.
async fn flush(
    db: &DatabaseConnection,
    scan_id: i64,
    part_id: i64,
    progress: &PartProgress,
) -> Result<()> {
    scan_part::Entity::update_many()
        .col_expr(
            scan_part::Column::RowsRead,
            (progress.rows.load(Ordering::Relaxed) as i64).into(),
        )
        .col_expr(
            scan_part::Column::BytesRead,
            (progress.bytes.load(Ordering::Relaxed) as i64).into(),
        )
        .filter(scan_part::Column::Id.eq(part_id))
        .filter(scan_part::Column::Status.eq(PART_RUNNING))
        .exec(db)
        .await?;
    sum_progress(db, scan_id).await
}

/// The scan's rows, bytes and finished tables, summed over its parts.
/// Reads only the parts' counters: their stored tables and profiles are not needed, and
/// this runs at every flush of every running part.
async fn sum_progress(db: &impl ConnectionTrait, scan_id: i64) -> Result<()> {
    let parts: Vec<(i32, String, i64, i64)> = scan_part::Entity::find()
        .select_only()
        .columns([
            scan_part::Column::TableIndex,
            scan_part::Column::Status,
            scan_part::Column::RowsRead,
            scan_part::Column::BytesRead,
        ])
        .filter(scan_part::Column::ScanId.eq(scan_id))
        .into_tuple()
        .all(db)
        .await?;
    let rows: i64 = parts.iter().map(|p| p.2).sum();
    let bytes: i64 = parts.iter().map(|p| p.3).sum();
    let mut tables: std::collections::BTreeMap<i32, bool> = Default::default();
    for (table, status, _, _) in &parts {
        *tables.entry(*table).or_insert(true) &= status == PART_DONE;
    }
    let done = tables.values().filter(|d| **d).count() as i32;
    scan_entity::Entity::update_many()
        .col_expr(scan_entity::Column::RowsRead, rows.into())
        .col_expr(scan_entity::Column::BytesRead, bytes.into())
        .col_expr(scan_entity::Column::TablesDone, done.into())
        .filter(scan_entity::Column::Id.eq(scan_id))
        .filter(scan_entity::Column::Status.eq(ScanStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores a part's result once: a second finisher of the same part (a node that lost
/// its lease and finished anyway) changes nothing. The part that completes the set
/// queues the finish.
async fn complete_part(
    db: &DatabaseConnection,
    part: &scan_part::Model,
    result: PartResult,
    node: Option<&str>,
) -> Result<()> {
    let txn = db.begin().await?;
    let mut update = scan_part::Entity::update_many()
        .col_expr(scan_part::Column::Status, PART_DONE.into())
        .col_expr(
            scan_part::Column::RowsRead,
            (result.coverage.rows_read as i64).into(),
        )
        .col_expr(
            scan_part::Column::BytesRead,
            (result.coverage.bytes_read as i64).into(),
        )
        .col_expr(
            scan_part::Column::Result,
            Some(serde_json::to_string(&result).map_err(|e| Error::Internal(e.into()))?).into(),
        )
        .col_expr(scan_part::Column::FinishedAt, Some(Utc::now()).into());
    if let Some(node) = node {
        update = update.col_expr(scan_part::Column::Node, Some(node.to_owned()).into());
    }
    let stored = update
        .filter(scan_part::Column::Id.eq(part.id))
        .filter(scan_part::Column::Status.ne(PART_DONE))
        .exec(&txn)
        .await?;
    if stored.rows_affected == 1 {
        let counted = scan_entity::Entity::update_many()
            .col_expr(
                scan_entity::Column::PartsDone,
                Expr::col(scan_entity::Column::PartsDone).add(1),
            )
            .filter(scan_entity::Column::Id.eq(part.scan_id))
            .exec_with_returning(&txn)
            .await?;
        if let Some(scan) = counted.first() {
            if scan.parts_done == scan.parts_total {
                jobs::enqueue(
                    &txn,
                    FINISH,
                    &subject(part.scan_id),
                    json!({ "scan_id": part.scan_id }),
                )
                .await?;
            }
        }
        sum_progress(&txn, part.scan_id).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Merges the parts, table by table in the order listed, and stores the outcome.
async fn finish(shared: &Shared, ctx: JobContext) -> Result<Outcome> {
    let ScanPayload { scan_id } = ctx.payload()?;
    let db = &shared.db;
    let scan = scans::get(db, scan_id).await?;
    if finished(&scan)? {
        return Ok(Outcome::Completed);
    }
    let options = options_of(&scan)?;
    let source = sources::get(db, scan.source_id).await?;
    let parts = scan_part::Entity::find()
        .filter(scan_part::Column::ScanId.eq(scan_id))
        .order_by_asc(scan_part::Column::TableIndex)
        .order_by_asc(scan_part::Column::PartIndex)
        .all(db)
        .await?;
    let mut tables: Vec<(i32, TableRead)> = Vec::new();
    let mut cancelled = false;
    for part in &parts {
        let stored: PartResult = serde_json::from_str(part.result.as_deref().unwrap_or("null"))
            .map_err(|e| {
                Error::Internal(anyhow::anyhow!(
                    "part {} of scan {scan_id} has no readable result: {e}",
                    part.id
                ))
            })?;
        cancelled |= stored.cancelled;
        let profiles = stored
            .coverage
            .table
            .scannable_columns()
            .iter()
            .zip(stored.profiles)
            .map(|(c, counts)| {
                let mut p = ColumnProfile::for_column(&stored.coverage.table.name, c);
                p.absorb(counts);
                p
            })
            .collect();
        let read = TableRead {
            coverage: stored.coverage,
            profiles,
            broken: false,
        };
        match tables.last_mut() {
            Some((index, whole)) if *index == part.table_index => whole.merge(read),
            _ => tables.push((part.table_index, read)),
        }
    }
    let mut report = ScanReport {
        source: sources::url_of(&shared.key, &source)?.redacted(),
        mode: scan::mode_name(options.sampling),
        sample_rows: match options.sampling {
            Sampling::Sample(n) => Some(n),
            _ => None,
        },
        started_at: scan.started_at.unwrap_or(scan.created_at),
        finished_at: Utc::now(),
        cancelled,
        rows_read: 0,
        bytes_read: 0,
        tables: Vec::with_capacity(tables.len()),
        findings: Vec::new(),
    };
    for (_, read) in tables {
        report.rows_read += read.coverage.rows_read;
        report.bytes_read += read.coverage.bytes_read;
        let (coverage, findings) = read.conclude();
        report.findings.extend(findings);
        report.tables.push(coverage);
    }
    let status = if report.cancelled {
        ScanStatus::Cancelled
    } else if !report.incomplete_tables().is_empty() {
        ScanStatus::CompletedWithErrors
    } else {
        ScanStatus::Completed
    };
    scans::persist(db, scan_id, &source, report, status, &options.scope).await?;
    // The parts' profiles served their purpose; who read which part stays.
    scan_part::Entity::update_many()
        .col_expr(scan_part::Column::Result, Expr::value(None::<String>))
        .filter(scan_part::Column::ScanId.eq(scan_id))
        .exec(db)
        .await?;
    tracing::info!(scan = scan_id, status = status.as_str(), "scan finished");
    Ok(Outcome::Completed)
}

/// The nodes that read parts of a scan, by name.
pub async fn nodes(db: &impl ConnectionTrait, scan_id: i64) -> Result<Vec<String>> {
    let mut nodes: Vec<String> = scan_part::Entity::find()
        .filter(scan_part::Column::ScanId.eq(scan_id))
        .filter(scan_part::Column::Status.eq(PART_DONE))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.node)
        .collect();
    nodes.sort();
    nodes.dedup();
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(blocks: i64) -> TableInfo {
        TableInfo {
            schema: "public".into(),
            name: "events".into(),
            columns: Vec::new(),
            row_estimate: None,
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            unreadable: None,
            blocks: Some(blocks),
            inherited: false,
        }
    }

    #[test]
    fn key_ranges_cover_every_key_once_with_open_ends() {
        assert_eq!(key_ranges((1, 1), 4), vec![(None, None)]);
        let r = key_ranges((1, 100), 3);
        assert_eq!(
            r,
            vec![(None, Some(35)), (Some(35), Some(69)), (Some(69), None)]
        );
        // Every key in the table falls in exactly one range, and keys beyond the
        // bounds seen at planning too.
        for k in [-5, 1, 34, 35, 68, 69, 100, 1000] {
            let holding = r
                .iter()
                .filter(|(s, e)| s.is_none_or(|s| k >= s) && e.is_none_or(|e| k < e))
                .count();
            assert_eq!(holding, 1, "key {k}");
        }
        let wide = key_ranges((i64::MIN, i64::MAX), 4);
        assert_eq!(wide.len(), 4);
        assert!(wide.windows(2).all(|w| w[0].1 == w[1].0));
    }

    #[test]
    fn big_tables_in_full_scans_are_divided_into_ranges_that_cover_every_block() {
        assert_eq!(block_ranges(&table(100), 128), vec![(None, None)]);
        let r = block_ranges(&table(300), 128);
        assert_eq!(
            r,
            vec![
                (Some(0), Some(128)),
                (Some(128), Some(256)),
                (Some(256), None)
            ]
        );
    }
}
