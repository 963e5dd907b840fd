use sea_orm::entity::prelude::*;

/// A DPO's decision on a row an export of the request matched: `include` it although it
/// may be someone else's, or leave it out although nothing contradicted it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub source_id: i64,
    /// `schema.table`.
    pub table_name: String,
    /// The row's primary key as JSON, e.g. `{"id":12}`.
    pub row_key: String,
    pub include: bool,
    pub note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
