use sea_orm::entity::prelude::*;

/// A reference a DPO declares where a source has no foreign-key constraint:
/// `from_column` (`schema.table.column`) holds values of `to_column`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "source_references")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub source_id: i64,
    pub from_column: String,
    pub to_column: String,
    pub note: Option<String>,
    /// A search may walk from a `from_column` row up to the row it names (false: only
    /// down, from the named row to the rows naming it).
    pub walk_up: bool,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
