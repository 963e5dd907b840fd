//! Named recipients of personal data (Art. 30(1)(d), Art. 15(1)(c)).

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::{keys_optional_country as optional_country, RecipientRole};
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{activity_recipient, recipient};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct NewRecipient {
    pub name: String,
    pub role: RecipientRole,
    pub country: Option<String>,
    pub contract_reference: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RecipientChanges {
    pub name: Option<String>,
    pub role: Option<RecipientRole>,
    pub country: Patch<String>,
    pub contract_reference: Patch<String>,
    pub description: Patch<String>,
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<recipient::Model> {
    recipient::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("recipient", id))
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<recipient::Model>> {
    Ok(recipient::Entity::find()
        .filter(recipient::Column::Name.eq(name))
        .one(db)
        .await?)
}

pub async fn list(db: &impl ConnectionTrait, page: PageArgs) -> Result<Page<recipient::Model>> {
    super::page::paginate(db, recipient::Entity::find(), recipient::Column::Id, page).await
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewRecipient,
) -> Result<recipient::Model> {
    let name = required_text("name", &input.name, NAME_MAX)?;
    let now = Utc::now();
    let model = recipient::ActiveModel {
        name: Set(name.clone()),
        role: Set(input.role.as_str().to_owned()),
        country: Set(optional_country("country", input.country.as_deref())?),
        contract_reference: Set(optional_text(
            "contractReference",
            input.contract_reference.as_deref(),
            NAME_MAX,
        )?),
        description: Set(optional_text(
            "description",
            input.description.as_deref(),
            TEXT_MAX,
        )?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let txn = db.begin().await?;
    if find_by_name(&txn, &name).await?.is_some() {
        return Err(Error::Conflict(format!(
            "a recipient named {name:?} already exists"
        )));
    }
    let model = model.insert(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    c: RecipientChanges,
) -> Result<recipient::Model> {
    let txn = db.begin().await?;
    let mut model: recipient::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = &c.name {
        let name = required_text("name", name, NAME_MAX)?;
        if find_by_name(&txn, &name).await?.is_some_and(|r| r.id != id) {
            return Err(Error::Conflict(format!(
                "a recipient named {name:?} already exists"
            )));
        }
        model.name = Set(name);
    }
    if let Some(role) = c.role {
        model.role = Set(role.as_str().to_owned());
    }
    if let Some(country) = &c.country {
        model.country = Set(optional_country("country", country.as_deref())?);
    }
    if let Some(v) = patch_text("contractReference", &c.contract_reference, NAME_MAX)? {
        model.contract_reference = Set(v);
    }
    if let Some(v) = patch_text("description", &c.description, TEXT_MAX)? {
        model.description = Set(v);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<recipient::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let used = activity_recipient::Entity::find()
        .filter(activity_recipient::Column::RecipientId.eq(id))
        .count(&txn)
        .await?;
    if used > 0 {
        return Err(Error::Conflict(format!(
            "recipient {:?} is named by {used} processing activities; remove it from them first",
            current.name
        )));
    }
    recipient::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(current)
}
