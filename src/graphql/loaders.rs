//! DataLoaders: one grouped `IN (…)` query per kind of lookup per batch, so lists of
//! objects do not issue a query each (no N+1).

use crate::inventory::activities;
use async_graphql::dataloader::Loader;
use entity::{
    activity_data, activity_legal_basis, activity_recipient, activity_system, data_category,
    data_subject, organisation, processing_activity, recipient, system, system_category, transfer,
    HasId,
};
use sea_orm::sea_query::{Alias, Expr};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::Arc;

/// Loads rows by id and activity parts by activity id.
pub struct StoreLoader {
    pub db: DatabaseConnection,
}

type LoadError = Arc<crate::error::Error>;

async fn by_ids<E>(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<HashMap<i64, E::Model>, LoadError>
where
    E: EntityTrait + Default,
    E::Model: HasId,
{
    let rows = E::find()
        .filter(Expr::col((E::default(), Alias::new("id"))).is_in(ids.iter().copied()))
        .all(db)
        .await
        .map_err(|e| Arc::new(e.into()))?;
    Ok(rows.into_iter().map(|m| (m.id(), m)).collect())
}

macro_rules! by_id_loader {
    ($key:ident, $entity:path) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for StoreLoader {
            type Value = <$entity as EntityTrait>::Model;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
                let found = by_ids::<$entity>(&self.db, &ids).await?;
                Ok(found.into_iter().map(|(id, m)| ($key(id), m)).collect())
            }
        }
    };
}

by_id_loader!(OrganisationId, organisation::Entity);
by_id_loader!(SystemId, system::Entity);
by_id_loader!(CategoryId, data_category::Entity);
by_id_loader!(SubjectId, data_subject::Entity);
by_id_loader!(RecipientId, recipient::Entity);
by_id_loader!(ActivityId, processing_activity::Entity);
by_id_loader!(LinkId, system_category::Entity);

macro_rules! activity_parts_loader {
    ($key:ident, $model:ty, $fetch:path) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for StoreLoader {
            type Value = Vec<$model>;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
                let mut found = $fetch(&self.db, &ids).await.map_err(Arc::new)?;
                Ok(ids
                    .into_iter()
                    .map(|id| ($key(id), found.remove(&id).unwrap_or_default()))
                    .collect())
            }
        }
    };
}

activity_parts_loader!(
    LegalBasesOf,
    activity_legal_basis::Model,
    activities::legal_bases_of
);
activity_parts_loader!(DataOf, activity_data::Model, activities::data_of);
activity_parts_loader!(SystemsOf, activity_system::Model, activities::systems_of);
activity_parts_loader!(
    RecipientsOf,
    activity_recipient::Model,
    activities::recipients_of
);
activity_parts_loader!(TransfersOf, transfer::Model, activities::transfers_of);

/// All links of a system (every status); resolvers filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinksOfSystem(pub i64);

impl Loader<LinksOfSystem> for StoreLoader {
    type Value = Vec<system_category::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[LinksOfSystem],
    ) -> Result<HashMap<LinksOfSystem, Self::Value>, Self::Error> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = system_category::Entity::find()
            .filter(system_category::Column::SystemId.is_in(ids.clone()))
            .order_by_asc(system_category::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| Arc::new(e.into()))?;
        let mut grouped = activities::group(rows, |r| r.system_id);
        Ok(ids
            .into_iter()
            .map(|id| (LinksOfSystem(id), grouped.remove(&id).unwrap_or_default()))
            .collect())
    }
}
