//! Helpers shared by the domain modules, and the object types' re-exports.

pub use super::activity::ActivityObject;
pub use super::category::{CategoryObject, SubjectObject};
pub use super::link::LinkObject;
pub use super::organisation::OrganisationObject;
pub use super::recipient::RecipientObject;
pub use super::system::SystemObject;

use super::context::parse_id;
use super::loaders::StoreLoader;
use crate::inventory::Patch;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ErrorExtensions, MaybeUndefined, ID};
use std::sync::Arc;

/// Loads one value through the request's DataLoader (batched with its siblings).
pub async fn load_one<K>(
    ctx: &Context<'_>,
    key: K,
) -> async_graphql::Result<Option<<StoreLoader as Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    StoreLoader: Loader<K, Error = Arc<crate::error::Error>>,
{
    ctx.data_unchecked::<DataLoader<StoreLoader>>()
        .load_one(key)
        .await
        .map_err(|e| e.as_ref().extend())
}

/// Converts GraphQL's "absent / null / value" into a service patch.
pub fn patch<T>(value: MaybeUndefined<T>) -> Patch<T> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

pub fn patch_id(field: &str, value: MaybeUndefined<ID>) -> async_graphql::Result<Patch<i64>> {
    Ok(match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(parse_id(field, &v)?)),
    })
}
