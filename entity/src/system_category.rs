use sea_orm::entity::prelude::*;

/// A claim that a system holds a data category, declared by a person or proposed by a scan.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "system_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub system_id: i64,
    pub category_id: i64,
    /// `PROPOSED`, `CONFIRMED` or `REJECTED`.
    pub status: String,
    /// `DECLARED` or `DISCOVERED`.
    pub provenance: String,
    /// Where in the system (e.g. `public.users.email`); empty when declared for the whole system.
    pub location: String,
    pub scan_id: Option<i64>,
    /// Detector confidence score in 0..=1 for discovered links.
    pub confidence: Option<f64>,
    pub note: Option<String>,
    pub created_by: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
