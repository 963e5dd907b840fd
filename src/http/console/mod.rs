//! The DPO console: server-rendered pages on the same port as the API, signed in with
//! an API token once (a session cookie afterwards), using the same services as GraphQL.
//! No script: forms post to the server, which enforces the roles; every form carries
//! the session's form token.

mod pages;
mod session;

pub use session::Session;

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
        .route("/", get(|| async { Redirect::to("/requests") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/requests", get(requests))
        .route("/console.css", get(style))
        .layer(axum::middleware::map_response(security_headers))
}

/// No script at all, nothing framed, forms only to ourselves; pages are not cached
/// (they show people's requests).
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    response
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
        return Redirect::to("/requests").into_response();
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
                    Redirect::to("/requests"),
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

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(session) = Session::of(&state.db, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !same_origin(&headers) || !session.accepts(&form.csrf) {
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

async fn requests(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(session) = Session::of(&state.db, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if !session.principal.role.includes(crate::domain::Role::Dpo) {
        return (
            StatusCode::FORBIDDEN,
            pages::denied(&session, "Requests need the DPO role."),
        )
            .into_response();
    }
    let today = chrono::Utc::now().date_naive();
    match crate::dsar::requests::list(&state.db, &Default::default(), today).await {
        Ok(list) => pages::requests(&session, &list, today).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "the request queue could not be read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
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
