use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::{db, parse_id};
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::types::patch;
use crate::domain::{RecipientRole, Role};
use crate::inventory::recipients;
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};
use entity::recipient;

/// A named recipient of personal data: processor, other controller or authority.
pub struct RecipientObject(pub recipient::Model);

#[Object(name = "Recipient")]
impl RecipientObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn role(&self) -> async_graphql::Result<RecipientRole> {
        RecipientRole::from_db(&self.0.role).gql()
    }
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    /// The contract or data processing agreement governing the disclosure.
    async fn contract_reference(&self) -> Option<&str> {
        self.0.contract_reference.as_deref()
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
}

#[derive(InputObject)]
pub struct CreateRecipientInput {
    pub name: String,
    pub role: RecipientRole,
    pub country: Option<String>,
    pub contract_reference: Option<String>,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateRecipientInput {
    pub id: ID,
    pub name: Option<String>,
    pub role: Option<RecipientRole>,
    pub country: MaybeUndefined<String>,
    pub contract_reference: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct RecipientQuery;

#[Object]
impl RecipientQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn recipients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<RecipientObject>> {
        let page = recipients::list(db(ctx)?, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |r| r.id, RecipientObject))
    }
}

#[derive(Default)]
pub struct RecipientMutation;

#[Object]
impl RecipientMutation {
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_recipient(
        &self,
        ctx: &Context<'_>,
        input: CreateRecipientInput,
    ) -> async_graphql::Result<RecipientObject> {
        let new = recipients::NewRecipient {
            name: input.name,
            role: input.role,
            country: input.country,
            contract_reference: input.contract_reference,
            description: input.description,
        };
        let model = recipients::create(db(ctx)?, new).await.gql()?;
        publish(ctx, EntityKind::Recipient, ChangeKind::Created, model.id);
        Ok(RecipientObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_recipient(
        &self,
        ctx: &Context<'_>,
        input: UpdateRecipientInput,
    ) -> async_graphql::Result<RecipientObject> {
        let id = parse_id("id", &input.id)?;
        let changes = recipients::RecipientChanges {
            name: input.name,
            role: input.role,
            country: patch(input.country),
            contract_reference: patch(input.contract_reference),
            description: patch(input.description),
        };
        let model = recipients::update(db(ctx)?, id, changes).await.gql()?;
        publish(ctx, EntityKind::Recipient, ChangeKind::Updated, model.id);
        Ok(RecipientObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_recipient(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<RecipientObject> {
        let id = parse_id("id", &id)?;
        let model = recipients::delete(db(ctx)?, id).await.gql()?;
        publish(ctx, EntityKind::Recipient, ChangeKind::Deleted, model.id);
        Ok(RecipientObject(model))
    }
}
