use sea_orm::entity::prelude::*;

/// One export package of a request: the job that builds it and the file it produced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dsar_exports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub portability: bool,
    /// `QUEUED`, `RUNNING`, `COMPLETED`, `FAILED` or `CANCELLED`.
    pub status: String,
    pub error: Option<String>,
    pub sources_total: i32,
    pub sources_done: i32,
    pub tables_read: i32,
    pub rows_found: i64,
    pub current_table: Option<String>,
    /// The ZIP's name inside the export directory.
    pub file_name: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    /// JSON: rows per table, references followed, sources not reachable.
    pub summary: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// After this the file is purged and links stop working.
    pub expires_at: Option<DateTimeUtc>,
    pub purged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
