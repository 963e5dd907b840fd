use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::db;
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::loaders::CategoryId;
use super::types::{load_one, patch, ActivityObject, LinkObject};
use crate::domain::{LinkStatus, Role};
use crate::inventory::{activities, categories, links, subjects, uses};
use async_graphql::{Context, InputObject, MaybeUndefined, Object, ID};
use entity::{data_category, data_subject, data_use};

/// A category of personal data, keyed like fideslang (`user.contact.email`).
pub struct CategoryObject(pub data_category::Model);

#[Object(name = "DataCategory")]
impl CategoryObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Special category of personal data (Art. 9): processing needs an Art. 9(2) condition.
    async fn special(&self) -> bool {
        self.0.special
    }
    /// False for the default taxonomy shipped with Steward.
    async fn custom(&self) -> bool {
        self.0.custom
    }
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CategoryObject>> {
        match self.0.parent_id {
            None => Ok(None),
            Some(id) => Ok(load_one(ctx, CategoryId(id)).await?.map(CategoryObject)),
        }
    }
    async fn children(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CategoryObject>> {
        let kids = categories::children(db(ctx)?, self.0.id).await.gql()?;
        Ok(kids.into_iter().map(CategoryObject).collect())
    }
    /// Which systems hold this category (and, by default, its descendants).
    async fn systems(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] include_descendants: bool,
        #[graphql(desc = "Link statuses to include (default: CONFIRMED).")] statuses: Option<
            Vec<LinkStatus>,
        >,
    ) -> async_graphql::Result<Vec<LinkObject>> {
        let found = links::for_category(
            db(ctx)?,
            self.0.id,
            include_descendants,
            statuses.as_deref(),
        )
        .await
        .gql()?;
        Ok(found.into_iter().map(LinkObject).collect())
    }
    /// Processing activities that process this category or one of its descendants.
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn activities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<ActivityObject>> {
        let filter = activities::ActivityFilter {
            category_key: Some(self.0.key.clone()),
            ..Default::default()
        };
        let page = activities::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |a| a.id, ActivityObject))
    }
}

/// A category of data subjects: customers, end users, employees, …
pub struct SubjectObject(pub data_subject::Model);

#[Object(name = "DataSubject")]
impl SubjectObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn custom(&self) -> bool {
        self.0.custom
    }
}

/// A data use: why data is processed, in fideslang's taxonomy
/// (`marketing.communications.email`). fideslang's defaults, and the organisation's own.
pub struct DataUseObject(pub data_use::Model);

#[Object(name = "DataUse")]
impl DataUseObject {
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn parent_key(&self) -> Option<&str> {
        self.0.parent_key.as_deref()
    }
    /// Added by the organisation (or an imported file), not one of fideslang's.
    async fn custom(&self) -> bool {
        self.0.custom
    }
}

#[derive(InputObject)]
pub struct CreateDataUseInput {
    /// Dotted key, e.g. `essential.service.billing`.
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Default: the key's dotted prefix, when that data use exists.
    pub parent_key: Option<String>,
}

#[derive(InputObject, Default)]
pub struct DataCategoryFilter {
    /// Only this category and its descendants.
    pub under: Option<String>,
    pub special: Option<bool>,
    pub custom: Option<bool>,
}

#[derive(InputObject)]
pub struct CreateDataCategoryInput {
    /// Dotted key, e.g. `user.contact.email` or `user.custom.loyalty_tier`.
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Default: the key's dotted prefix, when that category exists.
    pub parent_key: Option<String>,
    #[graphql(default)]
    pub special: bool,
}

#[derive(InputObject)]
pub struct UpdateDataCategoryInput {
    pub key: String,
    pub name: Option<String>,
    pub description: MaybeUndefined<String>,
    pub parent_key: MaybeUndefined<String>,
    pub special: Option<bool>,
}

