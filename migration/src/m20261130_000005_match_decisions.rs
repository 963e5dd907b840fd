//! A DPO's decisions on rows an export matched that may be someone else's: include
//! the row in the request's exports, or leave it out.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("match_decisions"))
                    .col(
                        col("id")
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(col("request_id").big_integer().not_null())
                    .col(col("source_id").big_integer().not_null())
                    .col(col("table_name").string().not_null())
                    .col(col("row_key").text().not_null())
                    .col(col("include").boolean().not_null())
                    .col(col("note").text().null())
                    .col(col("decided_by").string().null())
                    .col(col("decided_at").timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_match_decisions_request_id")
                            .from(Alias::new("match_decisions"), Alias::new("request_id"))
                            .to(Alias::new("dsar_requests"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_match_decisions_source_id")
                            .from(Alias::new("match_decisions"), Alias::new("source_id"))
                            .to(Alias::new("data_sources"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_match_decisions_request_id")
                    .table(Alias::new("match_decisions"))
                    .col(Alias::new("request_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(Alias::new("match_decisions"))
                    .to_owned(),
            )
            .await
    }
}
