use sea_orm::entity::prelude::*;

/// One (column, kind) verdict of a scan. Evidence is masked; raw values are never stored.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scan_findings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub scan_id: i64,
    pub schema_name: String,
    pub table_name: String,
    pub column_name: String,
    pub kind: String,
    pub category_key: String,
    /// `HIGH`, `MEDIUM` or `LOW`.
    pub confidence: String,
    pub score: f64,
    pub match_ratio: f64,
    pub rows_scanned: i64,
    pub matches: i64,
    /// `values`, `json` or `free_text`.
    pub content: String,
    /// JSON array of masked examples.
    pub examples: String,
    /// The proposed system↔category link this finding supports.
    pub link_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
