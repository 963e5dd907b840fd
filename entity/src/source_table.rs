use sea_orm::entity::prelude::*;

/// A table of a data source as last introspected: columns, keys and references.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "source_tables")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub source_id: i64,
    pub schema_name: String,
    pub table_name: String,
    pub row_estimate: Option<i64>,
    /// JSON array of column names.
    pub primary_key: String,
    /// JSON array of `{name, data_type, nullable, skip_reason}`.
    pub columns: String,
    /// JSON array of `{columns, ref_schema, ref_table, ref_columns}`.
    pub foreign_keys: String,
    pub last_scan_id: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
