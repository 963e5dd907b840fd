use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::{db, opt_id, parse_id};
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::loaders::{LinksOfSystem, OrganisationId, SystemId};
use super::types::{load_one, patch, patch_id, ActivityObject, LinkObject, OrganisationObject};
use crate::domain::{LinkStatus, Role, SystemKind};
use crate::inventory::{activities, flows, systems};
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};
use chrono::{DateTime, Utc};
use entity::{system, system_flow};

/// A place that holds personal data: a database, a SaaS tool, a file store.
pub struct SystemObject(pub system::Model);

#[Object(name = "System")]
impl SystemObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Its key in fideslang files (`steward fides export`): the key a file gave it, else
    /// one made from its name when it was created; kept when it is renamed.
    async fn fides_key(&self) -> Option<&str> {
        self.0.fides_key.as_deref()
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn owner(&self) -> Option<&str> {
        self.0.owner.as_deref()
    }
    async fn kind(&self) -> async_graphql::Result<SystemKind> {
        SystemKind::from_db(&self.0.kind).gql()
    }
    /// ISO 3166-1 alpha-2 country where the data is hosted.
    async fn hosting_country(&self) -> Option<&str> {
        self.0.hosting_country.as_deref()
    }
    async fn vendor(&self) -> Option<&str> {
        self.0.vendor.as_deref()
    }
    async fn organisation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OrganisationObject>> {
        match self.0.organisation_id {
            None => Ok(None),
            Some(id) => Ok(load_one(ctx, OrganisationId(id))
                .await?
                .map(OrganisationObject)),
        }
    }
    /// The data categories this system holds. Default: every status.
    async fn categories(
        &self,
        ctx: &Context<'_>,
        statuses: Option<Vec<LinkStatus>>,
    ) -> async_graphql::Result<Vec<LinkObject>> {
        let links = load_one(ctx, LinksOfSystem(self.0.id))
            .await?
            .unwrap_or_default();
        let wanted: Vec<&str> = statuses
            .unwrap_or_default()
            .iter()
            .map(|s| s.as_str())
            .collect();
        Ok(links
            .into_iter()
            .filter(|l| wanted.is_empty() || wanted.contains(&l.status.as_str()))
            .map(LinkObject)
            .collect())
    }
    /// Processing activities that use this system.
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn activities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<ActivityObject>> {
        let filter = activities::ActivityFilter {
            system_id: Some(self.0.id),
            ..Default::default()
        };
        let page = activities::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |a| a.id, ActivityObject))
    }
    /// Systems this one sends personal data to (fideslang's egress).
    async fn sends_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DataFlowObject>> {
        self.flows(ctx, |f| f.from_system_id).await
    }
    /// Systems that send personal data to this one (fideslang's ingress).
    async fn receives_from(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DataFlowObject>> {
        self.flows(ctx, |f| f.to_system_id).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

impl SystemObject {
    /// The flows whose `end` is this system.
    async fn flows(
        &self,
        ctx: &Context<'_>,
        end: fn(&system_flow::Model) -> i64,
    ) -> async_graphql::Result<Vec<DataFlowObject>> {
        let all = flows::touching(db(ctx)?, self.0.id).await.gql()?;
        Ok(all
            .into_iter()
            .filter(|f| end(f) == self.0.id)
            .map(DataFlowObject)
            .collect())
    }
}

/// Personal data one system sends to another.
pub struct DataFlowObject(pub system_flow::Model);

#[Object(name = "DataFlow")]
impl DataFlowObject {
    async fn from(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SystemObject>> {
        Ok(load_one(ctx, SystemId(self.0.from_system_id))
            .await?
            .map(SystemObject))
    }
    async fn to(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SystemObject>> {
        Ok(load_one(ctx, SystemId(self.0.to_system_id))
            .await?
            .map(SystemObject))
    }
    /// Keys of the data categories sent; empty when not stated.
    async fn categories(&self) -> Vec<String> {
        flows::categories_of(&self.0)
    }
}

#[derive(InputObject)]
pub struct SetDataFlowInput {
    pub from_system_id: ID,
    pub to_system_id: ID,
    /// Keys of the data categories sent (may be empty: not stated).
    #[graphql(default)]
    pub categories: Vec<String>,
}

#[derive(InputObject, Default)]
pub struct SystemFilter {
    pub name_contains: Option<String>,
    pub kind: Option<SystemKind>,
    pub organisation_id: Option<ID>,
    /// Only systems holding this category or one of its descendants.
    pub holds_category: Option<String>,
    /// Link statuses that count as holding with `holdsCategory` (default: CONFIRMED).
    pub statuses: Option<Vec<LinkStatus>>,
}

#[derive(InputObject)]
pub struct CreateSystemInput {
    pub name: String,
    pub organisation_id: Option<ID>,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// Default: OTHER.
    pub kind: Option<SystemKind>,
    pub hosting_country: Option<String>,
    pub vendor: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateSystemInput {
    pub id: ID,
    pub name: Option<String>,
    pub organisation_id: MaybeUndefined<ID>,
    pub description: MaybeUndefined<String>,
    pub owner: MaybeUndefined<String>,
    pub kind: Option<SystemKind>,
    pub hosting_country: MaybeUndefined<String>,
    pub vendor: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct SystemQuery;

#[Object]
impl SystemQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn systems(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<SystemFilter>,
    ) -> async_graphql::Result<Conn<SystemObject>> {
        let f = filter.unwrap_or_default();
        let filter = systems::SystemFilter {
            name_contains: f.name_contains,
            kind: f.kind,
            organisation_id: opt_id("filter.organisationId", f.organisation_id.as_ref())?,
            holds_category: f.holds_category,
            statuses: f.statuses,
        };
        let page = systems::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        prefetch(ctx, &page.items).await?;
        Ok(to_connection(page, |s| s.id, SystemObject))
    }

    async fn system(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<SystemObject> {
        let id = parse_id("id", &id)?;
        Ok(SystemObject(systems::get(db(ctx)?, id).await.gql()?))
    }
}

/// Loads ahead, one query per level, what the query asks of the listed systems (their
/// organisations, category links, categories and the categories' parents), so nested
/// lists do not wait for a DataLoader batch per level.
async fn prefetch(ctx: &Context<'_>, list: &[entity::system::Model]) -> async_graphql::Result<()> {
    use super::loaders::{CategoryId, LinksOfSystem, OrganisationId};
    let Some(cache) = ctx.data_opt::<super::types::Prefetched>() else {
        return Ok(());
    };
    let node = ctx.look_ahead().field("edges").field("node");
    if node.field("organisation").exists() {
        let mut ids: Vec<OrganisationId> = list
            .iter()
            .filter_map(|s| s.organisation_id)
            .map(OrganisationId)
            .collect();
        ids.sort_by_key(|k| k.0);
        ids.dedup();
        cache.load(ctx, &ids).await?;
    }
    let categories = node.field("categories");
    if categories.exists() {
        let ids: Vec<LinksOfSystem> = list.iter().map(|s| LinksOfSystem(s.id)).collect();
        let links = cache.load(ctx, &ids).await?;
        let category = categories.field("category");
        if category.exists() {
            let mut cats: Vec<CategoryId> = links
                .values()
                .flatten()
                .map(|l| CategoryId(l.category_id))
                .collect();
            cats.sort_by_key(|k| k.0);
            cats.dedup();
            let found = cache.load(ctx, &cats).await?;
            if category.field("parent").exists() {
                let mut parents: Vec<CategoryId> = found
                    .values()
                    .filter_map(|c| c.parent_id)
                    .map(CategoryId)
                    .collect();
                parents.sort_by_key(|k| k.0);
                parents.dedup();
                cache.load(ctx, &parents).await?;
            }
        }
    }
    Ok(())
}

#[derive(Default)]
pub struct SystemMutation;

#[Object]
impl SystemMutation {
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_system(
        &self,
        ctx: &Context<'_>,
        input: CreateSystemInput,
    ) -> async_graphql::Result<SystemObject> {
        let new = systems::NewSystem {
            name: input.name,
            organisation_id: opt_id("organisationId", input.organisation_id.as_ref())?,
            description: input.description,
            owner: input.owner,
            kind: input.kind.unwrap_or(SystemKind::Other),
            hosting_country: input.hosting_country,
            vendor: input.vendor,
        };
        let model = systems::create(db(ctx)?, new).await.gql()?;
        publish(ctx, EntityKind::System, ChangeKind::Created, model.id);
        Ok(SystemObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_system(
        &self,
        ctx: &Context<'_>,
        input: UpdateSystemInput,
    ) -> async_graphql::Result<SystemObject> {
        let id = parse_id("id", &input.id)?;
        let changes = systems::SystemChanges {
            name: input.name,
            organisation_id: patch_id("organisationId", input.organisation_id)?,
            description: patch(input.description),
            owner: patch(input.owner),
            kind: input.kind,
            hosting_country: patch(input.hosting_country),
            vendor: patch(input.vendor),
        };
        let model = systems::update(db(ctx)?, id, changes).await.gql()?;
        publish(ctx, EntityKind::System, ChangeKind::Updated, model.id);
        Ok(SystemObject(model))
    }

    /// Records that one system sends personal data to another (replacing the categories
    /// recorded for that pair).
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn set_data_flow(
        &self,
        ctx: &Context<'_>,
        input: SetDataFlowInput,
    ) -> async_graphql::Result<DataFlowObject> {
        let from = parse_id("fromSystemId", &input.from_system_id)?;
        let to = parse_id("toSystemId", &input.to_system_id)?;
        let (model, changed) = flows::set(db(ctx)?, from, to, &input.categories)
            .await
            .gql()?;
        if changed {
            publish(ctx, EntityKind::SystemFlow, ChangeKind::Updated, model.id);
        }
        Ok(DataFlowObject(model))
    }

    /// Forgets that one system sends personal data to another; whether it was recorded.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn remove_data_flow(
        &self,
        ctx: &Context<'_>,
        from_system_id: ID,
        to_system_id: ID,
    ) -> async_graphql::Result<bool> {
        let from = parse_id("fromSystemId", &from_system_id)?;
        let to = parse_id("toSystemId", &to_system_id)?;
        let removed = flows::remove(db(ctx)?, from, to).await.gql()?;
        if let Some(f) = &removed {
            publish(ctx, EntityKind::SystemFlow, ChangeKind::Deleted, f.id);
        }
        Ok(removed.is_some())
    }

    /// Deletes a system that no processing activity uses, with its category links.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_system(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<SystemObject> {
        let id = parse_id("id", &id)?;
        let model = systems::delete(db(ctx)?, id).await.gql()?;
        publish(ctx, EntityKind::System, ChangeKind::Deleted, model.id);
        Ok(SystemObject(model))
    }
}
