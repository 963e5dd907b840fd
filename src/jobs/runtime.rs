//! The worker loop: claim, heartbeat, run, record; drain on shutdown.

use super::{
    JobContext, JobSettings, Outcome, StopReason, StopSignal, CANCELLED, COMPLETED, FAILED, QUEUED,
    RUNNING,
};
use crate::error::Result;
use crate::tasks::AbortOnDrop;
use chrono::Utc;
use entity::job;
use futures_util::FutureExt;
use sea_orm::sea_query::{Expr, Func, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

pub type HandlerFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// A kind of job: how to run it, and how to end what it works on when the job is given
/// up (its node died too often, or it panicked).
pub trait Handler: Send + Sync + 'static {
    fn process(&self, ctx: JobContext) -> HandlerFuture<Outcome>;
    fn give_up(&self, job: job::Model, reason: String) -> HandlerFuture<()>;
}

/// Runs jobs on this node.
#[derive(Clone)]
pub struct Runtime {
    db: DatabaseConnection,
    settings: Arc<JobSettings>,
    node: Arc<str>,
    handlers: Arc<HashMap<&'static str, Arc<dyn Handler>>>,
    wake: Arc<Notify>,
}

/// The running workers: wait for them to drain after the shutdown token fires.
pub struct RuntimeHandle {
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl RuntimeHandle {
    pub async fn join(self) {
        for w in self.workers {
            let _ = w.await;
        }
    }
}

impl Runtime {
    /// `wake` is shared with whatever queues jobs on this node, so that its idle
    /// workers start at once instead of at their next poll.
    pub fn new(db: DatabaseConnection, settings: JobSettings, wake: Arc<Notify>) -> Self {
        let node: Arc<str> = settings.node_id.clone().into();
        Self {
            db,
            settings: Arc::new(settings),
            node,
            handlers: Arc::default(),
            wake,
        }
    }

    pub fn with(mut self, kind: &'static str, handler: Arc<dyn Handler>) -> Self {
        Arc::make_mut(&mut self.handlers).insert(kind, handler);
        self
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    pub fn settings(&self) -> &JobSettings {
        &self.settings
    }

    /// Starts `settings.workers` workers. They stop claiming when `shutdown` fires, give
    /// running jobs the grace period to stop, and release what is left.
    pub fn start(&self, shutdown: CancellationToken) -> RuntimeHandle {
        let mut workers: Vec<_> = (0..self.settings.workers)
            .map(|n| {
                let this = self.clone();
                let shutdown = shutdown.clone();
                tokio::spawn(async move { this.work(n, shutdown).await })
            })
            .collect();
        if self.settings.workers > 0 {
            // Finished jobs are kept a week, then forgotten.
            let db = self.db.clone();
            workers.push(tokio::spawn(async move {
                loop {
                    match super::prune(&db, chrono::Duration::days(7)).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!("forgot {n} jobs that ended over a week ago"),
                        Err(e) => tracing::warn!(error = ?e, "pruning finished jobs failed"),
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(3600)) => {}
                        _ = shutdown.cancelled() => return,
                    }
                }
            }));
        }
        RuntimeHandle { workers }
    }

    async fn work(&self, n: usize, shutdown: CancellationToken) {
        tracing::debug!(node = %self.node, worker = n, "worker started");
        while !shutdown.is_cancelled() {
            match self.claim().await {
                Ok(Some(job)) => {
                    self.run(job, &shutdown).await;
                    // The job may have queued more (a scan's parts): wake the idle.
                    self.wake.notify_waiters();
                }
                Ok(None) => {
                    let idle = tokio::time::sleep(self.settings.poll);
                    tokio::select! {
                        _ = idle => {}
                        _ = self.wake.notified() => {}
                        _ = shutdown.cancelled() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = ?e, "claiming a job failed; trying again");
                    tokio::select! {
                        _ = tokio::time::sleep(self.settings.poll * 4) => {}
                        _ = shutdown.cancelled() => {}
                    }
                }
            }
        }
    }

