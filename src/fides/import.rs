//! Reads fideslang resources into the inventory: one file in one transaction, matched
//! to what is stored by fides key, then by name, so importing the same file again
//! changes nothing. A bad file changes nothing and its error names
//! the file, the resource and the field.

use super::export::DEFAULT_ORGANIZATION;
use super::key_of;
use super::model::*;
use crate::domain::{
    DataOrigin, LegalBasis, LinkProvenance, LinkStatus, ProcessingRole, RecipientRole,
    RetentionTrigger, SpecialCategoryCondition, SystemKind, TransferSafeguard,
};
use crate::error::{Error, Result};
use crate::inventory::activities::{
    self, ActivityChanges, DataInput, LegalBasisInput, NewActivity, RecipientRef, RetentionInput,
    TransferInput,
};
use crate::inventory::changes::{Change, Entity};
use crate::inventory::{categories, links, organisations, recipients, subjects, systems, uses};
use entity::{data_category, data_subject, organisation, processing_activity, system};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Imported {
    pub organisations: usize,
    pub systems: usize,
    pub activities: usize,
    pub categories: usize,
    pub subjects: usize,
    pub links: usize,
    pub references: usize,
    /// Data uses added or changed.
    pub data_uses: usize,
    /// Data flows between systems added or changed (from egress and ingress).
    pub flows: usize,
    /// Resources read but not stored, and why (e.g. `system.*` categories).
    pub skipped: Vec<String>,
}

/// Who the inventory says made what an import stored, when no caller is named (the
/// `steward fides import` command and the demo).
const ACTOR: &str = "fides import";

/// Makes a system hold a category at a location by a confirmed link: a proposed or
/// rejected link there is confirmed, a missing one is created from `new`. `held` is the
/// system's links, kept current. The link written and how, if anything was.
async fn confirm_link(
    db: &Txn,
    held: &mut Vec<entity::system_category::Model>,
    new: links::NewLink,
    category_id: i64,
    said_by: &str,
    actor: &str,
) -> Result<Option<(Change, i64)>> {
    let location = new.location.clone().unwrap_or_default();
    let at = held
        .iter_mut()
        .find(|l| l.category_id == category_id && l.location == location);
    match at {
        Some(l) if l.status == LinkStatus::Confirmed.as_str() => Ok(None),
        Some(l) => {
            let note = format!("confirmed by {said_by}");
            *l = links::decide(
                db,
                l.id,
                LinkStatus::Confirmed,
                Some(actor.into()),
                Some(&note),
            )
            .await?;
            Ok(Some((Change::Updated, l.id)))
        }
        None => {
            let l = links::link(db, new).await?;
            let id = l.id;
            held.push(l);
            Ok(Some((Change::Created, id)))
        }
    }
}

/// The stored resource a file's resource is: the one with its key, else the one with its
/// name (which then takes the file's key: names are unique in Steward).
async fn matching<E: EntityTrait>(
    db: &Txn,
    key_column: E::Column,
    name_column: E::Column,
    key: &str,
    name: &str,
) -> Result<Option<E::Model>> {
    if let Some(m) = E::find().filter(key_column.eq(key)).one(db).await? {
        return Ok(Some(m));
    }
    Ok(E::find().filter(name_column.eq(name)).one(db).await?)
}

/// Gives a stored resource the file's key, unless it has it already.
async fn set_key<E: EntityTrait>(
    db: &Txn,
    key_column: E::Column,
    id_column: E::Column,
    id: i64,
    key: &str,
) -> Result<()> {
    E::update_many()
        .col_expr(key_column, sea_orm::sea_query::Expr::value(key))
        .filter(id_column.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(key_column.is_null())
                .add(key_column.ne(key)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// A file's fides key, as fideslang allows them.
fn check_key(resource: &str, key: &str) -> Result<()> {
    if super::valid_key(key) {
        Ok(())
    } else {
        Err(invalid(
            resource,
            "fides_key",
            "a fides key is 1 to 200 letters, digits and _ . - < >",
        ))
    }
}

/// An import error: which resource and field, and what is wrong.
fn at(resource: &str, e: Error) -> Error {
    match e {
        Error::Validation { field, message } => Error::Validation {
            field: Some(match field {
                Some(f) => format!("{resource}.{f}"),
                None => resource.to_owned(),
            }),
            message,
        },
        Error::Conflict(m) => Error::Validation {
            field: Some(resource.to_owned()),
            message: m,
        },
        Error::NotFound(m) => Error::Validation {
            field: Some(resource.to_owned()),
            message: m,
        },
        other => other,
    }
}

fn invalid(resource: &str, field: &str, message: impl Into<String>) -> Error {
    Error::validation(format!("{resource}.{field}"), message.into())
}

fn parse<T: std::str::FromStr>(resource: &str, field: &str, value: &str, what: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| invalid(resource, field, format!("{value:?} is not {what}")))
}

/// Parses a fideslang YAML document.
pub fn read(text: &str) -> Result<Document> {
    serde_saphyr::from_str(text).map_err(|e| Error::Validation {
        field: None,
        message: format!("not a fideslang YAML document: {e}"),
    })
}

/// Imports one document in one transaction, as `fides import`.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    doc: &Document,
) -> Result<Imported> {
    import_by(db, doc, ACTOR).await
}

/// Imports one document in one transaction; the change feed names `actor`.
pub async fn import_by<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    doc: &Document,
    actor: &str,
) -> Result<Imported> {
    let txn = db.begin().await?;
    let done = Importer {
        actor: actor.to_owned(),
        ..Importer::default()
    }
    .run(&txn, doc)
    .await?;
    txn.commit().await?;
    Ok(done)
}

