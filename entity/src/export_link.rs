use sea_orm::entity::prelude::*;

/// A signed download link of an export. The token itself is never stored: it is an
/// HMAC of (link id, export id, expiry) and is checked by recomputing it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub export_id: i64,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub downloads: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
