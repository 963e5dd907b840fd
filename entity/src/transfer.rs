use sea_orm::entity::prelude::*;

/// A transfer to a third country (Chapter V) made by an activity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i64,
    pub recipient_id: Option<i64>,
    pub country: String,
    /// `ADEQUACY`, `SCC`, `BCR`, `DEROGATION` or `OTHER`.
    pub safeguard: String,
    pub safeguard_detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
