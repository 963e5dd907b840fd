//! Discovery in the console: data sources (add, test), scans (start, watch, review
//! findings, decide the links they propose, drift, the coverage certificate).

use super::inventory::link_table;
use super::pages::{self, csrf, form_error, layout, words, FieldErrors};
use super::{
    done_then, form_again, form_failure, or_answer, posted, refused, signed_in, Fields, Session,
};
use crate::discovery::connectors::Scope;
use crate::discovery::jobs::{self as scans, StartScan};
use crate::discovery::sources::{self, NewSource};
use crate::domain::{Role, ScanMode, ScanStatus};
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::inventory::{systems, PageArgs};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use entity::{data_category, data_source, scan, system, system_category};
use maud::{html, Markup};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sources", get(source_list).post(create_source))
        .route("/sources/{id}", get(source_page))
        .route("/sources/{id}/test", post(test_source))
        .route("/sources/{id}/scans", post(start_scan))
        .route("/scans/{id}", get(scan_page))
        .route("/scans/{id}/cancel", post(cancel_scan))
}

async fn all_systems(state: &AppState) -> Result<Vec<system::Model>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = systems::list(
            &state.db,
            Default::default(),
            PageArgs {
                first: Some(100),
                after,
            },
        )
        .await?;
        after = page.items.last().map(|s| s.id);
        let more = page.has_next;
        all.extend(page.items);
        if !more {
            break;
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

async fn source_list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    match sources_view(&state, &session, &Fields::default(), &FieldErrors::new()).await {
        Ok(page) => page.into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn sources_view(
    state: &AppState,
    session: &Session,
    form: &Fields,
    errors: &FieldErrors,
) -> Result<pages::Page> {
    let list: Vec<data_source::Model> = data_source::Entity::find().all(&state.db).await?;
    let systems = all_systems(state).await?;
    let names: HashMap<i64, &str> = systems.iter().map(|s| (s.id, s.name.as_str())).collect();
    let options: Vec<(String, String)> = systems
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    Ok(layout(
        "Data sources",
        Some(session),
        html! {
            h1 { "Data sources" }
            p.muted { "Databases Steward scans, read-only. Connection details are stored sealed and never shown." }
            table {
                thead { tr { th { "Source" } th { "System" } th { "Engine" } th { "Where" } th { "Last test" } } }
                tbody {
                    @for s in &list {
                        tr {
                            td { a href={ "/sources/" (s.id) } { (s.name) } }
                            td { a href={ "/systems/" (s.system_id) } { (names.get(&s.system_id).copied().unwrap_or("?")) } }
                            td { (words(&s.engine)) }
                            td { (place(s)) }
                            td { (test_outcome(s)) }
                        }
                    }
                }
            }
            @if session.principal.role.includes(Role::Admin) {
                h2 { "Add a data source" }
                (form_error(errors))
                form method="post" action="/sources" {
                    (csrf(session))
                    (pages::field_of("Name", "name", form.get("name"), errors, "text", true))
                    (pages::select("System it belongs to", "systemId", &options, form.get("systemId"), errors))
                    (pages::field_of("Connection URL (postgres://, mysql:// or sqlite://; read-only user)", "url", None, errors, "password", true))
                    p { button type="submit" { "Add source" } }
                }
            }
        },
    ))
}

/// Host and database, never credentials.
fn place(s: &data_source::Model) -> String {
    match (&s.host, &s.database_name) {
        (Some(h), Some(d)) => format!("{h}/{d}"),
        (Some(h), None) => h.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "—".into(),
    }
}

fn test_outcome(s: &data_source::Model) -> Markup {
    html! {
        @match (&s.last_tested_at, &s.last_test_error) {
            (None, _) => span.muted { "not tested" },
            (Some(at), None) => { span.status.confirmed { "connected" } " " span.muted { (at.format("%Y-%m-%d %H:%M")) } },
            (Some(at), Some(e)) => { span.error { (e) } " " span.muted { (at.format("%Y-%m-%d %H:%M")) } },
        }
    }
}

async fn create_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Admin).await);
    let created = async {
        let system_id = form
            .get("systemId")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                Error::validation("systemId", "choose the system this source belongs to")
            })?;
        let new = NewSource {
            system_id,
            name: form.get("name").unwrap_or_default().to_owned(),
            url: form.get("url").unwrap_or_default().to_owned(),
        };
        sources::create(&state.db, &state.key, new).await
    }
    .await;
    match created {
        Ok(model) => {
            tracing::info!(source = model.id, by = %session.principal.name, "data source registered");
            Redirect::to(&format!("/sources/{}", model.id)).into_response()
        }
        Err(e) => match form_failure(&e, "name") {
            Some(errors) => form_again(
                &session,
                sources_view(&state, &session, &form, &errors).await,
            ),
            None => refused(&session, &e),
        },
    }
}

