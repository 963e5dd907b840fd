use sea_orm::entity::prelude::*;

/// A place that holds personal data: a database, a SaaS tool, a file store.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "systems")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: Option<i64>,
    #[sea_orm(unique)]
    pub name: String,
    /// The resource's fides key: its identity in fideslang files, kept across renames.
    pub fides_key: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// One of `DATABASE`, `SAAS`, `FILE_STORE`, `APPLICATION`, `ANALYTICS`, `OTHER`.
    pub kind: String,
    /// ISO 3166-1 alpha-2 country where the data is hosted.
    pub hosting_country: Option<String>,
    pub vendor: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