#[derive(Default)]
struct Importer {
    /// Who the change feed says made the changes.
    actor: String,
    done: Imported,
    /// Organisation id by fides key.
    orgs: HashMap<String, i64>,
    /// What declarations name, loaded once for the activities compared with their
    /// stored form; dropped when a recipient is made (the only thing activities add).
    lookup: Option<crate::fides::export::Lookup>,
}

fn basis_of(name: &str) -> Option<LegalBasis> {
    LegalBasis::ALL
        .iter()
        .copied()
        .find(|b| super::basis_name(*b).eq_ignore_ascii_case(name))
}

fn condition_of(name: &str) -> Option<SpecialCategoryCondition> {
    SpecialCategoryCondition::ALL
        .iter()
        .copied()
        .find(|c| super::condition_name(*c).eq_ignore_ascii_case(name))
}

fn kind_of(system_type: &str) -> SystemKind {
    match system_type.to_lowercase().as_str() {
        "database" => SystemKind::Database,
        "service" | "saas" | "third party" => SystemKind::Saas,
        "file store" => SystemKind::FileStore,
        "application" => SystemKind::Application,
        "analytics" => SystemKind::Analytics,
        _ => SystemKind::Other,
    }
}

fn retention_input(r: &Option<Retention>, resource: &str) -> Result<Option<RetentionInput>> {
    let Some(r) = r else { return Ok(None) };
    Ok(Some(RetentionInput {
        period: r.period.clone(),
        trigger: r
            .trigger
            .as_deref()
            .map(|t| {
                parse::<RetentionTrigger>(resource, "retention.trigger", t, "a retention trigger")
            })
            .transpose()?,
        statute: r.statute.clone(),
        description: r.description.clone(),
    }))
}

type Txn = sea_orm::DatabaseTransaction;

/// An activity as the file declares it: its declaration (the first place it is
/// declared), the systems that carry it, the parties outside the inventory its data goes
/// to (from egress), and where it was first declared.
struct Declared {
    /// The activity's key: `steward.activity`, or made from the declaration's name.
    key: String,
    declaration: Declaration,
    systems: Vec<i64>,
    receivers: Vec<String>,
    resource: String,
}

impl Importer {
    /// Tells the change feed (and so every node's subscribers) what the import changed,
    /// in the import's transaction: a file that fails tells nothing.
    async fn changed(&self, db: &Txn, change: Change, entity: Entity, id: i64) -> Result<()> {
        crate::inventory::changes::record(db, change, entity, id, Some(&self.actor)).await
    }

