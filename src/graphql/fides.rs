//! Fides interop over GraphQL: the inventory as fideslang YAML, and YAML read back.

use super::context::db;
use super::error::GqlResultExt;
use super::guards::RoleGuard;
use crate::domain::Role;
use crate::fides::{export, import};
use async_graphql::{Context, Object, SimpleObject};

#[derive(Default)]
pub struct FidesQuery;

#[Object]
impl FidesQuery {
    /// The whole inventory as one fideslang YAML document (`organization`, `system`
    /// with `privacy_declarations`, `egress` and `ingress`, `dataset`, custom
    /// `data_category`, `data_use` and `data_subject`), as `steward fides export` writes it.
    async fn fides_export(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let doc = export::build(db(ctx)?).await.gql()?;
        export::to_yaml(&doc).gql()
    }
}

/// What an import stored: resources created or changed (an unchanged file gives zeros).
#[derive(SimpleObject)]
pub struct FidesImport {
    pub organisations: i32,
    pub systems: i32,
    pub activities: i32,
    pub categories: i32,
    pub subjects: i32,
    pub links: i32,
    pub references: i32,
    /// Custom data uses added or changed.
    pub data_uses: i32,
    /// Data flows between systems added or changed (from egress and ingress).
    pub flows: i32,
    /// Resources read but not stored, and why.
    pub skipped: Vec<String>,
}

#[derive(Default)]
pub struct FidesMutation;

#[Object]
impl FidesMutation {
    /// Reads one fideslang YAML document into the inventory, all or nothing, as
    /// `steward fides import` does. Errors name the resource and the field.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn import_fides(
        &self,
        ctx: &Context<'_>,
        yaml: String,
    ) -> async_graphql::Result<FidesImport> {
        let doc = import::read(&yaml).gql()?;
        let actor = super::context::actor(ctx).unwrap_or_else(|| "fides import".into());
        let done = import::import_by(db(ctx)?, &doc, &actor).await.gql()?;
        let n = |v: usize| i32::try_from(v).unwrap_or(i32::MAX);
        Ok(FidesImport {
            organisations: n(done.organisations),
            systems: n(done.systems),
            activities: n(done.activities),
            categories: n(done.categories),
            subjects: n(done.subjects),
            links: n(done.links),
            references: n(done.references),
            data_uses: n(done.data_uses),
            flows: n(done.flows),
            skipped: done.skipped,
        })
    }
}
