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

/// Values a list resolver loaded ahead for its children, for one request: the
/// children find them here instead of waiting for a DataLoader batch per nesting level.
#[derive(Default)]
pub struct Prefetched(
    std::sync::Mutex<
        std::collections::HashMap<std::any::TypeId, Box<dyn std::any::Any + Send + Sync>>,
    >,
);

impl Prefetched {
    /// Loads `keys` in one batch, keeps what was found, and returns it.
    pub async fn load<K>(
        &self,
        ctx: &Context<'_>,
        keys: &[K],
    ) -> async_graphql::Result<std::collections::HashMap<K, <StoreLoader as Loader<K>>::Value>>
    where
        K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
        StoreLoader: Loader<K, Error = Arc<crate::error::Error>>,
        <StoreLoader as Loader<K>>::Value: Send + Sync + Clone + 'static,
    {
        if keys.is_empty() {
            return Ok(Default::default());
        }
        let loader = ctx.data_unchecked::<DataLoader<StoreLoader>>().loader();
        let found = loader.load(keys).await.map_err(|e| e.as_ref().extend())?;
        let mut maps = self.0.lock().expect("prefetch lock");
        let map = maps
            .entry(std::any::TypeId::of::<K>())
            .or_insert_with(|| {
                Box::new(std::collections::HashMap::<
                    K,
                    <StoreLoader as Loader<K>>::Value,
                >::new())
            })
            .downcast_mut::<std::collections::HashMap<K, <StoreLoader as Loader<K>>::Value>>()
            .expect("one map type per key type");
        map.extend(found.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(found)
    }

    fn get<K, V>(&self, key: &K) -> Option<V>
    where
        K: std::hash::Hash + Eq + 'static,
        V: Clone + 'static,
    {
        let maps = self.0.lock().expect("prefetch lock");
        maps.get(&std::any::TypeId::of::<K>())?
            .downcast_ref::<std::collections::HashMap<K, V>>()?
            .get(key)
            .cloned()
    }
}

/// Loads one value: from what a list resolver fetched ahead for this request, else
/// through the DataLoader (batched with its siblings).
pub async fn load_one<K>(
    ctx: &Context<'_>,
    key: K,
) -> async_graphql::Result<Option<<StoreLoader as Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    StoreLoader: Loader<K, Error = Arc<crate::error::Error>>,
    <StoreLoader as Loader<K>>::Value: Clone + 'static,
{
    if let Some(v) = ctx
        .data_opt::<Prefetched>()
        .and_then(|p| p.get::<K, <StoreLoader as Loader<K>>::Value>(&key))
    {
        return Ok(Some(v));
    }
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
