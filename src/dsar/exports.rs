//! Export jobs: locate a request's subject in every connected source, then write the
//! package. Jobs run in the background with progress in the store; files live in the
//! export directory until they expire and are purged.

use super::audit;
use super::context;
use super::decisions;
use super::identifiers::{Matcher, ProbeKind};
use super::locate::{self, ColumnRef, Decisions, LocateOptions, LocateProgress, Located, Probe};
use super::package::{self, PackageInput, SourcePart};
use super::references;
use super::requests::{self, state_of};
use crate::discovery::connectors::{Limits, Scope, Source, TableInfo};
use crate::discovery::sources;
use crate::domain::{ExportStatus, IdentifierKind, LinkStatus, RequestState};
use crate::error::{Error, Result};
use crate::secret::SecretKey;
use async_graphql::SimpleObject;
use chrono::{Duration, Utc};
use entity::{data_category, data_source, dsar_export, scan_finding, system};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where exports go and how long they live.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    pub dir: PathBuf,
    /// How long a package (and any link to it) lives.
    pub ttl: Duration,
    /// Region for phone numbers without a country code.
    pub phone_region: phonenumber::country::Id,
    /// Base of download links, e.g. `https://steward.example.com`.
    pub public_url: String,
}

impl ExportSettings {
    pub fn new(dir: PathBuf, public_url: impl Into<String>) -> Self {
        Self {
            dir,
            ttl: Duration::days(7),
            phone_region: phonenumber::country::Id::NO,
            public_url: public_url.into(),
        }
    }
}

