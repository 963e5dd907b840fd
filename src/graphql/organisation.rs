use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::{db, parse_id};
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::types::{patch, ActivityObject, SystemObject};
use crate::domain::Role;
use crate::inventory::{activities, organisations, systems};
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};
use chrono::{DateTime, Utc};
use entity::organisation;

/// A controller or processor organisation: the "who" of the record (Art. 30(1)(a)).
pub struct OrganisationObject(pub organisation::Model);

#[Object(name = "Organisation")]
impl OrganisationObject {
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
    /// Company registration number (organisasjonsnummer).
    async fn registration_number(&self) -> Option<&str> {
        self.0.registration_number.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    async fn contact_email(&self) -> Option<&str> {
        self.0.contact_email.as_deref()
    }
    /// Data protection officer.
    async fn dpo_name(&self) -> Option<&str> {
        self.0.dpo_name.as_deref()
    }
    async fn dpo_contact(&self) -> Option<&str> {
        self.0.dpo_contact.as_deref()
    }
    /// Representative in the EU (Art. 27), when the organisation is outside it.
    async fn eu_representative(&self) -> Option<&str> {
        self.0.eu_representative.as_deref()
    }
    /// General description of technical and organisational measures (Art. 30(1)(g)).
    async fn security_measures(&self) -> Option<&str> {
        self.0.security_measures.as_deref()
    }
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn systems(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<SystemObject>> {
        let filter = systems::SystemFilter {
            organisation_id: Some(self.0.id),
            ..Default::default()
        };
        let page = systems::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |s| s.id, SystemObject))
    }
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn activities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<ActivityObject>> {
        let filter = activities::ActivityFilter {
            organisation_id: Some(self.0.id),
            ..Default::default()
        };
        let page = activities::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |a| a.id, ActivityObject))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct CreateOrganisationInput {
    pub name: String,
    pub registration_number: Option<String>,
    pub address: Option<String>,
    pub country: Option<String>,
    pub contact_email: Option<String>,
    pub dpo_name: Option<String>,
    pub dpo_contact: Option<String>,
    pub eu_representative: Option<String>,
    pub security_measures: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateOrganisationInput {
    pub id: ID,
    pub name: Option<String>,
    pub registration_number: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    pub country: MaybeUndefined<String>,
    pub contact_email: MaybeUndefined<String>,
    pub dpo_name: MaybeUndefined<String>,
    pub dpo_contact: MaybeUndefined<String>,
    pub eu_representative: MaybeUndefined<String>,
    pub security_measures: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<OrganisationObject>> {
        let page = organisations::list(db(ctx)?, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |o| o.id, OrganisationObject))
    }

    async fn organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<OrganisationObject> {
        let id = parse_id("id", &id)?;
        Ok(OrganisationObject(
            organisations::get(db(ctx)?, id).await.gql()?,
        ))
    }
}

#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> async_graphql::Result<OrganisationObject> {
        let fields = organisations::OrganisationFields {
            registration_number: input.registration_number,
            address: input.address,
            country: input.country,
            contact_email: input.contact_email,
            dpo_name: input.dpo_name,
            dpo_contact: input.dpo_contact,
            eu_representative: input.eu_representative,
            security_measures: input.security_measures,
        };
        let model = organisations::create(db(ctx)?, &input.name, fields)
            .await
            .gql()?;
        publish(ctx, EntityKind::Organisation, ChangeKind::Created, model.id);
        Ok(OrganisationObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganisationInput,
    ) -> async_graphql::Result<OrganisationObject> {
        let id = parse_id("id", &input.id)?;
        let changes = organisations::OrganisationChanges {
            name: input.name,
            registration_number: patch(input.registration_number),
            address: patch(input.address),
            country: patch(input.country),
            contact_email: patch(input.contact_email),
            dpo_name: patch(input.dpo_name),
            dpo_contact: patch(input.dpo_contact),
            eu_representative: patch(input.eu_representative),
            security_measures: patch(input.security_measures),
        };
        let model = organisations::update(db(ctx)?, id, changes).await.gql()?;
        publish(ctx, EntityKind::Organisation, ChangeKind::Updated, model.id);
        Ok(OrganisationObject(model))
    }

    /// Deletes an organisation that has no systems or activities.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_organisation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<OrganisationObject> {
        let id = parse_id("id", &id)?;
        let model = organisations::delete(db(ctx)?, id).await.gql()?;
        publish(ctx, EntityKind::Organisation, ChangeKind::Deleted, model.id);
        Ok(OrganisationObject(model))
    }
}
