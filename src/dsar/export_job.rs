//! The `export` job: locate a request's subject in every connected source, then write
//! the package and move the request on. Run again after a crash (or on another node
//! after a drain), it starts over and writes a package whose data files are the same.

use super::audit;
use super::decisions;
use super::exports::{
    get, private_dir, ExportAmbiguity, ExportSummary, Exporter, FollowedReference, OmittedColumn,
    TableRows, Unreachable,
};
use super::identifiers::Matcher;
use super::locate::{self, ColumnRef, LocateOptions, LocateProgress};
use super::package;
use super::pipeline::{self, PackageHead, Searched, SourceFailure, SourcePlan};
use super::references;
use super::requests::{self, state_of};
use crate::discovery::connectors::Limits;
use crate::discovery::sources;
use crate::domain::{ExportStatus, IdentifierKind, LinkStatus, RequestState};
use crate::error::{Error, Result};
use crate::jobs::{Handler, HandlerFuture, JobContext, Outcome};
use chrono::Utc;
use entity::{data_category, data_source, dsar_export, job, scan_finding, system};
use futures_util::StreamExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use super::exports::{enqueue, EXPORT};

/// What [`enqueue`] stores.
#[derive(Debug, Serialize, Deserialize)]
struct ExportPayload {
    export_id: i64,
    actor: Option<String>,
}

/// The export job kind, to register with a [`jobs::Runtime`].
pub struct ExportJob(pub Exporter);

impl Handler for ExportJob {
    fn process(&self, ctx: JobContext) -> HandlerFuture<Outcome> {
        let ex = self.0.clone();
        Box::pin(async move { process(&ex, ctx).await })
    }

    fn give_up(&self, job: job::Model, reason: String) -> HandlerFuture<()> {
        let ex = self.0.clone();
        Box::pin(async move {
            let p: ExportPayload =
                serde_json::from_str(&job.payload).map_err(|e| Error::Internal(e.into()))?;
            fail(&ex, p.export_id, reason).await
        })
    }
}

async fn process(ex: &Exporter, ctx: JobContext) -> Result<Outcome> {
    let ExportPayload { export_id, actor } = ctx.payload()?;
    let export = get(&ex.db, export_id).await?;
    if ExportStatus::from_db(&export.status)?.is_finished() {
        return Ok(Outcome::Completed);
    }
    // An error ends the export FAILED through `give_up`, with the error's public text.
    run(ex, &ctx, export_id, actor.as_deref()).await
}

/// Ends an export FAILED with `message`.
async fn fail(ex: &Exporter, export_id: i64, message: String) -> Result<()> {
    let mut m = get(&ex.db, export_id).await?.into_active_model();
    m.status = Set(ExportStatus::Failed.as_str().to_owned());
    m.error = Set(Some(message));
    m.finished_at = Set(Some(Utc::now()));
    m.current_table = Set(None);
    m.update(&ex.db).await?;
    Ok(())
}

/// How many sources one export searches at once (each on its own connection).
const SOURCES_AT_ONCE: usize = 4;

#[derive(Debug, Clone, Default)]
struct Progress {
    tables_read: i32,
    /// Rows found so far, per source being or having been searched.
    found: HashMap<usize, i64>,
    sources_done: i32,
    current_table: Option<String>,
}

impl Progress {
    fn rows_found(&self) -> i64 {
        self.found.values().sum()
    }
}

/// One source's search reporting into the export's progress.
struct Tracker(Arc<Mutex<Progress>>, usize);

impl LocateProgress for Tracker {
    fn table(&self, name: &str) {
        let mut p = self.0.lock().expect("progress lock");
        p.tables_read += 1;
        p.current_table = Some(name.to_owned());
    }
    fn rows_found(&self, total: u64) {
        self.0
            .lock()
            .expect("progress lock")
            .found
            .insert(self.1, total as i64);
    }
}

