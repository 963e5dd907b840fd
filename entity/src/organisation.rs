use sea_orm::entity::prelude::*;

/// A controller (or processor) organisation: the "who" of an Art. 30 record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    /// The resource's fides key: its identity in fideslang files, kept across renames.
    pub fides_key: Option<String>,
    pub registration_number: Option<String>,
    pub address: Option<String>,
    pub country: Option<String>,
    pub contact_email: Option<String>,
    pub dpo_name: Option<String>,
    pub dpo_contact: Option<String>,
    pub eu_representative: Option<String>,
    pub security_measures: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
