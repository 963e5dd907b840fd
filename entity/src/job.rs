use sea_orm::entity::prelude::*;

/// One unit of background work (a scan, a part of a scan, an export), claimed by one
/// node at a time under a lease that its heartbeat renews.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `scan`, `scan_part`, `scan_finish`, `export`.
    pub kind: String,
    /// What the job works on, e.g. `scan:12`: cancelling a scan cancels its jobs.
    pub subject: String,
    /// JSON, read by the job kind.
    pub payload: String,
    /// `QUEUED`, `RUNNING`, `COMPLETED`, `FAILED` or `CANCELLED`.
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// The node holding the lease.
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    pub cancel_requested: bool,
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub heartbeat_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
