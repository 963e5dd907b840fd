//! What resolvers read from the request context.

use crate::auth::Principal;
use crate::error::Error;
use async_graphql::{Context, ErrorExtensions, ID};
use sea_orm::DatabaseConnection;

pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
        .map_err(|_| Error::Internal(anyhow::anyhow!("no database in GraphQL context")).extend())
}

pub fn principal<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Principal> {
    ctx.data::<Principal>()
        .map_err(|_| Error::Unauthenticated("authentication required".into()).extend())
}

/// The caller's name, recorded on the changes it makes.
pub fn actor(ctx: &Context<'_>) -> Option<String> {
    ctx.data_opt::<Principal>().map(|p| p.name.clone())
}

/// Parses a GraphQL `ID` into a store id; anything else is a validation error on `field`.
pub fn parse_id(field: &str, id: &ID) -> async_graphql::Result<i64> {
    id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        Error::validation(field, format!("{:?} is not a valid id", id.as_str())).extend()
    })
}

pub fn parse_ids(field: &str, ids: &[ID]) -> async_graphql::Result<Vec<i64>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| parse_id(&format!("{field}[{i}]"), id))
        .collect()
}

pub fn opt_id(field: &str, id: Option<&ID>) -> async_graphql::Result<Option<i64>> {
    id.map(|id| parse_id(field, id)).transpose()
}
