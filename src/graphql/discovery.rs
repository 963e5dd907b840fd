use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::{actor, db, opt_id, parse_id};
use super::error::GqlResultExt;
use super::guards::RoleGuard;
use super::loaders::{CategoryId, LinkId, SystemId};
use super::types::{load_one, LinkObject, SystemObject};
use crate::discovery::connectors::Scope;
use crate::discovery::jobs::{self, Drift, FindingRef, ScanProgress, Scanner, StartScan};
use crate::discovery::scan::{SkippedColumn, TableCoverage, TableStatus};
use crate::discovery::sources::{self, ConnectionTest, NewSource};
use crate::domain::{Role, ScanMode, ScanStatus};
use crate::secret::SecretKey;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use entity::{data_source, scan, scan_finding, source_table};
use futures_util::Stream;
use std::sync::Arc;
use tokio_stream::StreamExt;

/// A database Steward may scan. Its URL and password are never shown.
pub struct DataSourceObject(pub data_source::Model);

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum SourceEngine {
    Postgres,
    Mysql,
    Sqlite,
}

#[Object(name = "DataSource")]
impl DataSourceObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn engine(&self) -> SourceEngine {
        match self.0.engine.as_str() {
            "POSTGRES" => SourceEngine::Postgres,
            "MYSQL" => SourceEngine::Mysql,
            _ => SourceEngine::Sqlite,
        }
    }
    async fn host(&self) -> Option<&str> {
        self.0.host.as_deref()
    }
    async fn port(&self) -> Option<i32> {
        self.0.port
    }
    /// Database name, or the file path for SQLite.
    async fn database(&self) -> Option<&str> {
        self.0.database_name.as_deref()
    }
    async fn user(&self) -> Option<&str> {
        self.0.username.as_deref()
    }
    async fn system(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SystemObject>> {
        Ok(load_one(ctx, SystemId(self.0.system_id))
            .await?
            .map(SystemObject))
    }
    async fn last_tested_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_tested_at
    }
    async fn last_test_error(&self) -> Option<&str> {
        self.0.last_test_error.as_deref()
    }
    /// Tables as last introspected by a scan: columns, primary and foreign keys.
    async fn tables(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SourceTableObject>> {
        Ok(sources::tables(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(SourceTableObject)
            .collect())
    }
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn scans(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<ScanObject>> {
        let page = jobs::list(db(ctx)?, Some(self.0.id), page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |s| s.id, ScanObject))
    }
}

#[derive(SimpleObject)]
pub struct SourceColumn {
    pub name: String,
    pub data_type: String,
    pub nullable: bool,
    /// Why the scanner does not read the column, if it does not.
    pub skip_reason: Option<String>,
}

#[derive(SimpleObject)]
pub struct ForeignKeyRef {
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
}

pub struct SourceTableObject(pub source_table::Model);

#[Object(name = "SourceTable")]
impl SourceTableObject {
    async fn schema(&self) -> &str {
        &self.0.schema_name
    }
    async fn name(&self) -> &str {
        &self.0.table_name
    }
    async fn row_estimate(&self) -> Option<i64> {
        self.0.row_estimate
    }
    async fn primary_key(&self) -> async_graphql::Result<Vec<String>> {
        Ok(sources::table_info(&self.0).gql()?.primary_key)
    }
    async fn columns(&self) -> async_graphql::Result<Vec<SourceColumn>> {
        let info = sources::table_info(&self.0).gql()?;
        Ok(info
            .columns
            .into_iter()
            .map(|c| SourceColumn {
                name: c.name,
                data_type: c.data_type,
                nullable: c.nullable,
                skip_reason: c.skip_reason,
            })
            .collect())
    }
    async fn foreign_keys(&self) -> async_graphql::Result<Vec<ForeignKeyRef>> {
        let info = sources::table_info(&self.0).gql()?;
        Ok(info
            .foreign_keys
            .into_iter()
            .map(|f| ForeignKeyRef {
                columns: f.columns,
                ref_schema: f.ref_schema,
                ref_table: f.ref_table,
                ref_columns: f.ref_columns,
            })
            .collect())
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Where a scan is.
#[derive(SimpleObject, Clone)]
pub struct ScanProgressObject {
    pub scan_id: ID,
    pub status: ScanStatus,
    pub tables_done: i32,
    pub tables_total: i32,
    pub rows_read: i64,
    pub bytes_read: i64,
    pub current_table: Option<String>,
}

impl From<ScanProgress> for ScanProgressObject {
    fn from(p: ScanProgress) -> Self {
        Self {
            scan_id: ID(p.scan_id.to_string()),
            status: p.status,
            tables_done: p.tables_done,
            tables_total: p.tables_total,
            rows_read: p.rows_read,
            bytes_read: p.bytes_read,
            current_table: p.current_table,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FindingConfidence {
    High,
    Medium,
    Low,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum FindingContent {
    /// The column's values are the identifiers.
    Values,
    /// The identifiers are fields of JSON documents.
    Json,
    /// A few identifiers inside prose.
    FreeText,
}

/// One (column, kind) verdict of a scan, with masked evidence.
pub struct FindingObject(pub scan_finding::Model);

#[Object(name = "ScanFinding")]
impl FindingObject {
    async fn schema(&self) -> &str {
        &self.0.schema_name
    }
    async fn table(&self) -> &str {
        &self.0.table_name
    }
    async fn column(&self) -> &str {
        &self.0.column_name
    }
    /// `email`, `phone`, `ip`, `card`, `iban`, `national_id`, `org_number`,
    /// `bank_account`, `imei` or `mac`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn category_key(&self) -> &str {
        &self.0.category_key
    }
    async fn confidence(&self) -> FindingConfidence {
        match self.0.confidence.as_str() {
            "HIGH" => FindingConfidence::High,
            "MEDIUM" => FindingConfidence::Medium,
            _ => FindingConfidence::Low,
        }
    }
    async fn score(&self) -> f64 {
        self.0.score
    }
    async fn match_ratio(&self) -> f64 {
        self.0.match_ratio
    }
    async fn rows_scanned(&self) -> i64 {
        self.0.rows_scanned
    }
    async fn matches(&self) -> i64 {
        self.0.matches
    }
    async fn content(&self) -> FindingContent {
        match self.0.content.as_str() {
            "json" => FindingContent::Json,
            "free_text" => FindingContent::FreeText,
            _ => FindingContent::Values,
        }
    }
    /// At most three masked examples, e.g. `j***@e***.com`.
    async fn examples(&self) -> async_graphql::Result<Vec<String>> {
        serde_json::from_str(&self.0.examples)
            .map_err(anyhow::Error::from)
            .gql()
    }
    /// The system↔category link this finding proposed (or supports).
    async fn link(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LinkObject>> {
        match self.0.link_id {
            None => Ok(None),
            Some(id) => Ok(load_one(ctx, LinkId(id)).await?.map(LinkObject)),
        }
    }
}

#[derive(SimpleObject)]
pub struct SkippedColumnObject {
    pub column: String,
    pub reason: String,
}

impl From<SkippedColumn> for SkippedColumnObject {
    fn from(s: SkippedColumn) -> Self {
        Self {
            column: s.column,
            reason: s.reason,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum TableScanStatus {
    Scanned,
    Partial,
    Skipped,
    Failed,
}

#[derive(SimpleObject)]
#[graphql(name = "ScanParts")]
pub struct ScanPartsObject {
    pub total: i32,
    pub done: i32,
}

/// What a scan looked at in one table, and what it did not.
#[derive(SimpleObject)]
pub struct TableCoverageObject {
    pub schema: String,
    pub table: String,
    pub status: TableScanStatus,
    pub reason: Option<String>,
    pub rows_read: i64,
    pub bytes_read: i64,
    pub columns_scanned: Vec<String>,
    pub columns_skipped: Vec<SkippedColumnObject>,
    /// Columns with values read only in part (text beyond 64 KB, JSON beyond 10,000
    /// values), how many and how: each value's cost is bounded, and said.
    pub columns_partly_read: Vec<SkippedColumnObject>,
}

impl From<TableCoverage> for TableCoverageObject {
    fn from(c: TableCoverage) -> Self {
        Self {
            schema: c.table.schema,
            table: c.table.name,
            status: match c.status {
                TableStatus::Scanned => TableScanStatus::Scanned,
                TableStatus::Partial => TableScanStatus::Partial,
                TableStatus::Skipped => TableScanStatus::Skipped,
                TableStatus::Failed => TableScanStatus::Failed,
            },
            reason: c.reason,
            rows_read: c.rows_read as i64,
            bytes_read: c.bytes_read as i64,
            columns_scanned: c.columns_scanned,
            columns_skipped: c.columns_skipped.into_iter().map(Into::into).collect(),
            columns_partly_read: c.columns_partly_read.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct FindingRefObject {
    pub schema: String,
    pub table: String,
    pub column: String,
    pub kind: String,
}

impl From<FindingRef> for FindingRefObject {
    fn from(f: FindingRef) -> Self {
        Self {
            schema: f.schema,
            table: f.table,
            column: f.column,
            kind: f.kind,
        }
    }
}

pub struct MissingColumnObject {
    link_id: i64,
    location: String,
    category_id: i64,
}

#[Object(name = "MissingColumn")]
impl MissingColumnObject {
    async fn location(&self) -> &str {
        &self.location
    }
    async fn link(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<LinkObject>> {
        Ok(load_one(ctx, LinkId(self.link_id)).await?.map(LinkObject))
    }
    async fn category(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::types::CategoryObject>> {
        Ok(load_one(ctx, CategoryId(self.category_id))
            .await?
            .map(super::types::CategoryObject))
    }
}

/// What changed since the previous completed scan of the source.
pub struct DriftObject(Drift);

#[Object(name = "ScanDrift")]
impl DriftObject {
    async fn previous_scan_id(&self) -> Option<ID> {
        self.0.previous_scan_id.map(|i| ID(i.to_string()))
    }
    /// Personal-data columns found now and not before.
    async fn new_findings(&self) -> Vec<FindingRefObject> {
        self.0
            .new_findings
            .iter()
            .cloned()
            .map(Into::into)
            .collect()
    }
    /// Found before, scanned again, no longer found.
    async fn gone_findings(&self) -> Vec<FindingRefObject> {
        self.0
            .gone_findings
            .iter()
            .cloned()
            .map(Into::into)
            .collect()
    }
    /// Confirmed links whose column (or table) is no longer in the source.
    async fn missing_columns(&self) -> Vec<MissingColumnObject> {
        self.0
            .missing_columns
            .iter()
            .map(|m| MissingColumnObject {
                link_id: m.link_id,
                location: m.location.clone(),
                category_id: m.category_id,
            })
            .collect()
    }
}

/// A discovery scan job.
pub struct ScanObject(pub scan::Model);

#[Object(name = "Scan")]
impl ScanObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DataSourceObject>> {
        Ok(sources::get(db(ctx)?, self.0.source_id)
            .await
            .ok()
            .map(DataSourceObject))
    }
    async fn mode(&self) -> async_graphql::Result<ScanMode> {
        ScanMode::from_db(&self.0.mode).gql()
    }
    async fn sample_rows(&self) -> Option<i64> {
        self.0.sample_rows
    }
    async fn status(&self) -> async_graphql::Result<ScanStatus> {
        ScanStatus::from_db(&self.0.status).gql()
    }
    /// Why the scan failed, if it did.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    async fn progress(&self) -> async_graphql::Result<ScanProgressObject> {
        Ok(ScanProgress::of(&self.0).gql()?.into())
    }
    /// Per table: scanned, partial, skipped or failed, with rows read and skipped columns.
    /// The nodes whose workers read parts of this scan, by name.
    async fn nodes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        crate::discovery::scan_job::nodes(db(ctx)?, self.0.id)
            .await
            .gql()
    }

    /// Parts the scan was divided into (a table, or a range of a big table's blocks
    /// in a FULL scan of PostgreSQL), and how many are done.
    async fn parts(&self) -> ScanPartsObject {
        ScanPartsObject {
            total: self.0.parts_total,
            done: self.0.parts_done,
        }
    }

    async fn coverage(&self) -> async_graphql::Result<Vec<TableCoverageObject>> {
        Ok(jobs::coverage(&self.0)
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }
    async fn findings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<FindingObject>> {
        Ok(jobs::findings(db(ctx)?, self.0.id)
            .await
            .gql()?
            .into_iter()
            .map(FindingObject)
            .collect())
    }
    async fn drift(&self) -> async_graphql::Result<Option<DriftObject>> {
        Ok(jobs::drift_of(&self.0).gql()?.map(DriftObject))
    }
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// The outcome of a connection test.
#[derive(SimpleObject)]
pub struct ConnectionTestResult {
    pub ok: bool,
    /// `AUTHENTICATION`, `NETWORK`, `TLS`, `DATABASE_MISSING`, `PERMISSION`, `TIMEOUT` or `OTHER`.
    pub error_kind: Option<String>,
    pub message: String,
    pub tables_visible: Option<i32>,
}

impl From<ConnectionTest> for ConnectionTestResult {
    fn from(t: ConnectionTest) -> Self {
        Self {
            ok: t.ok,
            error_kind: t.error_kind.map(str::to_owned),
            message: t.message,
            tables_visible: t.tables_visible.map(|n| n as i32),
        }
    }
}

#[derive(InputObject)]
pub struct CreateDataSourceInput {
    pub system_id: ID,
    pub name: String,
    /// `postgres://user:password@host:5432/db`, `mysql://…`, `mariadb://…` or `sqlite:/path/file.db`.
    /// Stored encrypted; never returned.
    pub url: String,
}

#[derive(InputObject)]
pub struct UpdateDataSourceInput {
    pub id: ID,
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(InputObject)]
pub struct StartScanInput {
    pub source_id: ID,
    #[graphql(default_with = "ScanMode::Sample")]
    pub mode: ScanMode,
    /// Rows per table in SAMPLE mode (default 1000).
    pub sample_rows: Option<i32>,
    /// Only these schemas.
    #[graphql(default)]
    pub schemas: Vec<String>,
    /// Only these tables (`table` or `schema.table`).
    #[graphql(default)]
    pub tables: Vec<String>,
}

fn scanner<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Scanner> {
    ctx.data::<Scanner>()
}

fn key<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<SecretKey>> {
    ctx.data::<Arc<SecretKey>>()
}

#[derive(Default)]
pub struct DiscoveryQuery;

#[Object]
impl DiscoveryQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn data_sources(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        system_id: Option<ID>,
    ) -> async_graphql::Result<Conn<DataSourceObject>> {
        let system = opt_id("systemId", system_id.as_ref())?;
        let page = sources::list(db(ctx)?, system, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |s| s.id, DataSourceObject))
    }

    async fn data_source(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<DataSourceObject> {
        Ok(DataSourceObject(
            sources::get(db(ctx)?, parse_id("id", &id)?).await.gql()?,
        ))
    }

    async fn scan(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ScanObject> {
        Ok(ScanObject(
            jobs::get(db(ctx)?, parse_id("id", &id)?).await.gql()?,
        ))
    }
}

#[derive(Default)]
pub struct DiscoveryMutation;

#[Object]
impl DiscoveryMutation {
    /// Registers a database attached to a system. Admin only.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_data_source(
        &self,
        ctx: &Context<'_>,
        input: CreateDataSourceInput,
    ) -> async_graphql::Result<DataSourceObject> {
        let new = NewSource {
            system_id: parse_id("systemId", &input.system_id)?,
            name: input.name,
            url: input.url,
        };
        let model = sources::create(db(ctx)?, key(ctx)?, new).await.gql()?;
        tracing::info!(source = model.id, by = ?actor(ctx), "data source registered");
        Ok(DataSourceObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn update_data_source(
        &self,
        ctx: &Context<'_>,
        input: UpdateDataSourceInput,
    ) -> async_graphql::Result<DataSourceObject> {
        let id = parse_id("id", &input.id)?;
        let model = sources::update(db(ctx)?, key(ctx)?, id, input.name, input.url)
            .await
            .gql()?;
        Ok(DataSourceObject(model))
    }

    /// Deletes a source with its scans; links it proposed stay for review.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn delete_data_source(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<DataSourceObject> {
        Ok(DataSourceObject(
            sources::delete(db(ctx)?, parse_id("id", &id)?)
                .await
                .gql()?,
        ))
    }

    /// Connects to a stored source and lists its tables, or says why it cannot.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn test_connection(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ConnectionTestResult> {
        Ok(sources::test(db(ctx)?, key(ctx)?, parse_id("id", &id)?)
            .await
            .gql()?
            .into())
    }

    /// Starts a scan in the background; follow it with `scan(id)` or `scanProgress`.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn start_scan(
        &self,
        ctx: &Context<'_>,
        input: StartScanInput,
    ) -> async_graphql::Result<ScanObject> {
        let sample_rows = match input.sample_rows {
            Some(n) if n < 1 => {
                return Err(crate::error::Error::validation(
                    "sampleRows",
                    "must be at least 1",
                ))
                .gql()
            }
            n => n.map(|n| n as u64),
        };
        let req = StartScan {
            source_id: parse_id("sourceId", &input.source_id)?,
            mode: input.mode,
            sample_rows,
            scope: Scope {
                schemas: input.schemas,
                tables: input.tables,
            },
            actor: actor(ctx),
        };
        Ok(ScanObject(scanner(ctx)?.start(req).await.gql()?))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn cancel_scan(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ScanObject> {
        Ok(ScanObject(
            scanner(ctx)?.cancel(parse_id("id", &id)?).await.gql()?,
        ))
    }
}

#[derive(Default)]
pub struct DiscoverySubscription;

#[Subscription]
impl DiscoverySubscription {
    /// Progress of one scan, until it finishes (the last event has a final status).
    async fn scan_progress(
        &self,
        ctx: &Context<'_>,
        scan_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ScanProgressObject>> {
        super::context::principal(ctx)?;
        let id = parse_id("scanId", &scan_id)?;
        let scanner = scanner(ctx)?.clone();
        let first = ScanProgress::of(&scanner.get(id).await.gql()?).gql()?;
        // The scan's parts may run on any node: its progress is read from the store.
        let stream = super::events::until_finished(
            first,
            move || {
                let scanner = scanner.clone();
                async move { ScanProgress::of(&scanner.get(id).await.ok()?).ok() }
            },
            |p| p.status.is_finished(),
        );
        Ok(stream.map(ScanProgressObject::from))
    }
}
