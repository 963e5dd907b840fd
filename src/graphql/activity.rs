use super::category::DataUseObject;
use super::connection::{complexity, page_args, to_connection, Conn};
use super::context::{db, opt_id, parse_id, parse_ids};
use super::error::GqlResultExt;
use super::events::{publish, ChangeKind, EntityKind};
use super::guards::RoleGuard;
use super::loaders::{
    CategoryId, DataOf, LegalBasesOf, OrganisationId, RecipientId, RecipientsOf, SubjectId,
    SystemId, SystemsOf, TransfersOf,
};
use super::types::{
    load_one, patch, patch_id, CategoryObject, OrganisationObject, RecipientObject, SubjectObject,
    SystemObject,
};
use crate::domain::{
    DataOrigin, LegalBasis, ProcessingRole, Retention, RetentionTrigger, Role,
    SpecialCategoryCondition, TransferSafeguard,
};
use crate::inventory::activities::{self, activity_retention, data_retention};
use crate::inventory::uses;
use async_graphql::{Context, InputObject, MaybeUndefined, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{activity_data, processing_activity, transfer};

/// A processing activity: one entry of the record of processing (Art. 30).
pub struct ActivityObject(pub processing_activity::Model);

/// An Art. 6(1) legal basis of an activity.
#[derive(SimpleObject)]
pub struct LegalBasisEntry {
    pub basis: LegalBasis,
    /// E.g. `Art. 6(1)(b)`.
    pub article: &'static str,
    /// The interest pursued, the contract, the statute, …
    pub note: Option<String>,
}

/// How long data is kept: a period from an event, and/or a statutory rule.
pub struct RetentionObject(pub Retention);

#[Object(name = "Retention")]
impl RetentionObject {
    /// ISO-8601 duration, e.g. `P6M`.
    async fn period(&self) -> Option<&str> {
        self.0.period.as_deref()
    }
    /// The event the period runs from.
    async fn trigger(&self) -> Option<RetentionTrigger> {
        self.0.trigger
    }
    /// The statutory rule, e.g. `Bookkeeping Act § 13`.
    async fn statute(&self) -> Option<&str> {
        self.0.statute.as_deref()
    }
    /// Criteria in words where the policy gives no fixed period.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// One line for people.
    async fn summary(&self) -> String {
        self.0.summary()
    }
    /// When data whose trigger event happened at `event` is due for erasure.
    async fn erasure_due(&self, event: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.0.erasure_due(event)
    }
}

/// A data category processed about a subject category, with its source and retention.
pub struct ActivityDataObject {
    row: activity_data::Model,
    activity_retention: Option<Retention>,
}

#[Object(name = "ActivityData")]
impl ActivityDataObject {
    async fn category(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CategoryObject>> {
        Ok(load_one(ctx, CategoryId(self.row.category_id))
            .await?
            .map(CategoryObject))
    }
    async fn subject(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SubjectObject>> {
        Ok(load_one(ctx, SubjectId(self.row.subject_id))
            .await?
            .map(SubjectObject))
    }
    async fn source(&self) -> async_graphql::Result<DataOrigin> {
        DataOrigin::from_db(&self.row.source).gql()
    }
    async fn source_detail(&self) -> Option<&str> {
        self.row.source_detail.as_deref()
    }
    /// The retention that applies: this entry's own, else the activity's.
    async fn retention(&self) -> async_graphql::Result<Option<RetentionObject>> {
        let own = data_retention(&self.row).gql()?;
        Ok(own
            .or_else(|| self.activity_retention.clone())
            .map(RetentionObject))
    }
    /// True when this entry sets its own retention rather than the activity's.
    async fn retention_overridden(&self) -> bool {
        self.row.retention_period.is_some()
            || self.row.retention_statute.is_some()
            || self.row.retention_description.is_some()
    }
}

/// A named recipient of an activity's data.
pub struct ActivityRecipientObject {
    recipient_id: i64,
    purpose: Option<String>,
}

#[Object(name = "ActivityRecipient")]
impl ActivityRecipientObject {
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<RecipientObject>> {
        Ok(load_one(ctx, RecipientId(self.recipient_id))
            .await?
            .map(RecipientObject))
    }
    /// What the recipient does with the data.
    async fn purpose(&self) -> Option<&str> {
        self.purpose.as_deref()
    }
}

/// A transfer to a third country and its Chapter V safeguard.
pub struct TransferObject(pub transfer::Model);

#[Object(name = "Transfer")]
impl TransferObject {
    async fn country(&self) -> &str {
        &self.0.country
    }
    async fn safeguard(&self) -> async_graphql::Result<TransferSafeguard> {
        TransferSafeguard::from_db(&self.0.safeguard).gql()
    }
    /// E.g. `EU–US Data Privacy Framework`, `SCCs 2021/914 module 2`.
    async fn safeguard_detail(&self) -> Option<&str> {
        self.0.safeguard_detail.as_deref()
    }
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<RecipientObject>> {
        match self.0.recipient_id {
            None => Ok(None),
            Some(id) => Ok(load_one(ctx, RecipientId(id)).await?.map(RecipientObject)),
        }
    }
}

#[Object(name = "ProcessingActivity")]
impl ActivityObject {
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
    async fn purpose(&self) -> &str {
        &self.0.purpose
    }
    /// The fideslang data use the purpose falls under, when stated.
    async fn data_use(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DataUseObject>> {
        let Some(key) = &self.0.data_use else {
            return Ok(None);
        };
        Ok(uses::find_by_key(db(ctx)?, key)
            .await
            .gql()?
            .map(DataUseObject))
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn organisation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OrganisationObject>> {
        match self.0.organisation_id {
            None => Ok(None),
            Some(id) => Ok(load_one(ctx, OrganisationId(id))
                .await?
                .map(OrganisationObject)),
        }
    }
    async fn role(&self) -> async_graphql::Result<ProcessingRole> {
        ProcessingRole::from_db(&self.0.role).gql()
    }
    /// For processor activities: the controller on whose behalf the data is processed.
    async fn controller_name(&self) -> Option<&str> {
        self.0.controller_name.as_deref()
    }
    async fn legal_bases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LegalBasisEntry>> {
        let rows = load_one(ctx, LegalBasesOf(self.0.id))
            .await?
            .unwrap_or_default();
        rows.into_iter()
            .map(|r| {
                let basis = LegalBasis::from_db(&r.basis).gql()?;
                Ok(LegalBasisEntry {
                    basis,
                    article: basis.article(),
                    note: r.note,
                })
            })
            .collect()
    }
    /// The Art. 9(2) condition, when special categories are processed.
    async fn special_category_condition(
        &self,
    ) -> async_graphql::Result<Option<SpecialCategoryCondition>> {
        self.0
            .special_category_condition
            .as_deref()
            .map(SpecialCategoryCondition::from_db)
            .transpose()
            .gql()
    }
    /// Automated decision-making and its logic (Art. 15(1)(h)), if any.
    async fn automated_decision_making(&self) -> Option<&str> {
        self.0.automated_decision_making.as_deref()
    }
    async fn security_measures(&self) -> Option<&str> {
        self.0.security_measures.as_deref()
    }
    /// The activity's default retention.
    async fn retention(&self) -> async_graphql::Result<Option<RetentionObject>> {
        Ok(activity_retention(&self.0).gql()?.map(RetentionObject))
    }
    /// Data categories × subject categories processed, with source and retention.
    async fn data(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ActivityDataObject>> {
        let rows = load_one(ctx, DataOf(self.0.id)).await?.unwrap_or_default();
        let activity_retention = activity_retention(&self.0).gql()?;
        Ok(rows
            .into_iter()
            .map(|row| ActivityDataObject {
                row,
                activity_retention: activity_retention.clone(),
            })
            .collect())
    }
    async fn systems(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SystemObject>> {
        let rows = load_one(ctx, SystemsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(s) = load_one(ctx, SystemId(r.system_id)).await? {
                out.push(SystemObject(s));
            }
        }
        Ok(out)
    }
    async fn recipients(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ActivityRecipientObject>> {
        let rows = load_one(ctx, RecipientsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|r| ActivityRecipientObject {
                recipient_id: r.recipient_id,
                purpose: r.purpose,
            })
            .collect())
    }
    async fn transfers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TransferObject>> {
        let rows = load_one(ctx, TransfersOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(TransferObject).collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject, Clone)]
pub struct RetentionInput {
    /// ISO-8601 duration, e.g. `P6M`, `P2Y`.
    pub period: Option<String>,
    pub trigger: Option<RetentionTrigger>,
    pub statute: Option<String>,
    pub description: Option<String>,
}

impl From<RetentionInput> for activities::RetentionInput {
    fn from(r: RetentionInput) -> Self {
        Self {
            period: r.period,
            trigger: r.trigger,
            statute: r.statute,
            description: r.description,
        }
    }
}

#[derive(InputObject)]
pub struct LegalBasisInput {
    pub basis: LegalBasis,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct ActivityDataInput {
    pub category_key: String,
    pub subject_key: String,
    pub source: DataOrigin,
    pub source_detail: Option<String>,
    /// Overrides the activity's retention for this entry.
    pub retention: Option<RetentionInput>,
}

#[derive(InputObject)]
pub struct ActivityRecipientInput {
    pub recipient_id: ID,
    pub purpose: Option<String>,
}

#[derive(InputObject)]
pub struct TransferInput {
    /// ISO 3166-1 alpha-2 code of a country outside the EU/EEA.
    pub country: String,
    pub safeguard: TransferSafeguard,
    pub safeguard_detail: Option<String>,
    pub recipient_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CreateProcessingActivityInput {
    pub name: String,
    pub purpose: String,
    /// A key of the data-use taxonomy (query `dataUses`), e.g. `marketing.communications`.
    pub data_use: Option<String>,
    pub description: Option<String>,
    pub organisation_id: Option<ID>,
    /// Default: CONTROLLER.
    pub role: Option<ProcessingRole>,
    pub controller_name: Option<String>,
    pub legal_bases: Vec<LegalBasisInput>,
    pub special_category_condition: Option<SpecialCategoryCondition>,
    pub automated_decision_making: Option<String>,
    pub security_measures: Option<String>,
    pub retention: Option<RetentionInput>,
    #[graphql(default)]
    pub data: Vec<ActivityDataInput>,
    #[graphql(default)]
    pub system_ids: Vec<ID>,
    #[graphql(default)]
    pub recipients: Vec<ActivityRecipientInput>,
    #[graphql(default)]
    pub transfers: Vec<TransferInput>,
}

/// Lists that are given replace the stored ones; absent fields stay as they are.
#[derive(InputObject)]
pub struct UpdateProcessingActivityInput {
    pub id: ID,
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub data_use: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
    pub organisation_id: MaybeUndefined<ID>,
    pub role: Option<ProcessingRole>,
    pub controller_name: MaybeUndefined<String>,
    pub legal_bases: Option<Vec<LegalBasisInput>>,
    pub special_category_condition: MaybeUndefined<SpecialCategoryCondition>,
    pub automated_decision_making: MaybeUndefined<String>,
    pub security_measures: MaybeUndefined<String>,
    pub retention: MaybeUndefined<RetentionInput>,
    pub data: Option<Vec<ActivityDataInput>>,
    pub system_ids: Option<Vec<ID>>,
    pub recipients: Option<Vec<ActivityRecipientInput>>,
    pub transfers: Option<Vec<TransferInput>>,
}

#[derive(InputObject, Default)]
pub struct ProcessingActivityFilter {
    pub organisation_id: Option<ID>,
    pub legal_basis: Option<LegalBasis>,
    pub role: Option<ProcessingRole>,
    /// Activities processing this category or one of its descendants.
    pub category_key: Option<String>,
    pub system_id: Option<ID>,
}

fn legal_bases(input: Vec<LegalBasisInput>) -> Vec<activities::LegalBasisInput> {
    input
        .into_iter()
        .map(|b| activities::LegalBasisInput {
            basis: b.basis,
            note: b.note,
        })
        .collect()
}

fn data(input: Vec<ActivityDataInput>) -> Vec<activities::DataInput> {
    input
        .into_iter()
        .map(|d| activities::DataInput {
            category_key: d.category_key,
            subject_key: d.subject_key,
            source: d.source,
            source_detail: d.source_detail,
            retention: d.retention.map(Into::into),
        })
        .collect()
}

fn recipients(
    input: Vec<ActivityRecipientInput>,
) -> async_graphql::Result<Vec<activities::RecipientRef>> {
    input
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            Ok(activities::RecipientRef {
                recipient_id: parse_id(&format!("recipients[{i}].recipientId"), &r.recipient_id)?,
                purpose: r.purpose,
            })
        })
        .collect()
}

fn transfers(input: Vec<TransferInput>) -> async_graphql::Result<Vec<activities::TransferInput>> {
    input
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            Ok(activities::TransferInput {
                country: t.country,
                safeguard: t.safeguard,
                safeguard_detail: t.safeguard_detail,
                recipient_id: opt_id(
                    &format!("transfers[{i}].recipientId"),
                    t.recipient_id.as_ref(),
                )?,
            })
        })
        .collect()
}

#[derive(Default)]
pub struct ActivityQuery;

#[Object]
impl ActivityQuery {
    #[graphql(complexity = "complexity(child_complexity, first)")]
    async fn processing_activities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ProcessingActivityFilter>,
    ) -> async_graphql::Result<Conn<ActivityObject>> {
        let f = filter.unwrap_or_default();
        let filter = activities::ActivityFilter {
            organisation_id: opt_id("filter.organisationId", f.organisation_id.as_ref())?,
            legal_basis: f.legal_basis,
            role: f.role,
            category_key: f.category_key,
            system_id: opt_id("filter.systemId", f.system_id.as_ref())?,
        };
        let page = activities::list(db(ctx)?, filter, page_args(first, after)?)
            .await
            .gql()?;
        Ok(to_connection(page, |a| a.id, ActivityObject))
    }

    async fn processing_activity(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ActivityObject> {
        let id = parse_id("id", &id)?;
        Ok(ActivityObject(activities::get(db(ctx)?, id).await.gql()?))
    }
}

#[derive(Default)]
pub struct ActivityMutation;

#[Object]
impl ActivityMutation {
    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn create_processing_activity(
        &self,
        ctx: &Context<'_>,
        input: CreateProcessingActivityInput,
    ) -> async_graphql::Result<ActivityObject> {
        let new = activities::NewActivity {
            name: input.name,
            purpose: input.purpose,
            data_use: input.data_use,
            description: input.description,
            organisation_id: opt_id("organisationId", input.organisation_id.as_ref())?,
            role: input.role.unwrap_or(ProcessingRole::Controller),
            controller_name: input.controller_name,
            legal_bases: legal_bases(input.legal_bases),
            special_category_condition: input.special_category_condition,
            automated_decision_making: input.automated_decision_making,
            security_measures: input.security_measures,
            retention: input.retention.map(Into::into),
            data: data(input.data),
            system_ids: parse_ids("systemIds", &input.system_ids)?,
            recipients: recipients(input.recipients)?,
            transfers: transfers(input.transfers)?,
        };
        let model = activities::create(db(ctx)?, new).await.gql()?;
        publish(
            ctx,
            EntityKind::ProcessingActivity,
            ChangeKind::Created,
            model.id,
        );
        Ok(ActivityObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn update_processing_activity(
        &self,
        ctx: &Context<'_>,
        input: UpdateProcessingActivityInput,
    ) -> async_graphql::Result<ActivityObject> {
        let id = parse_id("id", &input.id)?;
        let changes = activities::ActivityChanges {
            name: input.name,
            purpose: input.purpose,
            data_use: patch(input.data_use),
            description: patch(input.description),
            organisation_id: patch_id("organisationId", input.organisation_id)?,
            role: input.role,
            controller_name: patch(input.controller_name),
            legal_bases: input.legal_bases.map(legal_bases),
            special_category_condition: patch(input.special_category_condition),
            automated_decision_making: patch(input.automated_decision_making),
            security_measures: patch(input.security_measures),
            retention: patch(input.retention).map(|r| r.map(Into::into)),
            data: input.data.map(data),
            system_ids: input
                .system_ids
                .map(|ids| parse_ids("systemIds", &ids))
                .transpose()?,
            recipients: input.recipients.map(recipients).transpose()?,
            transfers: input.transfers.map(transfers).transpose()?,
        };
        let model = activities::update(db(ctx)?, id, changes).await.gql()?;
        publish(
            ctx,
            EntityKind::ProcessingActivity,
            ChangeKind::Updated,
            model.id,
        );
        Ok(ActivityObject(model))
    }

    #[graphql(guard = "RoleGuard(Role::Dpo)")]
    async fn delete_processing_activity(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ActivityObject> {
        let id = parse_id("id", &id)?;
        let model = activities::delete(db(ctx)?, id).await.gql()?;
        publish(
            ctx,
            EntityKind::ProcessingActivity,
            ChangeKind::Deleted,
            model.id,
        );
        Ok(ActivityObject(model))
    }
}
