//! Data-subject requests in the console: the queue, a new request, one request with its
//! identifiers to verify, exports to start and hand over, and its audit trail.

use super::pages::{
    self, csrf, errors_of, field, field_of, form_error, layout, words, FieldErrors,
};
use super::{done_then, or_answer, posted, refused, signed_in, Fields, Session};
use crate::domain::{IdentifierKind, RequestKind, RequestState, Role};
use crate::dsar::requests::{self, NewIdentifier, NewRequest};
use crate::http::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{audit_entry, dsar_export, dsar_identifier, dsar_request};
use maud::html;

/// Identifier rows on the new-request form.
const IDENTIFIER_ROWS: usize = 4;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(queue).post(create))
        .route("/requests/new", get(new_form))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/verify", post(verify))
        .route("/requests/{id}/extend", post(extend))
        .route("/requests/{id}/reject", post(reject))
        .route("/requests/{id}/export", post(start_export))
        .route("/requests/{id}/exports/{export}/link", post(create_link))
}

async fn queue(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Dpo).await);
    let today = Utc::now().date_naive();
    match requests::list(&state.db, &Default::default(), today).await {
        Ok(list) => queue_page(&session, &list, today).into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn new_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Dpo).await);
    new_page(&session, &Fields::default(), &FieldErrors::new()).into_response()
}

