//! The whole inventory as one fideslang document.

use super::model::*;
use super::{basis_name, condition_name, Keys};
use crate::domain::{LegalBasis, LinkStatus, SpecialCategoryCondition};
use crate::error::{Error, Result};
use crate::inventory::{activities, by_id, flows};
use entity::{
    data_category, data_source, data_subject, data_use, organisation, processing_activity,
    recipient, source_reference, source_table, system, system_category,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

/// fideslang's organisation key for resources without one.
pub const DEFAULT_ORGANIZATION: &str = "default_organization";

/// The data use written when Steward has none for an activity (see
/// [`ActivityExt::data_use_stated`]).
pub const UNSTATED_DATA_USE: &str = "essential";

fn system_type(kind: &str) -> &'static str {
    match kind {
        "DATABASE" => "Database",
        "SAAS" => "Service",
        "FILE_STORE" => "File store",
        "APPLICATION" => "Application",
        "ANALYTICS" => "Analytics",
        _ => "Other",
    }
}

fn retention(
    period: &Option<String>,
    trigger: &Option<String>,
    statute: &Option<String>,
    description: &Option<String>,
) -> Option<Retention> {
    let r = Retention {
        period: period.clone(),
        trigger: trigger.clone(),
        statute: statute.clone(),
        description: description.clone(),
    };
    (r != Retention::default()).then_some(r)
}

/// A dataset's field, by collection and name, made on first use.
fn field_of<'a>(
    tables: &'a mut BTreeMap<String, BTreeMap<String, Field>>,
    table: &str,
    column: &str,
) -> &'a mut Field {
    tables
        .entry(table.to_owned())
        .or_default()
        .entry(column.to_owned())
        .or_insert_with(|| Field {
            name: column.to_owned(),
            ..Default::default()
        })
}

