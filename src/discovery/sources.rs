//! Data sources: databases attached to systems, with sealed connection URLs.

use super::connectors::{Limits, Scope, Source, TableInfo};
use super::source::SourceUrl;
use crate::crypto;
use crate::error::{Error, Result};
use crate::inventory::{required_text, Page, PageArgs, NAME_MAX};
use crate::secret::SecretKey;
use chrono::Utc;
use entity::{data_source, source_table};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::Serialize;
use std::time::Duration;

const PURPOSE: &str = "data-source-url";

#[derive(Debug, Clone)]
pub struct NewSource {
    pub system_id: i64,
    pub name: String,
    pub url: String,
}

/// The outcome of a connection test. `message` never holds credentials.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConnectionTest {
    pub ok: bool,
    pub error_kind: Option<&'static str>,
    pub message: String,
    pub tables_visible: Option<usize>,
}

fn parse_url(field: &str, url: &str) -> Result<SourceUrl> {
    SourceUrl::parse(url).map_err(|m| Error::validation(field, m))
}

fn display_fields(model: &mut data_source::ActiveModel, url: &SourceUrl) {
    let info = url.info();
    model.engine = Set(info.engine.as_str().to_owned());
    model.host = Set(info.host);
    model.port = Set(info.port.map(i32::from));
    model.database_name = Set(info.database);
    model.username = Set(info.user);
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<data_source::Model> {
    data_source::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("data source", id))
}

pub async fn list(
    db: &impl ConnectionTrait,
    system_id: Option<i64>,
    page: PageArgs,
) -> Result<Page<data_source::Model>> {
    let mut select = data_source::Entity::find();
    if let Some(s) = system_id {
        select = select.filter(data_source::Column::SystemId.eq(s));
    }
    crate::inventory::page::paginate(db, select, data_source::Column::Id, page).await
}

/// Every source of one system, by name.
pub async fn for_system(
    db: &impl ConnectionTrait,
    system_id: i64,
) -> Result<Vec<data_source::Model>> {
    Ok(data_source::Entity::find()
        .filter(data_source::Column::SystemId.eq(system_id))
        .order_by_asc(data_source::Column::Name)
        .all(db)
        .await?)
}

