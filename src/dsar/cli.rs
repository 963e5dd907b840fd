//! `steward export`: discovery (sample), locate and packaging against one source,
//! without the server.

use super::identifiers::{normalize, Identifier, Matcher};
use super::locate::{self, ColumnRef, LocateOptions, Located, NoLocateProgress, Reference};
use super::package;
use super::pipeline::{self, PackageHead, Searched, SourcePlan};
use crate::config::ExportArgs;
use crate::discovery::connectors::{Limits, Sampling, Scope};
use crate::discovery::scan::{self, ScanOptions};
use crate::discovery::source::SourceUrl;
use crate::discovery::verdict::Content;
use crate::domain::IdentifierKind;
use anyhow::{bail, Context as _};
use sea_orm::DatabaseConnection;
use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Reads a phone region such as `NO` or `se`.
pub fn parse_region(text: &str) -> anyhow::Result<phonenumber::country::Id> {
    text.trim()
        .to_uppercase()
        .parse()
        .map_err(|_| anyhow::anyhow!("{text:?} is not an ISO 3166 alpha-2 region (e.g. NO)"))
}

/// Reads `--identifier KIND=VALUE`.
fn parse_identifier(
    text: &str,
    default_schema: &str,
    region: phonenumber::country::Id,
) -> anyhow::Result<Identifier> {
    let (kind, value) = text
        .split_once('=')
        .with_context(|| format!("--identifier {text:?}: expected KIND=VALUE"))?;
    let kind: IdentifierKind = kind.trim().to_uppercase().parse().map_err(|_| {
        anyhow::anyhow!(
            "--identifier {kind:?}: the kind must be email, phone, ip, national_id or account"
        )
    })?;
    let (column, value) = if kind == IdentifierKind::Account {
        let (column, value) = value.split_once(':').with_context(|| {
            "--identifier account=[SCHEMA.]TABLE.COLUMN:VALUE: the column is missing"
        })?;
        let column = ColumnRef::parse(column, default_schema).map_err(anyhow::Error::msg)?;
        (Some(column.to_string()), value)
    } else {
        (None, value)
    };
    let value = normalize(kind, value, region)
        .map_err(|e| anyhow::anyhow!("--identifier {}: {e}", kind.as_str().to_lowercase()))?;
    Ok(Identifier {
        kind,
        value,
        column,
    })
}

fn parse_reference(text: &str, default_schema: &str) -> anyhow::Result<Reference> {
    let (from, to) = text.split_once('=').with_context(|| {
        format!("--reference {text:?}: expected [SCHEMA.]TABLE.COLUMN=[SCHEMA.]TABLE.COLUMN")
    })?;
    Ok(Reference {
        from: ColumnRef::parse(from, default_schema).map_err(anyhow::Error::msg)?,
        to: ColumnRef::parse(to, default_schema).map_err(anyhow::Error::msg)?,
        declared: true,
        walk_up: true,
    })
}

