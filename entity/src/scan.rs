use sea_orm::entity::prelude::*;

/// One discovery scan of a data source, with its progress and outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub source_id: i64,
    /// `SAMPLE` or `FULL`.
    pub mode: String,
    pub sample_rows: Option<i64>,
    /// JSON: `{"schemas": [...], "tables": [...]}`.
    pub scope: String,
    /// `QUEUED`, `RUNNING`, `COMPLETED`, `FAILED` or `CANCELLED`.
    pub status: String,
    pub error: Option<String>,
    pub tables_total: i32,
    pub tables_done: i32,
    pub rows_read: i64,
    pub bytes_read: i64,
    pub current_table: Option<String>,
    /// Parts the scan was divided into, and how many are done.
    pub parts_total: i32,
    pub parts_done: i32,
    /// JSON: the coverage report, one entry per table.
    pub coverage: Option<String>,
    /// JSON: what changed since the previous completed scan of the source.
    pub drift: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
