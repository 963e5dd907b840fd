//! What one Steward node runs besides HTTP: the job workers, with every job kind
//! registered, and (in `serve`) the relay of inventory changes to its subscribers.

use crate::discovery::scan_job::{self, ScanSettings};
use crate::dsar::export_job::{ExportJob, EXPORT};
use crate::dsar::exports::Exporter;
use crate::jobs::{JobSettings, Runtime};
use crate::secret::SecretKey;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How often a node reads the change feed for its subscribers.
pub const RELAY_EVERY: Duration = Duration::from_millis(200);

/// The job runtime of a node, with scans and exports registered.
pub fn runtime(
    db: &DatabaseConnection,
    key: &Arc<SecretKey>,
    exporter: &Exporter,
    settings: JobSettings,
    scans: ScanSettings,
    wake: Arc<Notify>,
) -> Runtime {
    let mut runtime = Runtime::new(db.clone(), settings, wake)
        .with(EXPORT, Arc::new(ExportJob(exporter.clone())));
    for (kind, handler) in scan_job::handlers(db.clone(), key.clone(), scans) {
        runtime = runtime.with(kind, handler);
    }
    runtime
}