async fn source_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let loaded = async {
        let source = sources::get(&state.db, id).await?;
        let system = systems::get(&state.db, source.system_id).await?;
        let tables = sources::tables(&state.db, id).await?;
        let mut history = scans::list(
            &state.db,
            Some(id),
            PageArgs {
                first: Some(100),
                after: None,
            },
        )
        .await?
        .items;
        history.reverse();
        Ok::<_, Error>((source, system, tables, history))
    }
    .await;
    let (source, system, tables, history) = match loaded {
        Ok(v) => v,
        Err(e) => return refused(&session, &e),
    };
    let dpo = session.principal.role.includes(Role::Dpo);
    layout(
        &source.name,
        Some(&session),
        html! {
            p { a href="/sources" { "← Data sources" } }
            h1 { (source.name) }
            dl {
                dt { "System" } dd { a href={ "/systems/" (system.id) } { (system.name) } }
                dt { "Engine" } dd { (words(&source.engine)) }
                dt { "Where" } dd { (place(&source)) }
                dt { "Connection" } dd { (test_outcome(&source)) }
            }
            @if session.principal.role.includes(Role::Admin) {
                form method="post" action={ "/sources/" (id) "/test" } {
                    (csrf(&session))
                    button.secondary type="submit" { "Test the connection" }
                }
            }
            @if dpo {
                h2 { "Scan" }
                form method="post" action={ "/sources/" (id) "/scans" } {
                    (csrf(&session))
                    fieldset {
                        legend { "How much to read" }
                        label.check { input type="radio" name="mode" value="SAMPLE" checked; " Sample: about " input.narrow type="number" name="sample_rows" value="1000" min="1" aria-label="Rows per table"; " rows per table" }
                        label.check { input type="radio" name="mode" value="FULL"; " Full: every row" }
                    }
                    p { button type="submit" { "Start scan" } }
                }
            }
            h2 { "Scans" }
            @if history.is_empty() { p.muted { "Not scanned yet." } }
            table {
                thead { tr { th { "Scan" } th { "Mode" } th { "Status" } th { "Tables" } th { "Rows read" } th { "Started" } } }
                tbody {
                    @for s in &history {
                        tr {
                            td { a href={ "/scans/" (s.id) } { "#" (s.id) } }
                            td { (words(&s.mode)) }
                            td { (status_tag(&s.status)) }
                            td { (s.tables_done) " / " (s.tables_total) }
                            td { (s.rows_read) }
                            td { (s.created_at.format("%Y-%m-%d %H:%M")) }
                        }
                    }
                }
            }
            h2 { "Tables last seen" }
            @if tables.is_empty() { p.muted { "No tables recorded yet; a scan lists them." } }
            ul.columns { @for t in &tables { li { code { (t.schema_name) "." (t.table_name) } @if let Some(n) = t.row_estimate { " " span.muted { "~" (n) " rows" } } } } }
        },
    )
    .into_response()
}

fn status_tag(status: &str) -> Markup {
    html! { span class={ "status " (status.to_lowercase()) } { (words(status)) } }
}

async fn test_source(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Admin).await);
    done_then(
        &session,
        sources::test(&state.db, &state.key, id).await,
        &format!("/sources/{id}"),
    )
}

