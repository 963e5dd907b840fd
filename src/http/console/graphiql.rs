//! GraphiQL served from the binary (no CDN): the vendored GraphiQL, React and
//! React DOM builds (see `assets/graphiql/LICENSES.txt`), stored gzipped. A signed-in
//! console user's queries carry the session's form token instead of a bearer token.

use super::Session;
use crate::auth::Principal;
use crate::http::AppState;
use axum::extract::{Path, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, DOCTYPE};
use std::io::Read;

/// The header (and WebSocket `connection_init` field) that carries a console session's
/// form token on GraphQL requests made by GraphiQL.
pub const CSRF_HEADER: &str = "X-Steward-Csrf";

const START: &str = include_str!("assets/graphiql/start.js");

/// (name, content type, gzipped bytes)
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/graphiql/graphiql.min.js.gz"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/graphiql/graphiql.min.css.gz"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/graphiql/react.production.min.js.gz"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/graphiql/react-dom.production.min.js.gz"),
    ),
];

/// GraphiQL's policy: its own script only (no inline script, no eval); React sets
/// inline styles; its stylesheet embeds fonts as data URLs.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/graphiql", get(page))
        .route("/assets/graphiql/{name}", get(asset))
        .layer(axum::middleware::map_response(
            |mut r: Response| async move {
                super::set_common_headers(r.headers_mut(), CSP);
                r
            },
        ))
}

/// GraphiQL (also `GET /graphql`). Signed in: queries go with the session (the page
/// carries its form token). Not signed in: paste a token as an `Authorization` header
/// in the headers tab.
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = Session::of(&state.db, &headers).await;
    let mut response = Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { "GraphiQL · Steward" }
                    @if let Some(s) = &session { meta name="steward-csrf" content=(s.csrf); }
                    meta name="steward-endpoints" content="/graphql" data-subscriptions="/graphql/ws";
                    link rel="stylesheet" href="/assets/graphiql/graphiql.min.css";
                    link rel="stylesheet" href="/console.css";
                }
                body.graphiql {
                    div #graphiql { p { "Loading GraphiQL…" } }
                    script src="/assets/graphiql/react.production.min.js" {}
                    script src="/assets/graphiql/react-dom.production.min.js" {}
                    script src="/assets/graphiql/graphiql.min.js" {}
                    script src="/assets/graphiql/start.js" {}
                }
            }
        }
        .into_string(),
    )
    .into_response();
    super::set_common_headers(response.headers_mut(), CSP);
    response
}

async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    if name == "start.js" {
        return (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            START,
        )
            .into_response();
    }
    let Some((_, content_type, gz)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut response = if gzip_ok {
        let mut r = gz.to_vec().into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        let mut plain = Vec::new();
        if flate2::read::GzDecoder::new(*gz)
            .read_to_end(&mut plain)
            .is_err()
        {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        plain.into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    // Versioned by the binary: a day is safe.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}

/// The principal of a signed-in browser whose request carries the session's form token
/// and comes from this server's own pages.
pub async fn browser_principal(
    db: &sea_orm::DatabaseConnection,
    headers: &HeaderMap,
    presented: &str,
) -> Option<Principal> {
    if !super::same_origin(headers) {
        return None;
    }
    let session = Session::of(db, headers).await?;
    session.accepts(presented).then_some(session.principal)
}
