//! One durable runtime for every background job. Jobs live in the store's `jobs`
//! table; any node claims the oldest one it can under a lease (`FOR UPDATE SKIP LOCKED`
//! on PostgreSQL; on SQLite the one store connection serialises claims), renews the
//! lease while it works, and records the outcome in one place. A job whose node died
//! is claimed again when its lease expires; after `max_attempts` claims it fails.

mod runtime;

pub use runtime::{Handler, HandlerFuture, Runtime, RuntimeHandle};

use crate::error::Result;
use chrono::Utc;
use entity::job;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub const QUEUED: &str = "QUEUED";
pub const RUNNING: &str = "RUNNING";
pub const COMPLETED: &str = "COMPLETED";
pub const FAILED: &str = "FAILED";
pub const CANCELLED: &str = "CANCELLED";

/// How many times a job is claimed before it fails: a node dying under it twice is
/// bad luck, three times is the job.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 3;

/// How a node runs jobs.
#[derive(Debug, Clone)]
pub struct JobSettings {
    /// This node's name in leases and in `Scan.nodes`.
    pub node_id: String,
    /// How many jobs this node runs at once; 0 runs none.
    pub workers: usize,
    /// How long a claim lasts without a heartbeat.
    pub lease: Duration,
    /// How long running jobs get to stop at shutdown before their leases are released.
    pub grace: Duration,
    /// How often an idle worker looks for work queued by another node.
    pub poll: Duration,
}

impl JobSettings {
    pub fn new(node_id: impl Into<String>) -> Self {
        Self {
            node_id: node_id.into(),
            workers: 2,
            lease: Duration::from_secs(30),
            grace: Duration::from_secs(20),
            poll: Duration::from_millis(500),
        }
    }
}

/// The default node id: host name and process id.
pub fn default_node_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "steward".into());
    format!("{host}-{}", std::process::id())
}

/// Puts a job on the queue, inside the caller's transaction when it has one, so that a
/// job and what it works on are stored together or not at all.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    subject: &str,
    payload: serde_json::Value,
) -> Result<job::Model> {
    Ok(job::ActiveModel {
        kind: Set(kind.to_owned()),
        subject: Set(subject.to_owned()),
        payload: Set(payload.to_string()),
        status: Set(QUEUED.to_owned()),
        attempts: Set(0),
        max_attempts: Set(DEFAULT_MAX_ATTEMPTS),
        cancel_requested: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Asks the unfinished jobs of `subject` to stop. Running ones stop at their next
/// check; queued ones stop as soon as they are claimed.
pub async fn request_cancel(db: &impl ConnectionTrait, subject: &str) -> Result<u64> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::CancelRequested, true.into())
        .filter(job::Column::Subject.eq(subject))
        .filter(job::Column::Status.is_in([QUEUED, RUNNING]))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Why a running job is asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// Someone cancelled it: end it CANCELLED.
    Cancelled,
    /// The node is shutting down: leave it for another node.
    Draining,
    /// Another node holds its lease now: drop it, record nothing.
    LeaseLost,
}

/// A running job's stop signal: one flag the job's inner loops read (`flag`), and why.
#[derive(Debug, Clone, Default)]
pub struct StopSignal {
    flag: Arc<AtomicBool>,
    reason: Arc<AtomicU8>,
}

impl StopSignal {
    pub fn stop(&self, reason: StopReason) {
        // The first reason stays: a drain after a cancel is still a cancel.
        let code = reason as u8 + 1;
        let _ = self
            .reason
            .compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
        self.flag.store(true, Ordering::SeqCst);
    }

    /// The flag a job's loops check between blocks.
    pub fn flag(&self) -> &AtomicBool {
        &self.flag
    }

    pub fn reason(&self) -> Option<StopReason> {
        match self.reason.load(Ordering::SeqCst) {
            1 => Some(StopReason::Cancelled),
            2 => Some(StopReason::Draining),
            3 => Some(StopReason::LeaseLost),
            _ => None,
        }
    }
}

/// What a job is given to run.
#[derive(Clone)]
pub struct JobContext {
    pub job: job::Model,
    /// The node running it.
    pub node: Arc<str>,
    pub stop: StopSignal,
}

impl JobContext {
    pub fn payload<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.job.payload).map_err(|e| {
            crate::error::Error::Internal(anyhow::anyhow!(
                "job {} ({}) has an unreadable payload: {e}",
                self.job.id,
                self.job.kind
            ))
        })
    }

    /// Whether the job was stopped for a reason that keeps it for later (a drain, a
    /// lost lease) rather than ending it.
    pub fn interrupted(&self) -> bool {
        matches!(
            self.stop.reason(),
            Some(StopReason::Draining | StopReason::LeaseLost)
        )
    }
}

/// How a job's run ended, as its kind reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Cancelled,
    /// Stopped by a drain or a lost lease; another claim will run it again.
    Interrupted,
}

/// Jobs per status, for `steward bench` and tests.
pub async fn count(db: &impl ConnectionTrait, status: &str) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(job::Entity::find()
        .filter(job::Column::Status.eq(status))
        .count(db)
        .await?)
}

/// Forgets jobs that ended more than `age` ago: the scans and exports they ran keep
/// their own outcome, and the audit trail keeps who asked for what.
pub async fn prune(db: &impl ConnectionTrait, age: chrono::Duration) -> Result<u64> {
    let r = job::Entity::delete_many()
        .filter(job::Column::Status.is_in([COMPLETED, CANCELLED, FAILED]))
        .filter(job::Column::FinishedAt.lt(Utc::now() - age))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}