/// The source's URL, unsealed for use. Never log or return it.
pub fn url_of(key: &SecretKey, source: &data_source::Model) -> Result<SourceUrl> {
    let plain = crypto::open(key, PURPOSE, &source.sealed_url)
        .map_err(|e| Error::Internal(anyhow::anyhow!("data source {}: {e}", source.id)))?;
    SourceUrl::parse(&plain)
        .map_err(|e| Error::Internal(anyhow::anyhow!("data source {}: {e}", source.id)))
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &SecretKey,
    input: NewSource,
) -> Result<data_source::Model> {
    let name = required_text("name", &input.name, NAME_MAX)?;
    let url = parse_url("url", &input.url)?;
    let txn = db.begin().await?;
    crate::inventory::systems::get(&txn, input.system_id)
        .await
        .map_err(|_| {
            Error::validation(
                "systemId",
                format!("system {} does not exist", input.system_id),
            )
        })?;
    crate::inventory::ensure_unique_name::<data_source::Entity>(
        &txn,
        data_source::Column::Name,
        data_source::Column::Id,
        &name,
        None,
        "a data source",
    )
    .await?;
    let now = Utc::now();
    let mut model = data_source::ActiveModel {
        system_id: Set(input.system_id),
        name: Set(name),
        sealed_url: Set(crypto::seal(key, PURPOSE, url.expose())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    display_fields(&mut model, &url);
    let model = model.insert(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &SecretKey,
    id: i64,
    name: Option<String>,
    url: Option<String>,
) -> Result<data_source::Model> {
    let txn = db.begin().await?;
    let mut model: data_source::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = name {
        let name = required_text("name", &name, NAME_MAX)?;
        crate::inventory::ensure_unique_name::<data_source::Entity>(
            &txn,
            data_source::Column::Name,
            data_source::Column::Id,
            &name,
            Some(id),
            "a data source",
        )
        .await?;
        model.name = Set(name);
    }
    if let Some(url) = url {
        let url = parse_url("url", &url)?;
        model.sealed_url = Set(crypto::seal(key, PURPOSE, url.expose()));
        display_fields(&mut model, &url);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Deletes a source with its scans and stored tables. Links it proposed stay, with
/// their provenance, for the DPO to review.
pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<data_source::Model> {
    let current = get(db, id).await?;
    data_source::Entity::delete_by_id(id).exec(db).await?;
    Ok(current)
}

/// Connects and lists tables; says why when it cannot.
pub async fn test_url(url: &SourceUrl) -> ConnectionTest {
    let limits = Limits {
        connect_timeout: Duration::from_secs(10),
        ..Limits::default()
    };
    match Source::connect(url, limits).await {
        Err(e) => ConnectionTest {
            ok: false,
            error_kind: Some(e.kind.as_str()),
            message: e.message,
            tables_visible: None,
        },
        Ok(mut source) => {
            let listed = source.introspect(&Scope::default()).await;
            source.close().await;
            match listed {
                Ok(tables) => ConnectionTest {
                    ok: true,
                    error_kind: None,
                    message: format!("connected; {} tables visible", tables.len()),
                    tables_visible: Some(tables.len()),
                },
                Err(e) => ConnectionTest {
                    ok: false,
                    error_kind: Some(e.kind.as_str()),
                    message: e.message,
                    tables_visible: None,
                },
            }
        }
    }
}

/// Tests a stored source and records the outcome.
pub async fn test(db: &impl ConnectionTrait, key: &SecretKey, id: i64) -> Result<ConnectionTest> {
    let source = get(db, id).await?;
    let url = url_of(key, &source)?;
    let outcome = test_url(&url).await;
    let mut model: data_source::ActiveModel = source.into();
    model.last_tested_at = Set(Some(Utc::now()));
    model.last_test_error = Set((!outcome.ok).then(|| outcome.message.clone()));
    model.update(db).await?;
    Ok(outcome)
}

pub async fn tables(db: &impl ConnectionTrait, source_id: i64) -> Result<Vec<source_table::Model>> {
    Ok(source_table::Entity::find()
        .filter(source_table::Column::SourceId.eq(source_id))
        .order_by_asc(source_table::Column::SchemaName)
        .order_by_asc(source_table::Column::TableName)
        .all(db)
        .await?)
}

/// A stored table as the connector described it: columns, primary and foreign keys.
pub fn table_info(t: &source_table::Model) -> Result<TableInfo> {
    fn parse<T: serde::de::DeserializeOwned>(id: i64, text: &str, what: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| {
            Error::Internal(anyhow::anyhow!(
                "stored {what} of table {id} are damaged: {e}"
            ))
        })
    }
    Ok(TableInfo {
        schema: t.schema_name.clone(),
        name: t.table_name.clone(),
        columns: parse(t.id, &t.columns, "columns")?,
        row_estimate: t.row_estimate,
        primary_key: parse(t.id, &t.primary_key, "primary key")?,
        foreign_keys: parse(t.id, &t.foreign_keys, "foreign keys")?,
        unreadable: None,
        blocks: None,
        inherited: false,
    })
}

/// Stores what a scan learnt about a table (columns, keys, references).
pub async fn record_table(
    db: &impl ConnectionTrait,
    source_id: i64,
    scan_id: i64,
    t: &TableInfo,
) -> Result<()> {
    let existing = source_table::Entity::find()
        .filter(source_table::Column::SourceId.eq(source_id))
        .filter(source_table::Column::SchemaName.eq(&t.schema))
        .filter(source_table::Column::TableName.eq(&t.name))
        .one(db)
        .await?;
    let mut model = match existing {
        Some(m) => m.into(),
        None => source_table::ActiveModel {
            source_id: Set(source_id),
            schema_name: Set(t.schema.clone()),
            table_name: Set(t.name.clone()),
            ..Default::default()
        },
    };
    model.row_estimate = Set(t.row_estimate);
    model.primary_key = Set(to_json(&t.primary_key));
    model.columns = Set(to_json(&t.columns));
    model.foreign_keys = Set(to_json(&t.foreign_keys));
    model.last_scan_id = Set(Some(scan_id));
    model.updated_at = Set(Utc::now());
    model.save(db).await?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}
