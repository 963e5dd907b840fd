//! The DPO console: server-rendered pages on the same port as the API, signed in with
//! an API token once (a session cookie afterwards), using the same services as GraphQL.
//! No script: forms post to the server, which enforces the roles; every form carries
//! the session's form token.

mod pages;
mod session;

pub use session::Session;

use crate::http::AppState;
use axum::extract::{Form, Path, State};
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
        .route("/requests/{id}", get(request_page))
        .route("/requests/{id}/verify", post(verify))
        .route("/requests/{id}/export", post(start_export))
        .route("/requests/{id}/exports/{export}/link", post(create_link))
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

/// The signed-in session of a DPO (or admin), or the answer to give instead: to the
/// sign-in form, or "not allowed".
async fn dpo(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    let Some(session) = Session::of(&state.db, headers).await else {
        return Err(Redirect::to("/login").into_response());
    };
    if !session.principal.role.includes(crate::domain::Role::Dpo) {
        return Err((
            StatusCode::FORBIDDEN,
            pages::denied(&session, "Requests need the DPO role."),
        )
            .into_response());
    }
    Ok(session)
}

/// A DPO's form post: same origin, the session's form token.
async fn dpo_post(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<Session, Response> {
    let session = dpo(state, headers).await?;
    if !same_origin(headers) || !session.accepts(csrf) {
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

async fn request_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let session = match dpo(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let db = &state.db;
    let loaded = async {
        let request = crate::dsar::requests::get(db, id).await?;
        let identifiers = crate::dsar::requests::identifiers_of(db, id).await?;
        let exports = crate::dsar::exports::for_request(db, id).await?;
        let trail = crate::dsar::audit::for_request(db, id).await?;
        Ok::<_, crate::error::Error>((request, identifiers, exports, trail))
    }
    .await;
    match loaded {
        Ok((request, identifiers, exports, trail)) => {
            let today = chrono::Utc::now().date_naive();
            pages::request(&session, &request, &identifiers, &exports, &trail, today)
                .into_response()
        }
        Err(e) => refused(&session, &e),
    }
}

#[derive(Deserialize)]
struct VerifyForm {
    csrf: String,
    identifier: i64,
    method: String,
}

async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<VerifyForm>,
) -> Response {
    let session = match dpo_post(&state, &headers, &form.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let db = &state.db;
    let done = async {
        // Only an identifier of this request.
        let ours = crate::dsar::requests::identifiers_of(db, id)
            .await?
            .iter()
            .any(|i| i.id == form.identifier);
        if !ours {
            return Err(crate::error::Error::not_found(
                "identifier",
                form.identifier,
            ));
        }
        crate::dsar::requests::verify_identifier(
            db,
            form.identifier,
            &form.method,
            Some(&session.principal.name),
        )
        .await
    }
    .await;
    match done {
        Ok(_) => Redirect::to(&format!("/requests/{id}")).into_response(),
        Err(e) => refused(&session, &e),
    }
}

#[derive(Deserialize)]
struct ExportForm {
    csrf: String,
    #[serde(default)]
    portability: Option<String>,
}

async fn start_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<ExportForm>,
) -> Response {
    let session = match dpo_post(&state, &headers, &form.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let portability = form.portability.is_some();
    match state
        .exporter
        .start(id, portability, Some(&session.principal.name))
        .await
    {
        Ok(_) => Redirect::to(&format!("/requests/{id}")).into_response(),
        Err(e) => refused(&session, &e),
    }
}

async fn create_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, export)): Path<(i64, i64)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let session = match dpo_post(&state, &headers, &form.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
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
            pages::link(&session, id, &url, link.expires_at).into_response()
        }
        Err(e) => refused(&session, &e),
    }
}

async fn requests(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = match dpo(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
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
