//! The one path every export takes, on the server and in `steward export` alike:
//! a plan per source (which columns hold which personal data, which identifiers to
//! probe), a search of each source, then the package with the context of the systems
//! where rows were found. Only how the plan is learnt differs: the inventory's
//! confirmed links on the server, a sample scan in the CLI.

use super::context;
use super::identifiers::{Matcher, ProbeKind};
use super::locate::{
    self, ColumnCategories, ColumnRef, Decisions, LocateOptions, LocateProgress, Located, Probe,
    Reference,
};
use super::package::{self, PackageInput, PackageSummary, SourcePart};
use crate::discovery::connectors::{ConnectorError, Limits, Scope, Source, TableInfo};
use crate::discovery::source::SourceUrl;
use crate::error::{Error, Result};
use sea_orm::ConnectionTrait;
use std::path::PathBuf;

/// What locate needs to know about one source.
#[derive(Debug, Default)]
pub struct SourcePlan {
    /// The registered source, on the server.
    pub source_id: Option<i64>,
    /// The source's name (the redacted URL in the CLI).
    pub name: String,
    pub system: String,
    pub engine: String,
    pub probes: Vec<Probe>,
    pub column_categories: ColumnCategories,
    pub references: Vec<Reference>,
    /// The tables as last scanned; empty: listed when the source is searched.
    pub tables: Vec<TableInfo>,
    pub decisions: Decisions,
}

impl SourcePlan {
    /// Adds a column known to hold `category`: it is probed when the category is one
    /// an identifier can be looked up in. `whole_values`: the column holds whole
    /// identifiers (not text that mentions them).
    pub fn add_column(&mut self, column: ColumnRef, category: &str, whole_values: bool) {
        self.column_categories
            .entry(column.to_string())
            .or_default()
            .insert(category.to_owned());
        if let Some(kind) = ProbeKind::of_category(category) {
            self.probes.push(Probe {
                column,
                kind,
                whole_values,
            });
        }
    }
}

/// Why a whole source could not be searched: `detail` for the DPO (quoted values
/// stripped), `kind` for what the person is told.
#[derive(Debug, Clone)]
pub struct SourceFailure {
    pub kind: &'static str,
    pub detail: String,
}

impl SourceFailure {
    pub fn of(e: &ConnectorError, context: &str) -> Self {
        Self {
            kind: e.kind.as_str(),
            detail: format!("{context}{}", locate::without_quoted(&e.message)),
        }
    }

    /// What the person is told, with no driver details (host names, paths, values).
    pub fn for_subject(&self) -> String {
        match self.kind {
            "NETWORK" | "DATABASE_MISSING" | "TIMEOUT" => "the database could not be reached",
            "AUTHENTICATION" | "PERMISSION" | "TLS" => "we could not sign in to it",
            _ => "it could not be searched",
        }
        .to_owned()
    }
}

/// One source's plan and what searching it gave.
pub struct Searched {
    pub plan: SourcePlan,
    pub outcome: std::result::Result<Located, SourceFailure>,
}

/// Searches one source read-only for the person.
pub async fn search(
    url: &SourceUrl,
    limits: Limits,
    plan: &SourcePlan,
    matcher: &Matcher,
    options: LocateOptions,
    progress: &dyn LocateProgress,
) -> std::result::Result<Located, SourceFailure> {
    let mut source = Source::connect(url, limits)
        .await
        .map_err(|e| SourceFailure::of(&e, ""))?;
    // A source never scanned is listed now.
    let listed;
    let tables = if plan.tables.is_empty() {
        listed = match source.introspect(&Scope::default()).await {
            Ok(t) => t,
            Err(e) => {
                source.close().await;
                return Err(SourceFailure::of(&e, "cannot list tables: "));
            }
        };
        &listed
    } else {
        &plan.tables
    };
    let located = locate::locate(
        &mut source,
        &locate::Plan {
            tables,
            probes: &plan.probes,
            references: &plan.references,
            column_categories: &plan.column_categories,
            decisions: &plan.decisions,
        },
        matcher,
        options,
        progress,
    )
    .await;
    source.close().await;
    Ok(located)
}

/// What a package says of its request.
pub struct PackageHead {
    pub request_id: Option<i64>,
    pub portability: bool,
    /// `(kind, masked value)` of each identifier used.
    pub identifiers: Vec<(String, String)>,
}

/// Writes the package to `path`: the rows found, and the context (purposes, bases,
/// retention, recipients) of the systems where rows were found. Hands `searched`
/// back for the caller's summary.
pub async fn write_package(
    db: &impl ConnectionTrait,
    head: PackageHead,
    searched: Vec<Searched>,
    path: PathBuf,
) -> Result<(PackageSummary, Vec<Searched>)> {
    let found = locate::systems_with_rows(searched.iter().filter_map(|s| {
        Some((
            s.plan.system.as_str(),
            s.outcome.as_ref().ok()?,
            &s.plan.column_categories,
        ))
    }));
    let context = context::build(db, &found).await?;
    let (summary, searched) = tokio::task::spawn_blocking(move || {
        let input = PackageInput {
            request_id: head.request_id,
            portability: head.portability,
            identifiers: head.identifiers,
            sources: searched
                .iter()
                .map(|s| SourcePart {
                    system: s.plan.system.clone(),
                    source: s.plan.name.clone(),
                    engine: s.plan.engine.clone(),
                    located: s.outcome.as_ref().map_err(SourceFailure::for_subject),
                    column_categories: &s.plan.column_categories,
                })
                .collect(),
            context: &context,
        };
        let summary = package::write(&path, &input);
        (summary, searched)
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!("the packaging task failed: {e}")))?;
    Ok((summary?, searched))
}
