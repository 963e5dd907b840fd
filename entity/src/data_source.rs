use sea_orm::entity::prelude::*;

/// A database Steward may scan. The connection URL is stored sealed (AES-GCM); only
/// host, port, database and user are kept in clear for display.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_sources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub system_id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// `POSTGRES`, `MYSQL` or `SQLITE`.
    pub engine: String,
    pub sealed_url: String,
    pub host: Option<String>,
    pub port: Option<i32>,
    pub database_name: Option<String>,
    pub username: Option<String>,
    pub last_tested_at: Option<DateTimeUtc>,
    pub last_test_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
