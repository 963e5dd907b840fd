//! One durable job runtime: the job queue (claimed with leases), the parts a scan is
//! divided into, and the inventory change feed every node relays to its subscribers.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id() -> ColumnDef {
    ColumnDef::new(Alias::new("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}
fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("jobs"))
                    .col(id())
                    .col(col("kind").string().not_null())
                    .col(col("subject").string().not_null())
                    .col(col("payload").text().not_null())
                    .col(col("status").string().not_null())
                    .col(col("attempts").integer().not_null().default(0))
                    .col(col("max_attempts").integer().not_null())
                    .col(col("lease_owner").string().null())
                    .col(col("lease_expires_at").timestamp_with_time_zone().null())
                    .col(col("cancel_requested").boolean().not_null().default(false))
                    .col(col("error").text().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("started_at").timestamp_with_time_zone().null())
                    .col(col("heartbeat_at").timestamp_with_time_zone().null())
                    .col(col("finished_at").timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_jobs_status_id", &["status", "id"][..]),
            ("ix_jobs_subject", &["subject"][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new("jobs"));
            for c in columns {
                index.col(Alias::new(*c));
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("scan_parts"))
                    .col(id())
                    .col(col("scan_id").big_integer().not_null())
                    .col(col("table_index").integer().not_null())
                    .col(col("part_index").integer().not_null())
                    .col(col("table_info").text().not_null())
                    .col(col("block_start").big_integer().null())
                    .col(col("block_end").big_integer().null())
                    .col(col("status").string().not_null())
                    .col(col("rows_read").big_integer().not_null().default(0))
                    .col(col("bytes_read").big_integer().not_null().default(0))
                    .col(col("node").string().null())
                    .col(col("result").text().null())
                    .col(col("finished_at").timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_scan_parts_scan_id")
                            .from(Alias::new("scan_parts"), Alias::new("scan_id"))
                            .to(Alias::new("scans"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_scan_parts_scan_id")
                    .table(Alias::new("scan_parts"))
                    .col(Alias::new("scan_id"))
                    .to_owned(),
            )
            .await?;
        for c in ["parts_total", "parts_done"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("scans"))
                        .add_column(col(c).integer().not_null().default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("inventory_changes"))
                    .col(id())
                    .col(col("change").string().not_null())
                    .col(col("entity").string().not_null())
                    .col(col("entity_id").big_integer().not_null())
                    .col(col("actor").string().null())
                    .col(col("at").timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["inventory_changes", "scan_parts", "jobs"] {
            manager
                .drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        for c in ["parts_total", "parts_done"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("scans"))
                        .drop_column(Alias::new(c))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
