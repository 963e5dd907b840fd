use sea_orm::entity::prelude::*;

/// One entry of the record of processing activities (Art. 30).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processing_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: Option<i64>,
    #[sea_orm(unique)]
    pub name: String,
    /// The resource's fides key: its identity in fideslang files, kept across renames.
    pub fides_key: Option<String>,
    pub purpose: String,
    /// The fideslang data use (a key of `data_uses`) the purpose falls under, if stated.
    pub data_use: Option<String>,
    pub description: Option<String>,
    /// `CONTROLLER`, `PROCESSOR` or `JOINT_CONTROLLER`.
    pub role: String,
    /// For processor activities: the controller(s) on whose behalf we process.
    pub controller_name: Option<String>,
    /// Art. 9(2) condition (`A`..`J`) when special categories are processed.
    pub special_category_condition: Option<String>,
    pub automated_decision_making: Option<String>,
    pub security_measures: Option<String>,
    pub retention_period: Option<String>,
    pub retention_trigger: Option<String>,
    pub retention_statute: Option<String>,
    pub retention_description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
