use super::AppState;
use crate::auth::{self, Principal};
use crate::config::RopaFormat;
use crate::error::Error;
use crate::graphql::error::ensure_codes;
use crate::graphql::read_cache;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::json;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(super::console::graphiql_page).post(graphql))
        .route("/graphql/ws", get(graphql_ws))
        .route("/healthz", get(healthz))
        .route("/exports/{id}", get(download))
        .route("/ropa.csv", get(|s: State<AppState>, h: HeaderMap| ropa_file(s, h, RopaFormat::Csv)))
        .route("/ropa.json", get(|s: State<AppState>, h: HeaderMap| ropa_file(s, h, RopaFormat::Json)))
        .route("/ropa.xlsx", get(|s: State<AppState>, h: HeaderMap| ropa_file(s, h, RopaFormat::Xlsx)))
        .merge(super::console::routes())
        // Spans name the path only: download tokens travel in the query string.
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
            },
        ))
        .with_state(state)
}

/// The HTTP status of a service error, for the API and the console alike.
pub(super) fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Validation { .. } => StatusCode::BAD_REQUEST,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Logs an internal cause once, and answers with the error's status and `body`.
fn error_response(e: &Error, body: serde_json::Value) -> Response {
    if let Error::Internal(cause) = e {
        tracing::error!(error = ?cause, "internal error");
    }
    let status = status_of(e);
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, "Bearer".parse().expect("static header"));
    }
    response
}

/// Plain endpoints answer errors as `{code, message}` with the matching status.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let body = json!({ "code": self.code(), "message": self.public_message() });
        error_response(&self, body)
    }
}

/// The GraphQL endpoint answers errors in GraphQL's shape, still with the status.
fn graphql_error(e: Error) -> Response {
    let body = json!({
        "data": null,
        "errors": [{ "message": e.public_message(), "extensions": { "code": e.code() } }]
    });
    error_response(&e, body)
}

/// The caller: a bearer token, or a signed-in console session whose GraphiQL sent the
/// session's form token (see `console::CSRF_HEADER`). With the store's `version`, a
/// token checked at that version is not looked up again.
async fn principal_from(
    state: &AppState,
    headers: &HeaderMap,
    version: Option<&str>,
) -> Result<Principal, Error> {
    if !headers.contains_key(AUTHORIZATION) {
        if let Some(csrf) = headers
            .get(super::console::CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
        {
            return super::console::browser_principal(&state.db, headers, csrf)
                .await
                .ok_or_else(|| {
                    Error::Unauthenticated(
                        "the console session has ended or its form token is wrong; sign in again"
                            .into(),
                    )
                });
        }
    }
    let header = match headers.get(AUTHORIZATION) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| {
            Error::Unauthenticated("the Authorization header is not valid text".into())
        })?),
    };
    let secret = auth::bearer(header)?;
    let Some(version) = version else {
        return auth::authenticate(&state.db, secret).await;
    };
    let hash = auth::hash(secret.trim());
    if let Some(principal) = state.read_cache.principal(&hash, version) {
        return Ok(principal);
    }
    let principal = auth::authenticate(&state.db, secret).await?;
    state
        .read_cache
        .keep_principal(hash, version, principal.clone());
    Ok(principal)
}

