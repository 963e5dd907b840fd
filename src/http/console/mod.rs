//! The DPO console: server-rendered pages on the same port as the API, signed in with
//! an API token once (a session cookie afterwards), using the same services as GraphQL.
//! No script: forms post to the server, which enforces the roles; every form carries
//! the session's form token. Only the GraphiQL page runs (vendored, same-origin) script.

mod activities;
mod discovery;
mod fields;
mod graphiql;
mod inventory;
mod map;
mod pages;
mod requests;
mod session;

pub use fields::Fields;
pub use graphiql::{browser_principal, page as graphiql_page, CSRF_HEADER};
pub use session::Session;

use crate::domain::Role;
use crate::http::AppState;
use axum::extract::{Form, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

const STYLE: &str = include_str!("console.css");

/// The console's routes, with its security headers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/map") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/console.css", get(style))
        .merge(requests::routes())
        .merge(inventory::routes())
        .merge(activities::routes())
        .merge(discovery::routes())
        .merge(map::routes())
        .layer(axum::middleware::map_response(security_headers))
        // GraphiQL runs script: it gets its own, narrower, policy.
        .merge(graphiql::routes())
}

/// No script at all, nothing framed, forms only to ourselves; pages are not cached
/// (they show people's requests).
async fn security_headers(mut response: Response) -> Response {
    set_common_headers(
        response.headers_mut(),
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    response
}

fn set_common_headers(h: &mut HeaderMap, csp: &'static str) {
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, csp);
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Not `no-referrer`: with it browsers send `Origin: null` on form posts, and the
    // same-origin check below could not tell our own forms from a forged one.
    set(h, header::REFERRER_POLICY, "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

async fn login_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if Session::of(&state.db, &headers).await.is_some() {
        return Redirect::to("/map").into_response();
    }
    pages::login(None).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    token: String,
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !same_origin(&headers) {
        return forbidden("the form came from another site");
    }
    match crate::auth::authenticate(&state.db, &form.token).await {
        Ok(principal) => {
            let secure = state.exporter.settings.public_url.starts_with("https://");
            match Session::start(&state.db, &principal).await {
                Ok(cookie) => (
                    [(header::SET_COOKIE, cookie.header(secure))],
                    Redirect::to("/map"),
                )
                    .into_response(),
                Err(e) => {
                    tracing::error!(error = ?e, "a console session could not be stored");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        }
        Err(_) => (
            StatusCode::UNAUTHORIZED,
            pages::login(Some("That token is not valid, or it was revoked.")),
        )
            .into_response(),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap, form: Fields) -> Response {
    let Some(session) = Session::of(&state.db, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !same_origin(&headers) || !session.accepts(form.get("csrf").unwrap_or_default()) {
        return forbidden("the form token is missing or wrong; reload the page and try again");
    }
    if let Err(e) = session.end(&state.db).await {
        tracing::error!(error = ?e, "a console session could not be ended");
    }
    (
        [(header::SET_COOKIE, session::Cookie::cleared())],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Unwraps a console check, or answers with what the check said instead.
macro_rules! or_answer {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}
pub(crate) use or_answer;

/// The signed-in session, if its role includes `role`; otherwise the answer to give:
/// to the sign-in form, or "not allowed".
async fn signed_in(state: &AppState, headers: &HeaderMap, role: Role) -> Result<Session, Response> {
    let Some(session) = Session::of(&state.db, headers).await else {
        return Err(Redirect::to("/login").into_response());
    };
    if !session.principal.role.includes(role) {
        let why = format!(
            "This needs the {} role; you are signed in as {}.",
            role.as_str(),
            session.principal.role.as_str().to_lowercase()
        );
        return Err((StatusCode::FORBIDDEN, pages::denied(&session, &why)).into_response());
    }
    Ok(session)
}

/// A form post by a session whose role includes `role`: same origin, the session's
/// form token.
async fn posted(
    state: &AppState,
    headers: &HeaderMap,
    form: &Fields,
    role: Role,
) -> Result<Session, Response> {
    let session = signed_in(state, headers, role).await?;
    if !same_origin(headers) || !session.accepts(form.get("csrf").unwrap_or_default()) {
        return Err(forbidden(
            "the form token is missing or wrong; reload the page and try again",
        ));
    }
    Ok(session)
}

/// A service's refusal as a page: its public message, never a cause's details.
fn refused(session: &Session, e: &crate::error::Error) -> Response {
    if let crate::error::Error::Internal(cause) = e {
        tracing::error!(error = ?cause, "a console action failed");
    }
    let status = super::router::status_of(e);
    (status, pages::denied(session, &e.public_message())).into_response()
}

/// After an action: to `path` when it was done, else the refusal.
fn done_then<T>(session: &Session, outcome: crate::error::Result<T>, path: &str) -> Response {
    match outcome {
        Ok(_) => Redirect::to(path).into_response(),
        Err(e) => refused(session, &e),
    }
}

/// The messages a failed form shows next to its fields: a validation error on its
/// field, a conflict (a name or key already taken) on `conflict_field`. `None` for
/// failures that are not the form's.
fn form_failure(e: &crate::error::Error, conflict_field: &str) -> Option<pages::FieldErrors> {
    use crate::error::Error;
    match e {
        Error::Validation { .. } => Some(pages::errors_of(e)),
        Error::Conflict(m) => Some(pages::FieldErrors::from([(
            conflict_field.to_owned(),
            m.clone(),
        )])),
        _ => None,
    }
}

/// The form's page again, with its messages (400).
fn form_again(session: &Session, page: crate::error::Result<pages::Page>) -> Response {
    match page {
        Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
        Err(e) => refused(session, &e),
    }
}

/// Back to a page of ours after a form: only a local path is followed.
fn back_to(path: Option<&str>, default: &str) -> Response {
    let local = path.filter(|p| {
        p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.contains("://")
    });
    Redirect::to(local.unwrap_or(default)).into_response()
}

/// A browser's form post names where it came from: it must be this server.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true; // not a browser's cross-site post
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

fn forbidden(why: &str) -> Response {
    (StatusCode::FORBIDDEN, pages::plain("Refused", why)).into_response()
}
