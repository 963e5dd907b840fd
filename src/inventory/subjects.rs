//! Categories of data subjects.

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::SubjectKey;
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{activity_data, data_subject};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<data_subject::Model> {
    data_subject::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("data subject category", id))
}

async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<data_subject::Model>> {
    Ok(data_subject::Entity::find()
        .filter(data_subject::Column::Key.eq(key))
        .one(db)
        .await?)
}

/// Resolves a subject key given as input; an unknown key is a validation error on `field`.
pub async fn resolve_key(
    db: &impl ConnectionTrait,
    field: &str,
    key: &str,
) -> Result<data_subject::Model> {
    let key = SubjectKey::parse(field, key)?;
    find_by_key(db, key.as_str()).await?.ok_or_else(|| {
        Error::validation(
            field,
            format!("unknown data subject category {:?}", key.as_str()),
        )
    })
}

pub async fn list(db: &impl ConnectionTrait, page: PageArgs) -> Result<Page<data_subject::Model>> {
    super::page::paginate(
        db,
        data_subject::Entity::find(),
        data_subject::Column::Id,
        page,
    )
    .await
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &str,
    name: &str,
    description: Option<&str>,
) -> Result<data_subject::Model> {
    let key = SubjectKey::parse("key", key)?;
    let name = required_text("name", name, NAME_MAX)?;
    let description = optional_text("description", description, TEXT_MAX)?;
    let txn = db.begin().await?;
    if find_by_key(&txn, key.as_str()).await?.is_some() {
        return Err(Error::Conflict(format!(
            "data subject category {:?} already exists",
            key.as_str()
        )));
    }
    let now = Utc::now();
    let model = data_subject::ActiveModel {
        key: Set(key.as_str().to_owned()),
        name: Set(name),
        description: Set(description),
        custom: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    name: Option<&str>,
    description: Patch<String>,
) -> Result<data_subject::Model> {
    let txn = db.begin().await?;
    let mut model: data_subject::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = name {
        model.name = Set(required_text("name", name, NAME_MAX)?);
    }
    if let Some(d) = patch_text("description", &description, TEXT_MAX)? {
        model.description = Set(d);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<data_subject::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let used = activity_data::Entity::find()
        .filter(activity_data::Column::SubjectId.eq(id))
        .count(&txn)
        .await?;
    if used > 0 {
        return Err(Error::Conflict(format!(
            "data subject category {:?} is used by {used} processing-activity entries",
            current.key
        )));
    }
    data_subject::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(current)
}
