//! System ↔ data-category links: declared by people, proposed by scans, reviewed by DPOs.

use super::{optional_text, TEXT_MAX};
use crate::domain::{LinkProvenance, LinkStatus};
use crate::error::{Error, Result};
use chrono::Utc;
use entity::system_category;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct NewLink {
    pub system_id: i64,
    pub category_key: String,
    /// Where in the system, e.g. `public.users.email`; empty for the whole system.
    pub location: Option<String>,
    pub provenance: LinkProvenance,
    pub status: LinkStatus,
    pub scan_id: Option<i64>,
    pub confidence: Option<f64>,
    pub note: Option<String>,
    pub actor: Option<String>,
}

impl NewLink {
    /// A link a person declares: confirmed at once.
    pub fn declared(
        system_id: i64,
        category_key: impl Into<String>,
        actor: Option<String>,
    ) -> Self {
        Self {
            system_id,
            category_key: category_key.into(),
            location: None,
            provenance: LinkProvenance::Declared,
            status: LinkStatus::Confirmed,
            scan_id: None,
            confidence: None,
            note: None,
            actor,
        }
    }
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<system_category::Model> {
    system_category::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("system-category link", id))
}

/// Links of one system, optionally limited to some statuses.
pub async fn for_system(
    db: &impl ConnectionTrait,
    system_id: i64,
    statuses: Option<&[LinkStatus]>,
) -> Result<Vec<system_category::Model>> {
    let mut q = system_category::Entity::find()
        .filter(system_category::Column::SystemId.eq(system_id))
        .order_by_asc(system_category::Column::Id);
    if let Some(s) = statuses.filter(|s| !s.is_empty()) {
        q = q.filter(system_category::Column::Status.is_in(s.iter().map(|s| s.as_str())));
    }
    Ok(q.all(db).await?)
}

/// Links to a category and (by default) its descendants: which systems hold it.
pub async fn for_category(
    db: &impl ConnectionTrait,
    category_id: i64,
    include_descendants: bool,
    statuses: Option<&[LinkStatus]>,
) -> Result<Vec<system_category::Model>> {
    let ids = if include_descendants {
        super::categories::subtree_ids(db, category_id).await?
    } else {
        vec![category_id]
    };
    Ok(system_category::Entity::find()
        .filter(system_category::Column::CategoryId.is_in(ids))
        .filter(
            system_category::Column::Status.is_in(super::systems::statuses_or_confirmed(statuses)),
        )
        .order_by_asc(system_category::Column::Id)
        .all(db)
        .await?)
}

/// Creates a link, or returns the existing one for the same system, category and location.
pub async fn link<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewLink,
) -> Result<system_category::Model> {
    let location = optional_text("location", input.location.as_deref(), 500)?.unwrap_or_default();
    let note = optional_text("note", input.note.as_deref(), TEXT_MAX)?;
    if let Some(c) = input.confidence {
        if !(0.0..=1.0).contains(&c) {
            return Err(Error::validation("confidence", "must be between 0 and 1"));
        }
    }
    let txn = db.begin().await?;
    super::systems::get(&txn, input.system_id)
        .await
        .map_err(|_| {
            Error::validation(
                "systemId",
                format!("system {} does not exist", input.system_id),
            )
        })?;
    let category = super::categories::resolve_key(&txn, "categoryKey", &input.category_key).await?;
    let existing = system_category::Entity::find()
        .filter(system_category::Column::SystemId.eq(input.system_id))
        .filter(system_category::Column::CategoryId.eq(category.id))
        .filter(system_category::Column::Location.eq(location.as_str()))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    let now = Utc::now();
    let decided = input.status != LinkStatus::Proposed;
    let model = system_category::ActiveModel {
        system_id: Set(input.system_id),
        category_id: Set(category.id),
        status: Set(input.status.as_str().to_owned()),
        provenance: Set(input.provenance.as_str().to_owned()),
        location: Set(location),
        scan_id: Set(input.scan_id),
        confidence: Set(input.confidence),
        note: Set(note),
        created_by: Set(input.actor.clone()),
        decided_by: Set(if decided { input.actor.clone() } else { None }),
        decided_at: Set(decided.then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Records a DPO's decision on a link.
pub async fn decide(
    db: &impl ConnectionTrait,
    id: i64,
    status: LinkStatus,
    actor: Option<String>,
    note: Option<&str>,
) -> Result<system_category::Model> {
    if status == LinkStatus::Proposed {
        return Err(Error::validation(
            "status",
            "a decision is CONFIRMED or REJECTED",
        ));
    }
    let note = optional_text("note", note, TEXT_MAX)?;
    let mut model: system_category::ActiveModel = get(db, id).await?.into();
    let now = Utc::now();
    model.status = Set(status.as_str().to_owned());
    model.decided_by = Set(actor);
    model.decided_at = Set(Some(now));
    if note.is_some() {
        model.note = Set(note);
    }
    model.updated_at = Set(now);
    Ok(model.update(db).await?)
}

/// The same decision on several links, all or none.
pub async fn decide_many<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    ids: &[i64],
    status: LinkStatus,
    actor: Option<String>,
    note: Option<&str>,
) -> Result<Vec<system_category::Model>> {
    let txn = db.begin().await?;
    let mut decided = Vec::with_capacity(ids.len());
    for id in ids {
        decided.push(decide(&txn, *id, status, actor.clone(), note).await?);
    }
    txn.commit().await?;
    Ok(decided)
}

/// How many systems hold each category by a confirmed link (the category itself, not
/// its descendants).
pub async fn confirmed_counts(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<i64, u64>> {
    use sea_orm::QuerySelect;
    let pairs: Vec<(i64, i64)> = system_category::Entity::find()
        .select_only()
        .column(system_category::Column::CategoryId)
        .column(system_category::Column::SystemId)
        .filter(system_category::Column::Status.eq(LinkStatus::Confirmed.as_str()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = std::collections::HashMap::new();
    for (category, _) in pairs {
        *counts.entry(category).or_insert(0) += 1;
    }
    Ok(counts)
}

pub async fn unlink(db: &impl ConnectionTrait, id: i64) -> Result<system_category::Model> {
    let current = get(db, id).await?;
    system_category::Entity::delete_by_id(id).exec(db).await?;
    Ok(current)
}