#[derive(InputObject)]
pub struct CreateDataSubjectInput {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateDataSubjectInput {
    pub key: String,
    pub name: Option<String>,
    pub description: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct CategoryQuery;

#[Object]
impl CategoryQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn data_categories(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<DataCategoryFilter>,
    ) -> async_graphql::Result<Conn<CategoryObject>> {
        let f = filter.unwrap_or_default();
        let filter = categories::CategoryFilter {
            under: f.under,
            special: f.special,
            custom: f.custom,
        };
        let page = categories::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |c| c.id, CategoryObject))
    }

    async fn data_category(
        &self,
        ctx: &Context<'_>,
        key: String,
    ) -> async_graphql::Result<CategoryObject> {
        Ok(CategoryObject(
            categories::get_by_key(db(ctx)?, key.trim()).await.gql()?,
        ))
    }

    /// Which systems hold a category (and, by default, its descendants).
    async fn systems_holding_category(
        &self,
        ctx: &Context<'_>,
        key: String,
        #[graphql(default = true)] include_descendants: bool,
        #[graphql(desc = "Link statuses to include (default: CONFIRMED).")] statuses: Option<
            Vec<LinkStatus>,
        >,
    ) -> async_graphql::Result<Vec<LinkObject>> {
        let db = db(ctx)?;
        let category = categories::resolve_key(db, "key", &key).await.gql()?;
        let found = links::for_category(db, category.id, include_descendants, statuses.as_deref())
            .await
            .gql()?;
        Ok(found.into_iter().map(LinkObject).collect())
    }

    /// The data-use taxonomy, by key (a few dozen entries, not paged).
    async fn data_uses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DataUseObject>> {
        let all = uses::all(db(ctx)?).await.gql()?;
        Ok(all.into_iter().map(DataUseObject).collect())
    }

    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn data_subjects(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<SubjectObject>> {
        let page = subjects::list(db(ctx)?, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |s| s.id, SubjectObject))
    }
}

#[derive(Default)]
pub struct CategoryMutation;

#[Object]
impl CategoryMutation {
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_data_category(
        &self,
        ctx: &Context<'_>,
        input: CreateDataCategoryInput,
    ) -> async_graphql::Result<CategoryObject> {
        let new = categories::NewCategory {
            key: input.key,
            name: input.name,
            description: input.description,
            parent_key: input.parent_key,
            special: input.special,
        };
        let model = categories::create(db(ctx)?, new).await.gql()?;
        publish(ctx, EntityKind::DataCategory, ChangeKind::Created, model.id);
        Ok(CategoryObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_data_category(
        &self,
        ctx: &Context<'_>,
        input: UpdateDataCategoryInput,
    ) -> async_graphql::Result<CategoryObject> {
        let db = db(ctx)?;
        let current = categories::get_by_key(db, input.key.trim()).await.gql()?;
        let changes = categories::CategoryChanges {
            name: input.name,
            description: patch(input.description),
            parent_key: patch(input.parent_key),
            special: input.special,
        };
        let model = categories::update(db, current.id, changes).await.gql()?;
        publish(ctx, EntityKind::DataCategory, ChangeKind::Updated, model.id);
        Ok(CategoryObject(model))
    }

    /// Deletes a category that has no sub-categories and is used nowhere.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_data_category(
        &self,
        ctx: &Context<'_>,
        key: String,
    ) -> async_graphql::Result<CategoryObject> {
        let db = db(ctx)?;
        let current = categories::get_by_key(db, key.trim()).await.gql()?;
        let model = categories::delete(db, current.id).await.gql()?;
        publish(ctx, EntityKind::DataCategory, ChangeKind::Deleted, model.id);
        Ok(CategoryObject(model))
    }

    /// Adds a data use of the organisation's own under the taxonomy.
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_data_use(
        &self,
        ctx: &Context<'_>,
        input: CreateDataUseInput,
    ) -> async_graphql::Result<DataUseObject> {
        let new = uses::NewDataUse {
            key: input.key,
            name: input.name,
            description: input.description,
            parent_key: input.parent_key,
        };
        let model = uses::create(db(ctx)?, new).await.gql()?;
        publish(ctx, EntityKind::DataUse, ChangeKind::Created, model.id);
        Ok(DataUseObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_data_subject(
        &self,
        ctx: &Context<'_>,
        input: CreateDataSubjectInput,
    ) -> async_graphql::Result<SubjectObject> {
        let model = subjects::create(
            db(ctx)?,
            &input.key,
            &input.name,
            input.description.as_deref(),
        )
        .await
        .gql()?;
        publish(ctx, EntityKind::DataSubject, ChangeKind::Created, model.id);
        Ok(SubjectObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_data_subject(
        &self,
        ctx: &Context<'_>,
        input: UpdateDataSubjectInput,
    ) -> async_graphql::Result<SubjectObject> {
        let db = db(ctx)?;
        let current = subjects::resolve_key(db, "key", &input.key).await.gql()?;
        let model = subjects::update(
            db,
            current.id,
            input.name.as_deref(),
            patch(input.description),
        )
        .await
        .gql()?;
        publish(ctx, EntityKind::DataSubject, ChangeKind::Updated, model.id);
        Ok(SubjectObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_data_subject(
        &self,
        ctx: &Context<'_>,
        key: String,
    ) -> async_graphql::Result<SubjectObject> {
        let db = db(ctx)?;
        let current = subjects::resolve_key(db, "key", &key).await.gql()?;
        let model = subjects::delete(db, current.id).await.gql()?;
        publish(ctx, EntityKind::DataSubject, ChangeKind::Deleted, model.id);
        Ok(SubjectObject(model))
    }
}
