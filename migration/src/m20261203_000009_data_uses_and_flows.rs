//! Data uses (fideslang's taxonomy of purposes, default and custom), the data use an
//! activity states, and data flows between systems (fideslang's egress and ingress).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// fideslang's default data uses: (key, name). Parents come before children.
pub const DATA_USES: &[(&str, &str)] = &[
    ("analytics", "Analytics"),
    ("collect", "Collect"),
    ("employment", "Employment"),
    ("essential", "Essential"),
    ("finance", "Finance"),
    ("functional", "Functional"),
    ("marketing", "Marketing"),
    ("operations", "Operations"),
    ("personalize", "Personalize"),
    ("sales", "Sales"),
    ("third_party_sharing", "Third Party Sharing"),
    ("train_ai_system", "Train AI System"),
    ("analytics.reporting", "Analytics for Reporting"),
    ("employment.recruitment", "Employment Recruitment"),
    ("essential.fraud_detection", "Essential Fraud Detection"),
    ("essential.legal_obligation", "Essential Legal Obligation"),
    ("essential.service", "Essential for Service"),
    ("functional.service", "Service"),
    ("functional.storage", "Local Data Storage"),
    (
        "marketing.advertising",
        "Advertising, Marketing or Promotion",
    ),
    ("marketing.communications", "Marketing Communications"),
    ("personalize.content", "Content Personalization"),
    ("personalize.profiling", "Personalized Profiling"),
    ("personalize.system", "System Personalization"),
    (
        "third_party_sharing.legal_obligation",
        "Sharing for Legal Obligation",
    ),
    (
        "analytics.reporting.ad_performance",
        "Analytics for Advertising Performance",
    ),
    (
        "analytics.reporting.campaign_insights",
        "Analytics for Insights",
    ),
    (
        "analytics.reporting.content_performance",
        "Analytics for Content Performance",
    ),
    (
        "analytics.reporting.system",
        "Analytics for System Activity",
    ),
    (
        "essential.service.authentication",
        "Essential Service Authentication",
    ),
    (
        "essential.service.notifications",
        "Essential Service Notifications",
    ),
    ("essential.service.operations", "Essential for Operations"),
    (
        "essential.service.payment_processing",
        "Essential for Payment Processing",
    ),
    ("essential.service.security", "Essential for Security"),
    (
        "essential.service.upgrades",
        "Essential for Service Upgrades",
    ),
    ("functional.service.improve", "Improve Service"),
    (
        "functional.storage.privacy_preferences",
        "Local Data Storage for Privacy Preferences",
    ),
    (
        "marketing.advertising.first_party",
        "First Party Advertising",
    ),
    (
        "marketing.advertising.frequency_capping",
        "Frequency Capping",
    ),
    (
        "marketing.advertising.negative_targeting",
        "Negative Targeting",
    ),
    (
        "marketing.advertising.profiling",
        "Profiling for Advertising",
    ),
    ("marketing.advertising.serving", "Essential for Serving Ads"),
    (
        "marketing.advertising.third_party",
        "Third Party Advertising",
    ),
    (
        "marketing.communications.email",
        "Marketing Email Communications",
    ),
    (
        "marketing.communications.sms",
        "Marketing SMS Communications",
    ),
    (
        "personalize.content.limited",
        "Limited Content Personalization",
    ),
    (
        "personalize.content.profiled",
        "Targeted Content Personalization",
    ),
    (
        "personalize.content.profiling",
        "Profiling for Personalization",
    ),
    (
        "analytics.reporting.system.performance",
        "Analytics for System Performance",
    ),
    (
        "essential.service.notifications.email",
        "Essential Email Service Notifications",
    ),
    (
        "essential.service.notifications.sms",
        "Essential SMS Service Notifications",
    ),
    (
        "essential.service.operations.improve",
        "Essential for Support Improvement",
    ),
    (
        "essential.service.operations.support",
        "Essential for Operations Support",
    ),
    (
        "marketing.advertising.first_party.contextual",
        "First Party Contextual Advertising",
    ),
    (
        "marketing.advertising.first_party.targeted",
        "First Party Personalized Advertising",
    ),
    (
        "marketing.advertising.third_party.targeted",
        "Third Party Targeted Advertising",
    ),
];

fn id() -> ColumnDef {
    ColumnDef::new(Alias::new("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn string(name: &str, null: bool) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.string();
    if null {
        c.null();
    } else {
        c.not_null();
    }
    c
}

fn timestamp(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn system_fk(column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_system_flows_{column}"))
        .from(Alias::new("system_flows"), Alias::new(column))
        .to(Alias::new("systems"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("data_uses"))
                    .col(id())
                    .col(string("key", false).unique_key())
                    .col(string("name", false))
                    .col(ColumnDef::new(Alias::new("description")).text().null())
                    .col(string("parent_key", true))
                    .col(
                        ColumnDef::new(Alias::new("custom"))
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let now = chrono::Utc::now();
        for (key, name) in DATA_USES {
            let parent = key.rfind('.').map(|i| key[..i].to_owned());
            let insert = Query::insert()
                .into_table(Alias::new("data_uses"))
                .columns(
                    [
                        "key",
                        "name",
                        "parent_key",
                        "custom",
                        "created_at",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    (*key).into(),
                    (*name).into(),
                    parent.into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(backend.build(&insert)).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("processing_activities"))
                    .add_column(string("data_use", true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("system_flows"))
                    .col(id())
                    .col(
                        ColumnDef::new(Alias::new("from_system_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Alias::new("to_system_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Alias::new("categories")).text().not_null())
                    .col(timestamp("created_at"))
                    .col(timestamp("updated_at"))
                    .foreign_key(&mut system_fk("from_system_id"))
                    .foreign_key(&mut system_fk("to_system_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_system_flows_from_to")
                    .table(Alias::new("system_flows"))
                    .col(Alias::new("from_system_id"))
                    .col(Alias::new("to_system_id"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Alias::new("system_flows")).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("processing_activities"))
                    .drop_column(Alias::new("data_use"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Alias::new("data_uses")).to_owned())
            .await
    }
}
