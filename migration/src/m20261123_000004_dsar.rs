//! Subject-access and portability requests: identifiers, the audit log, exports and
//! their download links, and references a DPO declares between source columns.

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
fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_{table}_{}", columns.join("_")))
        .table(Alias::new(table));
    for c in columns {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("dsar_requests"))
                    .col(id())
                    .col(col("access").boolean().not_null())
                    .col(col("portability").boolean().not_null())
                    .col(col("state").string().not_null())
                    .col(col("subject_name").string().null())
                    .col(col("received_on").date().not_null())
                    .col(col("due_on").date().not_null())
                    .col(col("extended_to").date().null())
                    .col(col("extension_reason").text().null())
                    .col(col("rejection_reason").text().null())
                    .col(col("created_by").string().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("updated_at").timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("dsar_requests", &["state", "due_on"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("dsar_identifiers"))
                    .col(id())
                    .col(col("request_id").big_integer().not_null())
                    .col(col("kind").string().not_null())
                    .col(col("sealed_value").text().not_null())
                    .col(col("masked").string().not_null())
                    .col(col("source_id").big_integer().null())
                    .col(col("location").string().null())
                    .col(col("verified_method").string().null())
                    .col(col("verified_by").string().null())
                    .col(col("verified_at").timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(
                        "dsar_identifiers",
                        "request_id",
                        "dsar_requests",
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "dsar_identifiers",
                        "source_id",
                        "data_sources",
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("dsar_identifiers", &["request_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("audit_log"))
                    .col(id())
                    .col(col("at").timestamp_with_time_zone().not_null())
                    .col(col("actor").string().null())
                    .col(col("request_id").big_integer().null())
                    .col(col("export_id").big_integer().null())
                    .col(col("action").string().not_null())
                    .col(col("detail").text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_log", &["request_id", "at"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("dsar_exports"))
                    .col(id())
                    .col(col("request_id").big_integer().not_null())
                    .col(col("portability").boolean().not_null())
                    .col(col("status").string().not_null())
                    .col(col("error").text().null())
                    .col(col("sources_total").integer().not_null().default(0))
                    .col(col("sources_done").integer().not_null().default(0))
                    .col(col("tables_read").integer().not_null().default(0))
                    .col(col("rows_found").big_integer().not_null().default(0))
                    .col(col("current_table").string().null())
                    .col(col("file_name").string().null())
                    .col(col("size_bytes").big_integer().null())
                    .col(col("sha256").string().null())
                    .col(col("summary").text().null())
                    .col(col("created_by").string().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("finished_at").timestamp_with_time_zone().null())
                    .col(col("expires_at").timestamp_with_time_zone().null())
                    .col(col("purged_at").timestamp_with_time_zone().null())
                    .foreign_key(&mut fk(
                        "dsar_exports",
                        "request_id",
                        "dsar_requests",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("export_links"))
                    .col(id())
                    .col(col("export_id").big_integer().not_null())
                    .col(col("expires_at").timestamp_with_time_zone().not_null())
                    .col(col("revoked_at").timestamp_with_time_zone().null())
                    .col(col("created_by").string().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .col(col("downloads").integer().not_null().default(0))
                    .foreign_key(&mut fk(
                        "export_links",
                        "export_id",
                        "dsar_exports",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("source_references"))
                    .col(id())
                    .col(col("source_id").big_integer().not_null())
                    .col(col("from_column").string().not_null())
                    .col(col("to_column").string().not_null())
                    .col(col("note").text().null())
                    .col(col("created_by").string().null())
                    .col(col("created_at").timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        "source_references",
                        "source_id",
                        "data_sources",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "source_references",
                    &["source_id", "from_column", "to_column"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "source_references",
            "export_links",
            "dsar_exports",
            "audit_log",
            "dsar_identifiers",
            "dsar_requests",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