    async fn run(mut self, db: &Txn, doc: &Document) -> Result<Imported> {
        for t in &doc.data_category {
            self.category(db, t).await?;
        }
        for t in &doc.data_subject {
            self.subject(db, t).await?;
        }
        for t in &doc.data_use {
            self.data_use(db, t).await?;
        }
        for o in &doc.organization {
            self.organisation(db, o).await?;
        }
        let mut system_ids = Vec::with_capacity(doc.system.len());
        for s in &doc.system {
            let resource = format!("system {:?}", s.fides_key);
            system_ids.push(self.system(db, s, &resource).await?);
        }
        let outside = self.flows(db, doc, &system_ids).await?;
        // Activities are gathered from every place they are declared, then stored once.
        let mut declared: BTreeMap<String, Declared> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut gather =
            |d: &Declaration, system: Option<(i64, &[String])>, resource: String| -> Result<()> {
                let key = d
                    .steward
                    .as_ref()
                    .map(|x| x.activity.clone())
                    .or_else(|| d.name.as_deref().map(key_of))
                    .ok_or_else(|| {
                        invalid(
                            &resource,
                            "name",
                            "a declaration needs a name or steward.activity",
                        )
                    })?;
                let entry = declared.entry(key.clone()).or_insert_with(|| {
                    order.push(key.clone());
                    Declared {
                        key: key.clone(),
                        declaration: d.clone(),
                        systems: Vec::new(),
                        receivers: Vec::new(),
                        resource,
                    }
                });
                if let Some((id, receivers)) = system {
                    entry.systems.push(id);
                    for r in receivers {
                        if !entry.receivers.contains(r) {
                            entry.receivers.push(r.clone());
                        }
                    }
                }
                Ok(())
            };
        for o in &doc.organization {
            for (i, d) in o
                .steward
                .iter()
                .flat_map(|x| &x.activities_without_system)
                .enumerate()
            {
                gather(
                    d,
                    None,
                    format!(
                        "organization {:?}.steward.activities_without_system[{i}]",
                        o.fides_key
                    ),
                )?;
            }
        }
        for ((s, id), outside) in doc.system.iter().zip(&system_ids).zip(&outside) {
            let resource = format!("system {:?}", s.fides_key);
            // A declaration's data goes to the parties outside the inventory its egress
            // names; when no declaration of the system names any, to all of the
            // system's (a recipient too many is a DPO's question, one too few a gap in
            // the record).
            let named = s.privacy_declarations.iter().any(|d| !d.egress.is_empty());
            for (i, d) in s.privacy_declarations.iter().enumerate() {
                let receivers: Vec<String> = outside
                    .iter()
                    .filter(|k| !named || d.egress.contains(k))
                    .cloned()
                    .collect();
                gather(
                    d,
                    Some((*id, &receivers)),
                    format!("{resource}.privacy_declarations[{i}]"),
                )?;
            }
        }
        for key in order {
            self.activity(db, &declared[&key]).await?;
        }
        if !doc.dataset.is_empty() {
            let sources = entity::data_source::Entity::find().all(db).await?;
            // The source each dataset describes: the file's datasets by their own key
            // or name, others by the source's key.
            let source_of = |key: &str| {
                let named = doc.dataset.iter().find(|d| d.fides_key == key);
                sources
                    .iter()
                    .find(|s| {
                        key_of(&s.name) == key
                            || named.is_some_and(|d| d.name.as_ref() == Some(&s.name))
                    })
                    .map(|s| s.id)
            };
            for d in &doc.dataset {
                let Some(source) = source_of(&d.fides_key) else {
                    self.done.skipped.push(format!(
                        "dataset {:?}: no data source has that key or name; register the source, then import again",
                        d.fides_key
                    ));
                    continue;
                };
                let source = sources
                    .iter()
                    .find(|s| s.id == source)
                    .expect("found above");
                self.dataset(db, d, source, |k| source_of(k) == Some(source.id))
                    .await?;
            }
        }
        Ok(self.done)
    }

    /// A dataset for a registered data source (the source's fides key or name): its
    /// categories and identity fields become confirmed column links of the source's
    /// system, its references declared references that walk as the dataset says.
    /// References to datasets that `same_source` says describe the same source are
    /// followed like the dataset's own.
    async fn dataset(
        &mut self,
        db: &Txn,
        d: &Dataset,
        source: &entity::data_source::Model,
        same_source: impl Fn(&str) -> bool,
    ) -> Result<()> {
        let resource = format!("dataset {:?}", d.fides_key);
        let schema = crate::dsar::default_schema_of(source);
        let facts =
            super::dataset::facts(d, &schema, same_source).map_err(|m| Error::Validation {
                field: Some(resource.clone()),
                message: m,
            })?;
        let mut held = links::for_system(db, source.system_id, None).await?;
        for (column, category) in &facts.columns {
            let location = column.to_string();
            let field = format!("{resource}.{}", column.table);
            let cat = match categories::resolve_key(db, "data_categories", category).await {
                Ok(c) => c,
                // fideslang's `system.*` categories describe the system's own data (ids,
                // operations), not a person's: Steward's taxonomy has none of them.
                Err(_) if category.starts_with("system.") => {
                    let note = format!("{resource}: {category} is not personal data; not linked");
                    self.skip_once(note);
                    continue;
                }
                Err(e) => return Err(at(&field, e)),
            };
            let mut link = links::NewLink::declared(
                source.system_id,
                category.clone(),
                Some(self.actor.clone()),
            );
            link.location = Some(location);
            let said_by = "a fideslang dataset";
            if let Some((change, id)) =
                confirm_link(db, &mut held, link, cat.id, said_by, &self.actor)
                    .await
                    .map_err(|e| at(&field, e))?
            {
                self.done.links += 1;
                self.changed(db, change, Entity::SystemCategoryLink, id)
                    .await?;
            }
        }
        let stored = crate::dsar::references::list(db, source.id).await?;
        for r in &facts.references {
            let (from, to) = (r.from.to_string(), r.to.to_string());
            if let Some(s) = stored
                .iter()
                .find(|s| s.from_column == from && s.to_column == to)
            {
                if s.walk_up != r.walk_up {
                    return Err(invalid(&resource, "references", format!("{from} → {to} is declared already with the other direction; remove it first")));
                }
                continue;
            }
            let note = format!("from fideslang dataset {}", d.fides_key);
            crate::dsar::references::declare_walk(
                db,
                source.id,
                &from,
                &to,
                r.walk_up,
                Some(&note),
                Some(&self.actor),
            )
            .await
            .map_err(|e| at(&resource, e))?;
            self.done.references += 1;
        }
        for s in facts.skipped {
            self.done
                .skipped
                .push(format!("{resource}: not followed: {s}"));
        }
        Ok(())
    }