async fn plan(
    ex: &Exporter,
    source: data_source::Model,
    identifiers: &[super::identifiers::Identifier],
    account_sources: &HashMap<i64, Vec<String>>,
    decided: &[entity::match_decision::Model],
) -> Result<SourcePlan> {
    let system = system::Entity::find_by_id(source.system_id)
        .one(&ex.db)
        .await?
        .map(|s| s.name)
        .unwrap_or_else(|| format!("system {}", source.system_id));
    let schema = super::default_schema_of(&source);
    let links = crate::inventory::links::for_system(
        &ex.db,
        source.system_id,
        Some(&[LinkStatus::Confirmed]),
    )
    .await?;
    let category_ids: Vec<i64> = links.iter().map(|l| l.category_id).collect();
    let categories: HashMap<i64, String> = data_category::Entity::find()
        .filter(data_category::Column::Id.is_in(category_ids))
        .all(&ex.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.key))
        .collect();
    let link_ids: Vec<i64> = links.iter().map(|l| l.id).collect();
    let whole: HashMap<i64, bool> = scan_finding::Entity::find()
        .filter(scan_finding::Column::LinkId.is_in(link_ids))
        .all(&ex.db)
        .await?
        .into_iter()
        .filter_map(|f| Some((f.link_id?, f.content == "values")))
        .collect();
    let mut plan = SourcePlan {
        source_id: Some(source.id),
        name: source.name.clone(),
        system,
        engine: source.engine.clone(),
        decisions: decisions::of_source(decided, source.id),
        ..SourcePlan::default()
    };
    for l in links.iter().filter(|l| !l.location.is_empty()) {
        let (Ok(column), Some(category)) = (
            ColumnRef::parse(&l.location, &schema),
            categories.get(&l.category_id),
        ) else {
            continue;
        };
        plan.add_column(column, category, whole.get(&l.id).copied().unwrap_or(false));
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
    plan.probes
        .extend(locate::account_probes(&accounts, &schema));
    plan.references = references::to_locate(&references::list(&ex.db, source.id).await?);
    plan.tables = sources::tables(&ex.db, source.id)
        .await?
        .iter()
        .map(sources::table_info)
        .collect::<Result<Vec<_>>>()?;
    Ok(plan)
}