/// `POST /graphql`. The bearer token is checked before a byte of the body is read, and
/// the body is read only up to the configured limit (`413` beyond it).
async fn graphql(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    // The deadline covers everything: the token check, reading the body, the query.
    let deadline = state.request_timeout;
    match tokio::time::timeout(deadline, answer_graphql(state, request)).await {
        Ok(response) => response,
        Err(_) => {
            let message = format!(
                "the request took longer than {} s (STEWARD_REQUEST_TIMEOUT_SECS) and was stopped",
                deadline.as_secs()
            );
            let body = json!({
                "data": null,
                "errors": [{ "message": message, "extensions": { "code": "TIMEOUT" } }]
            });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

async fn answer_graphql(state: AppState, request: axum::extract::Request) -> Response {
    use axum::extract::FromRequest;
    // The store's version before anything is read; without it nothing is kept or served.
    let version = match state.read_cache.enabled() {
        true => crate::db::store_version(&state.db).await.ok(),
        false => None,
    };
    let principal = match principal_from(&state, request.headers(), version.as_deref()).await {
        Ok(p) => p,
        Err(e) => return graphql_error(e),
    };
    let too_large = || {
        let e = Error::Validation {
            field: None,
            message: format!(
                "the request body is larger than {} bytes (STEWARD_MAX_BODY_BYTES)",
                state.body_limit
            ),
        };
        let mut r = graphql_error(e);
        *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        r
    };
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > state.body_limit) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, state.body_limit).await else {
        return too_large();
    };
    let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
    let parsed: Result<GraphQLRequest, async_graphql_axum::rejection::GraphQLRejection> =
        GraphQLRequest::from_request(request, &state).await;
    let mut request = match parsed {
        Ok(r) => r.into_inner(),
        Err(rejection) => {
            return graphql_error(Error::Validation {
                field: None,
                message: format!("the request is not a GraphQL request: {}", rejection.0),
            })
        }
    };
    // Only answers to cacheable queries are kept, so a kept one is served unparsed.
    let mut kept = version.and_then(|v| Some((v, read_cache::answer_key(&principal, &request)?)));
    if let Some((version, key)) = &kept {
        if let Some(body) = state.read_cache.answer(key, version) {
            return json_answer(body, "hit");
        }
    }
    // Parsed once here; execution uses the same document (and reports a parse error).
    let (introspection, cacheable) = match request.parsed_query() {
        Ok(doc) => (
            crate::graphql::introspection_only(doc),
            read_cache::cacheable(doc),
        ),
        Err(_) => (false, false),
    };
    if !cacheable {
        kept = None;
    }
    let schema = if introspection {
        &state.introspection
    } else {
        &state.schema
    };
    let request = request
        .data(principal)
        .data(crate::graphql::types::Prefetched::default());
    let mut response = schema.execute(request).await;
    ensure_codes(&mut response.errors);
    if let Some((version, key)) = kept.filter(|_| response.errors.is_empty()) {
        if let Ok(body) = serde_json::to_vec(&response) {
            let body = Bytes::from(body);
            // Kept only when no write committed while it was computed.
            let after = crate::db::store_version(&state.db).await.ok();
            if after.as_deref() == Some(version.as_str()) {
                state.read_cache.keep_answer(key, &version, body.clone());
            }
            return json_answer(body, "miss");
        }
    }
    GraphQLResponse::from(response).into_response()
}

/// Says whether an answer came from the read cache (`hit`) or was computed and could
/// be kept (`miss`); other answers do not carry it.
pub const READ_CACHE_HEADER: &str = "x-steward-read-cache";

/// A GraphQL answer already serialised, as `async_graphql_axum` would send it.
fn json_answer(body: Bytes, cache: &'static str) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/graphql-response+json"),
    );
    headers.insert(READ_CACHE_HEADER, HeaderValue::from_static(cache));
    response
}

async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A token may come in the upgrade request or in the `connection_init` payload
    // (`{"Authorization": "Bearer …"}`), which is all browsers can send.
    let from_header = if headers.contains_key(AUTHORIZATION) {
        match principal_from(&state, &headers, None).await {
            Ok(p) => Some(p),
            Err(e) => return e.into_response(),
        }
    } else {
        None
    };
    // A signed-in console's GraphiQL: the session's form token comes in the payload.
    let console_headers = headers.clone();
    let db = state.db.clone();
    let schema = state.schema.clone();
    // The token's name once the connection is authenticated: a watcher checks it every
    // TOKEN_RECHECK and closes the connection (ending its subscriptions) once the token
    // is revoked, whichever process or node revoked it.
    let who: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let watcher_db = state.db.clone();
    let watched = who.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let serve = GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let principal = match from_header {
                        Some(p) => p,
                        None if payload.get(super::console::CSRF_HEADER).is_some() => {
                            let csrf = payload[super::console::CSRF_HEADER]
                                .as_str()
                                .unwrap_or_default();
                            super::console::browser_principal(&db, &console_headers, csrf)
                                .await
                                .ok_or_else(|| {
                                    async_graphql::Error::new(
                                        "the console session has ended or its form token is wrong",
                                    )
                                })?
                        }
                        None => {
                            let header = payload
                                .get("Authorization")
                                .or_else(|| payload.get("authorization"))
                                .and_then(|v| v.as_str());
                            let token = auth::bearer(header)
                                .map_err(|e| async_graphql::Error::new(e.public_message()))?;
                            auth::authenticate(&db, token)
                                .await
                                .map_err(|e| async_graphql::Error::new(e.public_message()))?
                        }
                    };
                    *who.lock().expect("token name lock") = Some(principal.name.clone());
                    let mut data = Data::default();
                    data.insert(principal);
                    Ok(data)
                })
                .serve();
            let revoked = async {
                loop {
                    tokio::time::sleep(TOKEN_RECHECK).await;
                    let name = watched.lock().expect("token name lock").clone();
                    let Some(name) = name else { continue };
                    match auth::still_valid(&watcher_db, &name).await {
                        Ok(false) => return name,
                        Ok(true) => {}
                        Err(e) => {
                            tracing::warn!(error = ?e, "cannot re-check a subscriber's token")
                        }
                    }
                }
            };
            tokio::select! {
                () = serve => {}
                name = revoked => {
                    tracing::info!(token = %name, "closing a WebSocket: its API token was revoked");
                }
            }
        })
}

