//! Which way a declared reference may be walked: a fideslang dataset's `direction: from`
//! lets a search go from the named row to the rows naming it, never up.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("source_references"))
                    .add_column(
                        ColumnDef::new(Alias::new("walk_up"))
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("source_references"))
                    .drop_column(Alias::new("walk_up"))
                    .to_owned(),
            )
            .await
    }
}
