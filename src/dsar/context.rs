//! The Art. 15 context of an export: for the data categories found, what the inventory
//! says about why and how they are processed, who receives them, for how long, where
//! they come from, transfers and safeguards; the subject's rights and whom to complain to.

use crate::domain::DataOrigin;
use crate::error::Result;
use crate::inventory::ropa::{self, RopaLegalBasis, RopaRecipient, RopaTransfer};
use entity::organisation;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub controllers: Vec<Controller>,
    pub categories: Vec<CategoryContext>,
    pub rights: Vec<Right>,
    pub supervisory_authorities: Vec<Authority>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Controller {
    pub name: String,
    pub registration_number: Option<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub dpo: Option<String>,
    pub eu_representative: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryContext {
    pub category: String,
    /// Processing activities that declare this category (or a broader one).
    pub processing: Vec<Processing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Processing {
    pub activity: String,
    pub controller: Option<String>,
    pub purpose: String,
    pub legal_bases: Vec<RopaLegalBasis>,
    pub special_category_condition: Option<String>,
    /// Where the data comes from: `PROVIDED` by the subject, `OBSERVED`, `INFERRED`,
    /// or `THIRD_PARTY`.
    pub source: String,
    pub retention: Option<String>,
    pub recipients: Vec<RopaRecipient>,
    pub transfers: Vec<RopaTransfer>,
    pub automated_decision_making: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Right {
    pub right: &'static str,
    pub article: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    pub country: String,
    pub name: &'static str,
    pub website: &'static str,
}

const RIGHTS: [(&str, &str); 9] = [
    (
        "access to your personal data and this information",
        "Art. 15",
    ),
    ("rectification of inaccurate data", "Art. 16"),
    ("erasure", "Art. 17"),
    ("restriction of processing", "Art. 18"),
    (
        "data portability (data you provided, processed on consent or contract)",
        "Art. 20",
    ),
    (
        "objection to processing based on legitimate interests or for direct marketing",
        "Art. 21",
    ),
    (
        "not to be subject to solely automated decisions with legal or similar effects",
        "Art. 22",
    ),
    (
        "withdrawal of consent at any time, without affecting earlier processing",
        "Art. 7(3)",
    ),
    (
        "lodging a complaint with a supervisory authority",
        "Art. 77",
    ),
];

/// The supervisory authority of an EEA (or UK) country.
fn authority(country: &str) -> Option<Authority> {
    let (name, website) = match country {
        "NO" => ("Datatilsynet", "https://www.datatilsynet.no"),
        "SE" => ("Integritetsskyddsmyndigheten (IMY)", "https://www.imy.se"),
        "DK" => ("Datatilsynet", "https://www.datatilsynet.dk"),
        "FI" => (
            "Office of the Data Protection Ombudsman",
            "https://tietosuoja.fi",
        ),
        "IS" => ("Persónuvernd", "https://www.personuvernd.is"),
        "DE" => (
            "Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)",
            "https://www.bfdi.bund.de",
        ),
        "IE" => (
            "Data Protection Commission",
            "https://www.dataprotection.ie",
        ),
        "FR" => (
            "Commission nationale de l'informatique et des libertés (CNIL)",
            "https://www.cnil.fr",
        ),
        "NL" => (
            "Autoriteit Persoonsgegevens",
            "https://autoriteitpersoonsgegevens.nl",
        ),
        "BE" => (
            "Autorité de protection des données",
            "https://www.autoriteprotectiondonnees.be",
        ),
        "ES" => (
            "Agencia Española de Protección de Datos (AEPD)",
            "https://www.aepd.es",
        ),
        "IT" => (
            "Garante per la protezione dei dati personali",
            "https://www.garanteprivacy.it",
        ),
        "AT" => ("Datenschutzbehörde", "https://www.dsb.gv.at"),
        "PL" => (
            "Urząd Ochrony Danych Osobowych (UODO)",
            "https://uodo.gov.pl",
        ),
        "GB" => (
            "Information Commissioner's Office (ICO)",
            "https://ico.org.uk",
        ),
        _ => return None,
    };
    Some(Authority {
        country: country.to_owned(),
        name,
        website,
    })
}

/// Whether an activity declaring `declared` covers the found category `found`.
pub fn covers(declared: &str, found: &str) -> bool {
    declared == found
        || found.starts_with(&format!("{declared}."))
        || declared.starts_with(&format!("{found}."))
}

/// The context for `categories` (inventory keys) from the current inventory.
pub async fn build(db: &impl ConnectionTrait, categories: &BTreeSet<String>) -> Result<Context> {
    let records = ropa::build(db).await?;
    let orgs = organisation::Entity::find().all(db).await?;
    let mut used_orgs: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for category in categories {
        let mut processing = Vec::new();
        for r in &records {
            for d in r.data.iter().filter(|d| covers(&d.category, category)) {
                if let Some(o) = &r.organisation {
                    used_orgs.insert(o.clone());
                }
                processing.push(Processing {
                    activity: r.activity.clone(),
                    controller: r.controller.clone(),
                    purpose: r.purpose.clone(),
                    legal_bases: r.legal_bases.clone(),
                    special_category_condition: r.special_category_condition.clone(),
                    source: d.source.clone(),
                    retention: d.retention.clone(),
                    recipients: r.recipients.clone(),
                    transfers: r.transfers.clone(),
                    automated_decision_making: r.automated_decision_making.clone(),
                });
            }
        }
        out.push(CategoryContext {
            category: category.clone(),
            processing,
        });
    }
    let controllers: Vec<&organisation::Model> = orgs
        .iter()
        .filter(|o| used_orgs.contains(&o.name))
        .collect();
    let mut authorities: Vec<Authority> = controllers
        .iter()
        .filter_map(|o| o.country.as_deref().and_then(authority))
        .collect();
    authorities.dedup_by(|a, b| a.country == b.country);
    Ok(Context {
        controllers: controllers
            .into_iter()
            .map(|o| Controller {
                name: o.name.clone(),
                registration_number: o.registration_number.clone(),
                address: o.address.clone(),
                contact: o.contact_email.clone(),
                dpo: ropa::dpo_of(o),
                eu_representative: o.eu_representative.clone(),
            })
            .collect(),
        categories: out,
        rights: RIGHTS
            .iter()
            .map(|(right, article)| Right { right, article })
            .collect(),
        supervisory_authorities: authorities,
    })
}

impl Context {
    /// Art. 20: the category is provided by or observed from the subject and processed
    /// on consent or contract by at least one activity.
    pub fn is_portable(&self, category: &str) -> bool {
        self.categories
            .iter()
            .filter(|c| c.category == category)
            .flat_map(|c| &c.processing)
            .any(|p| {
                DataOrigin::from_db(&p.source).is_ok_and(DataOrigin::allows_portability)
                    && p.legal_bases.iter().any(|b| b.basis.allows_portability())
            })
    }
}
