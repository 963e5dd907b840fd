//! The console's pages (maud: every value is escaped).

use super::Session;
use crate::domain::RequestState;
use axum::response::Html;
use chrono::NaiveDate;
use entity::dsar_request;
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
                                td { "#" (r.id) }
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
