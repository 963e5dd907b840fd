use sea_orm::entity::prelude::*;

/// An append-only record of what happened to a request or an export, and who did it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor: Option<String>,
    pub request_id: Option<i64>,
    pub export_id: Option<i64>,
    /// e.g. `STATE_CHANGED`, `IDENTIFIER_VERIFIED`, `LINK_CREATED`, `DOWNLOADED`.
    pub action: String,
    /// JSON with the action's details (never identifier values).
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
