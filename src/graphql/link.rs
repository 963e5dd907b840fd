use super::context::{actor, db, parse_id};
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::loaders::{CategoryId, SystemId};
use super::types::{load_one, CategoryObject, SystemObject};
use crate::domain::{LinkProvenance, LinkStatus, Role};
use crate::inventory::links;
use async_graphql::{Context, InputObject, Object, ID};
use chrono::{DateTime, Utc};
use entity::system_category;

/// A claim that a system holds a data category, with its review status and provenance.
pub struct LinkObject(pub system_category::Model);

#[Object(name = "SystemCategoryLink")]
impl LinkObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn system(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SystemObject>> {
        Ok(load_one(ctx, SystemId(self.0.system_id))
            .await?
            .map(SystemObject))
    }
    async fn category(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CategoryObject>> {
        Ok(load_one(ctx, CategoryId(self.0.category_id))
            .await?
            .map(CategoryObject))
    }
    async fn status(&self) -> async_graphql::Result<LinkStatus> {
        LinkStatus::from_db(&self.0.status).gql()
    }
    async fn provenance(&self) -> async_graphql::Result<LinkProvenance> {
        LinkProvenance::from_db(&self.0.provenance).gql()
    }
    /// Where in the system, e.g. `public.users.email`; null for the whole system.
    async fn location(&self) -> Option<&str> {
        Some(self.0.location.as_str()).filter(|l| !l.is_empty())
    }
    /// The discovery scan that proposed the link.
    async fn scan_id(&self) -> Option<ID> {
        self.0.scan_id.map(|s| ID(s.to_string()))
    }
    /// Detector confidence in 0..1 for discovered links.
    async fn confidence(&self) -> Option<f64> {
        self.0.confidence
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }
    async fn decided_by(&self) -> Option<&str> {
        self.0.decided_by.as_deref()
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
pub struct LinkSystemCategoryInput {
    pub system_id: ID,
    pub category_key: String,
    /// Where in the system, e.g. `public.users.email`. Default: the whole system.
    pub location: Option<String>,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct LinkMutation;

#[Object]
impl LinkMutation {
    /// Declares that a system holds a category. Declared links are CONFIRMED.
    /// Linking the same system, category and location again returns the existing link.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn link_system_category(
        &self,
        ctx: &Context<'_>,
        input: LinkSystemCategoryInput,
    ) -> async_graphql::Result<LinkObject> {
        let mut new = links::NewLink::declared(
            parse_id("systemId", &input.system_id)?,
            input.category_key,
            actor(ctx),
        );
        new.location = input.location;
        new.note = input.note;
        let model = links::link(db(ctx)?, new).await.gql()?;
        publish(
            ctx,
            EntityKind::SystemCategoryLink,
            ChangeKind::Created,
            model.id,
        );
        Ok(LinkObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn unlink_system_category(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<LinkObject> {
        let model = links::unlink(db(ctx)?, parse_id("id", &id)?).await.gql()?;
        publish(
            ctx,
            EntityKind::SystemCategoryLink,
            ChangeKind::Deleted,
            model.id,
        );
        Ok(LinkObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn confirm_system_category_link(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: Option<String>,
    ) -> async_graphql::Result<LinkObject> {
        decide(ctx, id, LinkStatus::Confirmed, note).await
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn reject_system_category_link(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: Option<String>,
    ) -> async_graphql::Result<LinkObject> {
        decide(ctx, id, LinkStatus::Rejected, note).await
    }
}

async fn decide(
    ctx: &Context<'_>,
    id: ID,
    status: LinkStatus,
    note: Option<String>,
) -> async_graphql::Result<LinkObject> {
    let id = parse_id("id", &id)?;
    let model = links::decide(db(ctx)?, id, status, actor(ctx), note.as_deref())
        .await
        .gql()?;
    publish(
        ctx,
        EntityKind::SystemCategoryLink,
        ChangeKind::Updated,
        model.id,
    );
    Ok(LinkObject(model))
}
