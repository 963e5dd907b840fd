//! The inventory: organisations, systems, categories, subjects, processing activities
//! and their parts, system↔category links and API tokens.

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

fn text(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).string().null().to_owned()
}

fn text_req(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string()
        .not_null()
        .to_owned()
}

fn long_text(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).text().null().to_owned()
}

fn big(name: &str, null: bool) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.big_integer();
    if null {
        c.null();
    } else {
        c.not_null();
    }
    c
}

fn ts(name: &str, null: bool) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.timestamp_with_time_zone();
    if null {
        c.null();
    } else {
        c.not_null();
    }
    c
}

fn boolean(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .boolean()
        .not_null()
        .default(false)
        .to_owned()
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

fn timestamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(ts("created_at", false)).col(ts("updated_at", false))
}

fn retention(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(text("retention_period"))
        .col(text("retention_trigger"))
        .col(text("retention_statute"))
        .col(long_text("retention_description"))
}

async fn index(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(format!("idx_{table}_{}", columns.join("_")))
        .table(Alias::new(table));
    for c in columns {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    manager.create_index(idx.to_owned()).await
}

const TABLES: &[&str] = &[
    "api_tokens",
    "system_categories",
    "transfers",
    "activity_recipients",
    "activity_systems",
    "activity_data",
    "activity_legal_bases",
    "processing_activities",
    "recipients",
    "data_subjects",
    "data_categories",
    "systems",
    "organisations",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        let mut t = Table::create();
        t.table(Alias::new("organisations"))
            .col(id())
            .col(text_req("name").unique_key())
            .col(text("registration_number"))
            .col(long_text("address"))
            .col(text("country"))
            .col(text("contact_email"))
            .col(text("dpo_name"))
            .col(text("dpo_contact"))
            .col(long_text("eu_representative"))
            .col(long_text("security_measures"));
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        let mut t = Table::create();
        t.table(Alias::new("systems"))
            .col(id())
            .col(big("organisation_id", true))
            .col(text_req("name").unique_key())
            .col(long_text("description"))
            .col(text("owner"))
            .col(text_req("kind"))
            .col(text("hosting_country"))
            .col(text("vendor"))
            .foreign_key(&mut fk(
                "systems",
                "organisation_id",
                "organisations",
                Restrict,
            ));
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        let mut t = Table::create();
        t.table(Alias::new("data_categories"))
            .col(id())
            .col(text_req("key").unique_key())
            .col(text_req("name"))
            .col(long_text("description"))
            .col(big("parent_id", true))
            .col(boolean("special"))
            .col(boolean("custom"))
            .foreign_key(&mut fk(
                "data_categories",
                "parent_id",
                "data_categories",
                Restrict,
            ));
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        let mut t = Table::create();
        t.table(Alias::new("data_subjects"))
            .col(id())
            .col(text_req("key").unique_key())
            .col(text_req("name"))
            .col(long_text("description"))
            .col(boolean("custom"));
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        let mut t = Table::create();
        t.table(Alias::new("recipients"))
            .col(id())
            .col(text_req("name").unique_key())
            .col(text_req("role"))
            .col(text("country"))
            .col(text("contract_reference"))
            .col(long_text("description"));
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        let mut t = Table::create();
        t.table(Alias::new("processing_activities"))
            .col(id())
            .col(big("organisation_id", true))
            .col(text_req("name").unique_key())
            .col(ColumnDef::new(Alias::new("purpose")).text().not_null())
            .col(long_text("description"))
            .col(text_req("role"))
            .col(text("controller_name"))
            .col(text("special_category_condition"))
            .col(long_text("automated_decision_making"))
            .col(long_text("security_measures"))
            .foreign_key(&mut fk(
                "processing_activities",
                "organisation_id",
                "organisations",
                Restrict,
            ));
        retention(&mut t);
        manager.create_table(timestamps(&mut t).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::new("activity_legal_bases"))
                    .col(id())
                    .col(big("activity_id", false))
                    .col(text_req("basis"))
                    .col(long_text("note"))
                    .foreign_key(&mut fk(
                        "activity_legal_bases",
                        "activity_id",
                        "processing_activities",
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "activity_legal_bases",
            &["activity_id", "basis"],
            true,
        )
        .await?;

        let mut t = Table::create();
        t.table(Alias::new("activity_data"))
            .col(id())
            .col(big("activity_id", false))
            .col(big("category_id", false))
            .col(big("subject_id", false))
            .col(text_req("source"))
            .col(long_text("source_detail"))
            .foreign_key(&mut fk(
                "activity_data",
                "activity_id",
                "processing_activities",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "activity_data",
                "category_id",
                "data_categories",
                Restrict,
            ))
            .foreign_key(&mut fk(
                "activity_data",
                "subject_id",
                "data_subjects",
                Restrict,
            ));
        retention(&mut t);
        manager.create_table(t.to_owned()).await?;
        index(
            manager,
            "activity_data",
            &["activity_id", "category_id", "subject_id"],
            true,
        )
        .await?;
        index(manager, "activity_data", &["category_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::new("activity_systems"))
                    .col(id())
                    .col(big("activity_id", false))
                    .col(big("system_id", false))
                    .foreign_key(&mut fk(
                        "activity_systems",
                        "activity_id",
                        "processing_activities",
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "activity_systems",
                        "system_id",
                        "systems",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "activity_systems",
            &["activity_id", "system_id"],
            true,
        )
        .await?;
        index(manager, "activity_systems", &["system_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::new("activity_recipients"))
                    .col(id())
                    .col(big("activity_id", false))
                    .col(big("recipient_id", false))
                    .col(long_text("purpose"))
                    .foreign_key(&mut fk(
                        "activity_recipients",
                        "activity_id",
                        "processing_activities",
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "activity_recipients",
                        "recipient_id",
                        "recipients",
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "activity_recipients",
            &["activity_id", "recipient_id"],
            true,
        )
        .await?;
        index(manager, "activity_recipients", &["recipient_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::new("transfers"))
                    .col(id())
                    .col(big("activity_id", false))
                    .col(big("recipient_id", true))
                    .col(text_req("country"))
                    .col(text_req("safeguard"))
                    .col(long_text("safeguard_detail"))
                    .foreign_key(&mut fk(
                        "transfers",
                        "activity_id",
                        "processing_activities",
                        Cascade,
                    ))
                    .foreign_key(&mut fk("transfers", "recipient_id", "recipients", SetNull))
                    .to_owned(),
            )
            .await?;
        index(manager, "transfers", &["activity_id"], false).await?;

        let mut t = Table::create();
        t.table(Alias::new("system_categories"))
            .col(id())
            .col(big("system_id", false))
            .col(big("category_id", false))
            .col(text_req("status"))
            .col(text_req("provenance"))
            .col(text_req("location"))
            .col(big("scan_id", true))
            .col(ColumnDef::new(Alias::new("confidence")).double().null())
            .col(long_text("note"))
            .col(text("created_by"))
            .col(text("decided_by"))
            .col(ts("decided_at", true))
            .foreign_key(&mut fk(
                "system_categories",
                "system_id",
                "systems",
                Cascade,
            ))
            .foreign_key(&mut fk(
                "system_categories",
                "category_id",
                "data_categories",
                Restrict,
            ));
        manager.create_table(timestamps(&mut t).to_owned()).await?;
        index(
            manager,
            "system_categories",
            &["system_id", "category_id", "location"],
            true,
        )
        .await?;
        index(manager, "system_categories", &["category_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::new("api_tokens"))
                    .col(id())
                    .col(text_req("name").unique_key())
                    .col(text_req("role"))
                    .col(text_req("token_hash").unique_key())
                    .col(text_req("prefix"))
                    .col(ts("created_at", false))
                    .col(ts("last_used_at", true))
                    .col(ts("revoked_at", true))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES {
            manager
                .drop_table(Table::drop().table(Alias::new(*t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
