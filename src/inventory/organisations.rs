//! Organisations acting as controller or processor (Art. 30(1)(a)).

use super::{optional_text, patch_text, required_text, Page, PageArgs, Patch, NAME_MAX, TEXT_MAX};
use crate::domain::keys_optional_country as optional_country;
use crate::error::{Error, Result};
use chrono::Utc;
use entity::{organisation, processing_activity, system};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

#[derive(Debug, Clone, Default)]
pub struct OrganisationFields {
    pub registration_number: Option<String>,
    pub address: Option<String>,
    pub country: Option<String>,
    pub contact_email: Option<String>,
    pub dpo_name: Option<String>,
    pub dpo_contact: Option<String>,
    pub eu_representative: Option<String>,
    pub security_measures: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationChanges {
    pub name: Option<String>,
    pub registration_number: Patch<String>,
    pub address: Patch<String>,
    pub country: Patch<String>,
    pub contact_email: Patch<String>,
    pub dpo_name: Patch<String>,
    pub dpo_contact: Patch<String>,
    pub eu_representative: Patch<String>,
    pub security_measures: Patch<String>,
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("organisation", id))
}

pub async fn list(db: &impl ConnectionTrait, page: PageArgs) -> Result<Page<organisation::Model>> {
    super::page::paginate(
        db,
        organisation::Entity::find(),
        organisation::Column::Id,
        page,
    )
    .await
}

/// Every organisation, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<organisation::Model>> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?)
}

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    name: &str,
    fields: OrganisationFields,
) -> Result<organisation::Model> {
    let name = required_text("name", name, NAME_MAX)?;
    let t = |f: &str, v: &Option<String>| optional_text(f, v.as_deref(), TEXT_MAX);
    let mut model = organisation::ActiveModel {
        name: Set(name.clone()),
        registration_number: Set(t("registrationNumber", &fields.registration_number)?),
        address: Set(t("address", &fields.address)?),
        country: Set(optional_country("country", fields.country.as_deref())?),
        contact_email: Set(t("contactEmail", &fields.contact_email)?),
        dpo_name: Set(t("dpoName", &fields.dpo_name)?),
        dpo_contact: Set(t("dpoContact", &fields.dpo_contact)?),
        eu_representative: Set(t("euRepresentative", &fields.eu_representative)?),
        security_measures: Set(t("securityMeasures", &fields.security_measures)?),
        ..Default::default()
    };
    let now = Utc::now();
    model.created_at = Set(now);
    model.updated_at = Set(now);
    let txn = db.begin().await?;
    super::ensure_unique_name::<organisation::Entity>(
        &txn,
        organisation::Column::Name,
        organisation::Column::Id,
        &name,
        None,
        "an organisation",
    )
    .await?;
    model.fides_key = Set(Some(
        super::fresh_fides_key::<organisation::Entity>(&txn, organisation::Column::FidesKey, &name)
            .await?,
    ));
    let model = model.insert(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
    c: OrganisationChanges,
) -> Result<organisation::Model> {
    let txn = db.begin().await?;
    let mut model: organisation::ActiveModel = get(&txn, id).await?.into();
    if let Some(name) = &c.name {
        let name = required_text("name", name, NAME_MAX)?;
        super::ensure_unique_name::<organisation::Entity>(
            &txn,
            organisation::Column::Name,
            organisation::Column::Id,
            &name,
            Some(id),
            "an organisation",
        )
        .await?;
        model.name = Set(name);
    }
    macro_rules! patch {
        ($field:ident, $label:literal) => {
            if let Some(v) = patch_text($label, &c.$field, TEXT_MAX)? {
                model.$field = Set(v);
            }
        };
    }
    patch!(registration_number, "registrationNumber");
    patch!(address, "address");
    patch!(contact_email, "contactEmail");
    patch!(dpo_name, "dpoName");
    patch!(dpo_contact, "dpoContact");
    patch!(eu_representative, "euRepresentative");
    patch!(security_measures, "securityMeasures");
    if let Some(country) = &c.country {
        model.country = Set(optional_country("country", country.as_deref())?);
    }
    model.updated_at = Set(Utc::now());
    let model = model.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Checks that an organisation referenced by `field` exists.
pub async fn ensure_exists(db: &impl ConnectionTrait, field: &str, id: Option<i64>) -> Result<()> {
    if let Some(id) = id {
        get(db, id)
            .await
            .map_err(|_| Error::validation(field, format!("organisation {id} does not exist")))?;
    }
    Ok(())
}

pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: i64,
) -> Result<organisation::Model> {
    let txn = db.begin().await?;
    let current = get(&txn, id).await?;
    let systems = system::Entity::find()
        .filter(system::Column::OrganisationId.eq(id))
        .count(&txn)
        .await?;
    let activities = processing_activity::Entity::find()
        .filter(processing_activity::Column::OrganisationId.eq(id))
        .count(&txn)
        .await?;
    if systems + activities > 0 {
        return Err(Error::Conflict(format!(
            "organisation {:?} still has {systems} systems and {activities} processing \
             activities; move or delete them first",
            current.name
        )));
    }
    organisation::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(current)
}