/// Builds the document: organisations, systems with a declaration per activity they
/// carry, datasets of data sources (confirmed column links, declared references),
/// and the custom part of the taxonomy. Keys come from names; the order is by name,
/// so the same inventory always gives the same document.
pub async fn build(db: &impl ConnectionTrait) -> Result<Document> {
    let systems = system::Entity::find()
        .order_by_asc(system::Column::Name)
        .all(db)
        .await?;
    let acts = processing_activity::Entity::find()
        .order_by_asc(processing_activity::Column::Name)
        .all(db)
        .await?;
    let mut system_keys = Keys::reserving(systems.iter().map(|s| &s.fides_key));
    let system_key: HashMap<i64, String> = systems
        .iter()
        .map(|s| (s.id, system_keys.of(&s.fides_key, &s.name)))
        .collect();

    let lookup = Lookup::load(db).await?;
    let (cats, subjects, orgs, org_key) = (
        &lookup.cats,
        &lookup.subjects,
        &lookup.orgs,
        &lookup.org_key,
    );
    let cat_key = |id: i64| lookup.cat_key(id);

    // Each activity once, as a declaration; then placed in its systems.
    let mut placed: BTreeMap<i64, Vec<Declaration>> = BTreeMap::new();
    let mut homeless: BTreeMap<String, Vec<Declaration>> = BTreeMap::new();
    let mut activity_keys = Keys::reserving(acts.iter().map(|a| &a.fides_key));
    let found = declarations(db, &acts, &lookup, &mut activity_keys).await?;
    for (a, (declaration, systems_of)) in acts.iter().zip(found) {
        if systems_of.is_empty() {
            let home = a
                .organisation_id
                .and_then(|o| org_key.get(&o).cloned())
                .unwrap_or_else(|| DEFAULT_ORGANIZATION.to_owned());
            homeless.entry(home).or_default().push(declaration);
        } else {
            for s in systems_of {
                placed.entry(s).or_default().push(declaration.clone());
            }
        }
    }

    let mut organization: Vec<Organization> = orgs
        .iter()
        .map(|o| {
            let key = org_key[&o.id].clone();
            let contact =
                |name: &Option<String>, email: &Option<String>, address: Option<String>| {
                    let c = Contact {
                        name: name.clone(),
                        address,
                        email: email.clone(),
                        phone: None,
                    };
                    (c != Contact::default()).then_some(c)
                };
            Organization {
                fides_key: key.clone(),
                name: Some(o.name.clone()),
                description: None,
                controller: contact(&Some(o.name.clone()), &o.contact_email, o.address.clone()),
                data_protection_officer: contact(&o.dpo_name, &o.dpo_contact, None),
                representative: contact(&o.eu_representative, &None, None),
                steward: Some(OrganizationExt {
                    registration_number: o.registration_number.clone(),
                    country: o.country.clone(),
                    security_measures: o.security_measures.clone(),
                    activities_without_system: homeless.remove(&key).unwrap_or_default(),
                }),
            }
        })
        .collect();
    if let Some(orphans) = homeless.remove(DEFAULT_ORGANIZATION) {
        organization.push(Organization {
            fides_key: DEFAULT_ORGANIZATION.to_owned(),
            steward: Some(OrganizationExt {
                activities_without_system: orphans,
                ..Default::default()
            }),
            ..Default::default()
        });
    }

    // Datasets: a source's tables as collections, confirmed column links as field
    // categories, declared references with the way they may be walked.
    let sources = data_source::Entity::find()
        .order_by_asc(data_source::Column::Name)
        .all(db)
        .await?;
    let confirmed = system_category::Entity::find()
        .filter(system_category::Column::Status.eq(LinkStatus::Confirmed.as_str()))
        .order_by_asc(system_category::Column::Id)
        .all(db)
        .await?;
    let mut dataset_keys = Keys::default();
    let mut dataset = Vec::new();
    let mut datasets_of: HashMap<i64, Vec<String>> = HashMap::new();
    for source in &sources {
        let key = dataset_keys.take(&source.name);
        let known: Vec<source_table::Model> = source_table::Entity::find()
            .filter(source_table::Column::SourceId.eq(source.id))
            .all(db)
            .await?;
        let is_known = |table: &str| {
            known.is_empty()
                || known.iter().any(|t| {
                    t.table_name == table || format!("{}.{}", t.schema_name, t.table_name) == table
                })
        };
        // collection → field → categories / references
        let mut tables: BTreeMap<String, BTreeMap<String, Field>> = BTreeMap::new();
        for l in confirmed.iter().filter(|l| l.system_id == source.system_id) {
            let Some((table, column)) = l.location.rsplit_once('.') else {
                continue;
            };
            if !is_known(table) {
                continue;
            }
            let field = field_of(&mut tables, table, column);
            let category = cat_key(l.category_id)?;
            if !field.data_categories.contains(&category) {
                field.data_categories.push(category);
            }
        }
        let references = source_reference::Entity::find()
            .filter(source_reference::Column::SourceId.eq(source.id))
            .order_by_asc(source_reference::Column::Id)
            .all(db)
            .await?;
        for r in &references {
            let Some((table, column)) = r.from_column.rsplit_once('.') else {
                continue;
            };
            field_of(&mut tables, table, column)
                .fides_meta
                .get_or_insert_with(FieldMeta::default)
                .references
                .push(Reference {
                    dataset: key.clone(),
                    field: r.to_column.clone(),
                    direction: Some(if r.walk_up { "to" } else { "from" }.into()),
                });
        }
        if tables.is_empty() {
            continue;
        }
        datasets_of
            .entry(source.system_id)
            .or_default()
            .push(key.clone());
        dataset.push(Dataset {
            fides_key: key,
            name: Some(source.name.clone()),
            description: Some(format!(
                "{} source of a Steward system",
                source.engine.to_lowercase()
            )),
            collections: tables
                .into_iter()
                .map(|(name, fields)| Collection {
                    name,
                    fields: fields.into_values().collect(),
                })
                .collect(),
        });
    }

    // Flows, written at both ends: the sender's egress and the receiver's ingress.
    let mut egress: HashMap<i64, Vec<DataFlow>> = HashMap::new();
    let mut ingress: HashMap<i64, Vec<DataFlow>> = HashMap::new();
    for f in flows::all(db).await? {
        let categories = flows::categories_of(&f);
        let categories = (!categories.is_empty()).then_some(categories);
        let end = |id: i64| DataFlow {
            fides_key: system_key[&id].clone(),
            kind: "system".into(),
            data_categories: categories.clone(),
        };
        egress
            .entry(f.from_system_id)
            .or_default()
            .push(end(f.to_system_id));
        ingress
            .entry(f.to_system_id)
            .or_default()
            .push(end(f.from_system_id));
    }
    for list in egress.values_mut().chain(ingress.values_mut()) {
        list.sort_by(|a, b| a.fides_key.cmp(&b.fides_key));
    }

    let system = systems
        .iter()
        .map(|s| {
            let declarations = placed.remove(&s.id).unwrap_or_default();
            let abroad = declarations.iter().any(|d| {
                d.steward.as_ref().is_some_and(|x| {
                    x.transfers
                        .iter()
                        .any(|t| crate::domain::outside_eea(Some(&t.country)))
                })
            });
            let holds = confirmed
                .iter()
                .filter(|l| l.system_id == s.id)
                .map(|l| {
                    Ok(Held {
                        category: cat_key(l.category_id)?,
                        location: l.location.clone(),
                        provenance: l.provenance.clone(),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(System {
                fides_key: system_key[&s.id].clone(),
                name: Some(s.name.clone()),
                description: s.description.clone(),
                organization_fides_key: Some(
                    s.organisation_id
                        .and_then(|o| org_key.get(&o).cloned())
                        .unwrap_or_else(|| DEFAULT_ORGANIZATION.to_owned()),
                ),
                system_type: system_type(&s.kind).to_owned(),
                administrating_department: s.owner.clone(),
                privacy_declarations: declarations,
                dataset_references: datasets_of.remove(&s.id).unwrap_or_default(),
                egress: egress.remove(&s.id).unwrap_or_default(),
                ingress: ingress.remove(&s.id).unwrap_or_default(),
                does_international_transfers: abroad,
                legal_basis_for_transfers: Vec::new(),
                steward: Some(SystemExt {
                    kind: s.kind.clone(),
                    hosting_country: s.hosting_country.clone(),
                    vendor: s.vendor.clone(),
                    holds,
                }),
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let mut custom_cats: Vec<&data_category::Model> = cats.values().filter(|c| c.custom).collect();
    custom_cats.sort_by(|a, b| a.key.cmp(&b.key));
    let data_category = custom_cats
        .iter()
        .map(|c| Taxon {
            fides_key: c.key.clone(),
            name: Some(c.name.clone()),
            description: c.description.clone(),
            parent_key: c
                .parent_id
                .and_then(|p| cats.get(&p))
                .map(|p| p.key.clone()),
            is_default: false,
            steward: c.special.then_some(TaxonExt { special: true }),
        })
        .collect();
    let mut custom_subjects: Vec<&data_subject::Model> =
        subjects.values().filter(|s| s.custom).collect();
    custom_subjects.sort_by(|a, b| a.key.cmp(&b.key));
    let data_subject = custom_subjects
        .iter()
        .map(|s| Taxon {
            fides_key: s.key.clone(),
            name: Some(s.name.clone()),
            description: s.description.clone(),
            ..Default::default()
        })
        .collect();
    let data_use = data_use::Entity::find()
        .filter(data_use::Column::Custom.eq(true))
        .order_by_asc(data_use::Column::Key)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Taxon {
            fides_key: u.key,
            name: Some(u.name),
            description: u.description,
            parent_key: u.parent_key,
            ..Default::default()
        })
        .collect();
    Ok(Document {
        organization,
        system,
        dataset,
        data_category,
        data_use,
        data_subject,
    })
}

/// What declarations need to name: categories, subjects, recipients, organisations
/// (by name, each with its key).
pub struct Lookup {
    cats: HashMap<i64, data_category::Model>,
    subjects: HashMap<i64, data_subject::Model>,
    recipients: HashMap<i64, recipient::Model>,
    orgs: Vec<organisation::Model>,
    org_key: HashMap<i64, String>,
}

impl Lookup {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self> {
        let orgs = organisation::Entity::find()
            .order_by_asc(organisation::Column::Name)
            .all(db)
            .await?;
        let mut keys = Keys::reserving(orgs.iter().map(|o| &o.fides_key));
        let org_key = orgs
            .iter()
            .map(|o| (o.id, keys.of(&o.fides_key, &o.name)))
            .collect();
        Ok(Self {
            cats: by_id::<data_category::Entity>(db).await?,
            subjects: by_id::<data_subject::Entity>(db).await?,
            recipients: by_id::<recipient::Entity>(db).await?,
            orgs,
            org_key,
        })
    }

    fn cat_key(&self, id: i64) -> Result<String> {
        self.cats
            .get(&id)
            .map(|c| c.key.clone())
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("category {id} is missing")))
    }
}

/// Each activity as a declaration, with the ids of the systems that carry it.
async fn declarations(
    db: &impl ConnectionTrait,
    acts: &[processing_activity::Model],
    lookup: &Lookup,
    activity_keys: &mut Keys,
) -> Result<Vec<(Declaration, Vec<i64>)>> {
    let (cats, subjects, recipients, org_key) = (
        &lookup.cats,
        &lookup.subjects,
        &lookup.recipients,
        &lookup.org_key,
    );
    let cat_key = |id: i64| lookup.cat_key(id);
    let ids: Vec<i64> = acts.iter().map(|a| a.id).collect();
    let mut bases = activities::legal_bases_of(db, &ids).await?;
    let mut data = activities::data_of(db, &ids).await?;
    let mut uses = activities::systems_of(db, &ids).await?;
    let mut sends = activities::recipients_of(db, &ids).await?;
    let mut transfers = activities::transfers_of(db, &ids).await?;

    let mut out = Vec::with_capacity(acts.len());
    for a in acts {
        let bases = bases.remove(&a.id).unwrap_or_default();
        let rows = data.remove(&a.id).unwrap_or_default();
        let systems_of = uses.remove(&a.id).unwrap_or_default();
        let sent = sends.remove(&a.id).unwrap_or_default();
        let moved = transfers.remove(&a.id).unwrap_or_default();
        let mut categories: Vec<String> = Vec::new();
        let mut subject_keys: Vec<String> = Vec::new();
        let mut items = Vec::new();
        let mut special = a.special_category_condition.is_some();
        for d in &rows {
            let key = cat_key(d.category_id)?;
            special |= cats.get(&d.category_id).is_some_and(|c| c.special);
            let subject = subjects
                .get(&d.subject_id)
                .map(|s| s.key.clone())
                .unwrap_or_default();
            if !categories.contains(&key) {
                categories.push(key.clone());
            }
            if !subject_keys.contains(&subject) {
                subject_keys.push(subject.clone());
            }
            items.push(Data {
                category: key,
                subject,
                source: d.source.clone(),
                source_detail: d.source_detail.clone(),
                retention: retention(
                    &d.retention_period,
                    &d.retention_trigger,
                    &d.retention_statute,
                    &d.retention_description,
                ),
            });
        }
        let mut shared = Vec::new();
        for r in &sent {
            let Some(x) = recipients.get(&r.recipient_id) else {
                continue;
            };
            shared.push(Recipient {
                name: x.name.clone(),
                role: x.role.clone(),
                country: x.country.clone(),
                contract_reference: x.contract_reference.clone(),
                description: x.description.clone(),
                purpose: r.purpose.clone(),
            });
        }
        let first_basis = bases
            .first()
            .and_then(|b| LegalBasis::from_db(&b.basis).ok())
            .map(|b| basis_name(b).to_owned());
        let summary = activities::activity_retention(a)?.map(|r| r.summary());
        let declaration = Declaration {
            name: Some(a.name.clone()),
            data_categories: categories,
            data_use: a
                .data_use
                .clone()
                .unwrap_or_else(|| UNSTATED_DATA_USE.to_owned()),
            data_subjects: subject_keys,
            egress: Vec::new(),
            ingress: Vec::new(),
            legal_basis_for_processing: first_basis,
            retention_period: summary,
            processes_special_category_data: special,
            special_category_legal_basis: a
                .special_category_condition
                .as_deref()
                .and_then(|c| SpecialCategoryCondition::from_db(c).ok())
                .map(|c| condition_name(c).to_owned()),
            data_shared_with_third_parties: !shared.is_empty(),
            third_parties: (!shared.is_empty()).then(|| {
                shared
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            steward: Some(ActivityExt {
                activity: activity_keys.of(&a.fides_key, &a.name),
                organization_fides_key: a.organisation_id.and_then(|o| org_key.get(&o).cloned()),
                purpose: a.purpose.clone(),
                description: a.description.clone(),
                role: a.role.clone(),
                controller_name: a.controller_name.clone(),
                data_use_stated: a.data_use.is_some(),
                legal_bases: bases
                    .iter()
                    .map(|b| Basis {
                        basis: b.basis.clone(),
                        note: b.note.clone(),
                    })
                    .collect(),
                special_category_condition: a.special_category_condition.clone(),
                automated_decision_making: a.automated_decision_making.clone(),
                security_measures: a.security_measures.clone(),
                retention: retention(
                    &a.retention_period,
                    &a.retention_trigger,
                    &a.retention_statute,
                    &a.retention_description,
                ),
                data: items,
                recipients: shared,
                transfers: moved
                    .iter()
                    .map(|t| Transfer {
                        country: t.country.clone(),
                        safeguard: t.safeguard.clone(),
                        detail: t.safeguard_detail.clone(),
                        recipient: t
                            .recipient_id
                            .and_then(|r| recipients.get(&r))
                            .map(|r| r.name.clone()),
                    })
                    .collect(),
            }),
        };
        out.push((
            declaration,
            systems_of.iter().map(|s| s.system_id).collect(),
        ));
    }

    Ok(out)
}

/// One stored activity as the import compares it: its declaration and its systems.
pub async fn declaration_of(
    db: &impl ConnectionTrait,
    lookup: &Lookup,
    id: i64,
) -> Result<(Declaration, Vec<i64>)> {
    let a = activities::get(db, id).await?;
    let mut found = declarations(db, &[a], lookup, &mut Keys::default()).await?;
    let (d, mut systems) = found
        .pop()
        .ok_or_else(|| Error::not_found("processing activity", id))?;
    systems.sort_unstable();
    Ok((d, systems))
}

/// The document as YAML, with a heading comment.
pub fn to_yaml(doc: &Document) -> Result<String> {
    let body = serde_saphyr::to_string(doc).map_err(|e| Error::Internal(e.into()))?;
    Ok(format!(
        "# Steward's inventory as fideslang resources. Fields under `steward` are Steward's\n# own (fideslang ignores them); `steward fides import` reads them back.\n{body}"
    ))
}