async fn start_scan(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let started = async {
        let mode: ScanMode = form
            .get("mode")
            .unwrap_or("SAMPLE")
            .parse()
            .map_err(|_| Error::validation("mode", "choose SAMPLE or FULL"))?;
        let sample_rows = match (mode, form.text("sample_rows")) {
            (ScanMode::Sample, Some(n)) => Some(
                n.parse()
                    .map_err(|_| Error::validation("sampleRows", "give a whole number of rows"))?,
            ),
            _ => None,
        };
        state
            .scanner
            .start(StartScan {
                source_id: id,
                mode,
                sample_rows,
                scope: Scope::default(),
                actor: Some(session.principal.name.clone()),
            })
            .await
    }
    .await;
    match started {
        Ok(scan) => Redirect::to(&format!("/scans/{}", scan.id)).into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn cancel_scan(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    done_then(
        &session,
        state.scanner.cancel(id).await,
        &format!("/scans/{id}"),
    )
}

async fn scan_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Viewer).await);
    let loaded = async {
        let scan = scans::get(&state.db, id).await?;
        let source = sources::get(&state.db, scan.source_id).await?;
        let findings = scans::findings(&state.db, id).await?;
        let coverage = scans::coverage(&scan)?;
        let drift = scans::drift_of(&scan)?;
        let links: Vec<system_category::Model> = system_category::Entity::find()
            .filter(system_category::Column::ScanId.eq(id))
            .all(&state.db)
            .await?;
        let cats: HashMap<i64, data_category::Model> = data_category::Entity::find()
            .all(&state.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok::<_, Error>((scan, source, findings, coverage, drift, links, cats))
    }
    .await;
    let (scan, source, findings, coverage, drift, links, cats) = match loaded {
        Ok(v) => v,
        Err(e) => return refused(&session, &e),
    };
    let status = ScanStatus::from_db(&scan.status).unwrap_or(ScanStatus::Failed);
    let body = scan_body(
        &session,
        &scan,
        &source,
        &findings,
        &coverage,
        drift.as_ref(),
        &links,
        &cats,
    );
    let title = format!("Scan #{id}");
    if status.is_finished() {
        layout(&title, Some(&session), body).into_response()
    } else {
        pages::refreshing(&title, &session, 2, body).into_response()
    }
}

