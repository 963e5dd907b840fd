//! The HTTP surface: router, authentication and the server loop.

mod router;

pub use router::router;

use crate::discovery::jobs::Scanner;
use crate::dsar::exports::{ExportSettings, Exporter};
use crate::graphql::{self, AppSchema, EventBus, Limits};
use crate::secret::SecretKey;
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub schema: AppSchema,
    /// The same schema under a depth limit that GraphiQL's introspection query fits in,
    /// for operations that ask only for introspection.
    pub introspection: AppSchema,
    pub events: EventBus,
    pub key: Arc<SecretKey>,
    pub scanner: Scanner,
    pub exporter: Exporter,
    /// The largest `POST /graphql` body read, in bytes.
    pub body_limit: usize,
    /// How long one `POST /graphql` may take.
    pub request_timeout: std::time::Duration,
}

impl AppState {
    pub fn new(
        db: DatabaseConnection,
        key: SecretKey,
        limits: Limits,
        exports: ExportSettings,
    ) -> Self {
        let events = EventBus::default();
        let key = Arc::new(key);
        let scanner = Scanner::new(db.clone(), key.clone());
        let exporter = Exporter::new(db.clone(), key.clone(), exports);
        let body_limit = limits.body_bytes;
        let build = |limits: Limits| {
            graphql::build_schema(
                db.clone(),
                events.clone(),
                scanner.clone(),
                exporter.clone(),
                key.clone(),
                limits,
            )
        };
        let schema = build(limits);
        let introspection = build(Limits {
            depth: limits.depth.max(graphql::INTROSPECTION_DEPTH),
            ..limits
        });
        Self {
            db,
            schema,
            introspection,
            events,
            key,
            scanner,
            exporter,
            body_limit,
            request_timeout: limits.request_timeout,
        }
    }
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
