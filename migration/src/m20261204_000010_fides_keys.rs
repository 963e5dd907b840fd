//! A stored fides key for organisations, systems and processing activities: the
//! identity a fideslang file gives a resource, kept when the resource is renamed, so an
//! import matches by key (never duplicates a renamed resource). Rows without one get it
//! when Steward starts (derived from the name), and new rows when they are created.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 3] = ["organisations", "systems", "processing_activities"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("fides_key")).string().null())
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{table}_fides_key"))
                        .table(Alias::new(table))
                        .col(Alias::new("fides_key"))
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("idx_{table}_fides_key"))
                        .table(Alias::new(table))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new("fides_key"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
