use sea_orm::entity::prelude::*;

/// A change to the inventory, kept briefly so that every node can tell its own
/// subscribers, whichever node (or job) made it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inventory_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `CREATED`, `UPDATED` or `DELETED`.
    pub change: String,
    /// e.g. `SYSTEM_CATEGORY_LINK`.
    pub entity: String,
    pub entity_id: i64,
    pub actor: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