/// How often a WebSocket connection re-checks its token.
const TOKEN_RECHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// `GET /ropa.{csv,json,xlsx}`: the record of processing as a file, for any token.
async fn ropa_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    format: RopaFormat,
) -> Response {
    let principal = principal_from(&state, &headers, None).await;
    match principal {
        Ok(_) => match super::record_download(&state.db, format).await {
            Ok(file) => file,
            Err(e) => e.into_response(),
        },
        Err(e) => e.into_response(),
    }
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => Json(json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: store unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "reason": "store unreachable" })),
            )
                .into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct DownloadQuery {
    token: Option<String>,
}

/// `GET /exports/{id}?token=…`: streams an export package to whoever holds a valid
/// signed link. A wrong token is 403, an expired or revoked one 410; neither sends bytes.
async fn download(
    State(state): State<AppState>,
    method: axum::http::Method,
    axum::extract::Path(id): axum::extract::Path<String>,
    query: Result<axum::extract::Query<DownloadQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    use crate::dsar::links::{self, Refusal};
    let refuse = |status: StatusCode, code: &str, message: &str| {
        let mut r = (status, Json(json!({ "code": code, "message": message }))).into_response();
        r.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            "no-store".parse().expect("static header"),
        );
        r
    };
    // Ids in their one canonical form (`+5` and `05` are not export 5), and a token.
    let export_id = id
        .parse::<i64>()
        .ok()
        .filter(|n| n.to_string() == id && *n > 0);
    let token = query.ok().and_then(|q| q.0.token);
    let (Some(export_id), Some(token)) = (export_id, token.as_deref()) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "a valid download token is required",
        );
    };
    let (link, export) = match links::check(&state.db, &state.key, export_id, token).await {
        Err(e) => return e.into_response(),
        Ok(Err(Refusal::Invalid)) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "this download link is not valid",
            )
        }
        Ok(Err(Refusal::Gone(why))) => return refuse(StatusCode::GONE, "GONE", why),
        Ok(Ok(found)) => found,
    };
    let Some(name) = export.file_name.as_deref() else {
        return refuse(StatusCode::GONE, "GONE", "this export has no file");
    };
    let path = state.exporter.settings.dir.join(name);
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(export = export.id, error = %e, "export file missing");
            return refuse(
                StatusCode::GONE,
                "GONE",
                "the export file is no longer available",
            );
        }
    };
    let length = file.metadata().await.map(|m| m.len()).ok();
    let export_id = export.id;
    let body = if method == axum::http::Method::HEAD {
        // Link previewers ask with HEAD: headers only, and no download counted.
        axum::body::Body::empty()
    } else {
        // A download counts (and may deliver the request) once the whole file has been
        // read out to the client: recorded just before its last bytes go, so the
        // record is there when the client has them. A transfer cut short is dropped
        // before that and counts nothing.
        use futures_util::StreamExt;
        let total = length.unwrap_or(0);
        let hook = Some((state.exporter.clone(), link, export));
        let chunks = tokio_util::io::ReaderStream::new(file).scan(
            (0u64, hook),
            move |(sent, hook), chunk| {
                if let Ok(bytes) = &chunk {
                    *sent += bytes.len() as u64;
                }
                let count = (chunk.is_ok() && *sent >= total).then(|| hook.take()).flatten();
                async move {
                    if let Some((exporter, link, export)) = count {
                        if let Err(e) = exporter.downloaded(&link, &export).await {
                            tracing::error!(export = export.id, error = ?e, "cannot record a download");
                        }
                    }
                    Some(chunk)
                }
            },
        );
        axum::body::Body::from_stream(chunks)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        "application/zip".parse().expect("static header"),
    );
    headers.insert(
        axum::http::header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"steward-export-{export_id}.zip\"")
            .parse()
            .expect("ASCII header"),
    );
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    if let Some(len) = length {
        headers.insert(axum::http::header::CONTENT_LENGTH, len.into());
    }
    response
}
