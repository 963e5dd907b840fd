//! Systems that hold personal data.

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::{keys_optional_country as optional_country, LinkStatus, SystemKind};
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{activity_system, processing_activity, system, system_category};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct NewSystem {
    pub name: String,
    pub organisation_id: Option<i64>,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub kind: SystemKind,
    pub hosting_country: Option<String>,
    pub vendor: Option<String>,
}

impl NewSystem {
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            organisation_id: None,
            description: None,
            owner: None,
            kind: SystemKind::Other,
            hosting_country: None,
            vendor: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SystemChanges {
    pub name: Option<String>,
    pub organisation_id: Patch<i64>,
    pub description: Patch<String>,
    pub owner: Patch<String>,
    pub kind: Option<SystemKind>,
    pub hosting_country: Patch<String>,
    pub vendor: Patch<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SystemFilter {
    pub name_contains: Option<String>,
    pub kind: Option<SystemKind>,
    pub organisation_id: Option<i64>,
    /// Only systems holding this category or one of its descendants.
    pub holds_category: Option<String>,
    /// Link statuses that count as holding (default: confirmed only).
    pub statuses: Option<Vec<LinkStatus>>,
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<system::Model> {
    system::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("system", id))
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: SystemFilter,
    page: PageArgs,
) -> Result<Page<system::Model>> {
    let mut select = system::Entity::find();
    if let Some(text) = filter
        .name_contains
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let text = super::checked_text("filter.nameContains", text, NAME_MAX)?;
        // `%` and `_` in the text are the characters themselves, not wildcards.
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        select = select.filter(
            sea_orm::sea_query::Expr::col(system::Column::Name)
                .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if let Some(kind) = filter.kind {
        select = select.filter(system::Column::Kind.eq(kind.as_str()));
    }
    if let Some(org) = filter.organisation_id {
        select = select.filter(system::Column::OrganisationId.eq(org));
    }
    if let Some(key) = &filter.holds_category {
        let category = super::categories::resolve_key(db, "filter.holdsCategory", key).await?;
        let ids = super::categories::subtree_ids(db, category.id).await?;
        let statuses = statuses_or_confirmed(filter.statuses.as_deref());
        let holding: Vec<i64> = system_category::Entity::find()
            .select_only()
            .column(system_category::Column::SystemId)
            .filter(system_category::Column::CategoryId.is_in(ids))
            .filter(system_category::Column::Status.is_in(statuses))
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        select = select.filter(system::Column::Id.is_in(holding));
    }
    super::page::paginate(db, select, system::Column::Id, page).await
}

pub(crate) fn statuses_or_confirmed(statuses: Option<&[LinkStatus]>) -> Vec<&'static str> {
    match statuses {
        Some(s) if !s.is_empty() => s.iter().map(|s| s.as_str()).collect(),
        _ => vec![LinkStatus::Confirmed.as_str()],
    }
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewSystem,
) -> Result<system::Model> {
    let name = required_text("name", &input.name, NAME_MAX)?;
    let now = Utc::now();
    let mut model = system::ActiveModel {
        name: Set(name.clone()),
        organisation_id: Set(input.organisation_id),
        description: Set(optional_text(
            "description",
            input.description.as_deref(),
            TEXT_MAX,
        )?),
        owner: Set(optional_text("owner", input.owner.as_deref(), NAME_MAX)?),
        kind: Set(input.kind.as_str().to_owned()),
        hosting_country: Set(optional_country(
            "hostingCountry",
            input.hosting_country.as_deref(),
        )?),
        vendor: Set(optional_text("vendor", input.vendor.as_deref(), NAME_MAX)?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let txn = db.begin().await?;
    super::organisations::ensure_exists(&txn, "organisationId", input.organisation_id).await?;
    super::ensure_unique_name::<system::Entity>(
        &txn,
        system::Column::Name,
        system::Column::Id,
        &name,
        None,
        "a system",
    )
    .await?;
    model.fides_key = Set(Some(
        super::fresh_fides_key::<system::Entity>(&txn, system::Column::FidesKey, &name).await?,
    ));
    let model = model.insert(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    c: SystemChanges,
) -> Result<system::Model> {
    let txn = db.begin().await?;
    let mut model: system::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = &c.name {
        let name = required_text("name", name, NAME_MAX)?;
        super::ensure_unique_name::<system::Entity>(
            &txn,
            system::Column::Name,
            system::Column::Id,
            &name,
            Some(id),
            "a system",
        )
        .await?;
        model.name = Set(name);
    }
    if let Some(org) = c.organisation_id {
        super::organisations::ensure_exists(&txn, "organisationId", org).await?;
        model.organisation_id = Set(org);
    }
    if let Some(v) = patch_text("description", &c.description, TEXT_MAX)? {
        model.description = Set(v);
    }
    if let Some(v) = patch_text("owner", &c.owner, NAME_MAX)? {
        model.owner = Set(v);
    }
    if let Some(v) = patch_text("vendor", &c.vendor, NAME_MAX)? {
        model.vendor = Set(v);
    }
    if let Some(kind) = c.kind {
        model.kind = Set(kind.as_str().to_owned());
    }
    if let Some(country) = &c.hosting_country {
        model.hosting_country = Set(optional_country("hostingCountry", country.as_deref())?);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Deletes a system no processing activity uses; its category links go with it.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<system::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let users: Vec<String> = processing_activity::Entity::find()
        .select_only()
        .column(processing_activity::Column::Name)
        .filter(
            processing_activity::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(activity_system::Column::ActivityId)
                    .from(activity_system::Entity)
                    .and_where(activity_system::Column::SystemId.eq(id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(&txn)
        .await?;
    if !users.is_empty() {
        return Err(Error::Conflict(format!(
            "system {:?} is used by processing activities {}; remove it from them first",
            current.name,
            users
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    system_category::Entity::delete_many()
        .filter(system_category::Column::SystemId.eq(id))
        .exec(&txn)
        .await?;
    entity::system_flow::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(entity::system_flow::Column::FromSystemId.eq(id))
                .add(entity::system_flow::Column::ToSystemId.eq(id)),
        )
        .exec(&txn)
        .await?;
    system::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(current)
}
