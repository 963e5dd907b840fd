use sea_orm::entity::prelude::*;

/// A data category processed about a subject category within an activity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_data")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i64,
    pub category_id: i64,
    pub subject_id: i64,
    /// `PROVIDED`, `OBSERVED`, `INFERRED` or `THIRD_PARTY`.
    pub source: String,
    pub source_detail: Option<String>,
    pub retention_period: Option<String>,
    pub retention_trigger: Option<String>,
    pub retention_statute: Option<String>,
    pub retention_description: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
