//! Scans: start and cancel them, and store their outcome: findings turned into proposed
//! inventory links, coverage and a drift report. The reading itself runs as jobs
//! ([`super::scan_job`]) on any node.

use super::connectors::Scope;
use super::scan::{ColumnFinding, ScanReport, TableCoverage, TableStatus};
use super::sources;
use crate::domain::{LinkProvenance, LinkStatus, ScanMode, ScanStatus};
use crate::error::{Error, Result};
use crate::inventory::changes::{self, Change};
use crate::inventory::links::{self, NewLink};
use crate::inventory::{Page, PageArgs};
use chrono::Utc;
use entity::{scan as scan_entity, scan_finding, system_category};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tokio::sync::Notify;

pub const MAX_SAMPLE_ROWS: u64 = 1_000_000;

/// The kind of a scan's first job, which plans its parts ([`super::scan_job`]).
pub const PLAN: &str = "scan";

/// The subject of a scan's jobs: cancelling the scan cancels them.
pub fn subject(scan_id: i64) -> String {
    format!("scan:{scan_id}")
}

/// Queues the job that plans a scan, in the caller's transaction.
pub async fn enqueue(db: &impl ConnectionTrait, scan_id: i64) -> Result<entity::job::Model> {
    crate::jobs::enqueue(
        db,
        PLAN,
        &subject(scan_id),
        serde_json::json!({ "scan_id": scan_id }),
    )
    .await
}

#[derive(Debug, Clone)]
pub struct StartScan {
    pub source_id: i64,
    pub mode: ScanMode,
    pub sample_rows: Option<u64>,
    pub scope: Scope,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct StoredScope {
    pub schemas: Vec<String>,
    pub tables: Vec<String>,
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
    /// Wakes this node's idle workers when a scan is queued.
    wake: Arc<Notify>,
}

impl Scanner {
    pub fn new(db: DatabaseConnection, wake: Arc<Notify>) -> Self {
        Self { db, wake }
    }

    pub async fn get(&self, id: i64) -> Result<scan_entity::Model> {
        get(&self.db, id).await
    }

    /// Queues a scan: the scan and its first job are stored together.
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
                let n = req.sample_rows.unwrap_or(super::scan::DEFAULT_SAMPLE_ROWS);
                if n == 0 || n > MAX_SAMPLE_ROWS {
                    return Err(Error::validation(
                        "sampleRows",
                        format!("must be between 1 and {MAX_SAMPLE_ROWS}"),
                    ));
                }
                Some(n)
            }
        };
        let txn = self.db.begin().await?;
        let busy = scan_entity::Entity::find()
            .filter(scan_entity::Column::SourceId.eq(source.id))
            .filter(
                scan_entity::Column::Status
                    .is_in([ScanStatus::Queued.as_str(), ScanStatus::Running.as_str()]),
            )
            .one(&txn)
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
        .insert(&txn)
        .await?;
        enqueue(&txn, model.id).await?;
        txn.commit().await?;
        self.wake.notify_waiters();
        Ok(model)
    }

    /// Asks a scan to stop, wherever its parts run: parts being read stop at their
    /// next block, parts not yet read are not read; the scan ends CANCELLED with the
    /// coverage of what was read.
    pub async fn cancel(&self, id: i64) -> Result<scan_entity::Model> {
        let current = get(&self.db, id).await?;
        if ScanStatus::from_db(&current.status)?.is_finished() {
            return Err(Error::Conflict(format!(
                "scan {id} has already finished ({})",
                current.status
            )));
        }
        crate::jobs::request_cancel(&self.db, &subject(id)).await?;
        self.wake.notify_waiters();
        Ok(current)
    }
}

/// Stores coverage, tables, findings and drift, and proposes links, in one transaction.
pub(super) async fn persist(
    db: &DatabaseConnection,
    scan_id: i64,
    source: &entity::data_source::Model,
    report: ScanReport,
    status: ScanStatus,
    scope: &Scope,
) -> Result<scan_entity::Model> {
    let txn = db.begin().await?;
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
        if link.scan_id == Some(scan_id) {
            let actor = format!("scan:{scan_id}");
            changes::record(
                &txn,
                Change::Created,
                changes::Entity::SystemCategoryLink,
                link.id,
                Some(&actor),
            )
            .await?;
        }
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
