//! Scan jobs: run scans in the background with progress, cancel and restart safety,
//! and turn their findings into proposed inventory links with a drift report.

use super::connectors::{Limits, Sampling, Scope, TableInfo};
use super::scan::{
    self, ColumnFinding, Progress, ScanOptions, ScanReport, TableCoverage, TableStatus,
};
use super::sources;
use crate::domain::{LinkProvenance, LinkStatus, ScanMode, ScanStatus};
use crate::error::{Error, Result};
use crate::inventory::links::{self, NewLink};
use crate::inventory::{Page, PageArgs};
use crate::secret::SecretKey;
use crate::tasks::AbortOnDrop;
use chrono::Utc;
use entity::{scan as scan_entity, scan_finding, system_category};
use futures_util::FutureExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

pub const MAX_SAMPLE_ROWS: u64 = 1_000_000;

#[derive(Debug, Clone)]
pub struct StartScan {
    pub source_id: i64,
    pub mode: ScanMode,
    pub sample_rows: Option<u64>,
    pub scope: Scope,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct StoredScope {
    schemas: Vec<String>,
    tables: Vec<String>,
}

/// A scan's progress, as stored and as streamed to subscribers.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanProgress {
    pub scan_id: i64,
    pub status: ScanStatus,
    pub tables_total: i32,
    pub tables_done: i32,
    pub rows_read: i64,
    pub bytes_read: i64,
    pub current_table: Option<String>,
}

impl ScanProgress {
    pub fn of(m: &scan_entity::Model) -> anyhow::Result<Self> {
        Ok(Self {
            scan_id: m.id,
            status: ScanStatus::from_db(&m.status)?,
            tables_total: m.tables_total,
            tables_done: m.tables_done,
            rows_read: m.rows_read,
            bytes_read: m.bytes_read,
            current_table: m.current_table.clone(),
        })
    }
}

/// A (table, column, kind) a drift report names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingRef {
    pub schema: String,
    pub table: String,
    pub column: String,
    pub kind: String,
}

/// A confirmed link whose column is no longer in the source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MissingColumn {
    pub link_id: i64,
    pub location: String,
    pub category_id: i64,
}

/// What changed since the previous completed scan of the same source.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Drift {
    pub previous_scan_id: Option<i64>,
    /// Personal-data columns found now and not before.
    pub new_findings: Vec<FindingRef>,
    /// Found before, scanned again now, and no longer found.
    pub gone_findings: Vec<FindingRef>,
    /// Confirmed links pointing at columns or tables that no longer exist.
    pub missing_columns: Vec<MissingColumn>,
}

#[derive(Clone)]
pub struct Scanner {
    db: DatabaseConnection,
    key: Arc<SecretKey>,
    events: broadcast::Sender<ScanProgress>,
    running: Arc<Mutex<HashMap<i64, Arc<AtomicBool>>>>,
    /// How often progress is written to the store while a scan runs.
    flush_every: Duration,
}