    /// Claims the oldest job that is queued, or whose lease has expired.
    pub async fn claim(&self) -> Result<Option<job::Model>> {
        let now = Utc::now();
        let kinds: Vec<&str> = self.handlers.keys().copied().collect();
        let pick = Query::select()
            .column(job::Column::Id)
            .from(job::Entity)
            .cond_where(
                Condition::all().add(job::Column::Kind.is_in(kinds)).add(
                    Condition::any().add(job::Column::Status.eq(QUEUED)).add(
                        Condition::all()
                            .add(job::Column::Status.eq(RUNNING))
                            .add(job::Column::LeaseExpiresAt.lt(now)),
                    ),
                ),
            )
            .order_by(job::Column::Id, sea_orm::Order::Asc)
            .limit(1)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .to_owned();
        let claimed = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(RUNNING))
            .col_expr(job::Column::LeaseOwner, Expr::value(self.node.to_string()))
            .col_expr(job::Column::LeaseExpiresAt, Expr::value(now + self.lease()))
            .col_expr(job::Column::HeartbeatAt, Expr::value(now))
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .col_expr(
                job::Column::StartedAt,
                Func::coalesce([Expr::col(job::Column::StartedAt).into(), Expr::value(now)]).into(),
            )
            .filter(job::Column::Id.in_subquery(pick))
            .exec_with_returning(&self.db)
            .await?;
        Ok(claimed.into_iter().next())
    }

    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.settings.lease).unwrap_or(chrono::Duration::seconds(30))
    }

    async fn run(&self, job: job::Model, shutdown: &CancellationToken) {
        let span = tracing::info_span!(
            "job",
            id = job.id,
            kind = %job.kind,
            subject = %job.subject,
            attempt = job.attempts,
            node = %self.node
        );
        self.run_claimed(job, shutdown).instrument(span).await
    }

    async fn run_claimed(&self, job: job::Model, shutdown: &CancellationToken) {
        let Some(handler) = self.handlers.get(job.kind.as_str()).cloned() else {
            return;
        };
        if job.attempts > job.max_attempts {
            let reason = format!(
                "the node running it stopped {} times; the job was given up",
                job.max_attempts
            );
            tracing::warn!("{reason}");
            self.give_up(&*handler, &job, reason).await;
            return;
        }
        tracing::debug!("started");
        let stop = StopSignal::default();
        if job.cancel_requested {
            stop.stop(StopReason::Cancelled);
        }
        let _heartbeat = AbortOnDrop(tokio::spawn(
            self.clone().heartbeat(job.clone(), stop.clone()),
        ));
        let _drain = {
            let stop = stop.clone();
            let shutdown = shutdown.clone();
            AbortOnDrop(tokio::spawn(async move {
                shutdown.cancelled().await;
                stop.stop(StopReason::Draining);
            }))
        };
        let ctx = JobContext {
            job: job.clone(),
            node: self.node.clone(),
            stop: stop.clone(),
        };
        let work = std::panic::AssertUnwindSafe(handler.process(ctx)).catch_unwind();
        // After a shutdown the job has the grace period to stop by itself; then it is
        // dropped where it stands and its lease released for another node.
        let grace = {
            let shutdown = shutdown.clone();
            let grace = self.settings.grace;
            async move {
                shutdown.cancelled().await;
                tokio::time::sleep(grace).await;
            }
        };
        let outcome = tokio::select! {
            r = work => Some(r),
            _ = grace => None,
        };
        match outcome {
            Some(Ok(Ok(Outcome::Completed))) => self.finish(&job, COMPLETED, None).await,
            Some(Ok(Ok(Outcome::Cancelled))) => self.finish(&job, CANCELLED, None).await,
            Some(Ok(Ok(Outcome::Interrupted))) | None => {
                if stop.reason() == Some(StopReason::LeaseLost) {
                    tracing::warn!("lease lost to another node; this run's work is dropped");
                } else {
                    tracing::info!("interrupted; released for another node");
                    self.release(&job).await;
                }
            }
            Some(Ok(Err(e))) => {
                tracing::error!(error = ?e, "failed");
                let message = match &e {
                    crate::error::Error::Internal(_) => {
                        "internal error; see the server log".to_owned()
                    }
                    other => other.public_message(),
                };
                self.give_up(&*handler, &job, message).await;
            }
            Some(Err(_panic)) => {
                tracing::error!("panicked");
                let reason = "internal error while running the job (please report this)";
                self.give_up(&*handler, &job, reason.to_owned()).await;
            }
        }
    }

    /// Ends a job FAILED with `reason`, and what it worked on with it (through its
    /// kind's `give_up`), so that nothing is left RUNNING behind it.
    async fn give_up(&self, handler: &dyn Handler, job: &job::Model, reason: String) {
        if let Err(e) = handler.give_up(job.clone(), reason.clone()).await {
            tracing::error!(error = ?e, "a failed job could not record its outcome");
        }
        self.finish(job, FAILED, Some(reason)).await;
    }

    /// Renews the lease every third of its length and passes on a cancel; a lost lease
    /// stops the job.
    async fn heartbeat(self, job: job::Model, stop: StopSignal) {
        let every = self.settings.lease / 3;
        loop {
            tokio::time::sleep(every).await;
            let now = Utc::now();
            let renewed = job::Entity::update_many()
                .col_expr(job::Column::LeaseExpiresAt, Expr::value(now + self.lease()))
                .col_expr(job::Column::HeartbeatAt, Expr::value(now))
                .filter(self.mine(&job))
                .exec_with_returning(&self.db)
                .await;
            match renewed {
                Ok(rows) => match rows.first() {
                    None => {
                        stop.stop(StopReason::LeaseLost);
                        return;
                    }
                    Some(row) if row.cancel_requested => stop.stop(StopReason::Cancelled),
                    Some(_) => {}
                },
                Err(e) => tracing::warn!(error = ?e, "renewing a lease failed; trying again"),
            }
        }
    }

    /// This node's current claim of `job`: a node that lost it changes nothing.
    fn mine(&self, job: &job::Model) -> Condition {
        Condition::all()
            .add(job::Column::Id.eq(job.id))
            .add(job::Column::Status.eq(RUNNING))
            .add(job::Column::LeaseOwner.eq(self.node.to_string()))
            .add(job::Column::Attempts.eq(job.attempts))
    }

    async fn finish(&self, job: &job::Model, status: &str, error: Option<String>) {
        let r = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(status))
            .col_expr(job::Column::Error, Expr::value(error))
            .col_expr(job::Column::FinishedAt, Expr::value(Some(Utc::now())))
            .col_expr(
                job::Column::LeaseExpiresAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            )
            .filter(self.mine(job))
            .exec(&self.db)
            .await;
        match r {
            Ok(_) => tracing::debug!(status, "finished"),
            Err(e) => tracing::error!(error = ?e, "recording a job's end failed"),
        }
    }

    /// Puts a drained job back on the queue; the drained run is not counted as an attempt.
    async fn release(&self, job: &job::Model) {
        let r = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(QUEUED))
            .col_expr(job::Column::LeaseOwner, Expr::value(None::<String>))
            .col_expr(
                job::Column::LeaseExpiresAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            )
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).sub(1),
            )
            .filter(self.mine(job))
            .exec(&self.db)
            .await;
        if let Err(e) = r {
            tracing::error!(error = ?e, "releasing a job failed; its lease will expire");
        }
    }
}