pub async fn export(store: &DatabaseConnection, args: ExportArgs) -> anyhow::Result<()> {
    let url = SourceUrl::parse(&args.url).map_err(anyhow::Error::msg)?;
    let schema = super::default_schema(url.engine(), url.info().database.as_deref());
    let region = parse_region(&args.phone_region)?;
    let identifiers = args
        .identifiers
        .iter()
        .map(|t| parse_identifier(t, &schema, region))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut references = args
        .references
        .iter()
        .map(|t| parse_reference(t, &schema))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let dataset = match &args.fides_dataset {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let facts = crate::fides::dataset::facts_of_file(&text, &schema)
                .map_err(|e| anyhow::anyhow!("--fides-dataset {}: {e}", path.display()))?;
            for s in &facts.skipped {
                eprintln!("--fides-dataset: not followed: {s}");
            }
            references.extend(facts.references.iter().cloned());
            Some(facts)
        }
    };
    if args.out.extension().and_then(|e| e.to_str()) != Some("zip") {
        bail!("--out must name a .zip file");
    }
    let limits = Limits {
        statement_timeout: Duration::from_secs(args.statement_timeout.max(1)),
        ..Limits::default()
    };
    let options = ScanOptions {
        sampling: Sampling::Sample(args.sample_rows),
        scope: Scope {
            schemas: args.schemas.clone(),
            tables: Vec::new(),
        },
        limits,
        ..ScanOptions::default()
    };
    eprintln!("discovering personal data in {} …", url.redacted());
    let report = scan::run(&url, &options, &scan::NoProgress, &AtomicBool::new(false))
        .await
        .map_err(|e| {
            anyhow::anyhow!("scan of {url} failed: {} ({})", e.message, e.kind.as_str())
        })?;

    // Every finding counts as a confirmed column.
    let mut plan = SourcePlan {
        name: url.redacted(),
        system: args
            .system
            .clone()
            .or_else(|| url.info().database)
            .unwrap_or_else(|| "source".into()),
        engine: url.engine().as_str().to_owned(),
        ..SourcePlan::default()
    };
    for f in &report.findings {
        let column = ColumnRef {
            schema: f.schema.clone(),
            table: f.table.clone(),
            column: f.column.clone(),
        };
        plan.add_column(
            column,
            f.finding.category,
            f.finding.content == Content::Values,
        );
    }
    // The dataset's categories and identity fields are confirmed columns too.
    for (column, category) in dataset.iter().flat_map(|d| &d.columns) {
        plan.add_column(column.clone(), category, true);
    }
    plan.probes
        .extend(locate::account_probes(&identifiers, &schema));
    let tables: Vec<_> = report.tables.iter().map(|t| t.table.clone()).collect();
    for r in &references {
        for c in [&r.from, &r.to] {
            let known = tables.iter().any(|t| {
                t.schema == c.schema
                    && t.name == c.table
                    && t.columns.iter().any(|x| x.name == c.column)
            });
            if !known {
                bail!("--reference / --fides-dataset: column {c} is not in the source");
            }
        }
    }

    let decisions = &mut plan.decisions;
    for (texts, include) in [(&args.include_rows, true), (&args.exclude_rows, false)] {
        for t in texts {
            let (table, key) = t.split_once('=').with_context(|| {
                format!("{t:?}: expected SCHEMA.TABLE=KEY, e.g. public.customers={{\"id\":12}}")
            })?;
            let key = locate::parse_row_key(key)
                .with_context(|| format!("{key:?} is not a row key such as {{\"id\":12}}"))?;
            decisions.insert((table.trim().to_owned(), key), include);
        }
    }
    let masked: Vec<(String, String)> = identifiers
        .iter()
        .map(|i| (i.kind_name().to_owned(), super::mask_identifier(i)))
        .collect();
    let matcher = Matcher::new(identifiers, region);
    plan.tables = tables;
    plan.references = references;
    let options = LocateOptions {
        use_indexes: !args.no_index,
        probe_all_text: !args.discovered_columns_only,
        ..LocateOptions::default()
    };
    let located = pipeline::search(&url, limits, &plan, &matcher, options, &NoLocateProgress)
        .await
        .map_err(|f| anyhow::anyhow!("cannot connect to {url}: {}", f.detail))?;
    let head = PackageHead {
        request_id: None,
        portability: args.portability,
        identifiers: masked,
    };
    let searched = vec![Searched {
        plan,
        outcome: Ok(located),
    }];
    let (summary, searched) =
        pipeline::write_package(store, head, searched, args.out.clone()).await?;
    let located = match &searched[0].outcome {
        Ok(located) => located,
        Err(f) => bail!("cannot search {url}: {}", f.detail),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_summary(&mut out, located, &summary, &args.out)?;
    if located.complete() {
        Ok(())
    } else {
        let tables: Vec<&str> = located.unreadable.iter().map(|u| u.what.as_str()).collect();
        Err(IncompleteExport(format!(
            "{} could not be read; the package may miss rows there",
            tables.join(", ")
        ))
        .into())
    }
}

/// `steward export` wrote the package, but some tables could not be read: it exits
/// with status 2 naming them.
#[derive(Debug, thiserror::Error)]
#[error("the export is incomplete: {0}")]
pub struct IncompleteExport(pub String);

pub fn write_summary(
    out: &mut impl Write,
    located: &Located,
    summary: &package::PackageSummary,
    path: &std::path::Path,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Found {} rows in {} tables ({} rows read, {} statements).",
        located.rows(),
        located.tables.len(),
        located.rows_read,
        located.statements
    )?;
    for t in &located.tables {
        writeln!(
            out,
            "  {:<40} {:>6} rows  ({}{})",
            t.name(),
            t.rows.len(),
            t.lookup,
            if t.truncated { ", truncated" } else { "" }
        )?;
    }
    if !located.followed.is_empty() {
        writeln!(out, "References followed:")?;
        for f in &located.followed {
            writeln!(out, "  {} -> {} ({}): {} rows", f.from, f.to, f.via, f.rows)?;
        }
    }
    for s in &located.skipped {
        writeln!(out, "Not followed: {}: {}", s.what, s.reason)?;
    }
    for s in &located.unreadable {
        writeln!(out, "NOT READ: {}: {}", s.what, s.reason)?;
    }
    for a in &located.ambiguities {
        writeln!(
            out,
            "Ambiguous, {}: {} {} ({} matched in {}): {}",
            a.outcome, a.table, a.row, a.identifier_kind, a.matched_column, a.reason
        )?;
    }
    for o in &summary.omitted {
        writeln!(out, "Left out: {}: {}", o.column, o.reason)?;
    }
    writeln!(
        out,
        "Wrote {} ({} bytes, sha256 {}).",
        path.display(),
        summary.size_bytes,
        summary.sha256
    )
}
