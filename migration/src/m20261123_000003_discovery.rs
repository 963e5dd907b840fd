//! Discovery: data sources (credentials encrypted), their introspected tables, scans
//! and findings.

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
fn fk(
    table: &str,
    column: &str,
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("data_sources"))
                    .col(id())
                    .col(col("system_id").big_integer().not_null())
                    .col(col("name").string().not_null().unique_key())
                    .col(col("engine").string().not_null())
                    .col(col("sealed_url").text().not_null())
                    .col(col("host").string().null())
                    .col(col("port").integer().null())
                    .col(col("database_name").string().null())
                    .col(col("username").string().null())
                    .col(col("last_tested_at").timestamp_with_time_zone().null())
                    .col(col("last_test_error").text().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("updated_at").timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk("data_sources", "system_id", "systems", Restrict))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("scans"))
                    .col(id())
                    .col(col("source_id").big_integer().not_null())
                    .col(col("mode").string().not_null())
                    .col(col("sample_rows").big_integer().null())
                    .col(col("scope").text().not_null())
                    .col(col("status").string().not_null())
                    .col(col("error").text().null())
                    .col(col("tables_total").integer().not_null().default(0))
                    .col(col("tables_done").integer().not_null().default(0))
                    .col(col("rows_read").big_integer().not_null().default(0))
                    .col(col("bytes_read").big_integer().not_null().default(0))
                    .col(col("current_table").string().null())
                    .col(col("coverage").text().null())
                    .col(col("drift").text().null())
                    .col(col("created_by").string().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("started_at").timestamp_with_time_zone().null())
                    .col(col("finished_at").timestamp_with_time_zone().null())
                    .foreign_key(&mut fk("scans", "source_id", "data_sources", Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scans_source_id")
                    .table(Alias::new("scans"))
                    .col(Alias::new("source_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("source_tables"))
                    .col(id())
                    .col(col("source_id").big_integer().not_null())
                    .col(col("schema_name").string().not_null())
                    .col(col("table_name").string().not_null())
                    .col(col("row_estimate").big_integer().null())
                    .col(col("primary_key").text().not_null())
                    .col(col("columns").text().not_null())
                    .col(col("foreign_keys").text().not_null())
                    .col(col("last_scan_id").big_integer().null())
                    .col(col("updated_at").timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "source_tables",
                        "source_id",
                        "data_sources",
                        Cascade,
                    ))
                    .foreign_key(&mut fk("source_tables", "last_scan_id", "scans", SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_source_tables_unique")
                    .table(Alias::new("source_tables"))
                    .col(Alias::new("source_id"))
                    .col(Alias::new("schema_name"))
                    .col(Alias::new("table_name"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("scan_findings"))
                    .col(id())
                    .col(col("scan_id").big_integer().not_null())
                    .col(col("schema_name").string().not_null())
                    .col(col("table_name").string().not_null())
                    .col(col("column_name").string().not_null())
                    .col(col("kind").string().not_null())
                    .col(col("category_key").string().not_null())
                    .col(col("confidence").string().not_null())
                    .col(col("score").double().not_null())
                    .col(col("match_ratio").double().not_null())
                    .col(col("rows_scanned").big_integer().not_null())
                    .col(col("matches").big_integer().not_null())
                    .col(col("content").string().not_null())
                    .col(col("examples").text().not_null())
                    .col(col("link_id").big_integer().null())
                    .foreign_key(&mut fk("scan_findings", "scan_id", "scans", Cascade))
                    .foreign_key(&mut fk(
                        "scan_findings",
                        "link_id",
                        "system_categories",
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_scan_findings_scan_id")
                    .table(Alias::new("scan_findings"))
                    .col(Alias::new("scan_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["scan_findings", "source_tables", "scans", "data_sources"] {
            manager
                .drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