/// The request a form describes, or the errors to show next to its fields.
/// Also the form row of each identifier, to show its errors there.
fn request_of(form: &Fields, actor: &str) -> Result<(NewRequest, Vec<usize>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut kinds = Vec::new();
    if form.checked("access") {
        kinds.push(RequestKind::Access);
    }
    if form.checked("portability") {
        kinds.push(RequestKind::Portability);
    }
    let received_on = match form.text("received_on") {
        None => Utc::now().date_naive(),
        Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                errors.insert("received_on".into(), "give the date as YYYY-MM-DD".into());
                Utc::now().date_naive()
            }
        },
    };
    let mut identifiers = Vec::new();
    let mut rows = Vec::new();
    for row in 0..IDENTIFIER_ROWS {
        let Some(value) = form.text(&format!("value{row}")) else {
            continue;
        };
        let kind = form.get(&format!("kind{row}")).unwrap_or_default();
        match kind.parse::<IdentifierKind>() {
            Ok(kind) => {
                rows.push(row);
                identifiers.push(NewIdentifier {
                    kind,
                    value,
                    source_id: None,
                    column: None,
                });
            }
            Err(_) => {
                errors.insert(
                    format!("value{row}"),
                    "choose what kind of identifier this is".into(),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let request = NewRequest {
        kinds,
        subject_name: form.text("subject_name"),
        received_on,
        identifiers,
        actor: Some(actor.to_owned()),
    };
    Ok((request, rows))
}

/// Service field names as the form's.
fn form_errors(e: &crate::error::Error, rows: &[usize]) -> FieldErrors {
    let mut errors = errors_of(e);
    for (service, form) in [
        ("receivedOn", "received_on"),
        ("subjectName", "subject_name"),
        ("kinds", "access"),
    ] {
        if let Some(m) = errors.remove(service) {
            errors.insert(form.into(), m);
        }
    }
    // Identifier errors name `identifiers[N]…`: shown on that row.
    let keys: Vec<String> = errors
        .keys()
        .filter(|k| k.starts_with("identifiers"))
        .cloned()
        .collect();
    for k in keys {
        let n: usize = k
            .trim_start_matches("identifiers[")
            .split(']')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let row = rows.get(n).copied().unwrap_or(0);
        let m = errors.remove(&k).unwrap_or_default();
        errors.insert(format!("value{row}"), m);
    }
    errors
}

async fn create(State(state): State<AppState>, headers: HeaderMap, form: Fields) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let (request, rows) = match request_of(&form, &session.principal.name) {
        Ok(r) => r,
        Err(errors) => {
            return (StatusCode::BAD_REQUEST, new_page(&session, &form, &errors)).into_response()
        }
    };
    let region = state.exporter.settings.phone_region;
    match requests::create(&state.db, &state.key, region, request).await {
        Ok(r) => Redirect::to(&format!("/requests/{}", r.id)).into_response(),
        Err(e @ crate::error::Error::Validation { .. }) => (
            StatusCode::BAD_REQUEST,
            new_page(&session, &form, &form_errors(&e, &rows)),
        )
            .into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn show(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let session = or_answer!(signed_in(&state, &headers, Role::Dpo).await);
    let db = &state.db;
    let loaded = async {
        let request = requests::get(db, id).await?;
        let identifiers = requests::identifiers_of(db, id).await?;
        let exports = crate::dsar::exports::for_request(db, id).await?;
        let trail = crate::dsar::audit::for_request(db, id).await?;
        Ok::<_, crate::error::Error>((request, identifiers, exports, trail))
    }
    .await;
    match loaded {
        Ok((request, identifiers, exports, trail)) => {
            let today = Utc::now().date_naive();
            let running = exports
                .iter()
                .any(|e| e.status == "QUEUED" || e.status == "RUNNING");
            let body = request_body(&session, &request, &identifiers, &exports, &trail, today);
            let title = format!("Request #{id}");
            if running {
                pages::refreshing(&title, &session, 2, body).into_response()
            } else {
                layout(&title, Some(&session), body).into_response()
            }
        }
        Err(e) => refused(&session, &e),
    }
}

async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let db = &state.db;
    let done = async {
        let identifier: i64 = form
            .get("identifier")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| crate::error::Error::validation("identifier", "which identifier?"))?;
        // Only an identifier of this request.
        let ours = requests::identifiers_of(db, id)
            .await?
            .iter()
            .any(|i| i.id == identifier);
        if !ours {
            return Err(crate::error::Error::not_found("identifier", identifier));
        }
        let method = form.get("method").unwrap_or_default();
        requests::verify_identifier(db, identifier, method, Some(&session.principal.name)).await
    }
    .await;
    done_then(&session, done, &format!("/requests/{id}"))
}

async fn extend(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let months = form.get("months").and_then(|m| m.parse().ok()).unwrap_or(0);
    let reason = form.get("reason").unwrap_or_default();
    done_then(
        &session,
        requests::extend(&state.db, id, months, reason, Some(&session.principal.name)).await,
        &format!("/requests/{id}"),
    )
}

async fn reject(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let reason = form.get("reason").unwrap_or_default();
    done_then(
        &session,
        requests::reject(&state.db, id, reason, Some(&session.principal.name)).await,
        &format!("/requests/{id}"),
    )
}

async fn start_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let portability = form.checked("portability");
    done_then(
        &session,
        state
            .exporter
            .start(id, portability, Some(&session.principal.name))
            .await,
        &format!("/requests/{id}"),
    )
}

async fn create_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, export)): Path<(i64, i64)>,
    form: Fields,
) -> Response {
    let session = or_answer!(posted(&state, &headers, &form, Role::Dpo).await);
    let created = async {
        let e = crate::dsar::exports::get(&state.db, export).await?;
        if e.request_id != id {
            return Err(crate::error::Error::not_found("export", export));
        }
        crate::dsar::links::create(
            &state.db,
            &state.key,
            export,
            state.exporter.settings.ttl,
            Some(&session.principal.name),
        )
        .await
    }
    .await;
    match created {
        Ok((link, token)) => {
            let url = format!(
                "{}/exports/{export}?token={token}",
                state.exporter.settings.public_url.trim_end_matches('/')
            );
            link_page(&session, id, &url, link.expires_at).into_response()
        }
        Err(e) => refused(&session, &e),
    }
}