/// What an export found and what it could not do, stored with the export and shown
/// in GraphQL.
#[derive(Debug, Clone, Default, Serialize, Deserialize, SimpleObject)]
#[graphql(name = "ExportSummary")]
pub struct ExportSummary {
    /// Every source was reached and every table that should be read was read. When
    /// false, `unreachable` says what is missing and the export may miss rows.
    pub complete: bool,
    /// Rows per table where rows were found.
    pub tables: Vec<TableRows>,
    pub references_followed: Vec<FollowedReference>,
    /// Sources (`table` empty) or single tables that could not be read.
    pub unreachable: Vec<Unreachable>,
    /// Matched rows that may be someone else's: left out unless a DPO included them.
    pub ambiguities: Vec<ExportAmbiguity>,
    /// Columns left out of a portability export, and why.
    pub omitted: Vec<OmittedColumn>,
    /// Tables read across all sources.
    pub tables_read: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct TableRows {
    pub system: String,
    pub source: String,
    /// `schema.table`.
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct FollowedReference {
    pub source: String,
    pub from: String,
    pub to: String,
    /// `foreign_key` or `declared`.
    pub via: String,
    /// `referencing` (rows that refer to found rows) or `referenced` (rows found rows
    /// refer to).
    pub direction: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct Unreachable {
    pub source: String,
    /// The table, or none when the whole source could not be reached.
    pub table: Option<String>,
    pub error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
#[graphql(name = "MatchAmbiguity")]
pub struct ExportAmbiguity {
    /// The source, for `decideMatch`.
    pub source_id: async_graphql::ID,
    pub source: String,
    /// `schema.table`.
    pub table: String,
    /// The row's key, e.g. `{"id":12}`, for `decideMatch`.
    pub row: String,
    /// Kind of the identifier that matched it.
    pub identifier_kind: String,
    pub matched_column: String,
    pub reason: String,
    /// `excluded`, or `included` by a DPO's decision.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, SimpleObject)]
pub struct OmittedColumn {
    pub column: String,
    pub reason: String,
}

impl ExportSummary {
    /// The summary stored with an export; `None` for exports written before summaries
    /// were typed.
    pub fn of(export: &dsar_export::Model) -> Option<Self> {
        serde_json::from_str(export.summary.as_deref()?).ok()
    }
}

#[derive(Clone)]
pub struct Exporter {
    db: DatabaseConnection,
    key: Arc<SecretKey>,
    pub settings: Arc<ExportSettings>,
}

#[derive(Debug, Clone, Default)]
struct Progress {
    tables_read: i32,
    rows_found: i64,
    current_table: Option<String>,
}

struct Tracker(Arc<Mutex<Progress>>);

impl LocateProgress for Tracker {
    fn table(&self, name: &str) {
        let mut p = self.0.lock().expect("progress lock");
        p.tables_read += 1;
        p.current_table = Some(name.to_owned());
    }
    fn rows_found(&self, total: u64) {
        self.0.lock().expect("progress lock").rows_found = total as i64;
    }
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<dsar_export::Model> {
    dsar_export::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("export", id))
}

pub async fn for_request(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<dsar_export::Model>> {
    Ok(dsar_export::Entity::find()
        .filter(dsar_export::Column::RequestId.eq(request_id))
        .order_by_asc(dsar_export::Column::Id)
        .all(db)
        .await?)
}

/// What locate needs to know about one registered source.
struct SourcePlan {
    source: data_source::Model,
    system: String,
    probes: Vec<Probe>,
    column_categories: BTreeMap<String, String>,
    references: Vec<locate::Reference>,
    tables: Vec<TableInfo>,
    decisions: Decisions,
}

impl Exporter {
    pub fn new(db: DatabaseConnection, key: Arc<SecretKey>, settings: ExportSettings) -> Self {
        Self {
            db,
            key,
            settings: Arc::new(settings),
        }
    }

    /// Marks exports left queued or running by a previous process as failed.
    /// Removes what a crash left half-written in `dir` (`*.zip.part`: they hold
    /// personal data and no export points at them). Returns how many.
    pub fn remove_partial_files(dir: &Path) -> std::io::Result<usize> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries {
            let path = entry?.path();
            if path.to_string_lossy().ends_with(".zip.part") {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    pub async fn recover(db: &impl ConnectionTrait) -> Result<u64> {
        let r = dsar_export::Entity::update_many()
            .col_expr(
                dsar_export::Column::Status,
                ExportStatus::Failed.as_str().into(),
            )
            .col_expr(
                dsar_export::Column::Error,
                Some("interrupted: Steward stopped while the export ran; start it again").into(),
            )
            .col_expr(dsar_export::Column::FinishedAt, Some(Utc::now()).into())
            .filter(dsar_export::Column::Status.is_in([
                ExportStatus::Queued.as_str(),
                ExportStatus::Running.as_str(),
            ]))
            .exec(db)
            .await?;
        Ok(r.rows_affected)
    }

    /// Starts an export of a request whose identifiers are all verified.
    pub async fn start(
        &self,
        request_id: i64,
        portability: bool,
        actor: Option<&str>,
    ) -> Result<dsar_export::Model> {
        let request = requests::get(&self.db, request_id).await?;
        let state = state_of(&request)?;
        if portability && !request.portability {
            return Err(Error::validation(
                "portability",
                "the request does not ask for portability",
            ));
        }
        if !portability && !request.access {
            return Err(Error::validation(
                "portability",
                "the request asks for portability only",
            ));
        }
        if !matches!(
            state,
            RequestState::Verifying
                | RequestState::InProgress
                | RequestState::Ready
                | RequestState::Expired
        ) {
            return Err(Error::Conflict(format!(
                "request {request_id} is {state}; verify its identifiers first"
            )));
        }
        let identifiers = requests::identifiers_of(&self.db, request_id).await?;
        if let Some(i) = identifiers.iter().find(|i| i.verified_at.is_none()) {
            return Err(Error::Conflict(format!(
                "identifier {} ({}) is not verified; data is located only with verified identifiers",
                i.id, i.kind
            )));
        }
        let busy = for_request(&self.db, request_id)
            .await?
            .into_iter()
            .any(|e| {
                matches!(
                    ExportStatus::from_db(&e.status),
                    Ok(ExportStatus::Queued | ExportStatus::Running)
                )
            });
        if busy {
            return Err(Error::Conflict(format!(
                "an export of request {request_id} is already running"
            )));
        }
        // The request's state, the export and its audit entry change together.
        let txn = self.db.begin().await?;
        requests::transition(&txn, request, RequestState::InProgress, actor, None).await?;
        let export = dsar_export::ActiveModel {
            request_id: Set(request_id),
            portability: Set(portability),
            status: Set(ExportStatus::Queued.as_str().to_owned()),
            created_by: Set(actor.map(str::to_owned)),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            Some(request_id),
            Some(export.id),
            "EXPORT_STARTED",
            json!({"portability": portability}),
        )
        .await?;
        txn.commit().await?;
        let this = self.clone();
        let id = export.id;
        let actor = actor.map(str::to_owned);
        tokio::spawn(async move {
            if let Err(e) = this.run(id, actor.as_deref()).await {
                tracing::error!(export = id, error = ?e, "export job failed");
                let message = match &e {
                    Error::Internal(_) => {
                        "the export failed inside Steward; see the server log".to_owned()
                    }
                    other => other.public_message(),
                };
                if let Ok(m) = get(&this.db, id).await {
                    let mut m = m.into_active_model();
                    m.status = Set(ExportStatus::Failed.as_str().to_owned());
                    m.error = Set(Some(message));
                    m.finished_at = Set(Some(Utc::now()));
                    let _ = m.update(&this.db).await;
                }
            }
        });
        Ok(export)
    }

    async fn plan(
        &self,
        source: data_source::Model,
        identifiers: &[super::identifiers::Identifier],
        account_sources: &HashMap<i64, Vec<String>>,
        decided: &[entity::match_decision::Model],
    ) -> Result<SourcePlan> {
        let system = system::Entity::find_by_id(source.system_id)
            .one(&self.db)
            .await?
            .map(|s| s.name)
            .unwrap_or_else(|| format!("system {}", source.system_id));
        let schema = super::default_schema_of(&source);
        let links = crate::inventory::links::for_system(
            &self.db,
            source.system_id,
            Some(&[LinkStatus::Confirmed]),
        )
        .await?;
        let category_ids: Vec<i64> = links.iter().map(|l| l.category_id).collect();
        let categories: HashMap<i64, String> = data_category::Entity::find()
            .filter(data_category::Column::Id.is_in(category_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.key))
            .collect();
        let link_ids: Vec<i64> = links.iter().map(|l| l.id).collect();
        let whole: HashMap<i64, bool> = scan_finding::Entity::find()
            .filter(scan_finding::Column::LinkId.is_in(link_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|f| Some((f.link_id?, f.content == "values")))
            .collect();
        let mut probes = Vec::new();
        let mut column_categories = BTreeMap::new();
        for l in links.iter().filter(|l| !l.location.is_empty()) {
            let (Ok(column), Some(category)) = (
                ColumnRef::parse(&l.location, &schema),
                categories.get(&l.category_id),
            ) else {
                continue;
            };
            column_categories
                .entry(column.to_string())
                .or_insert_with(|| category.clone());
            if let Some(kind) = ProbeKind::of_category(category) {
                probes.push(Probe {
                    column,
                    kind,
                    whole_values: whole.get(&l.id).copied().unwrap_or(false),
                });
            }
        }
        let accounts: Vec<super::identifiers::Identifier> = identifiers
            .iter()
            .filter(|i| i.kind == IdentifierKind::Account)
            .filter(|i| {
                account_sources
                    .get(&source.id)
                    .is_some_and(|cols| i.column.as_ref().is_some_and(|c| cols.contains(c)))
            })
            .cloned()
            .collect();
        probes.extend(locate::account_probes(&accounts, &schema));
        let references = references::to_locate(&references::list(&self.db, source.id).await?);
        let tables = sources::tables(&self.db, source.id)
            .await?
            .iter()
            .map(sources::table_info)
            .collect::<Result<Vec<_>>>()?;
        Ok(SourcePlan {
            decisions: decisions::of_source(decided, source.id),
            source,
            system,
            probes,
            column_categories,
            references,
            tables,
        })
    }

    async fn run(&self, export_id: i64, actor: Option<&str>) -> Result<()> {
        let export = get(&self.db, export_id).await?;
        let request = requests::get(&self.db, export.request_id).await?;
        let stored = requests::identifiers_of(&self.db, request.id).await?;
        let identifiers = stored
            .iter()
            .map(|i| requests::unseal(&self.key, i))
            .collect::<Result<Vec<_>>>()?;
        let mut account_sources: HashMap<i64, Vec<String>> = HashMap::new();
        for i in &stored {
            if let (Some(s), Some(l)) = (i.source_id, &i.location) {
                account_sources.entry(s).or_default().push(l.clone());
            }
        }
        let masked: Vec<(String, String)> = identifiers
            .iter()
            .zip(&stored)
            .map(|(i, s)| (i.kind_name().to_owned(), s.masked.clone()))
            .collect();
        let matcher = Matcher::new(identifiers.clone(), self.settings.phone_region);
        let all_sources = data_source::Entity::find()
            .order_by_asc(data_source::Column::Id)
            .all(&self.db)
            .await?;
        let portability = export.portability;
        let mut m = export.into_active_model();
        m.status = Set(ExportStatus::Running.as_str().to_owned());
        m.sources_total = Set(all_sources.len() as i32);
        m.update(&self.db).await?;

        let progress = Arc::new(Mutex::new(Progress::default()));
        // Ends with this function, however it ends (planning can fail half-way).
        let flusher = {
            let db = self.db.clone();
            let progress = progress.clone();
            crate::tasks::AbortOnDrop(tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    let p = progress.lock().expect("progress lock").clone();
                    let _ = dsar_export::Entity::update_many()
                        .col_expr(dsar_export::Column::TablesRead, p.tables_read.into())
                        .col_expr(dsar_export::Column::RowsFound, p.rows_found.into())
                        .col_expr(dsar_export::Column::CurrentTable, p.current_table.into())
                        .filter(dsar_export::Column::Id.eq(export_id))
                        .exec(&db)
                        .await;
                }
            }))
        };
        let decided = decisions::for_request(&self.db, request.id).await?;
        let mut plans = Vec::new();
        let mut outcomes: Vec<std::result::Result<Located, SourceFailure>> = Vec::new();
        let mut base_rows = 0i64;
        for (n, source) in all_sources.into_iter().enumerate() {
            let plan = self
                .plan(source, &identifiers, &account_sources, &decided)
                .await?;
            let outcome = self
                .locate_in(&plan, &matcher, &Tracker(progress.clone()))
                .await;
            if let Ok(l) = &outcome {
                base_rows += l.rows() as i64;
            }
            {
                let mut p = progress.lock().expect("progress lock");
                p.rows_found = base_rows;
            }
            dsar_export::Entity::update_many()
                .col_expr(dsar_export::Column::SourcesDone, ((n + 1) as i32).into())
                .filter(dsar_export::Column::Id.eq(export_id))
                .exec(&self.db)
                .await?;
            plans.push(plan);
            outcomes.push(outcome);
        }
        drop(flusher);

        // The context is that of the systems where the person's rows were found.
        let found = locate::systems_with_rows(plans.iter().zip(&outcomes).filter_map(|(p, o)| {
            Some((p.system.as_str(), o.as_ref().ok()?, &p.column_categories))
        }));
        let context = context::build(&self.db, &found).await?;
        private_dir(&self.settings.dir).map_err(|e| {
            Error::Internal(anyhow::anyhow!("cannot create the export directory: {e}"))
        })?;
        let file_name = format!(
            "export-{export_id}-{}.zip",
            hex::encode(rand::random::<[u8; 8]>())
        );
        let path = self.settings.dir.join(&file_name);
        let request_id = request.id;
        let (summary, plans, outcomes) = tokio::task::spawn_blocking(move || {
            let input = PackageInput {
                request_id: Some(request_id),
                portability,
                identifiers: masked,
                sources: plans
                    .iter()
                    .zip(&outcomes)
                    .map(|(p, o)| SourcePart {
                        system: p.system.clone(),
                        source: p.source.name.clone(),
                        engine: p.source.engine.clone(),
                        located: o.as_ref().map_err(SourceFailure::for_subject),
                        column_categories: &p.column_categories,
                    })
                    .collect(),
                context: &context,
            };
            let summary = package::write(&path, &input);
            (summary, plans, outcomes)
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("the packaging task failed: {e}")))?;
        let summary = summary?;
        let rows: i64 = summary.rows.values().map(|n| *n as i64).sum();
        let typed = summarise(&plans, &outcomes, &summary.omitted);
        let status = if typed.complete {
            ExportStatus::Completed
        } else {
            ExportStatus::CompletedWithErrors
        };
        // The export and its request change together, so no reader sees one without the other.
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let mut m = get(&txn, export_id).await?.into_active_model();
        m.status = Set(status.as_str().to_owned());
        m.rows_found = Set(rows);
        m.tables_read = Set(typed.tables_read);
        m.current_table = Set(None);
        m.file_name = Set(Some(file_name));
        m.size_bytes = Set(Some(summary.size_bytes as i64));
        m.sha256 = Set(Some(summary.sha256.clone()));
        m.summary = Set(Some(serde_json::to_string(&typed).map_err(|e| {
            Error::Internal(anyhow::anyhow!("cannot store the export summary: {e}"))
        })?));
        m.finished_at = Set(Some(now));
        m.expires_at = Set(Some(now + self.settings.ttl));
        m.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Some(request.id),
            Some(export_id),
            "EXPORT_COMPLETED",
            json!({"rows": rows, "sha256": summary.sha256, "complete": typed.complete, "ambiguities": typed.ambiguities.len()}),
        )
        .await?;
        let request = requests::get(&txn, request.id).await?;
        if state_of(&request)? == RequestState::InProgress {
            requests::transition(&txn, request, RequestState::Ready, actor, None).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    async fn locate_in(
        &self,
        plan: &SourcePlan,
        matcher: &Matcher,
        tracker: &Tracker,
    ) -> std::result::Result<Located, SourceFailure> {
        let url = sources::url_of(&self.key, &plan.source).map_err(|e| SourceFailure {
            kind: "OTHER",
            detail: e.public_message(),
        })?;
        let limits = Limits::default();
        let mut source = Source::connect(&url, limits)
            .await
            .map_err(|e| SourceFailure::of(&e, ""))?;
        // Tables as last scanned; a source never scanned is introspected now.
        let tables = if plan.tables.is_empty() {
            match source.introspect(&Scope::default()).await {
                Ok(t) => t,
                Err(e) => {
                    source.close().await;
                    return Err(SourceFailure::of(&e, "cannot list tables: "));
                }
            }
        } else {
            plan.tables.clone()
        };
        let located = locate::locate(
            &mut source,
            &locate::Plan {
                tables: &tables,
                probes: &plan.probes,
                references: &plan.references,
                column_categories: &plan.column_categories,
                decisions: &plan.decisions,
            },
            matcher,
            LocateOptions::default(),
            tracker,
        )
        .await;
        source.close().await;
        Ok(located)
    }

    /// Deletes expired export files; a ready request whose exports all expired unread
    /// becomes EXPIRED.
    pub async fn purge(&self) -> Result<u64> {
        let now = Utc::now();
        let due = dsar_export::Entity::find()
            .filter(dsar_export::Column::ExpiresAt.lte(now))
            .filter(dsar_export::Column::PurgedAt.is_null())
            .all(&self.db)
            .await?;
        let mut n = 0;
        for e in due {
            if let Some(f) = &e.file_name {
                match tokio::fs::remove_file(self.settings.dir.join(f)).await {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => {
                        tracing::warn!(export = e.id, error = %err, "cannot delete an expired export file");
                        continue;
                    }
                }
            }
            let request_id = e.request_id;
            let id = e.id;
            let mut m = e.into_active_model();
            m.purged_at = Set(Some(now));
            m.update(&self.db).await?;
            audit::record(
                &self.db,
                Some("steward"),
                Some(request_id),
                Some(id),
                "EXPORT_PURGED",
                serde_json::Value::Null,
            )
            .await?;
            n += 1;
            let request = requests::get(&self.db, request_id).await?;
            let live = for_request(&self.db, request_id).await?.iter().any(|x| {
                x.purged_at.is_none()
                    && ExportStatus::from_db(&x.status).is_ok_and(ExportStatus::has_file)
            });
            if state_of(&request)? == RequestState::Ready && !live {
                requests::transition(
                    &self.db,
                    request,
                    RequestState::Expired,
                    Some("steward"),
                    Some("every export expired before it was downloaded"),
                )
                .await?;
            }
        }
        Ok(n)
    }

    /// Purges now and then every `every` until the process ends.
    pub fn spawn_purger(&self, every: std::time::Duration) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.purge().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("purged {n} expired exports"),
                    Err(e) => tracing::warn!(error = ?e, "purging expired exports failed"),
                }
                tokio::time::sleep(every).await;
            }
        });
    }

    /// Records a download: counts it, audits it and marks the request delivered.
    pub async fn downloaded(
        &self,
        link: &entity::export_link::Model,
        export: &dsar_export::Model,
    ) -> Result<()> {
        entity::export_link::Entity::update_many()
            .col_expr(
                entity::export_link::Column::Downloads,
                sea_orm::sea_query::Expr::col(entity::export_link::Column::Downloads).add(1),
            )
            .filter(entity::export_link::Column::Id.eq(link.id))
            .exec(&self.db)
            .await?;
        let actor = format!("link:{}", link.id);
        audit::record(
            &self.db,
            Some(&actor),
            Some(export.request_id),
            Some(export.id),
            "DOWNLOADED",
            json!({"link_id": link.id}),
        )
        .await?;
        // Delivered once every kind asked for (access, portability) has been downloaded.
        let request = requests::get(&self.db, export.request_id).await?;
        if state_of(&request)? != RequestState::Ready {
            return Ok(());
        }
        let exports = for_request(&self.db, request.id).await?;
        let ids: Vec<i64> = exports.iter().map(|e| e.id).collect();
        let downloaded: BTreeSet<i64> = entity::export_link::Entity::find()
            .filter(entity::export_link::Column::ExportId.is_in(ids))
            .filter(entity::export_link::Column::Downloads.gt(0))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.export_id)
            .collect();
        let delivered = |portability: bool| {
            exports
                .iter()
                .any(|e| e.portability == portability && downloaded.contains(&e.id))
        };
        if (!request.access || delivered(false)) && (!request.portability || delivered(true)) {
            requests::transition(
                &self.db,
                request,
                RequestState::Delivered,
                Some(&actor),
                None,
            )
            .await?;
        }
        Ok(())
    }
}

/// Why a whole source could not be searched: `detail` for the DPO (quoted values
/// stripped), `kind` for what the person is told.
#[derive(Debug, Clone)]
struct SourceFailure {
    kind: &'static str,
    detail: String,
}

impl SourceFailure {
    fn of(e: &crate::discovery::connectors::ConnectorError, context: &str) -> Self {
        Self {
            kind: e.kind.as_str(),
            detail: format!("{context}{}", locate::without_quoted(&e.message)),
        }
    }

