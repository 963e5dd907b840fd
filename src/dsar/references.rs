//! References a DPO declares between source columns that have no foreign key.

use super::locate::{ColumnRef, Reference};
use crate::error::{Error, Result};
use chrono::Utc;
use entity::source_reference;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub async fn list(
    db: &impl ConnectionTrait,
    source_id: i64,
) -> Result<Vec<source_reference::Model>> {
    Ok(source_reference::Entity::find()
        .filter(source_reference::Column::SourceId.eq(source_id))
        .order_by_asc(source_reference::Column::Id)
        .all(db)
        .await?)
}

/// Declares that `from` holds values of `to` in a source. Both columns must be known
/// from the source's last introspection.
pub async fn declare(
    db: &impl ConnectionTrait,
    source_id: i64,
    from: &str,
    to: &str,
    note: Option<&str>,
    actor: Option<&str>,
) -> Result<source_reference::Model> {
    declare_walk(db, source_id, from, to, true, note, actor).await
}

/// [`declare`], saying whether a search may walk up from a `from` row to the row it
/// names (`walk_up`), or only down from a named row to the rows naming it.
pub async fn declare_walk(
    db: &impl ConnectionTrait,
    source_id: i64,
    from: &str,
    to: &str,
    walk_up: bool,
    note: Option<&str>,
    actor: Option<&str>,
) -> Result<source_reference::Model> {
    let source = crate::discovery::sources::get(db, source_id).await?;
    let schema = super::default_schema_of(&source);
    let tables = crate::discovery::sources::tables(db, source_id).await?;
    let mut parsed = Vec::new();
    for (field, text) in [("from", from), ("to", to)] {
        let c = ColumnRef::parse(text, &schema).map_err(|m| Error::validation(field, m))?;
        let known = tables.iter().any(|t| {
            t.schema_name == c.schema
                && t.table_name == c.table
                && crate::discovery::sources::table_info(t)
                    .map(|i| i.columns.iter().any(|x| x.name == c.column))
                    .unwrap_or(false)
        });
        if !known {
            return Err(Error::validation(
                field,
                format!("column {c} is not in the source as last scanned; scan it first"),
            ));
        }
        parsed.push(c);
    }
    let (from, to) = (parsed[0].to_string(), parsed[1].to_string());
    if from == to {
        return Err(Error::validation("to", "a column cannot refer to itself"));
    }
    let exists = source_reference::Entity::find()
        .filter(source_reference::Column::SourceId.eq(source_id))
        .filter(source_reference::Column::FromColumn.eq(&from))
        .filter(source_reference::Column::ToColumn.eq(&to))
        .one(db)
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict(format!(
            "{from} → {to} is already declared"
        )));
    }
    Ok(source_reference::ActiveModel {
        source_id: Set(source_id),
        from_column: Set(from),
        to_column: Set(to),
        note: Set(crate::inventory::optional_text("note", note, 2000)?),
        walk_up: Set(walk_up),
        created_by: Set(actor.map(str::to_owned)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn remove(db: &impl ConnectionTrait, id: i64) -> Result<source_reference::Model> {
    let r = source_reference::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("reference", id))?;
    source_reference::Entity::delete_by_id(id).exec(db).await?;
    Ok(r)
}

/// The stored references of a source, for locate.
pub fn to_locate(models: &[source_reference::Model]) -> Vec<Reference> {
    models
        .iter()
        .filter_map(|m| {
            Some(Reference {
                from: ColumnRef::parse(&m.from_column, "").ok()?,
                to: ColumnRef::parse(&m.to_column, "").ok()?,
                declared: true,
                walk_up: m.walk_up,
            })
        })
        .collect()
}
