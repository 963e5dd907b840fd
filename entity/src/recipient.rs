use sea_orm::entity::prelude::*;

/// A named recipient of personal data (processor, other controller, authority).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// `PROCESSOR`, `CONTROLLER`, `JOINT_CONTROLLER`, `PUBLIC_AUTHORITY` or `OTHER`.
    pub role: String,
    pub country: Option<String>,
    /// Reference to the contract or data processing agreement.
    pub contract_reference: Option<String>,
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
