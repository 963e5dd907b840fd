use super::context::{db, principal};
use super::error::GqlResultExt;
use super::guards::RoleGuard;
use crate::auth::{self, Principal};
use crate::domain::Role;
use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::api_token;

/// An API token. Its secret is shown only once, when created.
pub struct TokenObject(pub api_token::Model);

#[Object(name = "ApiToken")]
impl TokenObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn role(&self) -> async_graphql::Result<Role> {
        Role::from_db(&self.0.role).gql()
    }
    /// The first characters of the secret, to recognise it.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

#[derive(SimpleObject)]
pub struct CreatedApiToken {
    pub token: TokenObject,
    /// The secret to send as `Authorization: Bearer <secret>`. Shown only now.
    pub secret: String,
}

/// The caller, as its token says.
#[derive(SimpleObject)]
pub struct Viewer {
    pub name: String,
    pub role: Role,
}

impl From<&Principal> for Viewer {
    fn from(p: &Principal) -> Self {
        Self {
            name: p.name.clone(),
            role: p.role,
        }
    }
}

#[derive(Default)]
pub struct TokenQuery;

#[Object]
impl TokenQuery {
    /// Who the current token belongs to.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Viewer> {
        Ok(principal(ctx)?.into())
    }

    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn api_tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TokenObject>> {
        Ok(auth::list(db(ctx)?)
            .await
            .gql()?
            .into_iter()
            .map(TokenObject)
            .collect())
    }
}

#[derive(Default)]
pub struct TokenMutation;

#[Object]
impl TokenMutation {
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        role: Role,
    ) -> async_graphql::Result<CreatedApiToken> {
        let (model, secret) = auth::create(db(ctx)?, &name, role).await.gql()?;
        tracing::info!(token = %model.name, role = %role, by = %principal(ctx)?.name, "API token created");
        Ok(CreatedApiToken {
            token: TokenObject(model),
            secret,
        })
    }

    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
    ) -> async_graphql::Result<TokenObject> {
        let model = auth::revoke(db(ctx)?, &name).await.gql()?;
        tracing::info!(token = %model.name, by = %principal(ctx)?.name, "API token revoked");
        Ok(TokenObject(model))
    }
}
