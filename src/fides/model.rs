//! fideslang resources as Steward writes and reads them. Field names are fideslang's;
//! `steward` holds what fideslang has no field for.

use serde::{Deserialize, Serialize};

/// One fideslang file: each top-level key a list of resources.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization: Vec<Organization>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system: Vec<System>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dataset: Vec<Dataset>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_category: Vec<Taxon>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_use: Vec<Taxon>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_subject: Vec<Taxon>,
}

impl Document {
    /// One organisation's part: the organisation, its systems and their datasets, and
    /// the custom taxonomy (which any part may use).
    pub fn for_organization(&self, key: &str) -> Document {
        let system: Vec<System> = self
            .system
            .iter()
            .filter(|s| s.organization_fides_key.as_deref() == Some(key))
            .cloned()
            .collect();
        let dataset = self
            .dataset
            .iter()
            .filter(|d| {
                system
                    .iter()
                    .any(|s| s.dataset_references.contains(&d.fides_key))
            })
            .cloned()
            .collect();
        Document {
            organization: self
                .organization
                .iter()
                .filter(|o| o.fides_key == key)
                .cloned()
                .collect(),
            system,
            dataset,
            data_category: self.data_category.clone(),
            data_use: self.data_use.clone(),
            data_subject: self.data_subject.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Organization {
    pub fides_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_protection_officer: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steward: Option<OrganizationExt>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OrganizationExt {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_measures: Option<String>,
    /// Activities of this organisation that no system carries (fideslang places
    /// declarations in systems only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities_without_system: Vec<Declaration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct System {
    pub fides_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_fides_key: Option<String>,
    pub system_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrating_department: Option<String>,
    #[serde(default)]
    pub privacy_declarations: Vec<Declaration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dataset_references: Vec<String>,
    /// Where this system sends data: other systems, datasets or the user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<DataFlow>,
    /// Where this system receives data from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<DataFlow>,
    #[serde(default)]
    pub does_international_transfers: bool,
    /// fideslang's grounds for those transfers (`SCCs`, `Adequacy Decision`, …); Steward
    /// keeps its transfers, with their countries, on the activities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis_for_transfers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steward: Option<SystemExt>,
}

/// One end of a system's data flow (fideslang's `DataFlow`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DataFlow {
    /// A system's or dataset's key, or `user`.
    pub fides_key: String,
    /// `system`, `dataset` or `user`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_categories: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SystemExt {
    /// Steward's kind (`DATABASE`, `SAAS`, …).
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Confirmed links: the categories the system holds, and where.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<Held>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Held {
    pub category: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    pub provenance: String,
}

/// A privacy declaration: one processing activity as it concerns one system.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Declaration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub data_categories: Vec<String>,
    pub data_use: String,
    #[serde(default)]
    pub data_subjects: Vec<String>,
    /// Keys of the systems (among the system's egress) this declaration's data goes to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis_for_processing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_period: Option<String>,
    #[serde(default)]
    pub processes_special_category_data: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_legal_basis: Option<String>,
    #[serde(default)]
    pub data_shared_with_third_parties: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_parties: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steward: Option<ActivityExt>,
}

/// A processing activity as Steward records it (Art. 30), beyond fideslang's fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ActivityExt {
    /// The activity's key: one activity in several systems is one declaration in each.
    pub activity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_fides_key: Option<String>,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_name: Option<String>,
    /// `false` when Steward has no data use for the activity and wrote `essential`.
    pub data_use_stated: bool,
    pub legal_bases: Vec<Basis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_decision_making: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_measures: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    pub data: Vec<Data>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Recipient>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Basis {
    pub basis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Retention {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Data {
    pub category: String,
    pub subject: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Recipient {
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What this recipient does with the data in this activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Transfer {
    pub country: String,
    pub safeguard: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Dataset {
    pub fides_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub collections: Vec<Collection>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Collection {
    pub name: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Field {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fides_meta: Option<FieldMeta>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FieldMeta {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Reference {
    pub dataset: String,
    /// `collection.field` (schema-qualified collections are `schema.table`).
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// A data category, data use or data subject of the taxonomy.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Taxon {
    pub fides_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_key: Option<String>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steward: Option<TaxonExt>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TaxonExt {
    /// A special category (Art. 9).
    #[serde(default)]
    pub special: bool,
}