impl Scanner {
    pub fn new(db: DatabaseConnection, key: Arc<SecretKey>) -> Self {
        Self {
            db,
            key,
            events: broadcast::channel(1024).0,
            running: Arc::default(),
            flush_every: Duration::from_millis(500),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ScanProgress> {
        self.events.subscribe()
    }

    /// Marks scans left queued or running by a previous process as failed.
    pub async fn recover(db: &impl ConnectionTrait) -> Result<u64> {
        let result = scan_entity::Entity::update_many()
            .col_expr(
                scan_entity::Column::Status,
                ScanStatus::Failed.as_str().into(),
            )
            .col_expr(
                scan_entity::Column::Error,
                Some("interrupted: Steward stopped while the scan was running; start it again")
                    .into(),
            )
            .col_expr(scan_entity::Column::FinishedAt, Some(Utc::now()).into())
            .filter(
                scan_entity::Column::Status
                    .is_in([ScanStatus::Queued.as_str(), ScanStatus::Running.as_str()]),
            )
            .exec(db)
            .await?;
        Ok(result.rows_affected)
    }

    pub async fn get(&self, id: i64) -> Result<scan_entity::Model> {
        get(&self.db, id).await
    }

    /// Queues a scan and starts it in the background.
    pub async fn start(&self, req: StartScan) -> Result<scan_entity::Model> {
        let source = sources::get(&self.db, req.source_id).await.map_err(|_| {
            Error::validation(
                "sourceId",
                format!("data source {} does not exist", req.source_id),
            )
        })?;
        let sample_rows = match req.mode {
            ScanMode::Full => None,
            ScanMode::Sample => {
                let n = req.sample_rows.unwrap_or(scan::DEFAULT_SAMPLE_ROWS);
                if n == 0 || n > MAX_SAMPLE_ROWS {
                    return Err(Error::validation(
                        "sampleRows",
                        format!("must be between 1 and {MAX_SAMPLE_ROWS}"),
                    ));
                }
                Some(n)
            }
        };
        let busy = scan_entity::Entity::find()
            .filter(scan_entity::Column::SourceId.eq(source.id))
            .filter(
                scan_entity::Column::Status
                    .is_in([ScanStatus::Queued.as_str(), ScanStatus::Running.as_str()]),
            )
            .one(&self.db)
            .await?;
        if let Some(b) = busy {
            return Err(Error::Conflict(format!(
                "scan {} of this source is still running; cancel it or wait for it to finish",
                b.id
            )));
        }
        let scope = StoredScope {
            schemas: req.scope.schemas.clone(),
            tables: req.scope.tables.clone(),
        };
        let model = scan_entity::ActiveModel {
            source_id: Set(source.id),
            mode: Set(req.mode.as_str().to_owned()),
            sample_rows: Set(sample_rows.map(|n| n as i64)),
            scope: Set(serde_json::to_string(&scope).expect("scope serialises")),
            status: Set(ScanStatus::Queued.as_str().to_owned()),
            created_by: Set(req.actor.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        let cancel = Arc::new(AtomicBool::new(false));
        self.running
            .lock()
            .expect("registry lock")
            .insert(model.id, cancel.clone());
        let this = self.clone();
        let scan_id = model.id;
        let options = ScanOptions {
            sampling: match sample_rows {
                Some(n) => Sampling::Sample(n),
                None => Sampling::Full,
            },
            scope: req.scope,
            limits: Limits::default(),
            ..ScanOptions::default()
        };
        tokio::spawn(async move {
            let run = std::panic::AssertUnwindSafe(this.run(scan_id, source, options, cancel));
            match run.catch_unwind().await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::error!(scan = scan_id, error = ?e, "scan job failed to record its outcome");
                }
                // Never left RUNNING: a panic outside a table's read ends the scan FAILED.
                Err(_) => {
                    let reason =
                        "internal error while scanning; the scan stopped (please report this)";
                    if let Err(e) = this.mark_failed(scan_id, reason).await {
                        tracing::error!(scan = scan_id, error = ?e, "scan job failed to record its outcome");
                    }
                }
            }
            this.running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&scan_id);
        });
        Ok(model)
    }

    /// Asks a running scan to stop; a queued one is cancelled at once.
    pub async fn cancel(&self, id: i64) -> Result<scan_entity::Model> {
        let current = get(&self.db, id).await?;
        if ScanStatus::from_db(&current.status)?.is_finished() {
            return Err(Error::Conflict(format!(
                "scan {id} has already finished ({})",
                current.status
            )));
        }
        if let Some(flag) = self.running.lock().expect("registry lock").get(&id) {
            flag.store(true, Ordering::Relaxed);
        }
        Ok(current)
    }

    async fn run(
        &self,
        scan_id: i64,
        source: entity::data_source::Model,
        options: ScanOptions,
        cancel: Arc<AtomicBool>,
    ) -> Result<()> {
        let url = sources::url_of(&self.key, &source)?;
        let started = Utc::now();
        let state = Arc::new(Mutex::new(ScanProgress {
            scan_id,
            status: ScanStatus::Running,
            tables_total: 0,
            tables_done: 0,
            rows_read: 0,
            bytes_read: 0,
            current_table: None,
        }));
        let first = state.lock().expect("progress lock").clone();
        self.write_progress(&first, Some(started)).await?;
        let tracker = Tracker {
            state: state.clone(),
            events: self.events.clone(),
            done_rows: Arc::default(),
        };
        // Progress reaches the store every `flush_every` while the scan runs, and not a
        // moment after: the flusher is aborted when this function returns or unwinds.
        let _flusher = {
            let this = self.clone();
            let state = state.clone();
            let handle = tokio::spawn(async move {
                loop {
                    tokio::time::sleep(this.flush_every).await;
                    let snapshot = state.lock().expect("progress lock").clone();
                    if snapshot.status != ScanStatus::Running {
                        break;
                    }
                    let _ = this.write_progress(&snapshot, None).await;
                }
            });
            AbortOnDrop(handle)
        };
        let outcome = scan::run(&url, &options, &tracker, &cancel).await;
        let status = match &outcome {
            Ok(r) if r.cancelled => ScanStatus::Cancelled,
            Ok(r) if !r.incomplete_tables().is_empty() => ScanStatus::CompletedWithErrors,
            Ok(_) => ScanStatus::Completed,
            Err(_) => ScanStatus::Failed,
        };
        state.lock().expect("progress lock").status = status;
        let finished = match outcome {
            Ok(report) => {
                self.persist(scan_id, &source, report, status, &options.scope)
                    .await
            }
            Err(e) => {
                let mut m: scan_entity::ActiveModel = get(&self.db, scan_id).await?.into();
                m.status = Set(status.as_str().to_owned());
                m.error = Set(Some(format!("{} ({})", e.message, e.kind.as_str())));
                m.finished_at = Set(Some(Utc::now()));
                m.current_table = Set(None);
                Ok(m.update(&self.db).await?)
            }
        };
        let finished = match finished {
            Ok(m) => m,
            Err(e) => {
                self.mark_failed(scan_id, "the scan ran but its results could not be stored")
                    .await?;
                return Err(e);
            }
        };
        let _ = self.events.send(ScanProgress::of(&finished)?);
        Ok(())
    }

    /// Ends a scan FAILED with `reason`, and tells subscribers.
    async fn mark_failed(&self, scan_id: i64, reason: &str) -> Result<()> {
        let mut m: scan_entity::ActiveModel = get(&self.db, scan_id).await?.into();
        m.status = Set(ScanStatus::Failed.as_str().to_owned());
        m.error = Set(Some(reason.to_owned()));
        m.finished_at = Set(Some(Utc::now()));
        m.current_table = Set(None);
        let m = m.update(&self.db).await?;
        let _ = self.events.send(ScanProgress::of(&m)?);
        Ok(())
    }

    async fn write_progress(
        &self,
        p: &ScanProgress,
        started: Option<chrono::DateTime<Utc>>,
    ) -> Result<()> {
        let mut m: scan_entity::ActiveModel = get(&self.db, p.scan_id).await?.into();
        m.status = Set(p.status.as_str().to_owned());
        m.tables_total = Set(p.tables_total);
        m.tables_done = Set(p.tables_done);
        m.rows_read = Set(p.rows_read);
        m.bytes_read = Set(p.bytes_read);
        m.current_table = Set(p.current_table.clone());
        if let Some(s) = started {
            m.started_at = Set(Some(s));
        }
        m.update(&self.db).await?;
        Ok(())
    }

    /// Stores coverage, tables, findings and drift, and proposes links, in one transaction.
    async fn persist(
        &self,
        scan_id: i64,
        source: &entity::data_source::Model,
        report: ScanReport,
        status: ScanStatus,
        scope: &Scope,
    ) -> Result<scan_entity::Model> {
        let txn = self.db.begin().await?;
        for t in &report.tables {
            sources::record_table(&txn, source.id, scan_id, &t.table).await?;
        }
        for f in &report.findings {
            let link = links::link(
                &txn,
                NewLink {
                    system_id: source.system_id,
                    category_key: f.finding.category.to_owned(),
                    location: Some(format!("{}.{}.{}", f.schema, f.table, f.column)),
                    provenance: LinkProvenance::Discovered,
                    status: LinkStatus::Proposed,
                    scan_id: Some(scan_id),
                    confidence: Some(f.finding.score),
                    note: Some(format!(
                        "{} found by scan {scan_id}: {} confidence, {:.0}% of {} values",
                        f.finding.kind.as_str(),
                        f.finding.confidence.as_str(),
                        f.finding.match_ratio * 100.0,
                        f.finding.rows_scanned
                    )),
                    actor: None,
                },
            )
            .await?;
            insert_finding(&txn, scan_id, f, link.id).await?;
        }
        let drift = drift(&txn, scan_id, source, &report, scope).await?;
        let mut m: scan_entity::ActiveModel = get(&txn, scan_id).await?.into();
        m.status = Set(status.as_str().to_owned());
        m.tables_total = Set(report.tables.len() as i32);
        m.tables_done = Set(report.tables.len() as i32);
        m.rows_read = Set(report.rows_read as i64);
        m.bytes_read = Set(report.bytes_read as i64);
        m.current_table = Set(None);
        m.error = Set(report.incomplete_summary());
        m.coverage = Set(Some(
            serde_json::to_string(&report.tables).expect("coverage serialises"),
        ));
        m.drift = Set(Some(
            serde_json::to_string(&drift).expect("drift serialises"),
        ));
        m.finished_at = Set(Some(Utc::now()));
        let m = m.update(&txn).await?;
        txn.commit().await?;
        Ok(m)
    }
}

struct Tracker {
    state: Arc<Mutex<ScanProgress>>,
    events: broadcast::Sender<ScanProgress>,
    /// Rows and bytes of tables already finished.
    done_rows: Arc<Mutex<(i64, i64)>>,
}

impl Tracker {
    fn publish(&self, f: impl FnOnce(&mut ScanProgress)) {
        let snapshot = {
            let mut s = self.state.lock().expect("progress lock");
            f(&mut s);
            s.clone()
        };
        let _ = self.events.send(snapshot);
    }
}

impl Progress for Tracker {
    fn started(&self, tables: &[TableInfo]) {
        self.publish(|s| s.tables_total = tables.len() as i32);
    }
    fn table_started(&self, _index: usize, table: &TableInfo) {
        let name = format!("{}.{}", table.schema, table.name);
        self.publish(|s| s.current_table = Some(name));
    }
    fn rows(&self, rows: u64, bytes: u64) {
        let (done_rows, done_bytes) = *self.done_rows.lock().expect("progress lock");
        self.publish(|s| {
            s.rows_read = done_rows + rows as i64;
            s.bytes_read = done_bytes + bytes as i64;
        });
    }
    fn table_done(&self, _index: usize, coverage: &TableCoverage) {
        let (rows, bytes) = {
            let mut d = self.done_rows.lock().expect("progress lock");
            d.0 += coverage.rows_read as i64;
            d.1 += coverage.bytes_read as i64;
            *d
        };
        self.publish(|s| {
            s.tables_done += 1;
            s.rows_read = rows;
            s.bytes_read = bytes;
        });
    }
}

async fn insert_finding(
    db: &impl ConnectionTrait,
    scan_id: i64,
    f: &ColumnFinding,
    link_id: i64,
) -> Result<()> {
    scan_finding::ActiveModel {
        scan_id: Set(scan_id),
        schema_name: Set(f.schema.clone()),
        table_name: Set(f.table.clone()),
        column_name: Set(f.column.clone()),
        kind: Set(f.finding.kind.as_str().to_owned()),
        category_key: Set(f.finding.category.to_owned()),
        confidence: Set(f.finding.confidence.as_str().to_owned()),
        score: Set(f.finding.score),
        match_ratio: Set(f.finding.match_ratio),
        rows_scanned: Set(f.finding.rows_scanned as i64),
        matches: Set(f.finding.matches as i64),
        content: Set(serde_json::to_value(f.finding.content)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()),
        examples: Set(serde_json::to_string(&f.finding.examples).expect("examples serialise")),
        link_id: Set(Some(link_id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn drift(
    db: &impl ConnectionTrait,
    scan_id: i64,
    source: &entity::data_source::Model,
    report: &ScanReport,
    scope: &Scope,
) -> Result<Drift> {
    let previous = scan_entity::Entity::find()
        .filter(scan_entity::Column::SourceId.eq(source.id))
        .filter(scan_entity::Column::Status.is_in([
            ScanStatus::Completed.as_str(),
            ScanStatus::CompletedWithErrors.as_str(),
        ]))
        .filter(scan_entity::Column::Id.ne(scan_id))
        .order_by_desc(scan_entity::Column::Id)
        .one(db)
        .await?;
    let as_ref = |schema: &str, table: &str, column: &str, kind: &str| FindingRef {
        schema: schema.to_owned(),
        table: table.to_owned(),
        column: column.to_owned(),
        kind: kind.to_owned(),
    };
    let now: BTreeSet<FindingRef> = report
        .findings
        .iter()
        .map(|f| as_ref(&f.schema, &f.table, &f.column, f.finding.kind.as_str()))
        .collect();
    let scanned: BTreeSet<(String, String)> = report
        .tables
        .iter()
        .filter(|t| t.status == TableStatus::Scanned)
        .map(|t| (t.table.schema.clone(), t.table.name.clone()))
        .collect();
    let mut drift = Drift {
        previous_scan_id: previous.as_ref().map(|p| p.id),
        ..Drift::default()
    };
    if let Some(prev) = &previous {
        let before: BTreeSet<FindingRef> = scan_finding::Entity::find()
            .filter(scan_finding::Column::ScanId.eq(prev.id))
            .all(db)
            .await?
            .iter()
            .map(|f| as_ref(&f.schema_name, &f.table_name, &f.column_name, &f.kind))
            .collect();
        drift.new_findings = now.difference(&before).cloned().collect();
        drift.gone_findings = before
            .difference(&now)
            .filter(|f| scanned.contains(&(f.schema.clone(), f.table.clone())))
            .cloned()
            .collect();
    }
    // Confirmed links of this system that point into this source's tables.
    let columns: HashMap<(String, String), BTreeSet<String>> = report
        .tables
        .iter()
        .map(|t| {
            (
                (t.table.schema.clone(), t.table.name.clone()),
                t.table.columns.iter().map(|c| c.name.clone()).collect(),
            )
        })
        .collect();
    // Only a scan of the whole source can tell that a table has gone.
    let whole_source = scope.schemas.is_empty() && scope.tables.is_empty();
    let confirmed = system_category::Entity::find()
        .filter(system_category::Column::SystemId.eq(source.system_id))
        .filter(system_category::Column::Status.eq(LinkStatus::Confirmed.as_str()))
        .filter(system_category::Column::Location.ne(""))
        .all(db)
        .await?;
    for link in confirmed {
        let parts: Vec<&str> = link.location.splitn(3, '.').collect();
        let [schema, table, column] = parts[..] else {
            continue;
        };
        let missing = match columns.get(&(schema.to_owned(), table.to_owned())) {
            Some(cols) => !cols.contains(column),
            None => whole_source,
        };
        if missing {
            drift.missing_columns.push(MissingColumn {
                link_id: link.id,
                location: link.location.clone(),
                category_id: link.category_id,
            });
        }
    }
    Ok(drift)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<scan_entity::Model> {
    scan_entity::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("scan", id))
}

pub async fn list(
    db: &impl ConnectionTrait,
    source_id: Option<i64>,
    page: PageArgs,
) -> Result<Page<scan_entity::Model>> {
    let mut select = scan_entity::Entity::find();
    if let Some(s) = source_id {
        select = select.filter(scan_entity::Column::SourceId.eq(s));
    }
    crate::inventory::page::paginate(db, select, scan_entity::Column::Id, page).await
}

pub async fn findings(db: &impl ConnectionTrait, scan_id: i64) -> Result<Vec<scan_finding::Model>> {
    Ok(scan_finding::Entity::find()
        .filter(scan_finding::Column::ScanId.eq(scan_id))
        .order_by_asc(scan_finding::Column::Id)
        .all(db)
        .await?)
}

/// The stored coverage report of a finished scan.
pub fn coverage(scan: &scan_entity::Model) -> Result<Vec<TableCoverage>> {
    match &scan.coverage {
        None => Ok(Vec::new()),
        Some(text) => Ok(serde_json::from_str(text).map_err(|e| Error::Internal(e.into()))?),
    }
}

pub fn drift_of(scan: &scan_entity::Model) -> Result<Option<Drift>> {
    scan.drift
        .as_deref()
        .map(|d| serde_json::from_str(d).map_err(|e| Error::Internal(e.into())))
        .transpose()
}