async fn run(
    ex: &Exporter,
    ctx: &JobContext,
    export_id: i64,
    actor: Option<&str>,
) -> Result<Outcome> {
    let export = get(&ex.db, export_id).await?;
    let request = requests::get(&ex.db, export.request_id).await?;
    let stored = requests::identifiers_of(&ex.db, request.id).await?;
    let identifiers = stored
        .iter()
        .map(|i| requests::unseal(&ex.key, i))
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
    let matcher = Matcher::new(identifiers.clone(), ex.settings.phone_region);
    let all_sources = data_source::Entity::find()
        .order_by_asc(data_source::Column::Id)
        .all(&ex.db)
        .await?;
    let portability = export.portability;
    let mut m = export.into_active_model();
    m.status = Set(ExportStatus::Running.as_str().to_owned());
    m.sources_total = Set(all_sources.len() as i32);
    // A run after a crash or a drain starts over: its counts replace the last run's.
    m.sources_done = Set(0);
    m.tables_read = Set(0);
    m.rows_found = Set(0);
    m.update(&ex.db).await?;

    let progress = Arc::new(Mutex::new(Progress::default()));
    // Ends with this function, however it ends (planning can fail half-way).
    let flusher = {
        let db = ex.db.clone();
        let progress = progress.clone();
        crate::tasks::AbortOnDrop(tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                let p = progress.lock().expect("progress lock").clone();
                let _ = dsar_export::Entity::update_many()
                    .col_expr(dsar_export::Column::TablesRead, p.tables_read.into())
                    .col_expr(dsar_export::Column::RowsFound, p.rows_found().into())
                    .col_expr(dsar_export::Column::SourcesDone, p.sources_done.into())
                    .col_expr(dsar_export::Column::CurrentTable, p.current_table.into())
                    .filter(dsar_export::Column::Id.eq(export_id))
                    .exec(&db)
                    .await;
            }
        }))
    };
    let decided = decisions::for_request(&ex.db, request.id).await?;
    // Sources are searched a few at a time, each on its own connection; the package
    // lists them in the order registered whatever order they finish in.
    let searches = all_sources.into_iter().enumerate().map(|(n, source)| {
        let (progress, identifiers, account_sources, decided, matcher, ctx) = (
            progress.clone(),
            &identifiers,
            &account_sources,
            &decided,
            &matcher,
            &ctx,
        );
        async move {
            if ctx.interrupted() {
                return Ok(None);
            }
            let url = sources::url_of(&ex.key, &source);
            let plan = plan(ex, source, identifiers, account_sources, decided).await?;
            let outcome = match url {
                Ok(url) => {
                    let tracker = Tracker(progress.clone(), n);
                    pipeline::search(
                        &url,
                        Limits::default(),
                        &plan,
                        matcher,
                        LocateOptions::default(),
                        &tracker,
                    )
                    .await
                }
                Err(e) => Err(SourceFailure {
                    kind: "OTHER",
                    detail: e.public_message(),
                }),
            };
            {
                let mut p = progress.lock().expect("progress lock");
                p.found
                    .insert(n, outcome.as_ref().map_or(0, |l| l.rows() as i64));
                p.sources_done += 1;
            }
            Ok::<_, Error>(Some(Searched { plan, outcome }))
        }
    });
    let searched: Vec<Option<Searched>> = futures_util::stream::iter(searches)
        .buffered(SOURCES_AT_ONCE)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_>>()?;
    let Some(searched) = searched.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(Outcome::Interrupted);
    };
    drop(flusher);

    private_dir(&ex.settings.dir)
        .map_err(|e| Error::Internal(anyhow::anyhow!("cannot create the export directory: {e}")))?;
    let file_name = format!(
        "export-{export_id}-{}.zip",
        hex::encode(rand::random::<[u8; 8]>())
    );
    let head = PackageHead {
        request_id: Some(request.id),
        portability,
        identifiers: masked,
    };
    let path = ex.settings.dir.join(&file_name);
    let (summary, searched) = pipeline::write_package(&ex.db, head, searched, path).await?;

    let rows: i64 = summary.rows.values().map(|n| *n as i64).sum();
    let typed = summarise(&searched, &summary.omitted);
    let status = if typed.complete {
        ExportStatus::Completed
    } else {
        ExportStatus::CompletedWithErrors
    };
    // The export and its request change together, so no reader sees one without the other.
    let now = Utc::now();
    let txn = ex.db.begin().await?;
    let mut m = get(&txn, export_id).await?.into_active_model();
    m.status = Set(status.as_str().to_owned());
    m.rows_found = Set(rows);
    m.sources_done = Set(searched.len() as i32);
    m.tables_read = Set(typed.tables_read);
    m.current_table = Set(None);
    m.file_name = Set(Some(file_name));
    m.size_bytes = Set(Some(summary.size_bytes as i64));
    m.sha256 = Set(Some(summary.sha256.clone()));
    m.summary = Set(Some(serde_json::to_string(&typed).map_err(|e| {
        Error::Internal(anyhow::anyhow!("cannot store the export summary: {e}"))
    })?));
    m.finished_at = Set(Some(now));
    m.expires_at = Set(Some(now + ex.settings.ttl));
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
    Ok(Outcome::Completed)
}

/// The typed summary of an export's outcomes, source by source.
fn summarise(searched: &[Searched], omitted: &[package::Omitted]) -> ExportSummary {
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
    for Searched {
        plan: p,
        outcome: o,
    } in searched
    {
        let source = p.name.clone();
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
                source_id: async_graphql::ID(p.source_id.unwrap_or_default().to_string()),
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
