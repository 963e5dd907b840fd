//! The console's frame and shared pieces (maud: every value is escaped).

use super::Session;
use crate::domain::Role;
use axum::response::Html;
use maud::{html, Markup, DOCTYPE};
use std::collections::HashMap;

/// A rendered page.
pub type Page = Html<String>;

/// Validation messages by form field, shown next to the field.
pub type FieldErrors = HashMap<String, String>;

/// The frame of every page.
pub fn layout(title: &str, session: Option<&Session>, body: Markup) -> Page {
    frame(title, session, None, body)
}

/// A page that reloads itself every `seconds` (live progress without script).
pub fn refreshing(title: &str, session: &Session, seconds: u32, body: Markup) -> Page {
    frame(title, Some(session), Some(seconds), body)
}

fn frame(title: &str, session: Option<&Session>, refresh: Option<u32>, body: Markup) -> Page {
    Html(html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(s) = refresh { meta http-equiv="refresh" content=(s); }
                title { (title) " · Steward" }
                link rel="stylesheet" href="/console.css";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header {
                    span.brand { "Steward" }
                    @if let Some(s) = session {
                        nav aria-label="Main" {
                            a href="/map" { "Data map" }
                            a href="/systems" { "Systems" }
                            a href="/activities" { "Activities" }
                            a href="/categories" { "Categories" }
                            a href="/record" { "Record" }
                            a href="/sources" { "Sources" }
                            @if s.principal.role.includes(Role::Dpo) { a href="/requests" { "Requests" } }
                            a href="/graphiql" { "GraphiQL" }
                        }
                        span.muted { (s.principal.name) " (" (s.principal.role.as_str().to_lowercase()) ")" }
                        form.inline method="post" action="/logout" {
                            (csrf(s))
                            button.link type="submit" { "Sign out" }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    }
    .into_string())
}

/// The session's form token, for every form.
pub fn csrf(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

/// A labelled text input with its validation message, if any.
pub fn field(label: &str, name: &str, value: Option<&str>, errors: &FieldErrors) -> Markup {
    field_of(label, name, value, errors, "text", false)
}

pub fn field_of(
    label: &str,
    name: &str,
    value: Option<&str>,
    errors: &FieldErrors,
    kind: &str,
    required: bool,
) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    let error_id = format!("{id}-error");
    html! {
        div.field {
            label for=(id) { (label) @if required { " " span.muted { "(required)" } } }
            input id=(id) type=(kind) name=(name) value=[value] required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
            @if let Some(e) = error { p.error id=(error_id) { (e) } }
        }
    }
}

/// A labelled select; `options` are (value, text).
pub fn select(
    label: &str,
    name: &str,
    options: &[(String, String)],
    selected: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.get(name);
    let id = format!("f-{name}");
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[error.map(|_| "true")] {
                @for (value, text) in options {
                    option value=(value) selected[Some(value.as_str()) == selected] { (text) }
                }
            }
            @if let Some(e) = error { p.error { (e) } }
        }
    }
}

/// A form-level message for errors not tied to one field.
pub fn form_error(errors: &FieldErrors) -> Markup {
    html! { @if let Some(e) = errors.get("") { p.error role="alert" { (e) } } }
}

/// `SCREAMING_SNAKE` as words.
pub fn words(value: &str) -> String {
    value.to_lowercase().replace('_', " ")
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

/// Errors of a failed form: a validation error goes next to its field, anything else
/// above the form.
pub fn errors_of(e: &crate::error::Error) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match e {
        crate::error::Error::Validation {
            field: Some(f),
            message,
        } => {
            errors.insert(f.clone(), message.clone());
        }
        other => {
            errors.insert(String::new(), other.public_message());
        }
    }
    errors
}
