use sea_orm::entity::prelude::*;

/// A data-subject request (Art. 15 access and/or Art. 20 portability).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dsar_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub access: bool,
    pub portability: bool,
    /// `RECEIVED`, `VERIFYING`, `IN_PROGRESS`, `READY`, `DELIVERED`, `REJECTED` or `EXPIRED`.
    pub state: String,
    /// How the DPO refers to the person (free text, optional).
    pub subject_name: Option<String>,
    pub received_on: Date,
    /// Received + one month (Art. 12(3)).
    pub due_on: Date,
    /// The extended deadline, at most two more months.
    pub extended_to: Option<Date>,
    pub extension_reason: Option<String>,
    pub rejection_reason: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