/// Where a request stands against its deadline.
fn urgency(r: &dsar_request::Model, today: NaiveDate) -> Option<(&'static str, &'static str)> {
    let open = RequestState::from_db(&r.state).is_ok_and(|s| {
        !matches!(
            s,
            RequestState::Delivered | RequestState::Rejected | RequestState::Expired
        )
    });
    let due = requests::deadline(r);
    if !open {
        None
    } else if due < today {
        Some(("overdue", "overdue"))
    } else if (due - today).num_days() <= 7 {
        Some(("soon", "due this week"))
    } else {
        None
    }
}

fn kinds(r: &dsar_request::Model) -> &'static str {
    match (r.access, r.portability) {
        (true, true) => "access and portability",
        (true, false) => "access",
        (false, true) => "portability",
        (false, false) => "nothing",
    }
}

/// The request queue, soonest deadline first.
fn queue_page(session: &Session, list: &[dsar_request::Model], today: NaiveDate) -> pages::Page {
    layout(
        "Requests",
        Some(session),
        html! {
            h1 { "Data-subject requests" }
            p { a.button href="/requests/new" { "New request" } }
            @if list.is_empty() {
                p { "No requests yet." }
            } @else {
                table {
                    caption.muted { (list.len()) " requests, soonest deadline first" }
                    thead { tr { th { "Request" } th { "Asks for" } th { "Received" } th { "Due" } th { "State" } } }
                    tbody {
                        @for r in list {
                            tr {
                                td { a href={ "/requests/" (r.id) } { "#" (r.id) } }
                                td { (kinds(r)) }
                                td { (r.received_on) }
                                td {
                                    (requests::deadline(r))
                                    @if r.extended_to.is_some() { " (extended)" }
                                    @if let Some((class, text)) = urgency(r, today) {
                                        " " span class={ "tag " (class) } { (text) }
                                    }
                                }
                                td { (words(&r.state)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn new_page(session: &Session, form: &Fields, errors: &FieldErrors) -> pages::Page {
    let kinds: Vec<(String, String)> = IdentifierKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), words(k.as_str())))
        .collect();
    layout(
        "New request",
        Some(session),
        html! {
            p { a href="/requests" { "← All requests" } }
            h1 { "New data-subject request" }
            (form_error(errors))
            form method="post" action="/requests" {
                (csrf(session))
                fieldset {
                    legend { "The person asks for" }
                    label.check { input type="checkbox" name="access" value="1" checked[form.checked("access") || form.get("csrf").is_none()]; " A copy of their data (Art. 15)" }
                    label.check { input type="checkbox" name="portability" value="1" checked[form.checked("portability")]; " The data they provided, machine-readable (Art. 20)" }
                    @if let Some(e) = errors.get("access") { p.error { (e) } }
                }
                (field("The person's name (optional, stored sealed)", "subject_name", form.get("subject_name"), errors))
                (field_of("Received on", "received_on", form.get("received_on"), errors, "date", false))
                fieldset {
                    legend { "Identifiers to search for" }
                    @for row in 0..IDENTIFIER_ROWS {
                        div.row {
                            (pages::select("Kind", &format!("kind{row}"), &kinds, form.get(&format!("kind{row}")), errors))
                            (field("Value", &format!("value{row}"), form.get(&format!("value{row}")), errors))
                        }
                    }
                }
                p { button type="submit" { "Create request" } }
            }
        },
    )
}

fn request_body(
    session: &Session,
    r: &dsar_request::Model,
    identifiers: &[dsar_identifier::Model],
    exports: &[dsar_export::Model],
    trail: &[audit_entry::Model],
    today: NaiveDate,
) -> maud::Markup {
    let open = urgency(r, today).is_some()
        || RequestState::from_db(&r.state).is_ok_and(|s| {
            !matches!(
                s,
                RequestState::Delivered | RequestState::Rejected | RequestState::Expired
            )
        });
    html! {
        p { a href="/requests" { "← All requests" } }
        h1 { "Request #" (r.id) }
        dl {
            dt { "Asks for" } dd { (kinds(r)) }
            dt { "State" } dd { (words(&r.state)) }
            dt { "Received" } dd { (r.received_on) }
            dt { "Due" } dd {
                (requests::deadline(r))
                @if let Some((class, text)) = urgency(r, today) {
                    " " span class={ "tag " (class) } { (text) }
                }
                @if let Some(why) = &r.extension_reason { " (extended: " (why) ")" }
            }
            @if let Some(why) = &r.rejection_reason { dt { "Rejected because" } dd { (why) } }
        }
        h2 { "Identifiers" }
        table {
            thead { tr { th { "Kind" } th { "Value" } th { "Verified" } } }
            tbody {
                @for i in identifiers {
                    tr {
                        td { (words(&i.kind)) }
                        td { (i.masked) }
                        td {
                            @if let Some(method) = &i.verified_method {
                                "by " (method)
                            } @else {
                                form.inline method="post" action={ "/requests/" (r.id) "/verify" } {
                                    (csrf(session))
                                    input type="hidden" name="identifier" value=(i.id);
                                    label for={ "method-" (i.id) } { "How it was verified" }
                                    input id={ "method-" (i.id) } type="text" name="method" required placeholder="signed-in session";
                                    " "
                                    button type="submit" { "Verify" }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Exports" }
        form method="post" action={ "/requests/" (r.id) "/export" } {
            (csrf(session))
            @if r.portability {
                label.check { input type="checkbox" name="portability" value="1"; " Portability export (Art. 20)" }
            }
            p { button type="submit" { "Start export" } }
        }
        @if !exports.is_empty() {
            table {
                thead { tr { th { "Export" } th { "Status" } th { "Rows found" } th { "Tables read" } th { "Link" } } }
                tbody {
                    @for e in exports {
                        tr {
                            td { "#" (e.id) @if e.portability { " (portability)" } }
                            td { (words(&e.status)) }
                            td { (e.rows_found) }
                            td { (e.tables_read) }
                            td {
                                @if e.file_name.is_some() && e.purged_at.is_none() {
                                    form.inline method="post" action={ "/requests/" (r.id) "/exports/" (e.id) "/link" } {
                                        (csrf(session))
                                        button type="submit" { "Create download link" }
                                    }
                                } @else if let Some(err) = &e.error {
                                    span.error { (err) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if open {
            details {
                summary { "Extend the deadline or reject the request" }
                form method="post" action={ "/requests/" (r.id) "/extend" } {
                    (csrf(session))
                    div.field {
                        label for="months" { "Extend by (months, Art. 12(3))" }
                        select #months name="months" { option value="1" { "1" } option value="2" { "2" } }
                    }
                    div.field { label for="extend-reason" { "Reason given to the person" } input #extend-reason type="text" name="reason" required; }
                    p { button type="submit" { "Extend" } }
                }
                form method="post" action={ "/requests/" (r.id) "/reject" } {
                    (csrf(session))
                    div.field { label for="reject-reason" { "Why the request is refused (Art. 12(5))" } input #reject-reason type="text" name="reason" required; }
                    p { button.danger type="submit" { "Reject" } }
                }
            }
        }
        h2 { "Audit trail" }
        ol {
            @for a in trail {
                li { (a.at.format("%Y-%m-%d %H:%M")) " · " (words(&a.action)) @if let Some(who) = &a.actor { " · " (who) } }
            }
        }
    }
}

/// A download link, shown once.
fn link_page(session: &Session, request: i64, url: &str, expires: DateTime<Utc>) -> pages::Page {
    layout(
        "Download link",
        Some(session),
        html! {
            h1 { "Download link" }
            p { "Send this link to the person; it works until " (expires.format("%Y-%m-%d %H:%M UTC")) " and is not shown again." }
            p { code #link { (url) } }
            p { a href={ "/requests/" (request) } { "← Back to request #" (request) } }
        },
    )
}
