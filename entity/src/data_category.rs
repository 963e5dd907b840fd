use sea_orm::entity::prelude::*;

/// A personal-data category, keyed like the fideslang taxonomy (`user.contact.email`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
    /// Art. 9 special category (health, biometrics, …).
    pub special: bool,
    /// False for the default taxonomy shipped by migration.
    pub custom: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
