use sea_orm::entity::prelude::*;

/// One part of a scan: a whole table, or a range of a big table's blocks. Any node may
/// read it; its result (coverage and column profiles) is kept until the scan finishes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scan_parts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub scan_id: i64,
    /// The table's place in the scan.
    pub table_index: i32,
    /// The part's place in its table.
    pub part_index: i32,
    /// JSON: the table as introspected when the scan started.
    pub table_info: String,
    /// First block of the range (PostgreSQL `ctid`), or none for the whole table.
    pub block_start: Option<i64>,
    /// Block after the range; none for "to the end".
    pub block_end: Option<i64>,
    /// `QUEUED`, `RUNNING` or `DONE`.
    pub status: String,
    pub rows_read: i64,
    pub bytes_read: i64,
    /// The node that read it.
    pub node: Option<String>,
    /// JSON: coverage and column profiles.
    pub result: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