    fn for_subject(&self) -> String {
        match self.kind {
            "NETWORK" | "DATABASE_MISSING" | "TIMEOUT" => "the database could not be reached",
            "AUTHENTICATION" | "PERMISSION" | "TLS" => "we could not sign in to it",
            _ => "it could not be searched",
        }
        .to_owned()
    }
}

/// The typed summary of an export's outcomes, source by source.
fn summarise(
    plans: &[SourcePlan],
    outcomes: &[std::result::Result<Located, SourceFailure>],
    omitted: &[package::Omitted],
) -> ExportSummary {
    let mut out = ExportSummary {
        complete: true,
        omitted: omitted
            .iter()
            .map(|o| OmittedColumn {
                column: o.column.clone(),
                reason: o.reason.clone(),
            })
            .collect(),
        ..Default::default()
    };
    for (p, o) in plans.iter().zip(outcomes) {
        let source = p.source.name.clone();
        let located = match o {
            Ok(l) => l,
            Err(e) => {
                out.complete = false;
                out.unreachable.push(Unreachable {
                    source,
                    table: None,
                    error: format!("{} ({})", e.detail, e.kind),
                });
                continue;
            }
        };
        out.complete &= located.complete();
        out.tables_read += located.covered.len() as i32;
        out.tables.extend(located.tables.iter().map(|t| TableRows {
            system: p.system.clone(),
            source: source.clone(),
            table: t.name(),
            rows: t.rows.len() as i64,
        }));
        out.references_followed
            .extend(located.followed.iter().map(|f| FollowedReference {
                source: source.clone(),
                from: f.from.clone(),
                to: f.to.clone(),
                via: f.via.to_owned(),
                direction: f.direction.to_owned(),
                rows: f.rows as i64,
            }));
        out.unreachable
            .extend(located.unreadable.iter().map(|u| Unreachable {
                source: source.clone(),
                table: Some(u.what.clone()),
                error: format!("{} ({})", u.reason, u.kind),
            }));
        out.ambiguities
            .extend(located.ambiguities.iter().map(|a| ExportAmbiguity {
                source_id: async_graphql::ID(p.source.id.to_string()),
                source: source.clone(),
                table: a.table.clone(),
                row: a.row.clone(),
                identifier_kind: a.identifier_kind.to_owned(),
                matched_column: a.matched_column.clone(),
                reason: a.reason.clone(),
                outcome: a.outcome.to_owned(),
            }));
    }
    out
}

/// Creates `dir` (and its parents) if missing, and makes it readable by Steward's own
/// user only (0700): it holds people's data.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_written_packages_are_removed_and_finished_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("export-1-ab.zip.part"), b"data.json").unwrap();
        std::fs::write(dir.path().join("export-2-cd.zip"), b"PK").unwrap();
        assert_eq!(Exporter::remove_partial_files(dir.path()).unwrap(), 1);
        assert!(dir.path().join("export-2-cd.zip").exists());
        assert!(!dir.path().join("export-1-ab.zip.part").exists());
        let missing = dir.path().join("not-yet");
        assert_eq!(Exporter::remove_partial_files(&missing).unwrap(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn the_export_directory_is_private_even_when_it_existed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        std::fs::create_dir(&exports).unwrap();
        std::fs::set_permissions(&exports, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&exports).unwrap();
        let mode = std::fs::metadata(&exports).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
