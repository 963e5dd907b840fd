use sea_orm::entity::prelude::*;

/// One identifier of the person a request is about. The value is sealed (AES-GCM);
/// only a masked form is stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dsar_identifiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    /// `EMAIL`, `PHONE`, `IP`, `NATIONAL_ID` or `ACCOUNT`.
    pub kind: String,
    pub sealed_value: String,
    pub masked: String,
    /// For `ACCOUNT`: the source the id belongs to.
    pub source_id: Option<i64>,
    /// For `ACCOUNT`: the column holding it, `schema.table.column`.
    pub location: Option<String>,
    pub verified_method: Option<String>,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