    /// Stores the flows between systems the file's egress and ingress name (both ends
    /// of a flow may say it; categories are the union). For each system, in the file's
    /// order, the keys its egress names that are no system of the file or the store:
    /// parties outside the inventory, which become recipients of its plain declarations.
    async fn flows(&mut self, db: &Txn, doc: &Document, ids: &[i64]) -> Result<Vec<Vec<String>>> {
        let mut known: HashMap<String, i64> = system::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|x| Some((x.fides_key?, x.id)))
            .collect();
        known.extend(
            doc.system
                .iter()
                .map(|s| s.fides_key.clone())
                .zip(ids.iter().copied()),
        );
        let mut pairs: BTreeMap<(i64, i64), (Vec<String>, String)> = BTreeMap::new();
        let mut outside = Vec::with_capacity(doc.system.len());
        for (s, id) in doc.system.iter().zip(ids) {
            let mut here = Vec::new();
            let ends = (s
                .egress
                .iter()
                .enumerate()
                .map(|(i, f)| (f, "egress", i, true)))
            .chain(
                s.ingress
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f, "ingress", i, false)),
            );
            for (f, side, index, out) in ends {
                let field = format!("system {:?}.{side}[{index}]", s.fides_key);
                match f.kind.as_str() {
                    "user" | "dataset" => continue,
                    "system" => {}
                    other => {
                        return Err(invalid(
                            &field,
                            "type",
                            format!("{other:?} is not one of system, dataset, user"),
                        ))
                    }
                }
                let Some(other) = known.get(&f.fides_key).copied() else {
                    if s.steward.is_some() {
                        // Written by Steward: the other system is in another file.
                        self.done.skipped.push(format!(
                            "{field}: no system {:?} in the file or the store; import the                              file that declares it, then this one again",
                            f.fides_key
                        ));
                    } else if out && !here.contains(&f.fides_key) {
                        here.push(f.fides_key.clone());
                    }
                    continue;
                };
                if other == *id {
                    return Err(invalid(
                        &field,
                        "fides_key",
                        "a system does not send data to itself",
                    ));
                }
                let pair = if out { (*id, other) } else { (other, *id) };
                let entry = pairs
                    .entry(pair)
                    .or_insert_with(|| (Vec::new(), field.clone()));
                for c in f.data_categories.iter().flatten() {
                    if !entry.0.contains(c) {
                        entry.0.push(c.clone());
                    }
                }
            }
            outside.push(here);
        }
        for ((from, to), (categories, field)) in pairs {
            let (flow, changed) = crate::inventory::flows::set(db, from, to, &categories)
                .await
                .map_err(|e| at(&field, e))?;
            if changed {
                self.done.flows += 1;
                self.changed(db, Change::Updated, Entity::SystemFlow, flow.id)
                    .await?;
            }
        }
        Ok(outside)
    }

    async fn data_use(&mut self, db: &Txn, t: &Taxon) -> Result<()> {
        let resource = format!("data_use {:?}", t.fides_key);
        match uses::find_by_key(db, &t.fides_key).await? {
            Some(u) if !u.custom => {} // fideslang's own are not changed by a file
            Some(u) => {
                if Some(&u.name) != t.name.as_ref() || u.description != t.description {
                    uses::update(db, &u.key, t.name.as_deref(), Some(t.description.clone()))
                        .await
                        .map_err(|e| at(&resource, e))?;
                    self.done.data_uses += 1;
                    self.changed(db, Change::Updated, Entity::DataUse, u.id)
                        .await?;
                }
            }
            None => {
                let made = uses::create(
                    db,
                    uses::NewDataUse {
                        key: t.fides_key.clone(),
                        name: t.name.clone().unwrap_or_else(|| t.fides_key.clone()),
                        description: t.description.clone(),
                        parent_key: t.parent_key.clone(),
                    },
                )
                .await
                .map_err(|e| at(&resource, e))?;
                self.done.data_uses += 1;
                self.changed(db, Change::Created, Entity::DataUse, made.id)
                    .await?;
            }
        }
        Ok(())
    }

    async fn category(&mut self, db: &Txn, t: &Taxon) -> Result<()> {
        let resource = format!("data_category {:?}", t.fides_key);
        let exists = data_category::Entity::find()
            .filter(data_category::Column::Key.eq(t.fides_key.as_str()))
            .one(db)
            .await?;
        let special = t.steward.as_ref().is_some_and(|x| x.special);
        match exists {
            Some(c) if !c.custom => {} // the default taxonomy is not changed by a file
            Some(c) => {
                let same = Some(&c.name) == t.name.as_ref()
                    && c.description == t.description
                    && c.special == special;
                if !same {
                    categories::update(
                        db,
                        c.id,
                        categories::CategoryChanges {
                            name: t.name.clone(),
                            description: Some(t.description.clone()),
                            special: Some(special),
                            ..Default::default()
                        },
                    )
                    .await
                    .map_err(|e| at(&resource, e))?;
                    self.changed(db, Change::Updated, Entity::DataCategory, c.id)
                        .await?;
                }
            }
            None => {
                let made = categories::create(
                    db,
                    categories::NewCategory {
                        key: t.fides_key.clone(),
                        name: t.name.clone().unwrap_or_else(|| t.fides_key.clone()),
                        description: t.description.clone(),
                        parent_key: t.parent_key.clone(),
                        special,
                    },
                )
                .await
                .map_err(|e| at(&resource, e))?;
                self.done.categories += 1;
                self.changed(db, Change::Created, Entity::DataCategory, made.id)
                    .await?;
            }
        }
        Ok(())
    }

    async fn subject(&mut self, db: &Txn, t: &Taxon) -> Result<()> {
        let resource = format!("data_subject {:?}", t.fides_key);
        let exists = data_subject::Entity::find()
            .filter(data_subject::Column::Key.eq(t.fides_key.as_str()))
            .one(db)
            .await?;
        if exists.is_none() {
            let made = subjects::create(
                db,
                &t.fides_key,
                t.name.as_deref().unwrap_or(&t.fides_key),
                t.description.as_deref(),
            )
            .await
            .map_err(|e| at(&resource, e))?;
            self.done.subjects += 1;
            self.changed(db, Change::Created, Entity::DataSubject, made.id)
                .await?;
        }
        Ok(())
    }

    async fn organisation(&mut self, db: &Txn, o: &Organization) -> Result<()> {
        let resource = format!("organization {:?}", o.fides_key);
        let Some(name) = o.name.clone() else {
            if o.fides_key != DEFAULT_ORGANIZATION {
                return Err(invalid(&resource, "name", "an organisation needs a name"));
            }
            return Ok(()); // fideslang's placeholder: activities without an organisation
        };
        let ext = o.steward.clone().unwrap_or_default();
        let controller = o.controller.clone().unwrap_or_default();
        let dpo = o.data_protection_officer.clone().unwrap_or_default();
        let fields = organisations::OrganisationFields {
            registration_number: ext.registration_number,
            address: controller.address,
            country: ext.country,
            contact_email: controller.email,
            dpo_name: dpo.name,
            dpo_contact: dpo.email,
            eu_representative: o.representative.as_ref().and_then(|r| r.name.clone()),
            security_measures: ext.security_measures,
        };
        check_key(&resource, &o.fides_key)?;
        let stored = matching::<organisation::Entity>(
            db,
            organisation::Column::FidesKey,
            organisation::Column::Name,
            &o.fides_key,
            &name,
        )
        .await?;
        let id = match stored {
            None => {
                self.done.organisations += 1;
                let id = organisations::create(db, &name, fields)
                    .await
                    .map_err(|e| at(&resource, e))?
                    .id;
                self.changed(db, Change::Created, Entity::Organisation, id)
                    .await?;
                id
            }
            Some(x) => {
                let wanted = organisation::Model {
                    name: name.clone(),
                    registration_number: fields.registration_number.clone(),
                    address: fields.address.clone(),
                    country: fields.country.clone(),
                    contact_email: fields.contact_email.clone(),
                    dpo_name: fields.dpo_name.clone(),
                    dpo_contact: fields.dpo_contact.clone(),
                    eu_representative: fields.eu_representative.clone(),
                    security_measures: fields.security_measures.clone(),
                    ..x.clone()
                };
                if wanted != x {
                    self.done.organisations += 1;
                    organisations::update(
                        db,
                        x.id,
                        organisations::OrganisationChanges {
                            name: Some(name),
                            registration_number: Some(fields.registration_number),
                            address: Some(fields.address),
                            country: Some(fields.country),
                            contact_email: Some(fields.contact_email),
                            dpo_name: Some(fields.dpo_name),
                            dpo_contact: Some(fields.dpo_contact),
                            eu_representative: Some(fields.eu_representative),
                            security_measures: Some(fields.security_measures),
                        },
                    )
                    .await
                    .map_err(|e| at(&resource, e))?;
                    self.changed(db, Change::Updated, Entity::Organisation, x.id)
                        .await?;
                }
                x.id
            }
        };
        set_key::<organisation::Entity>(
            db,
            organisation::Column::FidesKey,
            organisation::Column::Id,
            id,
            &o.fides_key,
        )
        .await?;
        self.orgs.insert(o.fides_key.clone(), id);
        Ok(())
    }

    async fn organisation_id(
        &self,
        db: &Txn,
        key: Option<&str>,
        resource: &str,
    ) -> Result<Option<i64>> {
        match key {
            None | Some(DEFAULT_ORGANIZATION) => Ok(None),
            Some(k) => {
                if let Some(id) = self.orgs.get(k) {
                    return Ok(Some(*id));
                }
                let stored = organisation::Entity::find()
                    .filter(organisation::Column::FidesKey.eq(k))
                    .one(db)
                    .await?;
                stored.map(|o| Some(o.id)).ok_or_else(|| {
                    invalid(
                        resource,
                        "organization_fides_key",
                        format!("no organisation {k:?} in the file or the store"),
                    )
                })
            }
        }
    }

    async fn system(&mut self, db: &Txn, s: &System, resource: &str) -> Result<i64> {
        let name = s.name.clone().unwrap_or_else(|| s.fides_key.clone());
        let ext = s.steward.clone();
        let kind = match &ext {
            Some(x) => parse::<SystemKind>(resource, "steward.kind", &x.kind, "a system kind")?,
            None => kind_of(&s.system_type),
        };
        let organisation_id = self
            .organisation_id(db, s.organization_fides_key.as_deref(), resource)
            .await?;
        let hosting_country = ext.as_ref().and_then(|x| x.hosting_country.clone());
        let vendor = ext.as_ref().and_then(|x| x.vendor.clone());
        check_key(resource, &s.fides_key)?;
        if s.steward.is_none() && s.does_international_transfers {
            let grounds = if s.legal_basis_for_transfers.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.legal_basis_for_transfers.join(", "))
            };
            self.done.skipped.push(format!(
                "{resource}: transfers data outside the EEA{grounds}, but fideslang names no \
                 country; record the transfers (country and safeguard) on its activities"
            ));
        }
        let stored = matching::<system::Entity>(
            db,
            system::Column::FidesKey,
            system::Column::Name,
            &s.fides_key,
            &name,
        )
        .await?;
        let id = match stored {
            None => {
                self.done.systems += 1;
                let id = systems::create(
                    db,
                    systems::NewSystem {
                        name: name.clone(),
                        organisation_id,
                        description: s.description.clone(),
                        owner: s.administrating_department.clone(),
                        kind,
                        hosting_country: hosting_country.clone(),
                        vendor: vendor.clone(),
                    },
                )
                .await
                .map_err(|e| at(resource, e))?
                .id;
                self.changed(db, Change::Created, Entity::System, id)
                    .await?;
                id
            }
            Some(x) => {
                let same = x.name == name
                    && x.organisation_id == organisation_id
                    && x.description == s.description
                    && x.owner == s.administrating_department
                    && x.kind == kind.as_str()
                    && x.hosting_country == hosting_country
                    && x.vendor == vendor;
                if !same {
                    self.done.systems += 1;
                    systems::update(
                        db,
                        x.id,
                        systems::SystemChanges {
                            name: Some(name.clone()),
                            organisation_id: Some(organisation_id),
                            description: Some(s.description.clone()),
                            owner: Some(s.administrating_department.clone()),
                            kind: Some(kind),
                            hosting_country: Some(hosting_country),
                            vendor: Some(vendor),
                        },
                    )
                    .await
                    .map_err(|e| at(resource, e))?;
                    self.changed(db, Change::Updated, Entity::System, x.id)
                        .await?;
                }
                x.id
            }
        };
        set_key::<system::Entity>(
            db,
            system::Column::FidesKey,
            system::Column::Id,
            id,
            &s.fides_key,
        )
        .await?;
        let mut held = links::for_system(db, id, None).await?;
        for (i, h) in ext.iter().flat_map(|x| &x.holds).enumerate() {
            let field = format!("{resource}.steward.holds[{i}]");
            let category = categories::resolve_key(db, "category", &h.category)
                .await
                .map_err(|e| at(&field, e))?;
            let provenance =
                parse::<LinkProvenance>(&field, "provenance", &h.provenance, "a provenance")?;
            let mut link =
                links::NewLink::declared(id, h.category.clone(), Some(self.actor.clone()));
            link.location = (!h.location.is_empty()).then(|| h.location.clone());
            link.provenance = provenance;
            if let Some((change, id)) = confirm_link(
                db,
                &mut held,
                link,
                category.id,
                "the file's steward.holds",
                &self.actor,
            )
            .await
            .map_err(|e| at(&field, e))?
            {
                self.done.links += 1;
                self.changed(db, change, Entity::SystemCategoryLink, id)
                    .await?;
            }
        }
        Ok(id)
    }

    /// Reports what was not stored, once however often the file says it.
    fn skip_once(&mut self, note: String) {
        if !self.done.skipped.contains(&note) {
            self.done.skipped.push(note);
        }
    }

    async fn recipient_id(&mut self, db: &Txn, r: &Recipient, resource: &str) -> Result<i64> {
        if let Some(x) = recipients::find_by_name(db, &r.name).await? {
            return Ok(x.id);
        }
        let role = parse::<RecipientRole>(resource, "role", &r.role, "a recipient role")?;
        let id = recipients::create(
            db,
            recipients::NewRecipient {
                name: r.name.clone(),
                role,
                country: r.country.clone(),
                contract_reference: r.contract_reference.clone(),
                description: r.description.clone(),
            },
        )
        .await
        .map_err(|e| at(resource, e))?
        .id;
        self.changed(db, Change::Created, Entity::Recipient, id)
            .await?;
        self.lookup = None;
        Ok(id)
    }

    /// The activity a declaration describes: from `steward` when present, else from
    /// fideslang's own fields.
    async fn new_activity(&mut self, db: &Txn, declared: &Declared) -> Result<NewActivity> {
        let (d, systems, resource) = (
            &declared.declaration,
            &declared.systems,
            declared.resource.as_str(),
        );
        let Some(x) = &d.steward else {
            return self.plain_activity(db, declared).await;
        };
        let mut recipients_of = Vec::new();
        for (i, r) in x.recipients.iter().enumerate() {
            let id = self
                .recipient_id(db, r, &format!("{resource}.steward.recipients[{i}]"))
                .await?;
            recipients_of.push(RecipientRef {
                recipient_id: id,
                purpose: r.purpose.clone(),
            });
        }
        let mut transfers = Vec::new();
        for (i, t) in x.transfers.iter().enumerate() {
            let field = format!("{resource}.steward.transfers[{i}]");
            let recipient_id = match &t.recipient {
                None => None,
                Some(name) => Some(
                    recipients::find_by_name(db, name)
                        .await?
                        .ok_or_else(|| {
                            invalid(
                                &field,
                                "recipient",
                                format!("{name:?} is not a recipient of the activity"),
                            )
                        })?
                        .id,
                ),
            };
            transfers.push(TransferInput {
                country: t.country.clone(),
                safeguard: parse::<TransferSafeguard>(
                    &field,
                    "safeguard",
                    &t.safeguard,
                    "a transfer safeguard",
                )?,
                safeguard_detail: t.detail.clone(),
                recipient_id,
            });
        }
        let mut data = Vec::new();
        for (i, item) in x.data.iter().enumerate() {
            let field = format!("{resource}.steward.data[{i}]");
            data.push(DataInput {
                category_key: item.category.clone(),
                subject_key: item.subject.clone(),
                source: parse::<DataOrigin>(&field, "source", &item.source, "a data origin")?,
                source_detail: item.source_detail.clone(),
                retention: retention_input(&item.retention, &field)?,
            });
        }
        let data_use = if x.data_use_stated {
            Some(self.data_use_of(db, d, resource).await?.key)
        } else {
            None
        };
        Ok(NewActivity {
            name: d.name.clone().unwrap_or_else(|| x.activity.clone()),
            purpose: x.purpose.clone(),
            data_use,
            description: x.description.clone(),
            organisation_id: self
                .organisation_id(db, x.organization_fides_key.as_deref(), resource)
                .await?,
            role: parse::<ProcessingRole>(resource, "steward.role", &x.role, "a processing role")?,
            controller_name: x.controller_name.clone(),
            legal_bases: x
                .legal_bases
                .iter()
                .map(|b| {
                    Ok(LegalBasisInput {
                        basis: parse::<LegalBasis>(
                            resource,
                            "steward.legal_bases",
                            &b.basis,
                            "a legal basis",
                        )?,
                        note: b.note.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            special_category_condition: x
                .special_category_condition
                .as_deref()
                .map(|c| {
                    parse(
                        resource,
                        "steward.special_category_condition",
                        c,
                        "an Art. 9(2) condition",
                    )
                })
                .transpose()?,
            automated_decision_making: x.automated_decision_making.clone(),
            security_measures: x.security_measures.clone(),
            retention: retention_input(&x.retention, resource)?,
            data,
            system_ids: systems.to_vec(),
            recipients: recipients_of,
            transfers,
        })
    }

    /// A plain fideslang declaration: each category for each subject, provided by the
    /// person; the legal basis and Art. 9 basis by their fideslang names.
    async fn plain_activity(&mut self, db: &Txn, declared: &Declared) -> Result<NewActivity> {
        let (d, systems, resource) = (
            &declared.declaration,
            &declared.systems,
            declared.resource.as_str(),
        );
        let data_use = self.data_use_of(db, d, resource).await?;
        let mut recipients_of = Vec::new();
        for key in &declared.receivers {
            let r = Recipient {
                name: key.clone(),
                role: RecipientRole::Other.as_str().to_owned(),
                description: Some("named in a fideslang system's egress".into()),
                ..Default::default()
            };
            recipients_of.push(RecipientRef {
                recipient_id: self.recipient_id(db, &r, resource).await?,
                purpose: None,
            });
        }
        // Who the data is shared with, as text: recipients' names separated by `;` (as
        // Steward writes them); a name too long to be one is reported, not stored.
        let named = d.third_parties.iter().flat_map(|t| t.split(';'));
        let mut named_any = false;
        for name in named.map(str::trim).filter(|n| !n.is_empty()) {
            named_any = true;
            if name.chars().count() > crate::inventory::NAME_MAX {
                let note = format!("{resource}: third_parties {name:?} is too long for a recipient's name; not stored");
                self.skip_once(note);
                continue;
            }
            let r = Recipient {
                name: name.to_owned(),
                role: RecipientRole::Other.as_str().to_owned(),
                description: Some("named in a fideslang declaration's third_parties".into()),
                ..Default::default()
            };
            let id = self
                .recipient_id(db, &r, &format!("{resource}.third_parties"))
                .await?;
            if !recipients_of.iter().any(|x| x.recipient_id == id) {
                recipients_of.push(RecipientRef {
                    recipient_id: id,
                    purpose: None,
                });
            }
        }
        if d.data_shared_with_third_parties && !named_any && declared.receivers.is_empty() {
            let note = format!("{resource}: shares data with third parties but names none");
            self.skip_once(note);
        }
        let subjects = if d.data_subjects.is_empty() {
            return Err(invalid(
                resource,
                "data_subjects",
                "name whose data this is",
            ));
        } else {
            &d.data_subjects
        };
        let basis = match &d.legal_basis_for_processing {
            Some(b) => vec![LegalBasisInput {
                basis: basis_of(b).ok_or_else(|| {
                    invalid(
                        resource,
                        "legal_basis_for_processing",
                        format!("{b:?} is not a fideslang legal basis"),
                    )
                })?,
                note: None,
            }],
            None => Vec::new(),
        };
        Ok(NewActivity {
            name: d.name.clone().unwrap_or_else(|| d.data_use.clone()),
            purpose: data_use.name.clone(),
            data_use: Some(data_use.key),
            description: None,
            organisation_id: None,
            role: ProcessingRole::Controller,
            controller_name: None,
            legal_bases: basis,
            special_category_condition: d
                .special_category_legal_basis
                .as_deref()
                .map(|c| {
                    condition_of(c).ok_or_else(|| {
                        invalid(
                            resource,
                            "special_category_legal_basis",
                            format!("{c:?} is not a fideslang Art. 9 basis"),
                        )
                    })
                })
                .transpose()?,
            automated_decision_making: None,
            security_measures: None,
            retention: d.retention_period.as_ref().map(|r| RetentionInput {
                description: Some(r.clone()),
                ..Default::default()
            }),
            data: d
                .data_categories
                .iter()
                .flat_map(|c| {
                    subjects.iter().map(move |s| DataInput {
                        category_key: c.clone(),
                        subject_key: s.clone(),
                        source: DataOrigin::Provided,
                        source_detail: None,
                        retention: None,
                    })
                })
                .collect(),
            system_ids: systems.to_vec(),
            recipients: recipients_of,
            transfers: Vec::new(),
        })
    }

    /// The data use a declaration names, which the taxonomy must know.
    async fn data_use_of(
        &self,
        db: &Txn,
        d: &Declaration,
        resource: &str,
    ) -> Result<entity::data_use::Model> {
        uses::resolve_key(db, "data_use", &d.data_use)
            .await
            .map_err(|e| at(resource, e))
    }

    async fn activity(&mut self, db: &Txn, declared: &Declared) -> Result<()> {
        let resource = declared.resource.as_str();
        let new = self.new_activity(db, declared).await?;
        let stored = matching::<processing_activity::Entity>(
            db,
            processing_activity::Column::FidesKey,
            processing_activity::Column::Name,
            &declared.key,
            &new.name,
        )
        .await?;
        let id = match stored {
            None => {
                let made = activities::create(db, new)
                    .await
                    .map_err(|e| at(resource, e))?;
                self.done.activities += 1;
                self.changed(db, Change::Created, Entity::ProcessingActivity, made.id)
                    .await?;
                made.id
            }
            Some(a) => {
                // Written again only when something differs: an unchanged file is a no-op.
                // What declarations name (recipients included) is in place by now.
                let lookup = match self.lookup.take() {
                    Some(lookup) => lookup,
                    None => crate::fides::export::Lookup::load(db).await?,
                };
                let before = crate::fides::export::declaration_of(db, &lookup, a.id).await?;
                let changes = ActivityChanges {
                    name: Some(new.name),
                    purpose: Some(new.purpose),
                    data_use: Some(new.data_use),
                    description: Some(new.description),
                    organisation_id: Some(new.organisation_id),
                    role: Some(new.role),
                    controller_name: Some(new.controller_name),
                    legal_bases: Some(new.legal_bases),
                    special_category_condition: Some(new.special_category_condition),
                    automated_decision_making: Some(new.automated_decision_making),
                    security_measures: Some(new.security_measures),
                    retention: Some(new.retention),
                    data: Some(new.data),
                    system_ids: Some(new.system_ids),
                    recipients: Some(new.recipients),
                    transfers: Some(new.transfers),
                };
                let sp = db.begin().await?;
                activities::update(&sp, a.id, changes)
                    .await
                    .map_err(|e| at(resource, e))?;
                let after = crate::fides::export::declaration_of(&sp, &lookup, a.id).await?;
                self.lookup = Some(lookup);
                if before == after {
                    sp.rollback().await?;
                } else {
                    sp.commit().await?;
                    self.done.activities += 1;
                    self.changed(db, Change::Updated, Entity::ProcessingActivity, a.id)
                        .await?;
                }
                a.id
            }
        };
        set_key::<processing_activity::Entity>(
            db,
            processing_activity::Column::FidesKey,
            processing_activity::Column::Id,
            id,
            &declared.key,
        )
        .await
    }
}