#[allow(clippy::too_many_arguments)]
fn scan_body(
    session: &Session,
    scan: &scan::Model,
    source: &data_source::Model,
    findings: &[entity::scan_finding::Model],
    coverage: &[crate::discovery::scan::TableCoverage],
    drift: Option<&scans::Drift>,
    links: &[system_category::Model],
    cats: &HashMap<i64, data_category::Model>,
) -> Markup {
    let status = ScanStatus::from_db(&scan.status).unwrap_or(ScanStatus::Failed);
    let percent = if scan.parts_total > 0 {
        (scan.parts_done as f64 / scan.parts_total as f64 * 100.0).round() as i64
    } else if scan.tables_total > 0 {
        (scan.tables_done as f64 / scan.tables_total as f64 * 100.0).round() as i64
    } else {
        0
    };
    let not_read = coverage
        .iter()
        .filter(|c| c.status.as_str() != "SCANNED")
        .count();
    html! {
        p { a href={ "/sources/" (source.id) } { "← " (source.name) } }
        h1 { "Scan #" (scan.id) " of " (source.name) }
        dl {
            dt { "Status" } dd { (status_tag(&scan.status)) @if let Some(e) = &scan.error { " " span.error { (e) } } }
            dt { "Mode" } dd { (words(&scan.mode)) @if let Some(n) = scan.sample_rows { " (" (n) " rows per table)" } }
            dt { "Progress" } dd {
                progress max="100" value=(percent) aria-label="Scan progress" { (percent) " %" }
                " " (scan.tables_done) " of " (scan.tables_total) " tables · " (scan.rows_read) " rows read"
                @if let Some(t) = &scan.current_table { " · reading " code { (t) } }
            }
            dt { "Started by" } dd { (scan.created_by.as_deref().unwrap_or("—")) " at " (scan.created_at.format("%Y-%m-%d %H:%M UTC")) }
        }
        @if !status.is_finished() {
            p.muted role="status" { "This page refreshes every two seconds while the scan runs." }
            @if session.principal.role.includes(Role::Dpo) {
                form method="post" action={ "/scans/" (scan.id) "/cancel" } {
                    (csrf(session))
                    button.secondary type="submit" { "Cancel scan" }
                }
            }
        }
        @if status == ScanStatus::CompletedWithErrors {
            p.error role="alert" { (not_read) " table(s) were not fully read: findings cover only what was read. See the coverage below." }
        }
        h2 { "Findings" }
        @if findings.is_empty() { p.muted { @if status.is_finished() { "No personal data found in what was read." } @else { "None yet." } } }
        @if !findings.is_empty() {
            table {
                thead { tr { th { "Column" } th { "Looks like" } th { "Confidence" } th { "Matched" } th { "Examples (masked)" } } }
                tbody {
                    @for f in findings {
                        @let examples: Vec<String> = serde_json::from_str(&f.examples).unwrap_or_default();
                        tr {
                            td { code { (f.table_name) "." (f.column_name) } }
                            td { (words(&f.kind)) " " span.muted { "(" (f.category_key) ")" } }
                            td { (words(&f.confidence)) " " span.muted { (format!("{:.2}", f.score)) } }
                            td { (f.matches) " of " (f.rows_scanned) " values" }
                            td { (examples.join(", ")) }
                        }
                    }
                }
            }
        }
        h2 { "Proposed links" }
        p.muted { "Confirm a finding to record that this system holds the category; reject it if the column is not personal data." }
        (link_table(session, links, cats, &format!("/scans/{}", scan.id)))
        @if let Some(d) = drift {
            h2 { "Since the previous scan" }
            @if let Some(prev) = d.previous_scan_id { p.muted { "Compared with " a href={ "/scans/" (prev) } { "scan #" (prev) } "." } } @else { p.muted { "This is the first completed scan of this source." } }
            @if d.new_findings.is_empty() && d.gone_findings.is_empty() && d.missing_columns.is_empty() { p { "Nothing changed." } }
            @if !d.new_findings.is_empty() { h3 { "New" } ul { @for f in &d.new_findings { li { code { (f.table) "." (f.column) } " " (words(&f.kind)) } } } }
            @if !d.gone_findings.is_empty() { h3 { "No longer found" } ul { @for f in &d.gone_findings { li { code { (f.table) "." (f.column) } " " (words(&f.kind)) } } } }
            @if !d.missing_columns.is_empty() { h3 { "Confirmed columns that are gone" } ul { @for m in &d.missing_columns { li { code { (m.location) } } } } }
        }
        h2 { "Coverage certificate" }
        @if coverage.is_empty() { p.muted { "Written when the scan finishes." } }
        @if !coverage.is_empty() {
            p.muted { (coverage.len() - not_read) " of " (coverage.len()) " tables read as asked." }
            table {
                thead { tr { th { "Table" } th { "Read" } th { "Rows" } th { "Columns" } th { "Why not (fully)" } } }
                tbody {
                    @for c in coverage {
                        tr {
                            td { code { (c.table.schema) "." (c.table.name) } }
                            td { (status_tag(c.status.as_str())) }
                            td { (c.rows_read) }
                            td { (c.columns_scanned.len()) " scanned" @if !c.columns_skipped.is_empty() { ", " (c.columns_skipped.len()) " skipped" } @if !c.columns_partly_read.is_empty() { ", " (c.columns_partly_read.len()) " read in part" } }
                            td {
                                (c.reason.as_deref().unwrap_or(""))
                                @for s in &c.columns_skipped { br; code { (s.column) } ": " (s.reason) }
                                @for s in &c.columns_partly_read { br; code { (s.column) } ": " (s.reason) }
                            }
                        }
                    }
                }
            }
        }
    }
}
