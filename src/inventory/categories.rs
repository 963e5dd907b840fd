//! Data categories: a tree keyed like fideslang, with Art. 9 flags.

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::CategoryKey;
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{activity_data, data_category, system_category};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct NewCategory {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Defaults to the key's dotted prefix when that category exists.
    pub parent_key: Option<String>,
    pub special: bool,
}

#[derive(Debug, Clone, Default)]
pub struct CategoryChanges {
    pub name: Option<String>,
    pub description: Patch<String>,
    pub parent_key: Patch<String>,
    pub special: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub struct CategoryFilter {
    /// Only this category and its descendants.
    pub under: Option<String>,
    pub special: Option<bool>,
    pub custom: Option<bool>,
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<data_category::Model> {
    data_category::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("data category", id))
}

pub async fn get_by_key(db: &impl ConnectionTrait, key: &str) -> Result<data_category::Model> {
    find_by_key(db, key)
        .await?
        .ok_or_else(|| Error::NotFound(format!("data category {key:?} does not exist")))
}

async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> Result<Option<data_category::Model>> {
    Ok(data_category::Entity::find()
        .filter(data_category::Column::Key.eq(key))
        .one(db)
        .await?)
}

/// Resolves a category key given as input; an unknown key is a validation error on `field`.
pub async fn resolve_key(
    db: &impl ConnectionTrait,
    field: &str,
    key: &str,
) -> Result<data_category::Model> {
    let key = CategoryKey::parse(field, key)?;
    find_by_key(db, key.as_str()).await?.ok_or_else(|| {
        Error::validation(field, format!("unknown data category {:?}", key.as_str()))
    })
}

/// Ids of the category with `id` and all of its descendants.
pub async fn subtree_ids(db: &impl ConnectionTrait, id: i64) -> Result<Vec<i64>> {
    let all = data_category::Entity::find().all(db).await?;
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for c in &all {
        if let Some(p) = c.parent_id {
            children.entry(p).or_default().push(c.id);
        }
    }
    let mut out = vec![id];
    let mut seen: HashSet<i64> = HashSet::from([id]);
    let mut i = 0;
    while i < out.len() {
        for kid in children.get(&out[i]).into_iter().flatten() {
            if seen.insert(*kid) {
                out.push(*kid);
            }
        }
        i += 1;
    }
    Ok(out)
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: CategoryFilter,
    page: PageArgs,
) -> Result<Page<data_category::Model>> {
    let mut select = data_category::Entity::find();
    if let Some(under) = &filter.under {
        let root = resolve_key(db, "filter.under", under).await?;
        select = select.filter(data_category::Column::Id.is_in(subtree_ids(db, root.id).await?));
    }
    if let Some(special) = filter.special {
        select = select.filter(data_category::Column::Special.eq(special));
    }
    if let Some(custom) = filter.custom {
        select = select.filter(data_category::Column::Custom.eq(custom));
    }
    super::page::paginate(db, select, data_category::Column::Id, page).await
}

pub async fn children(db: &impl ConnectionTrait, id: i64) -> Result<Vec<data_category::Model>> {
    Ok(data_category::Entity::find()
        .filter(data_category::Column::ParentId.eq(id))
        .order_by_asc(data_category::Column::Key)
        .all(db)
        .await?)
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewCategory,
) -> Result<data_category::Model> {
    let key = CategoryKey::parse("key", &input.key)?;
    let name = required_text("name", &input.name, NAME_MAX)?;
    let description = optional_text("description", input.description.as_deref(), TEXT_MAX)?;
    let txn = db.begin().await?;
    if find_by_key(&txn, key.as_str()).await?.is_some() {
        return Err(Error::Conflict(format!(
            "data category {:?} already exists",
            key.as_str()
        )));
    }
    let parent = match &input.parent_key {
        Some(p) => Some(resolve_key(&txn, "parentKey", p).await?),
        None => match key.parent() {
            Some(p) => find_by_key(&txn, p.as_str()).await?,
            None => None,
        },
    };
    let now = Utc::now();
    let model = data_category::ActiveModel {
        key: Set(key.as_str().to_owned()),
        name: Set(name),
        description: Set(description),
        parent_id: Set(parent.map(|p| p.id)),
        special: Set(input.special),
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
    changes: CategoryChanges,
) -> Result<data_category::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let mut model: data_category::ActiveModel = current.clone().into();
    if let Some(name) = &changes.name {
        model.name = Set(required_text("name", name, NAME_MAX)?);
    }
    if let Some(d) = patch_text("description", &changes.description, TEXT_MAX)? {
        model.description = Set(d);
    }
    if let Some(special) = changes.special {
        model.special = Set(special);
    }
    if let Some(parent_key) = &changes.parent_key {
        let parent_id = match parent_key {
            None => None,
            Some(k) => {
                let parent = resolve_key(&txn, "parentKey", k).await?;
                if subtree_ids(&txn, id).await?.contains(&parent.id) {
                    return Err(Error::validation(
                        "parentKey",
                        format!(
                            "making {:?} the parent of {:?} would create a cycle",
                            parent.key, current.key
                        ),
                    ));
                }
                Some(parent.id)
            }
        };
        model.parent_id = Set(parent_id);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Deletes a category that nothing uses: no children, no activity, no system link.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<data_category::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let kids = data_category::Entity::find()
        .filter(data_category::Column::ParentId.eq(id))
        .count(&txn)
        .await?;
    let activities = activity_data::Entity::find()
        .filter(activity_data::Column::CategoryId.eq(id))
        .count(&txn)
        .await?;
    let links = system_category::Entity::find()
        .filter(system_category::Column::CategoryId.eq(id))
        .count(&txn)
        .await?;
    if kids + activities + links > 0 {
        return Err(Error::Conflict(format!(
            "data category {:?} is still in use ({kids} sub-categories, {activities} \
             processing-activity entries, {links} system links); remove those first",
            current.key
        )));
    }
    data_category::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(current)
}

/// Every category id and its key, for callers that resolve many keys at once.
pub async fn ids_by_key(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> Result<HashMap<String, i64>> {
    let wanted: HashSet<&String> = keys.iter().collect();
    Ok(data_category::Entity::find()
        .filter(data_category::Column::Key.is_in(wanted.into_iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.key, c.id))
        .collect())
}
