//! A fideslang dataset as what locate needs: the columns that hold each category
//! (identity fields among them) and the references between columns, each in the
//! direction the dataset declares.

use super::model::{Dataset, Document};
use crate::dsar::locate::{ColumnRef, Reference};

/// What a dataset says about one source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetFacts {
    /// Columns with a data category (an `identity` field gets its identifier's
    /// category), in dataset order.
    pub columns: Vec<(ColumnRef, String)>,
    pub references: Vec<Reference>,
    /// References to datasets of other sources, which a search in one source cannot
    /// follow.
    pub skipped: Vec<String>,
}

/// The category an identity field holds (`fides_meta.identity: email`).
fn identity_category(identity: &str) -> Option<&'static str> {
    match identity {
        "email" => Some("user.contact.email"),
        "phone_number" | "phone" => Some("user.contact.phone_number"),
        "ip_address" => Some("user.device.ip_address"),
        _ => None,
    }
}

/// `collection.field` (a collection may be `schema.table`) as a column.
fn column(collection: &str, field: &str, default_schema: &str) -> Result<ColumnRef, String> {
    ColumnRef::parse(&format!("{collection}.{field}"), default_schema)
}

/// Reads one dataset; `default_schema` names tables given without a schema. A reference
/// to another dataset is followed when `same_source` says that dataset describes the
/// same source (two datasets of one database, say one per schema).
pub fn facts(
    ds: &Dataset,
    default_schema: &str,
    same_source: impl Fn(&str) -> bool,
) -> Result<DatasetFacts, String> {
    let mut out = DatasetFacts::default();
    for c in &ds.collections {
        for f in &c.fields {
            let here = column(&c.name, &f.name, default_schema)
                .map_err(|e| format!("dataset {:?}, {}.{}: {e}", ds.fides_key, c.name, f.name))?;
            for category in &f.data_categories {
                out.columns.push((here.clone(), category.clone()));
            }
            let Some(meta) = &f.fides_meta else { continue };
            if let Some(identity) = &meta.identity {
                let category = identity_category(identity).ok_or_else(|| {
                    format!(
                        "dataset {:?}, {}.{}: identity {identity:?} is not one Steward searches by (email, phone_number, ip_address)",
                        ds.fides_key, c.name, f.name
                    )
                })?;
                out.columns.push((here.clone(), category.to_owned()));
            }
            for r in &meta.references {
                if r.dataset != ds.fides_key && !same_source(&r.dataset) {
                    out.skipped.push(format!(
                        "{}.{} → {}.{}: a dataset of another source (a search follows \
                         references within one source)",
                        c.name, f.name, r.dataset, r.field
                    ));
                    continue;
                }
                let (table, col) = r.field.rsplit_once('.').ok_or_else(|| {
                    format!(
                        "dataset {:?}, {}.{}: reference {:?} is not collection.field",
                        ds.fides_key, c.name, f.name, r.field
                    )
                })?;
                let there = column(table, col, default_schema).map_err(|e| {
                    format!("dataset {:?}, {}.{}: {e}", ds.fides_key, c.name, f.name)
                })?;
                // Both ways the field holds values of the referenced one (an order's
                // customer id, a customer's address id); the direction says which way
                // a search walks: `to` from a found row to the row it names (her
                // address), `from` from the named row to the rows naming it (her
                // orders). Only `to` lets the walk go up to the named row.
                let upward = match r.direction.as_deref() {
                    Some("to") | None => true,
                    Some("from") => false,
                    Some(other) => {
                        return Err(format!(
                            "dataset {:?}, {}.{}: direction {other:?} is neither to nor from",
                            ds.fides_key, c.name, f.name
                        ))
                    }
                };
                out.references.push(Reference {
                    from: here.clone(),
                    to: there,
                    declared: true,
                    walk_up: upward,
                });
            }
        }
    }
    Ok(out)
}

/// Every dataset of a fideslang file, read as one source's facts.
pub fn facts_of_file(text: &str, default_schema: &str) -> Result<DatasetFacts, String> {
    let doc: Document = super::import::read(text).map_err(|e| e.public_message())?;
    if doc.dataset.is_empty() {
        return Err("the file holds no dataset".into());
    }
    // The file describes one source: its datasets may name each other.
    let keys: Vec<&str> = doc.dataset.iter().map(|d| d.fides_key.as_str()).collect();
    let mut all = DatasetFacts::default();
    for ds in &doc.dataset {
        let f = facts(ds, default_schema, |k| keys.contains(&k))?;
        all.columns.extend(f.columns);
        all.references.extend(f.references);
        all.skipped.extend(f.skipped);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_say_which_column_holds_the_other() {
        let facts = facts_of_file(
            "dataset:\n- fides_key: d\n  collections:\n  - name: orders\n    fields:\n    - name: customer_id\n      fides_meta:\n        references: [{dataset: d, field: customer.id, direction: from}]\n    - name: shipping_address_id\n      fides_meta:\n        references: [{dataset: d, field: address.id, direction: to}, {dataset: other, field: x.y}, {dataset: d_crm, field: crm.customer.id, direction: from}]\n  - name: crm.customer\n    fields:\n    - name: email\n      fides_meta: {identity: email}\n- fides_key: d_crm\n  collections:\n  - name: crm.note\n    fields:\n    - name: customer_id\n      fides_meta:\n        references: [{dataset: d, field: crm.customer.id, direction: from}]\n",
            "public",
        )
        .unwrap();
        let pairs: Vec<(String, String, bool)> = facts
            .references
            .iter()
            .map(|r| (r.from.to_string(), r.to.to_string(), r.walk_up))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "public.orders.customer_id".to_owned(),
                    "public.customer.id".to_owned(),
                    false
                ),
                (
                    "public.orders.shipping_address_id".to_owned(),
                    "public.address.id".to_owned(),
                    true
                ),
                // Across the file's two datasets (one source): followed.
                (
                    "public.orders.shipping_address_id".to_owned(),
                    "crm.customer.id".to_owned(),
                    false
                ),
                (
                    "crm.note.customer_id".to_owned(),
                    "crm.customer.id".to_owned(),
                    false
                ),
            ]
        );
        assert_eq!(facts.skipped.len(), 1);
        assert_eq!(facts.columns[0].0.to_string(), "crm.customer.email");
        assert_eq!(facts.columns[0].1, "user.contact.email");
        assert!(facts_of_file("dataset: []\n", "public").is_err());
        assert!(facts_of_file("dataset:\n- fides_key: d\n  collections:\n  - name: t\n    fields:\n    - name: c\n      fides_meta: {identity: shoe_size}\n", "public").is_err());
    }
}
