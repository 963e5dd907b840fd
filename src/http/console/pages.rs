//! The console's pages (maud: every value is escaped).

use super::Session;
use crate::domain::RequestState;
use axum::response::Html;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use entity::{audit_entry, dsar_export, dsar_identifier, dsar_request};
use maud::{html, Markup, DOCTYPE};

/// A rendered page.
pub type Page = Html<String>;

fn layout(title: &str, session: Option<&Session>, body: Markup) -> Page {
    Html(html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Steward" }
                link rel="stylesheet" href="/console.css";
            }
            body {
                header {
                    span.brand { "Steward" }
                    @if let Some(s) = session {
                        nav aria-label="Main" {
                            a href="/requests" { "Requests" }
                            " · "
                            a href="/graphql" { "GraphiQL" }
                        }
                        span.muted { (s.principal.name) " (" (s.principal.role.as_str().to_lowercase()) ")" }
                        form.inline method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(s.csrf);
                            button.link type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
    .into_string())
}

/// A page with one message.
pub fn plain(title: &str, message: &str) -> Page {
    layout(title, None, html! { h1 { (title) } p { (message) } })
}

pub fn denied(session: &Session, message: &str) -> Page {
    layout(
        "Not allowed",
        Some(session),
        html! { h1 { "Not allowed" } p { (message) } },
    )
}

pub fn login(error: Option<&str>) -> Page {
    layout(
        "Sign in",
        None,
        html! {
            h1 { "Sign in" }
            p.muted { "Paste an API token once (" code { "steward token create" } "); the browser keeps a session for eight hours." }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action="/login" {
                label for="token" { "API token" }
                input #token type="password" name="token" autocomplete="off" required;
                p { button type="submit" { "Sign in" } }
            }
        },
    )
}

/// Where a request stands against its deadline.
fn urgency(r: &dsar_request::Model, today: NaiveDate) -> Option<(&'static str, &'static str)> {
    let open = RequestState::from_db(&r.state).is_ok_and(|s| {
        !matches!(
            s,
            RequestState::Delivered | RequestState::Rejected | RequestState::Expired
        )
    });
    let due = r.extended_to.unwrap_or(r.due_on);
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

/// The request queue, soonest deadline first.
pub fn requests(session: &Session, list: &[dsar_request::Model], today: NaiveDate) -> Page {
    layout(
        "Requests",
        Some(session),
        html! {
            h1 { "Data-subject requests" }
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
                                td {
                                    @if r.access { "access" }
                                    @if r.access && r.portability { ", " }
                                    @if r.portability { "portability" }
                                }
                                td { (r.received_on) }
                                td {
                                    (r.extended_to.unwrap_or(r.due_on))
                                    @if r.extended_to.is_some() { " (extended)" }
                                    @if let Some((class, text)) = urgency(r, today) {
                                        " " span class={ "tag " (class) } { (text) }
                                    }
                                }
                                td { (r.state.to_lowercase().replace('_', " ")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn kinds(r: &dsar_request::Model) -> &'static str {
    match (r.access, r.portability) {
        (true, true) => "access and portability",
        (true, false) => "access",
        (false, true) => "portability",
        (false, false) => "nothing",
    }
}

/// One request: its identifiers (masked) to verify, its exports to start and hand over,
/// and its audit trail.
pub fn request(
    session: &Session,
    r: &dsar_request::Model,
    identifiers: &[dsar_identifier::Model],
    exports: &[dsar_export::Model],
    trail: &[audit_entry::Model],
    today: NaiveDate,
) -> Page {
    let csrf = &session.csrf;
    layout(
        &format!("Request #{}", r.id),
        Some(session),
        html! {
            p { a href="/requests" { "← All requests" } }
            h1 { "Request #" (r.id) }
            dl {
                dt { "Asks for" } dd { (kinds(r)) }
                dt { "State" } dd { (r.state.to_lowercase().replace('_', " ")) }
                dt { "Received" } dd { (r.received_on) }
                dt { "Due" } dd {
                    (r.extended_to.unwrap_or(r.due_on))
                    @if let Some((class, text)) = urgency(r, today) {
                        " " span class={ "tag " (class) } { (text) }
                    }
                }
            }
            h2 { "Identifiers" }
            table {
                thead { tr { th { "Kind" } th { "Value" } th { "Verified" } } }
                tbody {
                    @for i in identifiers {
                        tr {
                            td { (i.kind.to_lowercase().replace('_', " ")) }
                            td { (i.masked) }
                            td {
                                @if let Some(method) = &i.verified_method {
                                    "by " (method)
                                } @else {
                                    form.inline method="post" action={ "/requests/" (r.id) "/verify" } {
                                        input type="hidden" name="csrf" value=(csrf);
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
                input type="hidden" name="csrf" value=(csrf);
                @if r.portability {
                    label { input type="checkbox" name="portability" value="1"; " Portability export (Art. 20)" }
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
                                td { (e.status.to_lowercase().replace('_', " ")) }
                                td { (e.rows_found) }
                                td { (e.tables_read) }
                                td {
                                    @if e.file_name.is_some() && e.purged_at.is_none() {
                                        form.inline method="post" action={ "/requests/" (r.id) "/exports/" (e.id) "/link" } {
                                            input type="hidden" name="csrf" value=(csrf);
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
            h2 { "Audit trail" }
            ol {
                @for a in trail {
                    li { (a.at.format("%Y-%m-%d %H:%M")) " · " (a.action.to_lowercase().replace('_', " ")) @if let Some(who) = &a.actor { " · " (who) } }
                }
            }
        },
    )
}

/// A download link, shown once.
pub fn link(session: &Session, request: i64, url: &str, expires: DateTime<Utc>) -> Page {
    layout(
        "Download link",
        Some(session),
        html! {
            h1 { "Download link" }
            p { "Send this link to the person; it works until " (expires.format("%Y-%m-%d %H:%M UTC")) " and is not shown again." }
            p { code { (url) } }
            p { a href={ "/requests/" (request) } { "← Back to request #" (request) } }
        },
    )
}
