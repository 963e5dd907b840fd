use sea_orm::entity::prelude::*;

/// Personal data one system sends to another (fideslang's egress of the one and ingress
/// of the other).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "system_flows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub from_system_id: i64,
    pub to_system_id: i64,
    /// Keys of the data categories in transit, space-separated; empty when not stated.
    pub categories: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
