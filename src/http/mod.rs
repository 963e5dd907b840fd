//! The HTTP surface: router, authentication and the server loop.

pub mod console;
mod router;

pub use router::{router, READ_CACHE_HEADER};

use crate::discovery::jobs::Scanner;
use crate::discovery::scan_job::ScanSettings;
use crate::dsar::exports::{ExportSettings, Exporter};
use crate::graphql::read_cache::ReadCache;
use crate::graphql::{self, AppSchema, EventBus, Limits};
use crate::jobs::{self, JobSettings, Runtime};
use crate::secret::SecretKey;
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

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
    /// This node's job workers (none when `workers` is 0).
    pub runtime: Runtime,
    /// The largest `POST /graphql` body read, in bytes.
    pub body_limit: usize,
    /// How long one `POST /graphql` may take.
    pub request_timeout: std::time::Duration,
    /// Answers to inventory reads and token checks, kept while the store is unchanged.
    pub read_cache: Arc<ReadCache>,
}

impl AppState {
    /// A node with the default job settings: two workers, 30-second leases.
    pub fn new(
        db: DatabaseConnection,
        key: SecretKey,
        limits: Limits,
        exports: ExportSettings,
    ) -> Self {
        Self::with_jobs(
            db,
            key,
            limits,
            exports,
            JobSettings::new(jobs::default_node_id()),
            ScanSettings::default(),
        )
    }

    pub fn with_jobs(
        db: DatabaseConnection,
        key: SecretKey,
        limits: Limits,
        exports: ExportSettings,
        job_settings: JobSettings,
        scans: ScanSettings,
    ) -> Self {
        let events = EventBus::new(db.clone());
        let key = Arc::new(key);
        let wake = Arc::new(Notify::new());
        let scanner = Scanner::new(db.clone(), wake.clone());
        let exporter = Exporter::new(db.clone(), key.clone(), exports, wake.clone());
        let runtime = crate::node::runtime(&db, &key, &exporter, job_settings, scans, wake);
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
            runtime,
            body_limit,
            request_timeout: limits.request_timeout,
            read_cache: Arc::new(ReadCache::new(limits.read_cache_entries)),
        }
    }
}

/// Serves until `shutdown` completes, with this node's job workers and change relay.
/// At shutdown the workers stop claiming and drain (see [`Runtime::start`]).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stop = CancellationToken::new();
    let workers = state.runtime.start(stop.clone());
    let _relay = state.events.relay(crate::node::RELAY_EVERY);
    let draining = stop.clone();
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            shutdown.await;
            draining.cancel();
        })
        .await;
    stop.cancel();
    workers.join().await;
    served
}

/// The record of processing as a download: CSV, JSON or a spreadsheet.
pub async fn record_download(
    db: &sea_orm::DatabaseConnection,
    format: crate::config::RopaFormat,
) -> Result<axum::response::Response, crate::error::Error> {
    use crate::config::RopaFormat;
    use axum::http::header;
    use axum::response::IntoResponse;
    let records = crate::inventory::ropa::build(db).await?;
    let bytes =
        crate::inventory::ropa::write(&records, format).map_err(crate::error::Error::Internal)?;
    let (content_type, name) = match format {
        RopaFormat::Csv => ("text/csv; charset=utf-8", "record-of-processing.csv"),
        RopaFormat::Json => ("application/json", "record-of-processing.json"),
        RopaFormat::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "record-of-processing.xlsx",
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
