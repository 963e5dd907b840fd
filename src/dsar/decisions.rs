//! A DPO's decisions on rows an export matched that may be someone else's (see
//! [`super::locate::Ambiguity`]): include such a row, or leave out one that nothing
//! contradicted. Decisions hold for the request's later exports and are audited.

use super::audit;
use super::locate::Decisions;
use crate::error::{Error, Result};
use crate::inventory::{optional_text, required_text};
use chrono::Utc;
use entity::match_decision;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

/// What a DPO decides about one matched row.
pub struct NewDecision<'a> {
    pub request_id: i64,
    pub source_id: i64,
    /// `schema.table`, as the ambiguity names it.
    pub table: &'a str,
    /// The row's key, as the ambiguity names it (e.g. `{"id":12}`).
    pub row: &'a str,
    pub include: bool,
    pub note: Option<&'a str>,
    pub actor: Option<&'a str>,
}

pub async fn for_request(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> Result<Vec<match_decision::Model>> {
    Ok(match_decision::Entity::find()
        .filter(match_decision::Column::RequestId.eq(request_id))
        .order_by_asc(match_decision::Column::Id)
        .all(db)
        .await?)
}

/// Records (or replaces) the decision on one row.
pub async fn decide(
    db: &impl ConnectionTrait,
    d: NewDecision<'_>,
) -> Result<match_decision::Model> {
    super::requests::get(db, d.request_id).await?;
    crate::discovery::sources::get(db, d.source_id).await?;
    let table = required_text("table", d.table, 300)?;
    if table.split('.').count() != 2 || table.split('.').any(str::is_empty) {
        return Err(Error::validation(
            "table",
            "must be SCHEMA.TABLE, as the ambiguity names it",
        ));
    }
    let row =
        super::locate::parse_row_key(&required_text("row", d.row, 2000)?).ok_or_else(|| {
            Error::validation(
                "row",
                "must be the row's key as the ambiguity names it, e.g. {\"id\":12}",
            )
        })?;
    let note = optional_text("note", d.note, 2000)?;
    let existing = match_decision::Entity::find()
        .filter(match_decision::Column::RequestId.eq(d.request_id))
        .filter(match_decision::Column::SourceId.eq(d.source_id))
        .filter(match_decision::Column::TableName.eq(&table))
        .filter(match_decision::Column::RowKey.eq(&row))
        .one(db)
        .await?;
    let now = Utc::now();
    let model = match existing {
        Some(m) => {
            let mut m = m.into_active_model();
            m.include = Set(d.include);
            m.note = Set(note);
            m.decided_by = Set(d.actor.map(str::to_owned));
            m.decided_at = Set(now);
            m.update(db).await?
        }
        None => {
            match_decision::ActiveModel {
                request_id: Set(d.request_id),
                source_id: Set(d.source_id),
                table_name: Set(table.clone()),
                row_key: Set(row.clone()),
                include: Set(d.include),
                note: Set(note),
                decided_by: Set(d.actor.map(str::to_owned)),
                decided_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    audit::record(
        db,
        d.actor,
        Some(d.request_id),
        None,
        "MATCH_DECIDED",
        json!({"source_id": d.source_id, "table": table, "row": row, "include": d.include}),
    )
    .await?;
    Ok(model)
}

/// The decisions on one source's rows, as locate takes them.
pub fn of_source(models: &[match_decision::Model], source_id: i64) -> Decisions {
    models
        .iter()
        .filter(|m| m.source_id == source_id)
        .map(|m| ((m.table_name.clone(), m.row_key.clone()), m.include))
        .collect()
}
