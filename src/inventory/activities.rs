//! Processing activities: the entries of the record of processing (Art. 30).
//!
//! An activity and its parts (legal bases, data, systems, recipients, transfers) are
//! written in one transaction after every part has been checked, so bad input leaves
//! the store as it was.

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::{
    CountryCode, DataOrigin, LegalBasis, ProcessingRole, Retention, RetentionTrigger,
    SpecialCategoryCondition, TransferSafeguard,
};
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{
    activity_data, activity_legal_basis, activity_recipient, activity_system, data_category,
    processing_activity, transfer,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Default)]
pub struct RetentionInput {
    pub period: Option<String>,
    pub trigger: Option<RetentionTrigger>,
    pub statute: Option<String>,
    pub description: Option<String>,
}

impl RetentionInput {
    pub fn period(period: &str, trigger: RetentionTrigger) -> Self {
        Self {
            period: Some(period.into()),
            trigger: Some(trigger),
            ..Default::default()
        }
    }

    fn parse(&self, field: &str) -> Result<Retention> {
        Ok(Retention::parse(
            field,
            self.period.as_deref(),
            self.trigger,
            self.statute.as_deref(),
            self.description.as_deref(),
        )?)
    }
}

#[derive(Debug, Clone)]
pub struct LegalBasisInput {
    pub basis: LegalBasis,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DataInput {
    pub category_key: String,
    pub subject_key: String,
    pub source: DataOrigin,
    pub source_detail: Option<String>,
    /// Overrides the activity's retention for this category.
    pub retention: Option<RetentionInput>,
}

#[derive(Debug, Clone)]
pub struct RecipientRef {
    pub recipient_id: i64,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TransferInput {
    pub country: String,
    pub safeguard: TransferSafeguard,
    pub safeguard_detail: Option<String>,
    pub recipient_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewActivity {
    pub name: String,
    pub purpose: String,
    /// A key of the data-use taxonomy (`marketing.communications`) the purpose falls under.
    pub data_use: Option<String>,
    pub description: Option<String>,
    pub organisation_id: Option<i64>,
    pub role: ProcessingRole,
    pub controller_name: Option<String>,
    pub legal_bases: Vec<LegalBasisInput>,
    pub special_category_condition: Option<SpecialCategoryCondition>,
    pub automated_decision_making: Option<String>,
    pub security_measures: Option<String>,
    pub retention: Option<RetentionInput>,
    pub data: Vec<DataInput>,
    pub system_ids: Vec<i64>,
    pub recipients: Vec<RecipientRef>,
    pub transfers: Vec<TransferInput>,
}

/// Changes to an activity. A list that is given replaces the stored one.
#[derive(Debug, Clone, Default)]
pub struct ActivityChanges {
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub data_use: Patch<String>,
    pub description: Patch<String>,
    pub organisation_id: Patch<i64>,
    pub role: Option<ProcessingRole>,
    pub controller_name: Patch<String>,
    pub legal_bases: Option<Vec<LegalBasisInput>>,
    pub special_category_condition: Patch<SpecialCategoryCondition>,
    pub automated_decision_making: Patch<String>,
    pub security_measures: Patch<String>,
    pub retention: Patch<RetentionInput>,
    pub data: Option<Vec<DataInput>>,
    pub system_ids: Option<Vec<i64>>,
    pub recipients: Option<Vec<RecipientRef>>,
    pub transfers: Option<Vec<TransferInput>>,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub organisation_id: Option<i64>,
    pub legal_basis: Option<LegalBasis>,
    pub role: Option<ProcessingRole>,
    /// Activities processing this category or one of its descendants.
    pub category_key: Option<String>,
    pub system_id: Option<i64>,
}

/// The retention stored in four columns, if any.
pub fn retention_of(
    period: &Option<String>,
    trigger: &Option<String>,
    statute: &Option<String>,
    description: &Option<String>,
) -> Result<Option<Retention>> {
    let rule = Retention {
        period: period.clone(),
        trigger: trigger
            .as_deref()
            .map(RetentionTrigger::from_db)
            .transpose()?,
        statute: statute.clone(),
        description: description.clone(),
    };
    Ok((!rule.is_empty()).then_some(rule))
}

pub fn activity_retention(a: &processing_activity::Model) -> Result<Option<Retention>> {
    retention_of(
        &a.retention_period,
        &a.retention_trigger,
        &a.retention_statute,
        &a.retention_description,
    )
}

pub fn data_retention(d: &activity_data::Model) -> Result<Option<Retention>> {
    retention_of(
        &d.retention_period,
        &d.retention_trigger,
        &d.retention_statute,
        &d.retention_description,
    )
}

fn retention_columns(r: Option<&Retention>) -> [Option<String>; 4] {
    match r {
        None => [None, None, None, None],
        Some(r) => [
            r.period.clone(),
            r.trigger.map(|t| t.as_str().to_owned()),
            r.statute.clone(),
            r.description.clone(),
        ],
    }
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<processing_activity::Model> {
    processing_activity::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("processing activity", id))
}

pub async fn list(
    db: &impl ConnectionTrait,
    filter: ActivityFilter,
    page: PageArgs,
) -> Result<Page<processing_activity::Model>> {
    use processing_activity::Column as A;
    let mut select = processing_activity::Entity::find();
    if let Some(org) = filter.organisation_id {
        select = select.filter(A::OrganisationId.eq(org));
    }
    if let Some(role) = filter.role {
        select = select.filter(A::Role.eq(role.as_str()));
    }
    if let Some(basis) = filter.legal_basis {
        select = select.filter(
            A::Id.in_subquery(
                Query::select()
                    .column(activity_legal_basis::Column::ActivityId)
                    .from(activity_legal_basis::Entity)
                    .and_where(activity_legal_basis::Column::Basis.eq(basis.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(key) = &filter.category_key {
        let category = super::categories::resolve_key(db, "filter.categoryKey", key).await?;
        let ids = super::categories::subtree_ids(db, category.id).await?;
        select = select.filter(
            A::Id.in_subquery(
                Query::select()
                    .column(activity_data::Column::ActivityId)
                    .from(activity_data::Entity)
                    .and_where(activity_data::Column::CategoryId.is_in(ids))
                    .to_owned(),
            ),
        );
    }
    if let Some(system) = filter.system_id {
        select = select.filter(
            A::Id.in_subquery(
                Query::select()
                    .column(activity_system::Column::ActivityId)
                    .from(activity_system::Entity)
                    .and_where(activity_system::Column::SystemId.eq(system))
                    .to_owned(),
            ),
        );
    }
    super::page::paginate(db, select, A::Id, page).await
}

/// Every activity (of one organisation, if given), by name.
pub async fn all(
    db: &impl ConnectionTrait,
    organisation_id: Option<i64>,
) -> Result<Vec<processing_activity::Model>> {
    let mut q = processing_activity::Entity::find().order_by_asc(processing_activity::Column::Name);
    if let Some(id) = organisation_id {
        q = q.filter(processing_activity::Column::OrganisationId.eq(id));
    }
    Ok(q.all(db).await?)
}

/// The parts of an activity, checked and resolved to ids, ready to write.
struct Parts {
    legal_bases: Option<Vec<(LegalBasis, Option<String>)>>,
    data: Option<Vec<CheckedData>>,
    system_ids: Option<Vec<i64>>,
    recipients: Option<Vec<(i64, Option<String>)>>,
    transfers: Option<Vec<CheckedTransfer>>,
}

struct CheckedData {
    category_id: i64,
    subject_id: i64,
    source: DataOrigin,
    detail: Option<String>,
    retention: Option<Retention>,
}

struct CheckedTransfer {
    country: String,
    safeguard: TransferSafeguard,
    detail: Option<String>,
    recipient_id: Option<i64>,
}

fn check_legal_bases(input: &[LegalBasisInput]) -> Result<Vec<(LegalBasis, Option<String>)>> {
    if input.is_empty() {
        return Err(Error::validation(
            "legalBases",
            "at least one Art. 6(1) legal basis is required",
        ));
    }
    let mut seen = HashSet::new();
    input
        .iter()
        .enumerate()
        .map(|(i, lb)| {
            if !seen.insert(lb.basis) {
                return Err(Error::validation(
                    format!("legalBases[{i}].basis"),
                    format!("{} is listed twice", lb.basis),
                ));
            }
            Ok((
                lb.basis,
                optional_text(
                    &format!("legalBases[{i}].note"),
                    lb.note.as_deref(),
                    TEXT_MAX,
                )?,
            ))
        })
        .collect()
}

async fn check_parts(
    txn: &DatabaseTransaction,
    legal_bases: Option<&[LegalBasisInput]>,
    data: Option<&[DataInput]>,
    system_ids: Option<&[i64]>,
    recipients: Option<&[RecipientRef]>,
    transfers: Option<&[TransferInput]>,
) -> Result<Parts> {
    let legal_bases = legal_bases.map(check_legal_bases).transpose()?;
    let data = match data {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut seen = HashSet::new();
            for (i, d) in items.iter().enumerate() {
                let category = super::categories::resolve_key(
                    txn,
                    &format!("data[{i}].categoryKey"),
                    &d.category_key,
                )
                .await?;
                let subject = super::subjects::resolve_key(
                    txn,
                    &format!("data[{i}].subjectKey"),
                    &d.subject_key,
                )
                .await?;
                if !seen.insert((category.id, subject.id)) {
                    return Err(Error::validation(
                        format!("data[{i}]"),
                        format!("{} about {} is listed twice", category.key, subject.key),
                    ));
                }
                let retention = d
                    .retention
                    .as_ref()
                    .map(|r| r.parse(&format!("data[{i}].retention")))
                    .transpose()?;
                let detail = optional_text(
                    &format!("data[{i}].sourceDetail"),
                    d.source_detail.as_deref(),
                    TEXT_MAX,
                )?;
                out.push(CheckedData {
                    category_id: category.id,
                    subject_id: subject.id,
                    source: d.source,
                    detail,
                    retention,
                });
            }
            Some(out)
        }
    };
    if let Some(ids) = system_ids {
        for (i, id) in ids.iter().enumerate() {
            super::systems::get(txn, *id).await.map_err(|_| {
                Error::validation(
                    format!("systemIds[{i}]"),
                    format!("system {id} does not exist"),
                )
            })?;
        }
    }
    let recipients = match recipients {
        None => None,
        Some(items) => {
            let mut out = Vec::new();
            for (i, r) in items.iter().enumerate() {
                super::recipients::get(txn, r.recipient_id)
                    .await
                    .map_err(|_| {
                        Error::validation(
                            format!("recipients[{i}].recipientId"),
                            format!("recipient {} does not exist", r.recipient_id),
                        )
                    })?;
                let purpose = optional_text(
                    &format!("recipients[{i}].purpose"),
                    r.purpose.as_deref(),
                    TEXT_MAX,
                )?;
                out.push((r.recipient_id, purpose));
            }
            Some(out)
        }
    };
    let transfers = match transfers {
        None => None,
        Some(items) => {
            let mut out = Vec::new();
            for (i, t) in items.iter().enumerate() {
                let field = format!("transfers[{i}].country");
                let country = CountryCode::parse(&field, &t.country)?;
                if country.is_eea() {
                    return Err(Error::validation(
                        field,
                        format!(
                            "{} is in the EU/EEA; only transfers to third countries are recorded",
                            country.as_str()
                        ),
                    ));
                }
                if let Some(rid) = t.recipient_id {
                    super::recipients::get(txn, rid).await.map_err(|_| {
                        Error::validation(
                            format!("transfers[{i}].recipientId"),
                            format!("recipient {rid} does not exist"),
                        )
                    })?;
                }
                let detail = optional_text(
                    &format!("transfers[{i}].safeguardDetail"),
                    t.safeguard_detail.as_deref(),
                    TEXT_MAX,
                )?;
                out.push(CheckedTransfer {
                    country: country.as_str().to_owned(),
                    safeguard: t.safeguard,
                    detail,
                    recipient_id: t.recipient_id,
                });
            }
            Some(out)
        }
    };
    Ok(Parts {
        legal_bases,
        data,
        system_ids: system_ids.map(|ids| {
            let mut seen = HashSet::new();
            ids.iter().copied().filter(|id| seen.insert(*id)).collect()
        }),
        recipients,
        transfers,
    })
}

async fn write_parts(txn: &DatabaseTransaction, activity_id: i64, parts: Parts) -> Result<()> {
    if let Some(bases) = parts.legal_bases {
        activity_legal_basis::Entity::delete_many()
            .filter(activity_legal_basis::Column::ActivityId.eq(activity_id))
            .exec(txn)
            .await?;
        for (basis, note) in bases {
            activity_legal_basis::ActiveModel {
                activity_id: Set(activity_id),
                basis: Set(basis.as_str().to_owned()),
                note: Set(note),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    if let Some(data) = parts.data {
        activity_data::Entity::delete_many()
            .filter(activity_data::Column::ActivityId.eq(activity_id))
            .exec(txn)
            .await?;
        for CheckedData {
            category_id,
            subject_id,
            source,
            detail,
            retention,
        } in data
        {
            let [period, trigger, statute, description] = retention_columns(retention.as_ref());
            activity_data::ActiveModel {
                activity_id: Set(activity_id),
                category_id: Set(category_id),
                subject_id: Set(subject_id),
                source: Set(source.as_str().to_owned()),
                source_detail: Set(detail),
                retention_period: Set(period),
                retention_trigger: Set(trigger),
                retention_statute: Set(statute),
                retention_description: Set(description),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    if let Some(ids) = parts.system_ids {
        activity_system::Entity::delete_many()
            .filter(activity_system::Column::ActivityId.eq(activity_id))
            .exec(txn)
            .await?;
        for system_id in ids {
            activity_system::ActiveModel {
                activity_id: Set(activity_id),
                system_id: Set(system_id),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    if let Some(recipients) = parts.recipients {
        activity_recipient::Entity::delete_many()
            .filter(activity_recipient::Column::ActivityId.eq(activity_id))
            .exec(txn)
            .await?;
        let mut seen = HashSet::new();
        for (recipient_id, purpose) in recipients.into_iter().filter(|(id, _)| seen.insert(*id)) {
            activity_recipient::ActiveModel {
                activity_id: Set(activity_id),
                recipient_id: Set(recipient_id),
                purpose: Set(purpose),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    if let Some(transfers) = parts.transfers {
        transfer::Entity::delete_many()
            .filter(transfer::Column::ActivityId.eq(activity_id))
            .exec(txn)
            .await?;
        for CheckedTransfer {
            country,
            safeguard,
            detail,
            recipient_id,
        } in transfers
        {
            transfer::ActiveModel {
                activity_id: Set(activity_id),
                recipient_id: Set(recipient_id),
                country: Set(country),
                safeguard: Set(safeguard.as_str().to_owned()),
                safeguard_detail: Set(detail),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Checks the rules that span the activity and its parts, as finally stored.
async fn check_whole(
    txn: &DatabaseTransaction,
    activity: &processing_activity::Model,
) -> Result<()> {
    let role = ProcessingRole::from_db(&activity.role)?;
    if role == ProcessingRole::Processor && activity.controller_name.is_none() {
        return Err(Error::validation(
            "controllerName",
            "a processor activity must name the controller it processes for (Art. 30(2)(a))",
        ));
    }
    if activity.special_category_condition.is_none() {
        let special = special_categories(txn, activity.id).await?;
        if let Some(key) = special.first() {
            return Err(Error::validation(
                "specialCategoryCondition",
                format!(
                    "the activity processes the special category {key:?}; an Art. 9(2) \
                     condition is required"
                ),
            ));
        }
    }
    Ok(())
}

/// Keys of special categories (or categories under a special one) the activity processes.
async fn special_categories(db: &impl ConnectionTrait, activity_id: i64) -> Result<Vec<String>> {
    let all: HashMap<i64, data_category::Model> = data_category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let used = activity_data::Entity::find()
        .filter(activity_data::Column::ActivityId.eq(activity_id))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for d in used {
        let mut cursor = all.get(&d.category_id);
        let mut depth = 0;
        while let Some(c) = cursor {
            if c.special {
                out.push(all[&d.category_id].key.clone());
                break;
            }
            depth += 1;
            cursor = c.parent_id.filter(|_| depth < 64).and_then(|p| all.get(&p));
        }
    }
    Ok(out)
}

/// A data use given as input, checked against the taxonomy; blank is none.
async fn data_use_key(db: &impl ConnectionTrait, key: Option<&str>) -> Result<Option<String>> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) => Ok(Some(super::uses::resolve_key(db, "dataUse", k).await?.key)),
    }
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    input: NewActivity,
) -> Result<processing_activity::Model> {
    let name = required_text("name", &input.name, NAME_MAX)?;
    let purpose = required_text("purpose", &input.purpose, TEXT_MAX)?;
    let retention = input
        .retention
        .as_ref()
        .map(|r| r.parse("retention"))
        .transpose()?;
    let [period, trigger, statute, description] = retention_columns(retention.as_ref());
    let txn = db.begin().await?;
    super::ensure_unique_name::<processing_activity::Entity>(
        &txn,
        processing_activity::Column::Name,
        processing_activity::Column::Id,
        &name,
        None,
        "a processing activity",
    )
    .await?;
    super::organisations::ensure_exists(&txn, "organisationId", input.organisation_id).await?;
    let data_use = data_use_key(&txn, input.data_use.as_deref()).await?;
    let parts = check_parts(
        &txn,
        Some(&input.legal_bases),
        Some(&input.data),
        Some(&input.system_ids),
        Some(&input.recipients),
        Some(&input.transfers),
    )
    .await?;
    let now = Utc::now();
    let fides_key = super::fresh_fides_key::<processing_activity::Entity>(
        &txn,
        processing_activity::Column::FidesKey,
        &name,
    )
    .await?;
    let model = processing_activity::ActiveModel {
        organisation_id: Set(input.organisation_id),
        fides_key: Set(Some(fides_key)),
        name: Set(name),
        purpose: Set(purpose),
        data_use: Set(data_use),
        description: Set(optional_text(
            "description",
            input.description.as_deref(),
            TEXT_MAX,
        )?),
        role: Set(input.role.as_str().to_owned()),
        controller_name: Set(optional_text(
            "controllerName",
            input.controller_name.as_deref(),
            NAME_MAX,
        )?),
        special_category_condition: Set(input
            .special_category_condition
            .map(|c| c.as_str().to_owned())),
        automated_decision_making: Set(optional_text(
            "automatedDecisionMaking",
            input.automated_decision_making.as_deref(),
            TEXT_MAX,
        )?),
        security_measures: Set(optional_text(
            "securityMeasures",
            input.security_measures.as_deref(),
            TEXT_MAX,
        )?),
        retention_period: Set(period),
        retention_trigger: Set(trigger),
        retention_statute: Set(statute),
        retention_description: Set(description),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_parts(&txn, model.id, parts).await?;
    check_whole(&txn, &model).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    c: ActivityChanges,
) -> Result<processing_activity::Model> {
    let txn = db.begin().await?;
    let mut model: processing_activity::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = &c.name {
        let name = required_text("name", name, NAME_MAX)?;
        super::ensure_unique_name::<processing_activity::Entity>(
            &txn,
            processing_activity::Column::Name,
            processing_activity::Column::Id,
            &name,
            Some(id),
            "a processing activity",
        )
        .await?;
        model.name = Set(name);
    }
    if let Some(purpose) = &c.purpose {
        model.purpose = Set(required_text("purpose", purpose, TEXT_MAX)?);
    }
    if let Some(data_use) = &c.data_use {
        model.data_use = Set(data_use_key(&txn, data_use.as_deref()).await?);
    }
    if let Some(org) = c.organisation_id {
        super::organisations::ensure_exists(&txn, "organisationId", org).await?;
        model.organisation_id = Set(org);
    }
    if let Some(role) = c.role {
        model.role = Set(role.as_str().to_owned());
    }
    if let Some(v) = patch_text("description", &c.description, TEXT_MAX)? {
        model.description = Set(v);
    }
    if let Some(v) = patch_text("controllerName", &c.controller_name, NAME_MAX)? {
        model.controller_name = Set(v);
    }
    if let Some(v) = patch_text(
        "automatedDecisionMaking",
        &c.automated_decision_making,
        TEXT_MAX,
    )? {
        model.automated_decision_making = Set(v);
    }
    if let Some(v) = patch_text("securityMeasures", &c.security_measures, TEXT_MAX)? {
        model.security_measures = Set(v);
    }
    if let Some(v) = c.special_category_condition {
        model.special_category_condition = Set(v.map(|c| c.as_str().to_owned()));
    }
    if let Some(r) = &c.retention {
        let retention = r.as_ref().map(|r| r.parse("retention")).transpose()?;
        let [period, trigger, statute, description] = retention_columns(retention.as_ref());
        model.retention_period = Set(period);
        model.retention_trigger = Set(trigger);
        model.retention_statute = Set(statute);
        model.retention_description = Set(description);
    }
    let parts = check_parts(
        &txn,
        c.legal_bases.as_deref(),
        c.data.as_deref(),
        c.system_ids.as_deref(),
        c.recipients.as_deref(),
        c.transfers.as_deref(),
    )
    .await?;
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    write_parts(&txn, id, parts).await?;
    check_whole(&txn, &model).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<processing_activity::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    // Parts go by ON DELETE CASCADE; delete them explicitly too so the outcome does
    // not depend on the backend enforcing it.
    activity_legal_basis::Entity::delete_many()
        .filter(activity_legal_basis::Column::ActivityId.eq(id))
        .exec(&txn)
        .await?;
    activity_data::Entity::delete_many()
        .filter(activity_data::Column::ActivityId.eq(id))
        .exec(&txn)
        .await?;
    activity_system::Entity::delete_many()
        .filter(activity_system::Column::ActivityId.eq(id))
        .exec(&txn)
        .await?;
    activity_recipient::Entity::delete_many()
        .filter(activity_recipient::Column::ActivityId.eq(id))
        .exec(&txn)
        .await?;
    transfer::Entity::delete_many()
        .filter(transfer::Column::ActivityId.eq(id))
        .exec(&txn)
        .await?;
    processing_activity::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(current)
}

/// Parts of many activities at once, grouped by activity id (loaders and the RoPA).
pub async fn legal_bases_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<activity_legal_basis::Model>>> {
    let rows = activity_legal_basis::Entity::find()
        .filter(activity_legal_basis::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_legal_basis::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |r| r.activity_id))
}

pub async fn data_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<activity_data::Model>>> {
    let rows = activity_data::Entity::find()
        .filter(activity_data::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_data::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |r| r.activity_id))
}

pub async fn systems_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<activity_system::Model>>> {
    let rows = activity_system::Entity::find()
        .filter(activity_system::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_system::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |r| r.activity_id))
}

pub async fn recipients_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<activity_recipient::Model>>> {
    let rows = activity_recipient::Entity::find()
        .filter(activity_recipient::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(activity_recipient::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |r| r.activity_id))
}

pub async fn transfers_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<transfer::Model>>> {
    let rows = transfer::Entity::find()
        .filter(transfer::Column::ActivityId.is_in(ids.iter().copied()))
        .order_by_asc(transfer::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |r| r.activity_id))
}

pub(crate) fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}
