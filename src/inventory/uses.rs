//! Data uses: why data is processed, in fideslang's taxonomy. The defaults come with
//! the store; an organisation (or an imported fideslang file) adds its own under them.

use super::{optional_text, patch_text, required_text, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::DataUseKey;
use crate::error::{Error, Result};
use chrono::Utc;
use entity::data_use;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct NewDataUse {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Defaults to the key's dotted prefix when that data use exists.
    pub parent_key: Option<String>,
}

/// The whole taxonomy, by key (a few dozen entries).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<data_use::Model>> {
    Ok(data_use::Entity::find()
        .order_by_asc(data_use::Column::Key)
        .all(db)
        .await?)
}

pub async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<data_use::Model>> {
    Ok(data_use::Entity::find()
        .filter(data_use::Column::Key.eq(key))
        .one(db)
        .await?)
}

/// Resolves a data-use key given as input; an unknown key is a validation error on
/// `field`.
pub async fn resolve_key(
    db: &impl ConnectionTrait,
    field: &str,
    key: &str,
) -> Result<data_use::Model> {
    let key = DataUseKey::parse(field, key)?;
    find_by_key(db, key.as_str()).await?.ok_or_else(|| {
        Error::validation(
            field,
            format!(
                "unknown data use {:?}; use one of the taxonomy's keys (query dataUses) \
                 or add it first",
                key.as_str()
            ),
        )
    })
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewDataUse,
) -> Result<data_use::Model> {
    let key = DataUseKey::parse("key", &input.key)?;
    let name = required_text("name", &input.name, NAME_MAX)?;
    let description = optional_text("description", input.description.as_deref(), TEXT_MAX)?;
    let txn = db.begin().await?;
    if find_by_key(&txn, key.as_str()).await?.is_some() {
        return Err(Error::Conflict(format!(
            "data use {:?} already exists",
            key.as_str()
        )));
    }
    let parent_key = match input.parent_key.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => Some(resolve_key(&txn, "parentKey", p).await?.key),
        _ => match key.parent() {
            Some(p) => find_by_key(&txn, p).await?.map(|p| p.key),
            None => None,
        },
    };
    let now = Utc::now();
    let model = data_use::ActiveModel {
        key: Set(key.as_str().to_owned()),
        name: Set(name),
        description: Set(description),
        parent_key: Set(parent_key),
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

/// Renames or redescribes a custom data use; the defaults are fideslang's and stay.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &str,
    name: Option<&str>,
    description: Patch<String>,
) -> Result<data_use::Model> {
    let txn = db.begin().await?;
    let current = resolve_key(&txn, "key", key).await?;
    if !current.custom {
        return Err(Error::validation(
            "key",
            format!("{key:?} is one of fideslang's data uses and cannot be changed"),
        ));
    }
    let mut model: data_use::ActiveModel = current.into();
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
